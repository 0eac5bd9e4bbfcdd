/**
 * The closing `N passed, N failed` line counts everything that went wrong: a test file that could not
 * be loaded, a hook that threw, an error outside any test. Each scenario is a tiny test directory,
 * written here and run by vitest in a child process with only this reporter.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const vitestBin = join(root, "node_modules", "vitest", "vitest.mjs");
const reporter = join(import.meta.dirname, "count-reporter.ts");
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs vitest on the given files (globals on, so they import nothing); returns the closing line and exit code. */
function runVitest(files: Record<string, string>): { line: string | undefined; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), "certpath-count-"));
  dirs.push(dir);
  // A plain object, so the config imports nothing from a folder without node_modules.
  const config = { test: { globals: true, include: ["*.check.ts"], reporters: [reporter] } };
  writeFileSync(join(dir, "vitest.config.mjs"), `export default ${JSON.stringify(config)};\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(process.execPath, [vitestBin, "run", "--root", dir, "--config", "vitest.config.mjs"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CI: "true", NO_COLOR: "1" },
    timeout: 60_000,
  });
  const lines = r.stdout.split("\n").filter((l) => /^\d+ passed, \d+ failed/.test(l));
  return { line: lines.at(-1), status: r.status };
}

const passing = `test("adds", () => { expect(1 + 1).toBe(2); });\n`;

describe("the closing count", () => {
  it("counts a test file that throws when it is imported as one failure", () => {
    const r = runVitest({
      "pass.check.ts": passing,
      "broken.check.ts": `throw new Error("cannot load");\ntest("never collected", () => {});\n`,
    });
    expect(r.line).toBe("1 passed, 1 failed");
    expect(r.status).toBe(1);
  });

  it("counts a file with a syntax error, and a beforeAll or afterAll that throws, as failures", () => {
    const r = runVitest({
      "pass.check.ts": passing,
      "syntax.check.ts": `test("unfinished", () => {\n`,
      "before.check.ts": `beforeAll(() => { throw new Error("no fixture"); });\n${passing}`,
      "after.check.ts": `afterAll(() => { throw new Error("no cleanup"); });\n${passing}`,
    });
    // The afterAll file's test passed, the beforeAll file's test never ran: one failure per broken file.
    expect(r.line).toBe("2 passed, 3 failed, 1 skipped");
    expect(r.status).toBe(1);
  });

  it("counts an error thrown outside any test as a failure", () => {
    const r = runVitest({
      "pass.check.ts": passing,
      "stray.check.ts": `test("leaves a promise rejected", () => { void Promise.reject(new Error("stray")); });\n`,
    });
    expect(r.status).toBe(1);
    expect(r.line).toMatch(/^\d+ passed, [1-9]\d* failed/);
  });

  it("counts a clean run as clean", () => {
    const r = runVitest({ "pass.check.ts": passing });
    expect(r.line).toBe("1 passed, 0 failed");
    expect(r.status).toBe(0);
  });
});
