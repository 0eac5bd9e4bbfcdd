/**
 * The real CISSP adaptive exam on the bundled bank, in the terminal: `exam take cissp --mode adaptive
 * --rules exam` answered by a scripted terminal that reads each screen (single choice and hotspot by
 * letter, ordering and matching typed after Enter) until the CAT stops, then the report: pass or
 * fail, domain proficiency and the note on what parameters the score rests on.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examTake } from "../src/cli/commands/exam-take.js";
import { createContext } from "../src/cli/context.js";
import type { Key, PlayerIo } from "../src/cli/exam/player.js";
import { cli, json, scripted } from "./run-cli.js";

let db: string;
const saved = { content: process.env.CERTPATH_CONTENT, today: process.env.CERTPATH_TODAY };
beforeAll(() => {
  delete process.env.CERTPATH_CONTENT; // the bundled bank
  process.env.CERTPATH_TODAY = "2026-11-24";
  db = join(mkdtempSync(join(tmpdir(), "certpath-cissp-bundled-")), "cissp.db");
});
afterAll(() => {
  if (saved.content !== undefined) process.env.CERTPATH_CONTENT = saved.content;
  if (saved.today !== undefined) process.env.CERTPATH_TODAY = saved.today;
  else delete process.env.CERTPATH_TODAY;
});

/** A terminal that answers whatever item is on screen: it looks at the last screen before each key. */
function answeringTerminal(screens: string[], seen: Record<string, number>, tutor = false): PlayerIo {
  const last = () => screens[screens.length - 1] ?? "";
  const letters = (screen: string) => [...screen.matchAll(/^[ ▶]?\s*([A-H])\) /gm)].map((m) => m[1]!);
  return {
    ...scripted([], screens),
    keys: {
      async *[Symbol.asyncIterator]() {
        for (let n = 0; n < 400; n++) {
          const screen = last();
          const shown = letters(screen);
          // The footer names the letters this item really has, or says what to type.
          const footer = /(A–([A-H]) (?:answer|choose)|Enter: type the \w+) · M mark/.exec(screen);
          if (footer) {
            seen.footers = (seen.footers ?? 0) + 1;
            if (footer[2] !== undefined && footer[2] !== shown.at(-1))
              seen.wrongFooters = (seen.wrongFooters ?? 0) + 1;
          }
          if (/Categories: /.test(screen)) {
            seen.matching = (seen.matching ?? 0) + 1;
            yield { name: "return" } as Key;
            for (const ch of shown.map((l) => `${l}=1`).join(" ")) yield { name: ch } as Key;
            yield { name: "return" } as Key;
          } else {
            if (/Regions \(choose one\):/.test(screen)) seen.hotspot = (seen.hotspot ?? 0) + 1;
            yield { name: n % 3 === 0 ? "b" : "a" } as Key;
            if (/does nothing here/.test(last())) {
              // Not a one-letter item: an ordering item, typed after Enter in the order shown.
              seen.ordering = (seen.ordering ?? 0) + 1;
              if (!/Enter: type the order · /.test(screen)) seen.wrongFooters = (seen.wrongFooters ?? 0) + 1;
              yield { name: "return" } as Key;
              for (const ch of shown.join(" ")) yield { name: ch } as Key;
            } else seen.choice = (seen.choice ?? 0) + 1;
            yield { name: "return" } as Key;
          }
          if (tutor) {
            // Tutor mode shows feedback and waits: move on, and end the attempt after the last item.
            yield { name: "n" } as Key;
            if (/That was the last item/.test(last())) {
              yield { name: "x" } as Key;
              yield { name: "y" } as Key;
            }
          }
        }
      },
    },
  };
}

describe("the CISSP adaptive exam on the bundled bank, in the terminal", () => {
  it("runs with the CISSP rules to a stop and reports pass/fail, domain proficiency and the parameters note", async () => {
    const screens: string[] = [];
    const seen: Record<string, number> = {};
    const code = await examTake(
      createContext({ out: () => {}, err: () => {}, width: 100 }),
      "cissp",
      { mode: "adaptive", rules: "exam", db, seed: "bundled" },
      answeringTerminal(screens, seen),
    );
    expect(code).toBe(0);
    const list = json<{ id: string; status: string }[]>(await cli("exam", "list", "--db", db, "--json"));
    expect(list[0]!.status).toBe("finished");
    const report = json<{
      raw: { scored: number; pretest: number };
      adaptive: { stopReason: string };
      scaled: { passed: boolean; passing: number; note: string };
      domains: { id: string; proficiency: string }[];
      parameterSources: { prior: number; calibrated: number };
    }>(await cli("exam", "report", list[0]!.id, "--db", db, "--json"));
    expect(report.raw.pretest).toBe(25);
    const length = report.raw.scored + report.raw.pretest;
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThanOrEqual(150);
    expect(report.adaptive.stopReason).toMatch(/confidence interval|maximum length/);
    expect(typeof report.scaled.passed).toBe("boolean");
    expect(report.scaled.passing).toBe(700);
    expect(report.domains.map((d) => d.id)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    for (const d of report.domains) expect(d.proficiency).toMatch(/\w/);
    expect(report.parameterSources.prior).toBe(report.raw.scored);
    expect(report.scaled.note).toMatch(/author's guess/);
    expect(seen.choice).toBeGreaterThan(50);
    expect(seen.footers).toBeGreaterThanOrEqual(100);
    expect(seen.wrongFooters ?? 0).toBe(0);
    const text = await cli("exam", "report", list[0]!.id, "--db", db);
    expect(text.stdout).toMatch(/PASS|FAIL|pass|fail/);
    expect(text.stdout).toMatch(/author's guess/);
  });
});

describe("CISSP linear practice on the bundled bank", () => {
  it("offers a fixed 125-item form by blueprint, timed at the exam's 3 hours, with no pretest items", async () => {
    const r = json<{ attempt: string; raw: { scored: number } }>(
      await cli("exam", "simulate", "cissp", "--policy", "random", "--seed", "linear", "--db", db, "--json"),
    );
    const report = json<{
      behaviour: string;
      raw: { scored: number; answered: number; pretest: number };
      time: { limitMs: number };
      domains: { id: string; scored: number }[];
    }>(await cli("exam", "report", r.attempt, "--db", db, "--json"));
    expect(report.behaviour).toBe("exam");
    expect(report.raw).toMatchObject({ scored: 125, answered: 125, pretest: 0 });
    expect(report.time.limitMs).toBe(180 * 60_000);
    expect(report.domains.map((d) => d.scored)).toEqual([20, 13, 16, 16, 16, 15, 16, 13]);
  });

  it("runs domain practice and tutor mode", async () => {
    const domain = json<{ attempt: string; domains: { id: string; scored: number }[] }>(
      await cli(
        "exam",
        "simulate",
        "cissp",
        "--domain",
        "4",
        "--items",
        "20",
        "--policy",
        "key",
        "--seed",
        "d4",
        "--db",
        db,
        "--json",
      ),
    );
    expect(domain.domains.filter((d) => d.scored > 0).map((d) => [d.id, d.scored])).toEqual([["4", 20]]);
    const tutorScreens: string[] = [];
    const tutorDb = join(mkdtempSync(join(tmpdir(), "certpath-cissp-tutor-")), "t.db");
    const seen: Record<string, number> = {};
    const code = await examTake(
      createContext({ out: () => {}, err: () => {}, width: 100 }),
      "cissp",
      { mode: "tutor", domain: "5", items: "4", db: tutorDb, seed: "tutor" },
      answeringTerminal(tutorScreens, seen, true),
    );
    expect(code).toBe(0);
    const list = json<{ id: string; status: string }[]>(await cli("exam", "list", "--db", tutorDb, "--json"));
    expect(list[0]!.status).toBe("finished");
    const report = json<{ behaviour: string; raw: { scored: number; answered: number } }>(
      await cli("exam", "report", list[0]!.id, "--db", tutorDb, "--json"),
    );
    expect(report.behaviour).toBe("tutor");
    expect(report.raw).toMatchObject({ scored: 4, answered: 4 });
  });
});
