/** The README's console examples are real: each is run and its output compared. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
const examples = [...readme.matchAll(/```console\n\$ npx certpath ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
  args: m[1]!.split(" "),
  output: m[2]!,
}));

describe("README examples", () => {
  it("has examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  // After a change to the catalog, the bank or a command's output, `npm run readme` refreshes them.
  it.each(examples.map((e) => [e.args.join(" "), e] as const))("certpath %s", async (_name, e) => {
    const r = await cli(...e.args);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).toBe(e.output.trimEnd());
  });
});

describe("README quick start", () => {
  it("names exactly the two commands", () => {
    const quick = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## The CLI"));
    const commands = [...quick.matchAll(/```sh\n([^\n]*)\n```/g)].map((m) => m[1]);
    expect(commands).toEqual(["npm install && npm start", "npm test"]);
  });
});
