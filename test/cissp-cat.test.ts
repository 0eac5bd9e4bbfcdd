/** A CISSP adaptive attempt with the CISSP's own rules, on a generated bank large enough for them. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { examTake } from "../src/cli/commands/exam-take.js";
import { createContext } from "../src/cli/context.js";
import { cli, json, scripted } from "./run-cli.js";
import { syntheticContent } from "./synthetic-content.js";

let db: string;
beforeAll(() => {
  process.env.CERTPATH_CONTENT = syntheticContent("cissp", 1500, 100);
  process.env.CERTPATH_TODAY = "2026-11-24";
  db = join(mkdtempSync(join(tmpdir(), "certpath-cissp-")), "cissp.db");
});

describe("a CISSP adaptive attempt", () => {
  it("runs 100–150 items with 25 unscored pretest items and ends by a CISSP rule", async () => {
    const keys: string[] = [];
    for (let i = 0; i < 160; i++) keys.push(i % 3 === 0 ? "b" : "a", "return");
    await examTake(
      createContext({ out: () => {}, err: () => {}, width: 100 }),
      "cissp",
      { mode: "adaptive", db, seed: "cissp" },
      scripted(keys),
    );
    const list = json<{ id: string; status: string }[]>(await cli("exam", "list", "--db", db, "--json"));
    expect(list[0]!.status).toBe("finished");
    const report = json<{
      raw: { scored: number; pretest: number };
      adaptive: { stopReason: string };
      scaled: { min: number; max: number; passing: number };
    }>(await cli("exam", "report", list[0]!.id, "--db", db, "--json"));
    expect(report.raw.pretest).toBe(25);
    expect(report.raw.scored + report.raw.pretest).toBeGreaterThanOrEqual(100);
    expect(report.raw.scored + report.raw.pretest).toBeLessThanOrEqual(150);
    expect(report.adaptive.stopReason).toMatch(/confidence interval|maximum length/);
    expect(report.scaled).toMatchObject({ min: 0, max: 1000, passing: 700 });
  });
});
