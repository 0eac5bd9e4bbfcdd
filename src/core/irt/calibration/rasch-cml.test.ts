import { describe, expect, it } from "vitest";
import { seededRandom } from "../../random/seeded.js";
import { logGamma } from "./distributions.js";
import { elementarySymmetric } from "./esf.js";
import { lsat6, lsat7 } from "./lsat-data.js";
import { conditionalLogLik, raschCml } from "./rasch-cml.js";
import { matrixFromPatterns, type ResponseMatrix } from "./response-matrix.js";
import { randomItems, simulateResponses } from "./simulate.js";
import { gaussJordanInverse } from "./test-oracles.js";

/** log γ_r by brute force over every subset (small n only). */
function bruteEsf(eps: number[]): number[] {
  const n = eps.length;
  const g = new Array<number>(n + 1).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let prod = 1;
    let r = 0;
    for (let j = 0; j < n; j++)
      if (mask & (1 << j)) {
        prod *= eps[j]!;
        r++;
      }
    g[r]! += prod;
  }
  return g;
}

/** Conditional log-likelihood by enumerating every pattern with each person's score over the items they saw. */
function bruteConditionalLogLik(m: ResponseMatrix, b: number[]): number {
  let ll = 0;
  for (let i = 0; i < m.persons.length; i++) {
    const items = Array.from(m.item.subarray(m.start[i]!, m.start[i + 1]!));
    const scores = Array.from(m.score.subarray(m.start[i]!, m.start[i + 1]!));
    const r = scores.reduce((s, x) => s + x, 0);
    if (r === 0 || r === items.length) continue;
    let denom = 0;
    for (let mask = 0; mask < 1 << items.length; mask++) {
      let count = 0;
      let e = 0;
      items.forEach((j, k) => {
        if (mask & (1 << k)) {
          count++;
          e -= b[j]!;
        }
      });
      if (count === r) denom += Math.exp(e);
    }
    const num = -items.reduce((s, j, k) => s + scores[k]! * b[j]!, 0);
    ll += m.weight[i]! * (num - Math.log(denom));
  }
  return ll;
}

describe("elementary symmetric functions", () => {
  it("equal brute-force enumeration on 10 items", () => {
    const rng = seededRandom("esf");
    const eps = Array.from({ length: 10 }, () => Math.exp(rng.normal()));
    const brute = bruteEsf(eps);
    const { values, logScale } = elementarySymmetric(eps);
    brute.forEach((g, r) => {
      expect(Math.log(values[r]!) + logScale).toBeCloseTo(Math.log(g), 10);
    });
  });

  it("stay exact for 200 items where γ_r spans hundreds of orders of magnitude", () => {
    // All ε equal to e^1.5: γ_r = C(200, r)·e^{1.5 r}, known in closed form.
    const n = 200;
    const { values, logScale } = elementarySymmetric(new Array(n).fill(Math.exp(1.5)));
    for (const r of [0, 1, 50, 100, 150, 199, 200]) {
      const exact = logGamma(n + 1) - logGamma(r + 1) - logGamma(n - r + 1) + 1.5 * r;
      expect(Math.log(values[r]!) + logScale).toBeCloseTo(exact, 7);
    }
  });
});

describe("Rasch by conditional maximum likelihood", () => {
  // eRm 1.0-2 (Debian r-cran-erm), RM() on the expanded LSAT data, run on this machine:
  // difficulties are −betapar (sum-zero), SEs se.beta, conditional log-likelihood r$loglik.
  const eRm = {
    lsat6: {
      b: [-1.256128, 0.474907, 1.235981, 0.16841, -0.62317],
      se: [0.104406, 0.069917, 0.068778, 0.072619, 0.085917],
      logLik: -1091.57,
    },
    lsat7: {
      b: [-0.54147, 0.536545, -0.133583, 0.805166, -0.666659],
      se: [0.079168, 0.067961, 0.073133, 0.067457, 0.081518],
      logLik: -1182.7,
    },
  };

  for (const [name, data] of [
    ["lsat6", lsat6],
    ["lsat7", lsat7],
  ] as const) {
    it(`matches eRm on ${name.toUpperCase()} to 1e-5 (difficulties and SEs)`, () => {
      const r = raschCml(data());
      expect(r.converged).toBe(true);
      r.b.forEach((b, j) => {
        expect(b).toBeCloseTo(eRm[name].b[j]!, 5);
      });
      r.se.forEach((se, j) => {
        expect(se).toBeCloseTo(eRm[name].se[j]!, 4);
      });
      expect(r.logLik).toBeCloseTo(eRm[name].logLik, 1);
      expect([...r.b].reduce((s, x) => s + x, 0)).toBeCloseTo(0, 12);
    });
  }

  it("maximises the conditional likelihood computed by brute-force enumeration, with SEs from its curvature", () => {
    const m = lsat7();
    const r = raschCml(m);
    const b = [...r.b];
    expect(conditionalLogLik(m, b)).toBeCloseTo(bruteConditionalLogLik(m, b), 8);
    expect(r.logLik).toBeCloseTo(bruteConditionalLogLik(m, b), 8);
    // Gradient zero in every direction that keeps the sum at zero; SEs equal the pseudo-inverse of the
    // finite-difference Hessian of the brute-force likelihood.
    const h = 1e-4;
    const J = b.length;
    const f = (x: number[]) => bruteConditionalLogLik(m, x);
    const H: number[][] = [];
    for (let j = 0; j < J; j++) {
      const up = b.map((x, k) => (k === j ? x + h : x));
      const down = b.map((x, k) => (k === j ? x - h : x));
      expect(Math.abs(f(up) - f(down)) / (2 * h)).toBeLessThan(1e-5);
      H.push(
        Array.from({ length: J }, (_, k) => {
          const pp = b.map((x, i) => x + (i === j ? h : 0) + (i === k ? h : 0));
          const pm = b.map((x, i) => x + (i === j ? h : 0) - (i === k ? h : 0));
          const mp = b.map((x, i) => x - (i === j ? h : 0) + (i === k ? h : 0));
          const mm = b.map((x, i) => x - (i === j ? h : 0) - (i === k ? h : 0));
          return -(f(pp) - f(pm) - f(mp) + f(mm)) / (4 * h * h);
        }),
      );
    }
    // Pseudo-inverse of the singular information: invert H + 11ᵀ/J, subtract 11ᵀ/J.
    const A = H.map((row) => row.map((v) => v + 1 / J));
    const inv = gaussJordanInverse(A);
    r.se.forEach((se, j) => {
      expect(se).toBeCloseTo(Math.sqrt(inv[j]![j]! - 1 / J), 4);
    });
  });

  it("handles persons who saw different items (missing responses) like the brute-force likelihood", () => {
    // LSAT7 with three blocks of missing cells: persons who saw items 1–4, 2–5, or 1, 3, 5 only.
    const full = lsat7();
    const patterns: string[] = [];
    const counts: number[] = [];
    full.persons.forEach((p, i) => {
      const w = full.weight[i]!;
      const third = Math.floor(w / 3);
      patterns.push(`${p.slice(0, 4)}.`, `.${p.slice(1)}`, `${p[0]}.${p[2]}.${p[4]}`, p);
      counts.push(third, third, third, w - 3 * third);
    });
    const keep = counts.map((c, k) => [c, k] as const).filter(([c]) => c > 0);
    const m = matrixFromPatterns(
      full.items,
      keep.map(([, k]) => patterns[k]!),
      keep.map(([c]) => c),
    );
    const r = raschCml(m);
    expect(r.converged).toBe(true);
    const b = [...r.b];
    const h = 1e-5;
    for (let j = 0; j < b.length; j++) {
      const up = b.map((x, k) => (k === j ? x + h : x));
      const down = b.map((x, k) => (k === j ? x - h : x));
      const g = (bruteConditionalLogLik(m, up) - bruteConditionalLogLik(m, down)) / (2 * h);
      expect(Math.abs(g)).toBeLessThan(1e-4);
    }
    expect(r.logLik).toBeCloseTo(bruteConditionalLogLik(m, b), 8);
  });

  it("recovers 120 simulated difficulties (5,000 persons) and keeps anchored items where they are", () => {
    const rng = seededRandom("cml-recovery");
    const truth = randomItems(120, "rasch", rng);
    const { matrix } = simulateResponses(truth, 5000, rng);
    const r = raschCml(matrix);
    expect(r.converged).toBe(true);
    const mean = truth.reduce((s, p) => s + p.b, 0) / truth.length;
    const err = truth.map((p, j) => r.b[j]! - (p.b - mean));
    const rmse = Math.sqrt(err.reduce((s, e) => s + e * e, 0) / err.length);
    const meanSe = r.se.reduce((s, x) => s + x, 0) / r.se.length;
    expect(rmse).toBeLessThan(0.05);
    // The SEs describe the actual error: RMSE within 25% of the mean SE.
    expect(Math.abs(rmse / meanSe - 1)).toBeLessThan(0.25);

    const anchors = new Map(truth.slice(0, 20).map((p, j) => [j, p.b] as const));
    const anchored = raschCml(matrix, { anchors });
    for (const [j, b] of anchors) {
      expect(anchored.b[j]).toBe(b);
      expect(anchored.se[j]).toBe(0);
    }
    const freeErr = truth.slice(20).map((p, k) => anchored.b[k + 20]! - p.b);
    expect(Math.sqrt(freeErr.reduce((s, e) => s + e * e, 0) / freeErr.length)).toBeLessThan(0.06);
  });

  it("refuses an item nobody answers both ways among informative persons", () => {
    const m = matrixFromPatterns(["x", "y", "z"], ["110", "100", "101", "111"], [5, 5, 5, 5]);
    expect(() => raschCml(m)).toThrow(/item x has only correct responses/);
  });
});
