import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { exposureStats } from "./exposure-stats.js";

/** The overlap rate by enumerating every pair: mean |A ∩ B| over pairs, over the mean test length. */
function overlapByPairs(tests: readonly Set<number>[]): number {
  let shared = 0;
  let pairs = 0;
  for (let i = 0; i < tests.length; i++)
    for (let j = i + 1; j < tests.length; j++) {
      for (const k of tests[i]!) if (tests[j]!.has(k)) shared++;
      pairs++;
    }
  const meanLength = tests.reduce((s, t) => s + t.size, 0) / tests.length;
  return shared / pairs / meanLength;
}

function countsOf(tests: readonly Set<number>[], size: number): Uint32Array {
  const counts = new Uint32Array(size);
  for (const t of tests) for (const k of t) counts[k]!++;
  return counts;
}

describe("exposure and overlap from exposure counts", () => {
  it("matches a hand count: tests {0,1}, {1,2}, {0,1} share 4/3 items per pair of length 2", () => {
    const tests = [new Set([0, 1]), new Set([1, 2]), new Set([0, 1])];
    const s = exposureStats(countsOf(tests, 4), [1, 1, 1, 1], 3);
    expect(s.overlap).toBeCloseTo(2 / 3, 12);
    expect(s.max).toBe(1);
    expect(s.unused).toBe(0.25);
  });

  it("equals the brute-force mean over all pairs, for fixed and variable test lengths", () => {
    const rng = seededRandom("overlap");
    for (const variable of [false, true]) {
      for (let trial = 0; trial < 20; trial++) {
        const size = 30 + rng.int(60);
        const examinees = 2 + rng.int(60);
        // Some items popular, most not, as in a CAT.
        const weight = Array.from({ length: size }, () => rng.next() ** 3);
        const tests = Array.from({ length: examinees }, () => {
          const length = variable ? 1 + rng.int(20) : 12;
          const t = new Set<number>();
          while (t.size < length) {
            let r = rng.next() * weight.reduce((s, w) => s + w, 0);
            let k = 0;
            for (; k < size - 1; k++) {
              r -= weight[k]!;
              if (r <= 0) break;
            }
            t.add(k);
          }
          return t;
        });
        const s = exposureStats(countsOf(tests, size), new Array(size).fill(true), examinees);
        expect(s.overlap).toBeCloseTo(overlapByPairs(tests), 12);
      }
    }
  });

  it("leaves out items that are not operational, and counts items over a target", () => {
    const tests = [new Set([0, 1, 3]), new Set([1, 2, 3]), new Set([0, 1, 3])];
    const operational = [true, true, true, false];
    const s = exposureStats(countsOf(tests, 4), operational, 3, 0.5);
    expect(s.overlap).toBeCloseTo(overlapByPairs(tests.map((t) => new Set([...t].filter((k) => k < 3)))), 12);
    expect(s.overTarget).toBe(2); // items 0 (2/3) and 1 (3/3)
  });

  it("is the pool share for disjoint tests (no overlap) and 1 for identical ones", () => {
    const disjoint = [new Set([0, 1]), new Set([2, 3]), new Set([4, 5])];
    expect(exposureStats(countsOf(disjoint, 6), new Array(6).fill(1), 3).overlap).toBe(0);
    const same = [new Set([0, 1]), new Set([0, 1]), new Set([0, 1])];
    expect(exposureStats(countsOf(same, 6), new Array(6).fill(1), 3).overlap).toBe(1);
  });
});
