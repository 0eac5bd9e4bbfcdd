/**
 * The README's console examples are real: each is run and its output compared, except for what
 * differs from run to run by design — a new attempt's id and the speed line of a simulation.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** Masks the parts of an output that differ on every run. */
function steady(text: string): string {
  return text
    .replace(/\battempt [0-9a-f]{12}\b/g, "attempt <id>")
    .replace(/^Speed: .*$/gm, "Speed: <varies>")
    .trimEnd();
}

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
const examples = [...readme.matchAll(/```console\n\$ npx certpath ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
  args: m[1]!.split(" "),
  output: m[2]!,
}));

describe("README examples", () => {
  // Examples that record an attempt (exam simulate) write to a store of their own, never ~/.certpath.
  const home = process.env.CERTPATH_HOME;
  beforeAll(() => {
    process.env.CERTPATH_HOME = mkdtempSync(join(tmpdir(), "certpath-readme-"));
  });
  afterAll(() => {
    if (home === undefined) delete process.env.CERTPATH_HOME;
    else process.env.CERTPATH_HOME = home;
  });

  it("has examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  // After a change to the catalog, the bank or a command's output, `npm run readme` refreshes them.
  it.each(examples.map((e) => [e.args.join(" "), e] as const))("certpath %s", async (_name, e) => {
    const r = await cli(...e.args);
    expect(r.code).toBe(0);
    expect(steady(r.stdout)).toBe(steady(e.output));
  });
});

describe("README quick start", () => {
  it("names exactly the two commands", () => {
    const quick = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## The CLI"));
    const commands = [...quick.matchAll(/```sh\n([^\n]*)\n```/g)].map((m) => m[1]);
    expect(commands).toEqual(["npm install && npm start", "npm test"]);
  });
});
