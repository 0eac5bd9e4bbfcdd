/**
 * The estimators where they used to go wrong: EAP with steep items and wide priors, MLE with
 * multimodal 3PL likelihoods, estimates stuck at the bounds or at ±∞, and rows with no responses.
 * Every figure is checked against an independent computation in plain probabilities.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eap, maximumAPosteriori, maximumLikelihood } from "./estimate.js";
import type { ItemParameters } from "./models.js";

const p3 = (a: number, b: number, c = 0): ItemParameters => ({ a, b, c, d: 1 });
const responses = (params: readonly ItemParameters[], scores: readonly (0 | 1 | null)[]) =>
  params.map((p, i) => ({ params: p, score: scores[i] }));

/**
 * P(correct) or P(incorrect), written out again here rather than taken from the models module. Each is
 * computed directly (1 − P as (1 − d) + (d − c)/(1 + e^z), not 1 minus P): with steep items and c > 0,
 * 1 − P can be 1e-13, where subtracting from 1 would leave an error of 1e-4 in the reference itself.
 */
function pr(p: ItemParameters, t: number, u: 0 | 1 = 1): number {
  const z = p.a * (t - p.b);
  return u === 1 ? p.c + (p.d - p.c) / (1 + Math.exp(-z)) : 1 - p.d + (p.d - p.c) / (1 + Math.exp(z));
}

/**
 * Reference posterior mean and SD: the trapezoidal rule with a step of 1e-4 over ±15 prior SDs, in
 * plain probabilities (400,000+ points; far finer than anything the estimator does).
 */
function referenceEap(params: readonly ItemParameters[], scores: readonly (0 | 1)[], mean = 0, sd = 1) {
  const lo = mean - 15 * sd;
  const hi = mean + 15 * sd;
  const h = 1e-4 * Math.min(1, sd);
  const n = Math.round((hi - lo) / h);
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  for (let k = 0; k <= n; k++) {
    const t = lo + k * h;
    let like = Math.exp(-0.5 * ((t - mean) / sd) ** 2);
    for (let i = 0; i < params.length; i++) like *= pr(params[i]!, t, scores[i]!);
    const w = (k === 0 || k === n ? 0.5 : 1) * like;
    z += w;
    m1 += w * (t - mean);
    m2 += w * (t - mean) ** 2;
  }
  const m = m1 / z;
  return { theta: mean + m, se: Math.sqrt(m2 / z - m * m) };
}

/** Log-likelihood in plain probabilities. */
function logLik(params: readonly ItemParameters[], scores: readonly (0 | 1)[], t: number): number {
  let s = 0;
  params.forEach((p, i) => {
    s += Math.log(pr(p, t, scores[i]!));
  });
  return s;
}

/** The maximiser of the log-likelihood by brute force: a grid of step 1e-3 on [−6, 6], then golden section. */
function bruteMax(params: readonly ItemParameters[], scores: readonly (0 | 1)[]): number {
  let best = -6;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= 12_000; k++) {
    const t = -6 + k * 1e-3;
    const v = logLik(params, scores, t);
    if (v > bestValue) {
      bestValue = v;
      best = t;
    }
  }
  let lo = Math.max(-6, best - 1e-3);
  let hi = Math.min(6, best + 1e-3);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (logLik(params, scores, x1) < logLik(params, scores, x2)) lo = x1;
    else hi = x2;
  }
  return (lo + hi) / 2;
}

describe("EAP accuracy", () => {
  it("is exact to 1e-4 in θ and SE with steep items (a = 12 and a = 25)", () => {
    const cases: [ItemParameters[], (0 | 1)[]][] = [
      [
        [p3(12, 0.3), p3(12, 0.5), p3(1, 0)],
        [1, 0, 1],
      ],
      [
        [p3(25, 0.3), p3(25, 0.5), p3(1, 0)],
        [1, 0, 1],
      ],
      [
        [p3(25, -0.4), p3(12, 0.8), p3(25, 1.1), p3(1.5, 0.2, 0.2)],
        [1, 1, 0, 0],
      ],
      [Array.from({ length: 30 }, (_, i) => p3(i % 2 ? 25 : 12, -1.5 + i * 0.1)), Array(30).fill(1)],
      [[p3(25, 2)], [0]],
    ];
    for (const [params, scores] of cases) {
      const mine = eap(responses(params, scores));
      const ref = referenceEap(params, scores);
      expect(Math.abs(mine.theta - ref.theta), JSON.stringify(params)).toBeLessThan(1e-4);
      expect(Math.abs(mine.se - ref.se), JSON.stringify(params)).toBeLessThan(1e-4);
    }
  });

  it("widens its grid with the prior: all correct under N(0.5, 2²) gives ≈ 3.53, not 3.45", () => {
    const params = Array.from({ length: 10 }, (_, i) => p3(1, -2 + (4 * i) / 9));
    const scores = Array(10).fill(1) as 1[];
    const mine = eap(responses(params, scores), { priorMean: 0.5, priorSd: 2 });
    const ref = referenceEap(params, scores, 0.5, 2);
    expect(ref.theta).toBeCloseTo(3.526, 3);
    expect(Math.abs(mine.theta - ref.theta)).toBeLessThan(1e-4);
    expect(Math.abs(mine.se - ref.se)).toBeLessThan(1e-4);
    // A narrow prior far from 0 is followed too.
    const narrow = eap(responses(params.slice(0, 3), [1, 0, 1]), { priorMean: 4, priorSd: 0.05 });
    const narrowRef = referenceEap(params.slice(0, 3), [1, 0, 1], 4, 0.05);
    expect(Math.abs(narrow.theta - narrowRef.theta)).toBeLessThan(1e-6);
    expect(Math.abs(narrow.se - narrowRef.se)).toBeLessThan(1e-6);
  });

  it("stays exact to 1e-4 for any items, patterns and priors (property)", () => {
    const item = fc.record({
      a: fc.oneof(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: 3, max: 25, noNaN: true })),
      b: fc.double({ min: -3, max: 3, noNaN: true }),
      c: fc.double({ min: 0, max: 0.3, noNaN: true }),
      d: fc.constant(1),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(item, fc.constantFrom<0 | 1>(0, 1)), { minLength: 1, maxLength: 12 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (rows, mean, sd) => {
          const params = rows.map((r) => r[0]);
          const scores = rows.map((r) => r[1]);
          const mine = eap(responses(params, scores), { priorMean: mean, priorSd: sd });
          const ref = referenceEap(params, scores, mean, sd);
          expect(Math.abs(mine.theta - ref.theta)).toBeLessThan(1e-4);
          expect(Math.abs(mine.se - ref.se)).toBeLessThan(1e-4);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("refines where the posterior is when a long test makes it narrow", () => {
    const params = Array.from({ length: 2000 }, (_, i) => p3(2, -1 + ((i * 37) % 200) / 100));
    const scores = params.map((_, i) => ((i * 7919) % 10 < 6 ? 1 : 0)) as (0 | 1)[];
    const mine = eap(responses(params, scores));
    expect(mine.se).toBeLessThan(0.05);
    // The posterior is close to normal here: its mean is within a small fraction of an SE of the MLE.
    const mle = maximumLikelihood(responses(params, scores));
    expect(Math.abs(mine.theta - mle.theta)).toBeLessThan(0.1 * mine.se);
    expect(mine.se).toBeCloseTo(mle.se, 3);
  });

  it("refuses a prior without a positive SD", () => {
    expect(() => eap([], { priorSd: 0 })).toThrow(/positive SD/);
  });
});

/**
 * 20 3PL items and a pattern (right on some hard items, wrong on some easy ones) whose likelihood has
 * two local maxima: Newton from θ = 0 stops at the local one near 0.60 (log-likelihood −18.438)
 * while the global maximum is near −1.57 (−18.217).
 */
const bimodal: [number, number, number][] = [
  [1.47, 1.47, 0.16],
  [1.95, 2.31, 0.29],
  [0.98, 1.24, 0.24],
  [2.4, 1.96, 0.22],
  [0.99, 2.19, 0.21],
  [2.08, 1.29, 0.18],
  [1.77, 1.9, 0.21],
  [2.61, -0.6, 0.29],
  [1.89, -2.35, 0.34],
  [1.2, 2.15, 0.2],
  [0.98, 1.26, 0.3],
  [2.6, 0.63, 0.15],
  [2.45, 2.09, 0.17],
  [2.69, -2.27, 0.19],
  [2.04, 2.2, 0.3],
  [2.75, 0.45, 0.18],
  [0.82, -1.37, 0.17],
  [0.93, -1.33, 0.17],
  [1.19, 2.19, 0.29],
  [1.06, 1.66, 0.34],
];
const bimodalScores = [..."11100100111101110010"].map(Number) as (0 | 1)[];

describe("MLE: the global maximum, and honest about the bounds", () => {
  it("finds the global maximum of a multimodal 3PL likelihood (checked by brute force)", () => {
    const params = bimodal.map(([a, b, c]) => p3(a, b, c));
    const truth = bruteMax(params, bimodalScores);
    expect(truth).toBeCloseTo(-1.572, 2);
    // The other local maximum is really there, and lower.
    let local = 0.6;
    for (let i = 0; i < 50; i++) {
      const h = 1e-5;
      const g =
        (logLik(params, bimodalScores, local + h) - logLik(params, bimodalScores, local - h)) / (2 * h);
      const g2 =
        (logLik(params, bimodalScores, local + h) -
          2 * logLik(params, bimodalScores, local) +
          logLik(params, bimodalScores, local - h)) /
        (h * h);
      local -= g / g2;
    }
    expect(local).toBeCloseTo(0.604, 2);
    expect(logLik(params, bimodalScores, local)).toBeLessThan(logLik(params, bimodalScores, truth) - 0.2);

    const est = maximumLikelihood(responses(params, bimodalScores));
    expect(est.status).toBe("maximum");
    expect(est.theta).toBeCloseTo(truth, 6);
    expect(est.logLikelihood).toBeCloseTo(logLik(params, bimodalScores, truth), 9);
  });

  it("finds the global maximum of random 3PL patterns, whatever their shape (property)", () => {
    const item = fc.record({
      a: fc.double({ min: 0.5, max: 3, noNaN: true }),
      b: fc.double({ min: -3, max: 3, noNaN: true }),
      c: fc.double({ min: 0.1, max: 0.35, noNaN: true }),
      d: fc.constant(1),
    });
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(item, fc.constantFrom<0 | 1>(0, 1)), { minLength: 4, maxLength: 25 })
          .filter((rows) => rows.some((r) => r[1] === 1) && rows.some((r) => r[1] === 0)),
        (rows) => {
          const params = rows.map((r) => r[0]);
          const scores = rows.map((r) => r[1]);
          const est = maximumLikelihood(responses(params, scores));
          const best = logLik(params, scores, bruteMax(params, scores));
          if (est.status === "minus-infinity") {
            // The supremum is the limit as θ → −∞ (guessing on every right answer), above any finite value.
            const limit = params.reduce((s, p, i) => s + Math.log(scores[i] ? p.c : 1 - p.c), 0);
            expect(limit).toBeGreaterThanOrEqual(best - 1e-9);
          } else {
            // Compared by the likelihood: two maxima may tie to within rounding.
            expect(["maximum", "lower-bound", "upper-bound"]).toContain(est.status);
            expect(est.logLikelihood).toBeGreaterThanOrEqual(best - 1e-9);
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("flags an estimate stuck at a bound: the maximum lies beyond it", () => {
    // Two very hard items, one right and one wrong: the maximum is near θ = 9.5, beyond +6.
    const params = [p3(1, 9), p3(1, 10)];
    const est = maximumLikelihood(responses(params, [1, 0]));
    expect(est).toMatchObject({ theta: 6, status: "upper-bound", finite: false });
    expect(Number.isFinite(est.se)).toBe(true);
    const wide = maximumLikelihood(responses(params, [1, 0]), { upper: 20 });
    expect(wide).toMatchObject({ status: "maximum", finite: true });
    expect(wide.theta).toBeCloseTo(9.5, 6);
    const low = maximumLikelihood(responses([p3(1, -9), p3(1, -10)], [1, 0]));
    expect(low).toMatchObject({ theta: -6, status: "lower-bound" });
  });

  it("says when there is no finite estimate: all right, all wrong", () => {
    const params = [p3(1, 0), p3(1.5, 1, 0.2)];
    expect(maximumLikelihood(responses(params, [1, 1]))).toMatchObject({
      theta: 6,
      se: Number.POSITIVE_INFINITY,
      status: "plus-infinity",
      finite: false,
    });
    expect(maximumLikelihood(responses(params, [0, 0]), { lower: -4 })).toMatchObject({
      theta: -4,
      status: "minus-infinity",
      finite: false,
    });
  });

  it("reports a 3PL pattern whose likelihood peaks at −∞ as such, not as a silent −6", () => {
    // A hard item right and an easy item wrong: every finite θ is less likely than the guessing limit
    // log c + log(1 − c) that the likelihood approaches as θ → −∞.
    const params = [p3(2, 2, 0.25), p3(2, -2, 0.25)];
    const est = maximumLikelihood(responses(params, [1, 0]));
    expect(est).toMatchObject({ theta: -6, status: "minus-infinity", finite: false });
    const limit = Math.log(0.25) + Math.log(0.75);
    for (const t of [-6, -2, 0, 2, 6]) expect(logLik(params, [1, 0], t)).toBeLessThan(limit);
  });

  it("prefers the limit at −∞ over an interior local maximum that lies below it", () => {
    // Six 3PL items (a, b, c) and a pattern whose likelihood has a local maximum near θ = −2.51, yet
    // rises higher still towards its limit Σ log c (right) + Σ log(1 − c) (wrong) as θ → −∞.
    const params = [
      [1.48, -0.25, 0.31],
      [1.17, -2.86, 0.3],
      [2.74, -2.49, 0.34],
      [2.94, -1.14, 0.35],
      [1.06, -2.88, 0.2],
      [2.9, -2.67, 0.23],
    ].map(([a, b, c]) => p3(a!, b!, c));
    const scores = [..."001001"].map(Number) as (0 | 1)[];
    const limit = params.reduce((s, p, i) => s + Math.log(scores[i] ? p.c : 1 - p.c), 0);
    const f = (t: number) => logLik(params, scores, t);
    const local = -2.51;
    expect(f(local)).toBeGreaterThan(f(local - 0.02));
    expect(f(local)).toBeGreaterThan(f(local + 0.02));
    for (let t = -6; t <= 6; t += 0.01) expect(f(t)).toBeLessThan(limit);
    const est = maximumLikelihood(responses(params, scores));
    expect(est).toMatchObject({ theta: -6, status: "minus-infinity", finite: false });
  });

  it("returns no estimate for a row with every response missing", () => {
    const params = [p3(1, 0), p3(1, 1)];
    const mle = maximumLikelihood(responses(params, [null, null]));
    expect(mle.status).toBe("no-responses");
    expect(mle.theta).toBeNaN();
    expect(mle.se).toBe(Number.POSITIVE_INFINITY);
    // MAP of nothing is the prior's mode, and says why.
    const map = maximumAPosteriori(responses(params, [null, null]), { prior: { mean: 0.3, sd: 2 } });
    expect(map).toMatchObject({ theta: 0.3, se: 2, status: "no-responses" });
  });
});
