/** The exam commands end to end on a generated 600-item ISSMP bank and a temporary database. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { examResume, examTake } from "../src/cli/commands/exam-take.js";
import { createContext } from "../src/cli/context.js";
import { loadBank } from "../src/store/content/item-files.js";
import { cli, json, scripted } from "./run-cli.js";
import { syntheticContent } from "./synthetic-content.js";

let db: string;
beforeAll(() => {
  process.env.CERTPATH_CONTENT = syntheticContent("issmp", 600);
  process.env.CERTPATH_TODAY = "2026-11-24";
  db = join(mkdtempSync(join(tmpdir(), "certpath-db-")), "test.db");
});

interface Sim {
  attempt: string;
  raw: { correct: number; scored: number };
  scaled: number;
  passed: boolean;
  domains: { id: string; correct: number; scored: number; proficiency: string }[];
}

describe("exam simulate", () => {
  it("passes at the top of the scale when every answer is the key", async () => {
    const r = await cli("exam", "simulate", "issmp", "--policy", "key", "--seed", "k", "--db", db, "--json");
    expect(r.code).toBe(0);
    const s = json<Sim>(r);
    expect(s.raw).toEqual({ correct: 125, scored: 125 });
    expect(s.passed).toBe(true);
    expect(s.scaled).toBeGreaterThanOrEqual(950);
    expect(s.domains.map((d) => d.proficiency)).toEqual(Array(6).fill("Above"));
    expect(s.domains.map((d) => d.scored)).toEqual([26, 19, 25, 23, 15, 17]);
  });

  it("fails when answering at random, and sits near the bottom when all wrong", async () => {
    const random = json<Sim>(
      await cli("exam", "simulate", "issmp", "--policy", "random", "--seed", "r", "--db", db, "--json"),
    );
    expect(random.passed).toBe(false);
    expect(random.raw.correct).toBeLessThan(60);
    const wrong = json<Sim>(
      await cli("exam", "simulate", "issmp", "--policy", "wrong", "--seed", "w", "--db", db, "--json"),
    );
    expect(wrong.raw.correct).toBe(0);
    expect(wrong.scaled).toBeLessThanOrEqual(100);
    expect(wrong.domains.every((d) => d.proficiency === "Below")).toBe(true);
  });

  it("keeps simulated attempts in the store, with reports", async () => {
    const list = json<{ id: string; status: string }[]>(await cli("exam", "list", "--db", db, "--json"));
    expect(list.length).toBeGreaterThanOrEqual(3);
    const report = await cli("exam", "report", list[0]!.id, "--db", db, "--json");
    expect(report.code).toBe(0);
    const body = json<{ items: { options: { rationale: string }[] }[]; scaled: { note: string } }>(report);
    expect(body.items).toHaveLength(125);
    expect(body.items[0]!.options[0]!.rationale).toBeTruthy();
    expect(body.scaled.note).toMatch(/practice estimate/);
    const text = await cli("exam", "report", list[0]!.id, "--db", db);
    expect(text.stdout).toMatch(/Scaled score {2}\d+ on 0–1000 \(passing 700\)/);
    expect(text.stdout).toMatch(/95% band/);
    expect(text.stdout).not.toMatch(/Scaled score {2}\d+%/);
  });

  it("prints options, the answer and the key under the letters the candidate saw", async () => {
    const sim = json<{ attempt: string }>(
      await cli("exam", "simulate", "issmp", "--policy", "wrong", "--seed", "letters", "--db", db, "--json"),
    );
    type Item = { type: string; options: { id: string; label: string; text: string }[]; key: unknown };
    const body = json<{ items: Item[] }>(await cli("exam", "report", sim.attempt, "--db", db, "--json"));
    // An item whose delivered order differs from the authored one, so ids and letters disagree.
    const item = body.items.find(
      (i) => i.type === "single-choice" && i.options.some((o) => o.id.toUpperCase() !== o.label),
    )!;
    expect(item).toBeDefined();
    const text = (await cli("exam", "report", sim.attempt, "--db", db)).stdout;
    const lines = text.split("\n");
    const start = (o: { text: string }) => o.text.split(/\s+/).slice(0, 3).join(" ");
    const first = lines.findIndex((l) => l.startsWith(`   A) ${start(item.options[0]!)}`));
    expect(first).toBeGreaterThan(0);
    const block = lines.slice(first, first + 40);
    for (const o of item.options)
      expect(block.some((l) => l.startsWith(`   ${o.label}) ${start(o)}`))).toBe(true);
    const key = item.options.find((o) => o.id === item.key)!.label;
    expect(block.find((l) => l.includes("Your answer:"))).toMatch(new RegExp(`Key: ${key}$`));
  });

  it("rejects bad flags and unknown attempts", async () => {
    expect((await cli("exam", "simulate", "issmp", "--policy", "lucky", "--db", db)).code).toBe(2);
    expect((await cli("exam", "simulate", "issmp", "--db", db)).code).toBe(2);
    const r = await cli("exam", "report", "nope", "--db", db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no attempt "nope"/);
    expect((await cli("exam", "assemble", "issmp", "--items", "zero")).code).toBe(2);
  });
});

describe("practice forms from history", () => {
  it("builds forms of missed and never-seen items", async () => {
    const mdb = join(mkdtempSync(join(tmpdir(), "certpath-hist-")), "h.db");
    const wrong = json<{ attempt: string }>(
      await cli(
        "exam",
        "simulate",
        "issmp",
        "--policy",
        "wrong",
        "--seed",
        "m",
        "--items",
        "30",
        "--db",
        mdb,
        "--json",
      ),
    );
    const report = json<{ items: { id: string }[] }>(
      await cli("exam", "report", wrong.attempt, "--db", mdb, "--json"),
    );
    const missedIds = new Set(report.items.map((i) => i.id));
    const missed = json<{ items: { id: string }[] }>(
      await cli("exam", "assemble", "issmp", "--missed", "--items", "12", "--db", mdb, "--json"),
    );
    expect(missed.items).toHaveLength(12);
    for (const i of missed.items) expect(missedIds.has(i.id)).toBe(true);
    const unseen = json<{ items: { id: string }[] }>(
      await cli("exam", "assemble", "issmp", "--unseen", "--items", "40", "--db", mdb, "--json"),
    );
    for (const i of unseen.items) expect(missedIds.has(i.id)).toBe(false);
    const fresh = json<{ items: { id: string }[] }>(
      await cli("exam", "assemble", "issmp", "--exclude-seen-days", "1", "--db", mdb, "--json"),
    );
    for (const i of fresh.items) expect(missedIds.has(i.id)).toBe(false);
  });
});

describe("bank overlap", () => {
  it("measures how much full forms with different seeds share", async () => {
    const r = json<{ pairs: number; mean: number; max: number }>(
      await cli("bank", "overlap", "--exam", "issmp", "--json"),
    );
    expect(r.pairs).toBe(10);
    // 125 of 600 items: two random forms share about a fifth of their items.
    expect(r.mean).toBeGreaterThan(0.1);
    expect(r.mean).toBeLessThan(0.35);
    expect((await cli("bank", "overlap")).code).toBe(2);
  });
});

describe("exam assemble", () => {
  it("prints the documented JSON", async () => {
    const r = await cli("exam", "assemble", "issmp", "--seed", "7", "--json");
    const form = json<{
      exam: string;
      seed: string;
      items: { id: string; domain: string; subdomain: string; task: string; pretest: boolean }[];
      counts: Record<string, number>;
    }>(r);
    expect(form.exam).toBe("issmp");
    expect(form.seed).toBe("7");
    expect(form.items).toHaveLength(125);
    expect(Object.keys(form.items[0]!).sort()).toEqual(["domain", "id", "pretest", "subdomain", "task"]);
    expect(form.counts).toEqual({ "1": 26, "2": 19, "3": 25, "4": 23, "5": 15, "6": 17 });
  });
});

describe("exam take and resume (scripted terminal)", () => {
  it("answers, flags, reviews, quits, resumes and finishes", async () => {
    const screens: string[] = [];
    const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
    await examTake(
      ctx,
      "issmp",
      { seed: "t", db, items: "10" },
      scripted(["a", "n", "b", "m", "n", "c", "r", "return", "g", "5", "return", "d", "q"], screens),
    );
    const list = json<{ id: string; status: string }[]>(await cli("exam", "list", "--db", db, "--json"));
    const attempt = list.find((a) => a.status === "in-progress")!;
    expect(attempt).toBeDefined();
    expect(screens.some((s) => s.includes("Review: [x] answered"))).toBe(true);
    expect(screens.at(-1)).toMatch(/Answer saved\./);

    const again: string[] = [];
    await examResume(ctx, undefined, { db }, scripted(["x", "y"], again));
    expect(again[0]).toMatch(/item 5 of 10 — answered 4/);
    const report = json<{ raw: { answered: number }; flagged: string[]; status: string }>(
      await cli("exam", "report", attempt.id, "--db", db, "--json"),
    );
    expect(report.status).toBe("finished");
    expect(report.raw.answered).toBe(4);
    expect(report.flagged).toHaveLength(1);
  });

  it("lists unfinished attempts and discards one, keeping its log", async () => {
    const ddb = join(mkdtempSync(join(tmpdir(), "certpath-discard-")), "d.db");
    const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
    // Answer the first item (a wrong answer is as likely as a right one), then save and quit.
    await examTake(ctx, "issmp", { seed: "d", db: ddb, items: "5" }, scripted(["a", "q"]));
    const id = json<{ id: string }[]>(await cli("exam", "list", "--db", ddb, "--json"))[0]!.id;
    const listed = await cli("exam", "list", "--db", ddb);
    expect(listed.stdout).toMatch(new RegExp(`^${id} .* unfinished$`, "m"));
    expect(listed.stdout).toContain(
      "1 unfinished: carry on with certpath exam resume <attempt>, or give one up",
    );

    const r = await cli("exam", "discard", id, "--db", ddb);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Discarded attempt ${id}\\.`));
    const after = json<{ id: string; status: string; steps: number }[]>(
      await cli("exam", "list", "--db", ddb, "--json"),
    );
    expect(after[0]).toMatchObject({ id, status: "discarded" });
    expect((await cli("exam", "list", "--db", ddb)).stdout).not.toMatch(/unfinished/);
    // Its answer is kept in the log (history leaves it out: see the attempt repository's test).
    const report = json<{ status: string; raw: { answered: number } }>(
      await cli("exam", "report", id, "--db", ddb, "--json"),
    );
    expect(report).toMatchObject({ status: "discarded", raw: { answered: 1 } });

    // Not twice, not a finished attempt, not an unknown one; resume refuses it.
    const twice = await cli("exam", "discard", id, "--db", ddb);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(`certpath: attempt ${id} is discarded already\n`);
    const sim = json<{ attempt: string }>(
      await cli("exam", "simulate", "issmp", "--policy", "key", "--items", "5", "--db", ddb, "--json"),
    );
    const finished = await cli("exam", "discard", sim.attempt, "--db", ddb);
    expect(finished.code).toBe(1);
    expect(finished.stderr).toMatch(/is finished; only an unfinished attempt can be discarded/);
    expect((await cli("exam", "discard", "nope", "--db", ddb)).stderr).toMatch(/no attempt "nope"/);
    await expect(examResume(ctx, id, { db: ddb }, scripted([]))).rejects.toThrow(/was discarded/);
  });

  it("shows every rationale after each answer in tutor mode", async () => {
    const screens: string[] = [];
    const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
    await examTake(
      ctx,
      "issmp",
      { seed: "tutor", db, items: "3", mode: "tutor" },
      scripted(["a", "q"], screens),
    );
    const last = screens.at(-1)!;
    expect(last).toMatch(/✔ Correct\.|✘ Not the best answer\./);
    expect(last).toMatch(/The keyed option of this generated item\./);
    expect(last).toMatch(/A distractor of this generated item\./);
  });

  it("times a paced tutor attempt at the exam's pace", async () => {
    const screens: string[] = [];
    const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
    await examTake(
      ctx,
      "issmp",
      { seed: "paced", db, items: "10", mode: "tutor", paced: true },
      scripted(["q"], screens),
    );
    expect(screens[0]).toMatch(/time left 14:24/);
  });

  it("refuses to run without a terminal", async () => {
    const r = await cli("exam", "take", "issmp", "--db", db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/interactive/);
  });
});

describe("adaptive attempts (scripted terminal)", () => {
  it("runs practice rules on the bank: forward-only, confirm to answer, stops once the result is clear", async () => {
    const screens: string[] = [];
    const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
    const keys: string[] = [];
    for (let i = 0; i < 45; i++) keys.push(i % 3 ? "a" : "b", "return");
    await examTake(ctx, "issmp", { seed: "cat", db, mode: "adaptive" }, scripted(["p", ...keys], screens));
    expect(screens[0]).toMatch(/ISSMP adaptive practice — adaptive mode — item 1 — /);
    expect(screens[0]).not.toMatch(/item 1 of/);
    const list = json<{ id: string; behaviour: string; status: string }[]>(
      await cli("exam", "list", "--db", db, "--json"),
    );
    const attempt = list.find((a) => a.behaviour === "adaptive")!;
    expect(attempt.status).toBe("finished");
    const report = json<{ raw: { scored: number }; adaptive: { selections: unknown[]; stopReason: string } }>(
      await cli("exam", "report", attempt.id, "--db", db, "--json"),
    );
    expect(report.raw.scored).toBeGreaterThanOrEqual(10);
    expect(report.raw.scored).toBeLessThanOrEqual(40);
    expect(report.adaptive.selections).toHaveLength(report.raw.scored);
    expect(report.adaptive.stopReason).toMatch(/precision|maximum length|confidence interval/);
    const text = await cli("exam", "report", attempt.id, "--db", db);
    expect(text.stdout).toMatch(/Why the test ended: (precision|maximum length|confidence interval)/);
    expect(text.stdout).toMatch(/θ before each item: /);
  });

  it("runs adaptive practice on the bundled example items", async () => {
    const saved = process.env.CERTPATH_CONTENT;
    delete process.env.CERTPATH_CONTENT;
    try {
      const screens: string[] = [];
      const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
      // "a", "b", Enter answers a single-choice item (B confirmed) or a choose-TWO item (A and B):
      // find a seed whose first item is one of those (the bundled bank has ordering, matching and
      // numeric items too), trying seeds in a database of their own.
      const probeDb = join(mkdtempSync(join(tmpdir(), "certpath-probe-")), "p.db");
      const types = new Map(loadBank().items.map((i) => [i.id, i.type]));
      let seed = "";
      for (let k = 0; k < 12 && !seed; k++) {
        await examTake(
          ctx,
          "issmp",
          { seed: `bundled-${k}`, db: probeDb, mode: "adaptive" },
          scripted(["q"]),
        );
        const probes = json<{ id: string; status: string }[]>(
          await cli("exam", "list", "--db", probeDb, "--json"),
        );
        const open = probes.find((a) => a.status === "in-progress")!;
        const probe = json<{ adaptive: { selections: { itemId: string }[] } }>(
          await cli("exam", "report", open.id, "--db", probeDb, "--json"),
        );
        const first = types.get(probe.adaptive.selections[0]!.itemId);
        if (first === "single-choice" || first === "multiple-response") seed = `bundled-${k}`;
        await cli("exam", "discard", open.id, "--db", probeDb);
      }
      expect(seed).not.toBe("");
      await examTake(
        ctx,
        "issmp",
        { seed, db, mode: "adaptive" },
        scripted(["a", "b", "return", "a", "b", "return", "q"], screens),
      );
      expect(screens[0]).toMatch(/ISSMP adaptive practice — adaptive mode — item 1 —/);
      expect(screens.some((s) => /adaptive mode — item 2 —/.test(s))).toBe(true);
      const list = json<{ id: string; behaviour: string; status: string }[]>(
        await cli("exam", "list", "--db", db, "--json"),
      );
      const attempt = list.find((a) => a.behaviour === "adaptive" && a.status === "in-progress")!;
      const report = json<{ adaptive: { selections: { itemId: string }[] } }>(
        await cli("exam", "report", attempt.id, "--db", db, "--json"),
      );
      expect(report.adaptive.selections.length).toBeGreaterThanOrEqual(2);
      for (const s of report.adaptive.selections) expect(s.itemId).toMatch(/^issmp-/);
    } finally {
      process.env.CERTPATH_CONTENT = saved;
    }
  });

  it("refuses the CISSP rules on a bank that is too small, saying how many items are missing", async () => {
    const r = await cli("exam", "take", "issmp", "--mode", "adaptive", "--rules", "exam", "--db", db);
    expect(r.code).toBe(2);
    // A copy of the content with one file of CISSP items: far too few for the CISSP rules.
    const content = join(mkdtempSync(join(tmpdir(), "certpath-small-cissp-")), "content");
    cpSync(fileURLToPath(new URL("../content", import.meta.url)), content, { recursive: true });
    const cisspDir = join(content, "items", "cissp");
    const files = readdirSync(cisspDir).filter((f) => f.endsWith(".yaml"));
    for (const f of files.slice(1)) rmSync(join(cisspDir, f));
    const live = (readFileSync(join(cisspDir, files[0]!), "utf8").match(/^ {4}status: live$/gm) ?? []).length;
    const saved = process.env.CERTPATH_CONTENT;
    process.env.CERTPATH_CONTENT = content;
    try {
      const ctx = createContext({ out: () => {}, err: () => {}, width: 100 });
      await expect(examTake(ctx, "cissp", { mode: "adaptive", db }, scripted([], []))).rejects.toThrow(
        new RegExp(
          `the CISSP bank is too small for these adaptive rules; it lacks ${125 - live} operational \\(live\\) item\\(s\\): it has ${live} of the 125 needed`,
        ),
      );
    } finally {
      process.env.CERTPATH_CONTENT = saved;
    }
  });
});
