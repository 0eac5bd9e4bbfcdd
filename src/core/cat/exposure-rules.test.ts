/** The rules that spread item use: the progressive method, a-stratified selection, and the CISSP default. */
import { describe, expect, it } from "vitest";
import type { Random } from "../random/seeded.js";
import { seededRandom } from "../random/seeded.js";
import { aStrata, stageStratum } from "./a-stratified.js";
import { buildPool } from "./pool.js";
import { progressiveShare, selectProgressive } from "./progressive.js";
import { EXAM_EXPOSURE, examRules } from "./rules.js";
import { information, newSelectionState, selectItem } from "./selection.js";
import { simulateExaminees, summarize } from "./simulate.js";
import { syntheticPool } from "./synthetic-pool.js";
import { cisspExam, cisspWeights } from "./test-exams.js";

/** A generator that returns the given uniforms in turn (for checking a weighted choice by hand). */
function scripted(values: number[]): Random {
  let i = 0;
  const next = () => values[i++ % values.length]!;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    shuffle: (xs) => [...xs],
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    normal: () => 0,
  };
}

describe("the progressive method", () => {
  it("weighs information by s = (q / L)^t", () => {
    expect(progressiveShare({ scored: 0, minScored: 75, maxScored: 125 }, 3)).toBe(0);
    expect(progressiveShare({ scored: 50, minScored: 75, maxScored: 125 }, 1)).toBeCloseTo(0.4, 12);
    expect(progressiveShare({ scored: 50, minScored: 75, maxScored: 125 }, 3)).toBeCloseTo(0.064, 12);
    expect(progressiveShare({ scored: 140, minScored: 75, maxScored: 125 }, 3)).toBe(1);
  });

  it("gives the item of largest (1 − s)·R + s·I, with R uniform on [0, max I] (checked by hand)", () => {
    const pool = buildPool([
      { id: "x", params: { a: 1, b: 0, c: 0, d: 1 }, domain: "1" },
      { id: "y", params: { a: 2, b: 0, c: 0, d: 1 }, domain: "1" },
      { id: "z", params: { a: 1, b: 2, c: 0, d: 1 }, domain: "1" },
    ]);
    const info = [0, 1, 2].map((k) => information(pool, k, 0));
    const most = Math.max(...info); // y: a² / 4 = 1
    const u = [0.9, 0.1, 0.5];
    const progress = { scored: 25, minScored: 40, maxScored: 50 }; // s = 0.5 at t = 1
    const weights = info.map((i, k) => 0.5 * u[k]! * most + 0.5 * i);
    const expected = weights.indexOf(Math.max(...weights));
    const state = newSelectionState(pool);
    expect(selectProgressive(pool, state, 0, -1, progress, 1, scripted(u))).toBe(expected);
    expect(expected).toBe(0); // x: 0.45 + 0.125 beats y: 0.05 + 0.5
    // With s = 1 it is maximum information.
    const done = { scored: 50, minScored: 40, maxScored: 50 };
    expect(selectProgressive(pool, state, 0, -1, done, 1, scripted(u))).toBe(1);
  });

  it("spreads the first items over the bank and ends close to maximum information", () => {
    const pool = buildPool(syntheticPool({ size: 400, seed: "prog" }));
    const first = new Set<number>();
    for (let e = 0; e < 200; e++)
      first.add(
        selectItem(pool, newSelectionState(pool), {
          at: 0,
          exposure: { kind: "progressive", acceleration: 3 },
          rng: seededRandom(`first:${e}`),
          progress: { scored: 0, minScored: 75, maxScored: 125 },
        }),
      );
    expect(first.size).toBeGreaterThan(120); // uniform draws: about 158 distinct of 400 expected
    let best = 0;
    for (let k = 0; k < pool.size; k++) best = Math.max(best, information(pool, k, 0));
    const late = selectItem(pool, newSelectionState(pool), {
      at: 0,
      exposure: { kind: "progressive", acceleration: 3 },
      rng: seededRandom("late"),
      progress: { scored: 124, minScored: 75, maxScored: 125 },
    });
    expect(information(pool, late, 0)).toBeGreaterThan(0.9 * best);
  });
});

describe("a-stratified selection with b blocking", () => {
  const pool = buildPool(
    syntheticPool({
      size: 800,
      seed: "astr",
      weights: new Map([
        ["1", 1],
        ["2", 1],
      ]),
    }),
  );
  const strata = aStrata(pool, 4);

  it("gives each stratum a quarter of every domain, the same spread of b, and rising a", () => {
    for (const members of pool.byDomain) {
      const groups = [0, 1, 2, 3].map((s) => [...members].filter((k) => strata[k] === s));
      for (const g of groups) expect(Math.abs(g.length - members.length / 4)).toBeLessThanOrEqual(1);
      const mean = (xs: number[], f: (k: number) => number) => xs.reduce((s, k) => s + f(k), 0) / xs.length;
      const meanA = groups.map((g) => mean(g, (k) => pool.a[k]!));
      const meanB = groups.map((g) => mean(g, (k) => pool.b[k]!));
      for (let s = 1; s < 4; s++) expect(meanA[s]!).toBeGreaterThan(meanA[s - 1]!);
      // b blocking: every stratum's mean b within 0.1 of the others (b ~ N(0, 1)).
      expect(Math.max(...meanB) - Math.min(...meanB)).toBeLessThan(0.1);
      // Within each block of four neighbours by b, a rises with the stratum.
      const byB = [...members].sort((x, y) => pool.b[x]! - pool.b[y]! || x - y);
      for (let i = 0; i + 4 <= byB.length; i += 4) {
        const block = byB.slice(i, i + 4).sort((x, y) => strata[x]! - strata[y]!);
        expect(block.map((k) => strata[k])).toEqual([0, 1, 2, 3]);
        for (let j = 1; j < 4; j++) expect(pool.a[block[j]!]!).toBeGreaterThanOrEqual(pool.a[block[j - 1]!]!);
      }
    }
  });

  it("moves through the strata in stages over the shortest test", () => {
    const at = (scored: number) => stageStratum({ scored, minScored: 80, maxScored: 120 }, 4);
    expect([0, 19, 20, 39, 40, 60, 79, 80, 119].map(at)).toEqual([0, 0, 1, 1, 2, 3, 3, 3, 3]);
  });

  it("chooses within the stage's stratum one of the k items whose b is nearest θ", () => {
    for (const scored of [0, 30, 70]) {
      const stage = stageStratum({ scored, minScored: 80, maxScored: 120 }, 4);
      const inStratum = [...pool.byDomain[0]!].filter((k) => strata[k] === stage);
      const nearest = inStratum
        .sort((x, y) => Math.abs(pool.b[x]! - 0.3) - Math.abs(pool.b[y]! - 0.3))
        .slice(0, 5);
      for (let e = 0; e < 20; e++) {
        const state = newSelectionState(pool);
        const k = selectItem(pool, state, {
          at: 0.3,
          weights: new Float64Array([1, 0]),
          exposure: { kind: "a-stratified", strata: 4, k: 5 },
          rng: seededRandom(`astr:${scored}:${e}`),
          progress: { scored, minScored: 80, maxScored: 120 },
        });
        expect(nearest).toContain(k);
      }
    }
  });
});

describe("the CISSP default exposure control (1,000 simulated candidates, CISSP rules, 2,000-item bank)", () => {
  const weights = cisspWeights;
  const cissp = cisspExam;

  it("keeps every item under 30% of tests and overlap under 20%, classifying within a point of plain MFI", () => {
    const pool = buildPool(syntheticPool({ size: 2000, pretest: 100, seed: "default-exposure", weights }), [
      ...weights.keys(),
    ]);
    const rules = examRules(cissp);
    expect(rules.exposure).toEqual(EXAM_EXPOSURE);
    const rng = seededRandom("default-exposure:thetas");
    const thetas = Array.from({ length: 1000 }, () => rng.normal());
    const chosen = summarize([simulateExaminees(pool, rules, thetas, "default", { weights })], pool, rules);
    const mfiRules = { ...rules, exposure: { kind: "none" as const } };
    const mfi = summarize(
      [simulateExaminees(pool, mfiRules, thetas, "default", { weights })],
      pool,
      mfiRules,
    );
    expect(mfi.exposure.max).toBeGreaterThan(0.9);
    expect(mfi.exposure.overlap).toBeGreaterThan(0.2);
    expect(chosen.exposure.max).toBeLessThanOrEqual(0.3);
    expect(chosen.exposure.overlap).toBeLessThanOrEqual(0.2);
    expect(chosen.exposure.unused).toBeLessThan(0.01);
    expect(chosen.classification.accuracy).toBeGreaterThanOrEqual(mfi.classification.accuracy - 0.01);
    // The CISSP's stop rules still hold: 100–150 items.
    expect(chosen.length.min).toBeGreaterThanOrEqual(100);
    expect(chosen.length.max).toBeLessThanOrEqual(150);
  }, 120_000);
});
