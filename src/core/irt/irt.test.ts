import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eap, maximumAPosteriori, maximumLikelihood } from "./estimate.js";
import { type ItemParameters, itemInformation, logProbabilities, probability } from "./models.js";

const item = fc.record({
  a: fc.double({ min: 0.3, max: 2.5, noNaN: true }),
  b: fc.double({ min: -3, max: 3, noNaN: true }),
  c: fc.double({ min: 0, max: 0.3, noNaN: true }),
  d: fc.constant(1),
});

/** Independent oracle: posterior mean and SD by trapezoidal integration on a fine grid, in plain probabilities. */
function bruteForce(params: ItemParameters[], scores: (0 | 1)[], lo = -6, hi = 6, n = 24001) {
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  const h = (hi - lo) / (n - 1);
  for (let k = 0; k < n; k++) {
    const t = lo + k * h;
    let like = Math.exp(-0.5 * t * t);
    params.forEach((p, i) => {
      const pr = p.c + (p.d - p.c) / (1 + Math.exp(-p.a * (t - p.b)));
      like *= scores[i] ? pr : 1 - pr;
    });
    const w = k === 0 || k === n - 1 ? 0.5 : 1;
    z += w * like;
    m1 += w * like * t;
    m2 += w * like * t * t;
  }
  const mean = m1 / z;
  return { theta: mean, se: Math.sqrt(m2 / z - mean * mean) };
}

describe("IRT models", () => {
  it("stays finite and in [0, 1] at |θ| = 10 and beyond", () => {
    for (const theta of [-50, -10, 10, 50]) {
      const p = probability(theta, { a: 2, b: 0, c: 0, d: 1 });
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      const [l1, l0] = logProbabilities(theta, { a: 2, b: 0, c: 0, d: 1 });
      expect(Number.isFinite(l1) && Number.isFinite(l0)).toBe(true);
    }
  });

  it("has 2PL information a²PQ, maximal at b", () => {
    const p = { a: 1.7, b: 0.4, c: 0, d: 1 };
    const at = (t: number) => itemInformation(t, p);
    expect(at(0.4)).toBeCloseTo(1.7 * 1.7 * 0.25, 12);
    for (const d of [0.1, 0.5, 1, 2]) {
      expect(at(0.4 + d)).toBeLessThan(at(0.4));
      expect(at(0.4 - d)).toBeLessThan(at(0.4));
    }
  });
});

describe("EAP", () => {
  it("agrees with brute-force integration on a dense grid", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(item, fc.constantFrom<0 | 1>(0, 1)), { minLength: 1, maxLength: 30 }),
        (rows) => {
          const params = rows.map((r) => r[0]);
          const scores = rows.map((r) => r[1]);
          const mine = eap(params.map((p, i) => ({ params: p, score: scores[i] })));
          const oracle = bruteForce(params, scores);
          expect(mine.theta).toBeCloseTo(oracle.theta, 4);
          expect(mine.se).toBeCloseTo(oracle.se, 4);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("returns the prior for no responses and skips missing ones", () => {
    const prior = eap([]);
    expect(prior.theta).toBeCloseTo(0, 10);
    expect(prior.se).toBeCloseTo(1, 3);
    const p = { a: 1, b: 0, c: 0, d: 1 };
    expect(
      eap([
        { params: p, score: 1 },
        { params: p, score: null },
      ]),
    ).toEqual(eap([{ params: p, score: 1 }]));
  });

  it("moves up with correct answers and down with wrong ones, symmetrically", () => {
    const p = Array.from({ length: 20 }, (_, i) => ({ a: 1.2, b: -1 + i * 0.1, c: 0, d: 1 }));
    const right = eap(p.map((x) => ({ params: x, score: 1 as const })));
    const wrong = eap(p.map((x) => ({ params: { ...x, b: -x.b }, score: 0 as const })));
    expect(right.theta).toBeGreaterThan(1);
    expect(wrong.theta).toBeCloseTo(-right.theta, 6);
  });
});

/** The log-likelihood's maximum on a fine grid, refined by golden-section search: an independent check. */
function gridMax(params: ItemParameters[], scores: (0 | 1)[], prior?: { mean: number; sd: number }) {
  const f = (t: number) => {
    let s = 0;
    params.forEach((p, i) => {
      const pr = p.c + (p.d - p.c) / (1 + Math.exp(-p.a * (t - p.b)));
      s += scores[i] ? Math.log(pr) : Math.log(1 - pr);
    });
    if (prior) s -= (t - prior.mean) ** 2 / (2 * prior.sd ** 2);
    return s;
  };
  let best = -6;
  for (let t = -6; t <= 6; t += 0.001) if (f(t) > f(best)) best = t;
  let lo = best - 0.002;
  let hi = best + 0.002;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (f(x1) < f(x2)) lo = x1;
    else hi = x2;
  }
  return (lo + hi) / 2;
}

const mixed = fc
  .array(fc.tuple(item, fc.constantFrom<0 | 1>(0, 1)), { minLength: 3, maxLength: 40 })
  .filter((rows) => rows.some((r) => r[1] === 1) && rows.some((r) => r[1] === 0));

describe("MLE and MAP", () => {
  it("MLE is the exact maximum of the likelihood (checked on a fine grid)", () => {
    fc.assert(
      fc.property(mixed, (rows) => {
        const params = rows.map((r) => r[0]);
        const scores = rows.map((r) => r[1]);
        const est = maximumLikelihood(params.map((p, i) => ({ params: p, score: scores[i] })));
        const oracle = gridMax(params, scores);
        if (Math.abs(oracle) < 5.99) {
          expect(est.theta).toBeCloseTo(oracle, 5);
          expect(est.finite).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("MAP is the posterior mode, and with a flat prior it equals the MLE", () => {
    fc.assert(
      fc.property(mixed, (rows) => {
        const responses = rows.map((r) => ({ params: r[0], score: r[1] }));
        const map = maximumAPosteriori(responses);
        expect(map.theta).toBeCloseTo(
          gridMax(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
            { mean: 0, sd: 1 },
          ),
          5,
        );
        const mle = maximumLikelihood(responses);
        // A prior flat enough to move the mode by less than 1e-8 even where the likelihood is almost
        // flat (the shift is about θ / (sd² · information)); with sd = 1e4 a rare flat pattern moved
        // it by more than the 5e-6 checked here.
        if (mle.finite)
          expect(maximumAPosteriori(responses, { prior: { mean: 0, sd: 1e6 } }).theta).toBeCloseTo(
            mle.theta,
            5,
          );
      }),
      { numRuns: 60 },
    );
  });

  it("has defined behaviour for all-correct and all-wrong patterns", () => {
    const p = { a: 1, b: 0, c: 0, d: 1 };
    const right = maximumLikelihood([
      { params: p, score: 1 },
      { params: p, score: 1 },
    ]);
    expect(right).toMatchObject({ theta: 6, finite: false });
    const wrong = maximumLikelihood([{ params: p, score: 0 }], { lower: -4 });
    expect(wrong).toMatchObject({ theta: -4, finite: false });
    expect(Number.isFinite(maximumAPosteriori([{ params: p, score: 1 }]).theta)).toBe(true);
  });

  it("EAP approaches the MLE as the test grows", () => {
    const p = (i: number) => ({ a: 1 + (i % 5) * 0.2, b: -2 + ((i * 37) % 41) / 10, c: 0, d: 1 });
    const gap = (n: number) => {
      const responses = Array.from({ length: n }, (_, i) => ({
        params: p(i),
        score: (i * 7919) % 10 < 6 ? (1 as const) : (0 as const),
      }));
      return Math.abs(eap(responses).theta - maximumLikelihood(responses).theta);
    };
    expect(gap(400)).toBeLessThan(gap(40));
    expect(gap(400)).toBeLessThan(0.02);
  });

  it("gives SE = 1/√information", () => {
    const responses = [0, 1, 1, 0, 1].map((s, i) => ({
      params: { a: 1.3, b: i - 2, c: 0, d: 1 },
      score: s as 0 | 1,
    }));
    const est = maximumLikelihood(responses);
    const info = responses.reduce((s, r) => s + itemInformation(est.theta, r.params), 0);
    expect(est.se).toBeCloseTo(1 / Math.sqrt(info), 10);
  });
});
