import { describe, expect, it } from "vitest";
import { groupExposure } from "./exposure-stats.js";
import { buildPool } from "./pool.js";
import { practiceRules } from "./rules.js";
import { simulateExaminees, summarize } from "./simulate.js";
import { syntheticPool } from "./synthetic-pool.js";
import { DEFAULT_MISMATCH, mismatchSummary, perturbedTruth } from "./true-parameters.js";

const items = syntheticPool({ size: 600, seed: "truth" });
const pool = buildPool(items);

describe("a simulated truth that differs from the engine's beliefs", () => {
  it("draws b around the belief with SD 0.5, a in [0.5, 2], c in [0, 0.25], seeded", () => {
    const t = perturbedTruth(pool, "s");
    for (let k = 0; k < pool.size; k++) {
      expect(t.a[k]).toBeGreaterThanOrEqual(DEFAULT_MISMATCH.aMin);
      expect(t.a[k]).toBeLessThanOrEqual(DEFAULT_MISMATCH.aMax);
      expect(t.c[k]).toBeGreaterThanOrEqual(0);
      expect(t.c[k]).toBeLessThanOrEqual(DEFAULT_MISMATCH.cMax);
    }
    const m = mismatchSummary(pool, t);
    expect(m.items).toBe(600);
    expect(Math.abs(m.meanBShift)).toBeLessThan(0.06);
    expect(m.sdBShift).toBeGreaterThan(0.45);
    expect(m.sdBShift).toBeLessThan(0.55);
    expect(m.meanTrueA).toBeCloseTo(1.25, 1);
    expect(m.meanTrueC).toBeCloseTo(0.125, 1);
    expect(perturbedTruth(pool, "s").b).toEqual(t.b);
    expect(perturbedTruth(pool, "other").b).not.toEqual(t.b);
  });

  it("changes the answers, and guessing pushes the estimates up", () => {
    const thetas = Array.from({ length: 150 }, (_, i) => -2 + (4 * i) / 149);
    const rules = practiceRules({ se: undefined, ci: undefined, minItems: 30, maxItems: 30 });
    const same = summarize([simulateExaminees(pool, rules, thetas, "x")], pool, rules);
    const off = summarize(
      [simulateExaminees(pool, rules, thetas, "x", { truth: perturbedTruth(pool, "x") })],
      pool,
      rules,
    );
    expect(off.bias).toBeGreaterThan(same.bias + 0.1);
    expect(off.rmse).toBeGreaterThan(same.rmse);
  });
});

describe("exposure by subdomain", () => {
  it("counts items per test, mean and largest exposure, and how many items a busy group lacks", () => {
    // 10 examinees; group A: 2 items given 8 and 6 times; group B: 4 items given once each; one pretest item.
    const counts = [8, 6, 1, 1, 1, 1, 10];
    const g = groupExposure(counts, [1, 1, 1, 1, 1, 1, 0], ["A", "A", "B", "B", "B", "B", "A"], 10, 0.3);
    expect(g.map((x) => x.group)).toEqual(["A", "B"]);
    expect(g[0]).toEqual({
      group: "A",
      items: 2,
      perTest: 1.4,
      meanExposure: 0.7,
      maxExposure: 0.8,
      shortBy: 8,
    });
    expect(g[1]).toEqual({
      group: "B",
      items: 4,
      perTest: 0.4,
      meanExposure: 0.1,
      maxExposure: 0.1,
      shortBy: 0,
    });
  });
});
