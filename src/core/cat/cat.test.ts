import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { buildPool } from "./pool.js";
import { checkPoolSize } from "./pool-check.js";
import { examRules, practiceRules, zFor } from "./rules.js";
import { CatRun } from "./run.js";
import { information, newSelectionState, selectItem } from "./selection.js";
import { simulateExaminees, summarize } from "./simulate.js";
import { syntheticPool } from "./synthetic-pool.js";
import { cisspExam, cisspWeights } from "./test-exams.js";

const weights = cisspWeights;

describe("CAT selection", () => {
  it("picks the most informative item at θ, and near the cut for mfi-cut", () => {
    const pool = buildPool(syntheticPool({ size: 500, seed: "sel" }));
    const state = newSelectionState(pool);
    const k = selectItem(pool, state, { at: 1.2, exposure: { kind: "none" }, rng: seededRandom("x") });
    let best = 0;
    for (let i = 0; i < pool.size; i++) best = Math.max(best, information(pool, i, 1.2));
    expect(information(pool, k, 1.2)).toBe(best);
  });

  it("uses z = 1.96 for a 95% interval", () => {
    expect(zFor(0.95)).toBeCloseTo(1.959963985, 8);
    expect(zFor(0.9)).toBeCloseTo(1.644853627, 8);
  });
});

describe("a CISSP-style CAT", () => {
  const pool = buildPool(syntheticPool({ size: 2000, pretest: 100, seed: "cissp", weights }), [
    ...weights.keys(),
  ]);
  const rules = examRules(cisspExam);

  it("delivers 100–150 items, 25 unscored pretest items within the first 100, balanced by domain", () => {
    const rng = seededRandom("one");
    const run = new CatRun(pool, rules, rng, weights);
    let d = run.next();
    while (d.kind === "item") {
      run.deliver(d.index, d.pretest);
      run.answer(rng.next() < 0.6 ? 1 : 0);
      d = run.next();
    }
    const n = run.administered.length;
    expect(n).toBeGreaterThanOrEqual(100);
    expect(n).toBeLessThanOrEqual(150);
    const pre = run.administered.map((a, i) => (a.pretest ? i : -1)).filter((i) => i >= 0);
    expect(pre).toHaveLength(25);
    expect(Math.max(...pre)).toBeLessThan(100);
    expect(run.scoredCount).toBe(n - 25);
    const counts = new Map<string, number>();
    for (const a of run.administered)
      if (!a.pretest)
        counts.set(
          pool.domains[pool.domain[a.index]!]!,
          (counts.get(pool.domains[pool.domain[a.index]!]!) ?? 0) + 1,
        );
    for (const [dom, w] of weights)
      expect(Math.abs((counts.get(dom) ?? 0) - (w / 100) * run.scoredCount)).toBeLessThanOrEqual(1.01);
  });

  it("classifies simulated candidates accurately, with little bias (known truth)", () => {
    const rng = seededRandom("thetas");
    const thetas = Array.from({ length: 300 }, () => rng.normal());
    const chunk = simulateExaminees(pool, rules, thetas, "sim", { weights });
    const s = summarize([chunk], pool, rules);
    expect(s.classification.accuracy).toBeGreaterThan(0.93);
    expect(Math.abs(s.bias)).toBeLessThan(0.05);
    expect(s.rmse).toBeLessThan(0.3);
    expect(s.correlation).toBeGreaterThan(0.95);
    expect(s.length.min).toBeGreaterThanOrEqual(100);
    expect(s.length.max).toBeLessThanOrEqual(150);
  });

  it("applies the time-out rule: under 100 answers fails; otherwise the last 75 estimates decide", () => {
    const rng = seededRandom("to");
    const run = new CatRun(pool, rules, rng, weights);
    for (let i = 0; i < 60; i++) {
      const d = run.next();
      if (d.kind !== "item") break;
      run.deliver(d.index, d.pretest);
      run.answer(1);
    }
    expect(run.timeOut()).toMatchObject({ passed: false });
    expect(run.timeOut().reason).toMatch(/fewer than 100/);
  });

  it("refuses a bank smaller than the rules need, saying how many items are missing", () => {
    const small = buildPool(syntheticPool({ size: 100, pretest: 10, seed: "small" }));
    expect(() => checkPoolSize(small, rules, "CISSP")).toThrow(
      /lacks 25 operational \(live\) item\(s\): it has 100 of the 125 needed and 15 pretest \(review\) item\(s\): it has 10 of the 25 needed/,
    );
  });
});

describe("practice rules", () => {
  it("stop on the standard error, between 10 and 40 items", () => {
    const pool = buildPool(syntheticPool({ size: 400, seed: "p" }));
    const rng = seededRandom("t");
    const s = summarize(
      [
        simulateExaminees(
          pool,
          practiceRules(),
          Array.from({ length: 100 }, () => rng.normal()),
          "p",
        ),
      ],
      pool,
      practiceRules(),
    );
    expect(s.length.min).toBeGreaterThanOrEqual(10);
    expect(s.length.max).toBeLessThanOrEqual(40);
    expect(s.conditionalSe.every((b) => b.meanSe < 0.5)).toBe(true);
  });

  it("stop as soon as the result is clear for candidates far from the standard", () => {
    const pool = buildPool(syntheticPool({ size: 400, seed: "p" }));
    const far = simulateExaminees(pool, practiceRules(), [-2.5, -2.2, 2.2, 2.5], "far").examinees;
    for (const e of far) {
      expect(e.reason).toMatch(/^confidence interval/);
      expect(e.length).toBeLessThan(25);
      expect(e.passed).toBe(e.trueTheta > 0);
    }
    // Without the interval rule the same candidates would run much longer.
    const seOnly = simulateExaminees(pool, practiceRules({ ci: undefined }), [-2.5, -2.2, 2.2, 2.5], "far");
    const mean = (xs: { length: number }[]) => xs.reduce((n, x) => n + x.length, 0) / xs.length;
    expect(mean(seOnly.examinees)).toBeGreaterThan(mean(far) + 5);
  });
});
