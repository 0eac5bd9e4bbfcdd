import { describe, expect, it } from "vitest";
import { seededRandom } from "../../random/seeded.js";
import { type ItemParameters, probability } from "../models.js";
import { calibrate, mmlCalibration } from "./calibrate.js";
import { expectedCounts } from "./e-step.js";
import { lsat6, lsat7 } from "./lsat-data.js";
import { runMml } from "./mml-em.js";
import { itemValues } from "./mml-model.js";
import { recovery } from "./recovery-stats.js";
import { matrixFromPatterns, type ResponseMatrix } from "./response-matrix.js";
import { randomItems, simulateResponses } from "./simulate.js";
import { gaussJordanInverse } from "./test-oracles.js";

/**
 * Marginal log-likelihood computed independently: per person, the likelihood integrated against the
 * N(0, 1) density by the trapezoidal rule on 1,601 points over [−8, 8], in plain probabilities.
 */
function independentLogLik(m: ResponseMatrix, params: readonly ItemParameters[]): number {
  const n = 1601;
  const h = 16 / (n - 1);
  let ll = 0;
  for (let i = 0; i < m.persons.length; i++) {
    let integral = 0;
    for (let k = 0; k < n; k++) {
      const t = -8 + k * h;
      let like = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
      for (let c = m.start[i]!; c < m.start[i + 1]!; c++) {
        const p = probability(t, params[m.item[c]!]!);
        like *= m.score[c] === 1 ? p : 1 - p;
      }
      integral += (k === 0 || k === n - 1 ? 0.5 : 1) * h * like;
    }
    ll += m.weight[i]! * Math.log(integral);
  }
  return ll;
}

/** The free values (a, d per item) and their covariance from an MML run, for comparison with mirt. */
function slopeIntercepts(m: ResponseMatrix) {
  const run = mmlCalibration(m, { model: "2pl" });
  const em = runMml(run.steps, (t) => expectedCounts(m, t));
  const P = run.layout.size;
  return m.items.map((_, j) => {
    const v = itemValues(run.layout, em.x, j);
    const s = run.layout.slots[j]!;
    return {
      a: v.a,
      d: v.d,
      seA: Math.sqrt(em.covariance![s.a * P + s.a]!),
      seD: Math.sqrt(em.covariance![s.d * P + s.d]!),
    };
  });
}

describe("2PL by marginal ML against published estimates", () => {
  it("LSAT7: mirt's estimates and observed-information SEs", () => {
    // mirt's own tests (philchalmers/mirt, tests/testthat/test-01-mirtOne.R, "dich"): coef() of
    // mirt(expand.table(LSAT7), 1, SE = TRUE, SE.type = "SEM") gives (a1, d) per item, and with
    // SE.type = "Richardson" 95% intervals, from which SE = (upper − lower) / (2 · 1.959964).
    const mirt = [
      { a: 0.9876, d: 1.8559, ci: [0.6406, 1.3354, 1.5984, 2.1138] },
      { a: 1.0808, d: 0.808, ci: [0.7501, 1.4119, 0.6291, 0.9869] },
      { a: 1.7075, d: 1.8052, ci: [1.0779, 2.334, 1.4036, 2.205] },
      { a: 0.765, d: 0.486, ci: [0.5022, 1.028, 0.3392, 0.6328] },
      { a: 0.7357, d: 1.8545, ci: [0.4395, 1.032, 1.6302, 2.0787] },
    ];
    const ours = slopeIntercepts(lsat7());
    ours.forEach((o, j) => {
      const ref = mirt[j]!;
      expect(Math.abs(o.a - ref.a)).toBeLessThan(1e-3);
      expect(Math.abs(o.d - ref.d)).toBeLessThan(1e-3);
      const seA = (ref.ci[1]! - ref.ci[0]!) / (2 * 1.959964);
      const seD = (ref.ci[3]! - ref.ci[2]!) / (2 * 1.959964);
      // The intervals are printed to 4 decimals: the SEs are known to about ±3e-5 (relative 1%).
      expect(Math.abs(o.seA / seA - 1)).toBeLessThan(0.01);
      expect(Math.abs(o.seD / seD - 1)).toBeLessThan(0.01);
    });
  });

  it("LSAT6: ltm's estimates, SEs and log-likelihood", () => {
    // ltm(LSAT ~ z1, IRT.param = TRUE) as printed in ltm's output (Rizopoulos 2006, JSS 17(5); the
    // same summary is reproduced in many tutorials): log-likelihood −2466.653; difficulties with
    // std.err; discriminations with std.err. ltm integrates with 21 Gauss–Hermite points, we with
    // 61 rectangular points, hence the tolerance of 3e-3 on b.
    const ltm = {
      b: [-3.3597, -1.3696, -0.2799, -1.8659, -3.1236],
      seB: [0.8669, 0.3073, 0.0997, 0.4341, 0.87],
      a: [0.8254, 0.7229, 0.8905, 0.6886, 0.6575],
      seA: [0.2581, 0.1867, 0.2326, 0.1852, 0.21],
    };
    const r = calibrate(lsat6(), { model: "2pl" });
    expect(r.converged).toBe(true);
    expect(r.logLik).toBeCloseTo(-2466.653, 2);
    r.items.forEach((it, j) => {
      expect(Math.abs(it.b - ltm.b[j]!)).toBeLessThan(3e-3);
      expect(Math.abs(it.a - ltm.a[j]!)).toBeLessThan(1e-3);
      expect(Math.abs(it.seA! / ltm.seA[j]! - 1)).toBeLessThan(0.01);
      expect(Math.abs(it.seB! / ltm.seB[j]! - 1)).toBeLessThan(0.01);
    });
  });

  it("reports the marginal log-likelihood an independent integration gives at its estimates", () => {
    for (const m of [lsat6(), lsat7()]) {
      const r = calibrate(m, { model: "2pl", standardErrors: false });
      expect(r.logLik).toBeCloseTo(
        independentLogLik(
          m,
          r.items.map((i) => ({ a: i.a, b: i.b, c: i.c, d: 1 })),
        ),
        4,
      );
    }
  });

  it("computes SEs that match a finite-difference Hessian of the independently integrated likelihood", () => {
    const m = lsat7();
    const ours = slopeIntercepts(m);
    const x = ours.flatMap((o) => [o.a, o.d]);
    const f = (v: number[]) =>
      independentLogLik(
        m,
        m.items.map((_, j) => ({ a: v[2 * j]!, b: -v[2 * j + 1]! / v[2 * j]!, c: 0, d: 1 })),
      );
    // Items are independent given θ only through the integral, so check the diagonal blocks' curvature
    // against the inverse: here, the full 10×10 Hessian.
    const h = 1e-3;
    const P = x.length;
    const H = Array.from({ length: P }, () => new Array<number>(P).fill(0));
    for (let k = 0; k < P; k++)
      for (let l = k; l < P; l++) {
        const at = (dk: number, dl: number) =>
          f(x.map((v, i) => v + (i === k ? dk : 0) + (i === l ? dl : 0)));
        const val = -(at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
        H[k]![l] = val;
        H[l]![k] = val;
      }
    const inv = gaussJordanInverse(H);
    ours.forEach((o, j) => {
      expect(Math.abs(o.seA / Math.sqrt(inv[2 * j]![2 * j]!) - 1)).toBeLessThan(2e-3);
      expect(Math.abs(o.seD / Math.sqrt(inv[2 * j + 1]![2 * j + 1]!) - 1)).toBeLessThan(2e-3);
    });
  }, 60_000);

  it("skips missing cells: LSAT7 with two missing responses matches mirt", () => {
    // mirt's test-01-mirtOne.R sets data[1,1] and data[2,2] of expand.table(LSAT7) to NA (two of the
    // twelve all-wrong examinees) and expects these (a1, d) to 1e-2.
    const m7 = lsat7();
    const patterns = [".0000", "0.000", ...m7.persons];
    const counts = [1, 1, ...Array.from(m7.weight, (w, i) => (i === 0 ? w - 2 : w))];
    const m = matrixFromPatterns(m7.items, patterns, counts);
    const mirt = [0.969, 1.851, 1.074, 0.808, 1.717, 1.811, 0.763, 0.486, 0.731, 1.852];
    const ours = slopeIntercepts(m).flatMap((o) => [o.a, o.d]);
    ours.forEach((v, k) => {
      expect(Math.abs(v - mirt[k]!)).toBeLessThan(2e-3);
    });
  });
});

describe("Rasch by marginal ML", () => {
  it("LSAT6: mirt's intercepts and latent variance", () => {
    // mirt's test-01-mirtOne.R: mirt(expand.table(LSAT6), 1, itemtype = "Rasch") gives intercepts
    // d = 2.73, 0.999, 0.24, 1.306, 2.099 (so b = −d) and a latent variance of 0.57.
    const r = calibrate(lsat6(), { model: "rasch", method: "mml" });
    const d = [2.73, 0.999, 0.24, 1.306, 2.099];
    r.items.forEach((it, j) => {
      expect(it.a).toBe(1);
      expect(Math.abs(-it.b - d[j]!)).toBeLessThan(1.5e-3);
    });
    expect(Math.abs(r.population.sd ** 2 - 0.57)).toBeLessThan(2e-3);
    // ltm's rasch(LSAT) reports the same model as a common discrimination 0.755 with N(0, 1).
    expect(r.population.sd).toBeCloseTo(0.755, 3);
  });
});

describe("EM acceleration", () => {
  it("SQUAREM reaches plain EM's answer with far fewer E-steps", () => {
    const m = lsat7();
    const fast = calibrate(m, { model: "2pl", standardErrors: false });
    const slow = calibrate(m, { model: "2pl", standardErrors: false, accelerate: false });
    expect(fast.converged && slow.converged).toBe(true);
    fast.items.forEach((it, j) => {
      expect(Math.abs(it.a - slow.items[j]!.a)).toBeLessThan(2e-3);
      expect(Math.abs(it.b - slow.items[j]!.b)).toBeLessThan(2e-3);
    });
    expect(fast.eSteps! * 2).toBeLessThan(slow.eSteps!);
  });
});

describe("parameter recovery, 2,000 persons × 40 items (known truth)", () => {
  const cases = [
    // model, bounds: correlation of b at least, RMSE of b at most, a, c
    { model: "rasch" as const, corrB: 0.99, rmseB: 0.1 },
    { model: "2pl" as const, corrB: 0.99, rmseB: 0.12, corrA: 0.85, rmseA: 0.12 },
    { model: "3pl" as const, corrB: 0.95, rmseB: 0.3, corrA: 0.7, rmseA: 0.3, rmseC: 0.08 },
  ];
  for (const c of cases) {
    it(`${c.model}: correlation and RMSE against the truth`, () => {
      const rng = seededRandom(`recovery-${c.model}`);
      const truth = randomItems(40, c.model, rng);
      const { matrix } = simulateResponses(truth, 2000, rng);
      const r = calibrate(matrix, {
        model: c.model,
        method: "mml",
        standardErrors: c.model === "2pl",
      });
      expect(r.converged).toBe(true);
      // Rasch by MML estimates the population SD; put its b on the truth's scale (SD 1) by itself:
      // the truth has a = 1 and θ ~ N(0, 1), so the estimated SD should be near 1 too.
      const b = recovery(
        r.items.map((i) => i.b),
        truth.map((t) => t.b),
      );
      expect(b.correlation).toBeGreaterThan(c.corrB);
      expect(b.rmse).toBeLessThan(c.rmseB);
      if (c.model === "rasch") expect(Math.abs(r.population.sd - 1)).toBeLessThan(0.06);
      if (c.corrA !== undefined) {
        const a = recovery(
          r.items.map((i) => i.a),
          truth.map((t) => t.a),
        );
        expect(a.correlation).toBeGreaterThan(c.corrA);
        expect(a.rmse).toBeLessThan(c.rmseA!);
      }
      if (c.rmseC !== undefined) {
        const cc = recovery(
          r.items.map((i) => i.c),
          truth.map((t) => t.c),
        );
        expect(cc.rmse).toBeLessThan(c.rmseC);
      }
      if (c.model === "2pl") {
        // The SEs describe the actual errors: about 95% of the true b lie within ±1.96 SE.
        const covered = r.items.filter((it, j) => Math.abs(it.b - truth[j]!.b) < 1.96 * it.seB!).length;
        expect(covered / r.items.length).toBeGreaterThan(0.85);
      }
    }, 60_000);
  }

  it("treats missing cells as missing, not wrong (40% missing at random)", () => {
    const rng = seededRandom("recovery-missing");
    const truth = randomItems(40, "2pl", rng);
    const { matrix } = simulateResponses(truth, 2000, rng, { missing: 0.4 });
    const r = calibrate(matrix, { model: "2pl", standardErrors: false });
    const b = recovery(
      r.items.map((i) => i.b),
      truth.map((t) => t.b),
    );
    expect(Math.abs(b.bias)).toBeLessThan(0.05);
    expect(b.rmse).toBeLessThan(0.15);
  });
});

describe("fixed-parameter (anchor) calibration", () => {
  it("puts new items on the anchors' scale, estimating the population, and leaves anchors unmoved", () => {
    const rng = seededRandom("anchors");
    const truth = randomItems(40, "2pl", rng);
    // A stronger, more varied group than the anchors' reference population.
    const { matrix } = simulateResponses(truth, 3000, rng, { mean: 0.5, sd: 1.2 });
    const anchors = new Map(truth.slice(0, 30).map((p, j) => [`i${j + 1}`, p] as const));
    const r = calibrate(matrix, { model: "2pl", anchors, standardErrors: false });
    expect(r.converged).toBe(true);
    expect(r.population.estimated).toBe(true);
    expect(Math.abs(r.population.mean - 0.5)).toBeLessThan(0.08);
    expect(Math.abs(r.population.sd - 1.2)).toBeLessThan(0.08);
    r.items.slice(0, 30).forEach((it, j) => {
      expect(it.anchored).toBe(true);
      expect(it.a).toBe(truth[j]!.a);
      expect(it.b).toBeCloseTo(truth[j]!.b, 12);
    });
    const fresh = r.items.slice(30);
    const b = recovery(
      fresh.map((i) => i.b),
      truth.slice(30).map((t) => t.b),
    );
    const a = recovery(
      fresh.map((i) => i.a),
      truth.slice(30).map((t) => t.a),
    );
    expect(b.rmse).toBeLessThan(0.12);
    expect(Math.abs(b.bias)).toBeLessThan(0.08);
    expect(a.rmse).toBeLessThan(0.15);
    // Without anchors the same data would come out on the group's own scale (mean 0, SD 1): shifted.
    const free = calibrate(matrix, { model: "2pl", standardErrors: false });
    const shifted = recovery(
      free.items.slice(30).map((i) => i.b),
      truth.slice(30).map((t) => t.b),
    );
    expect(Math.abs(shifted.bias)).toBeGreaterThan(0.3);
  });
});

describe("Rasch by MML with anchors", () => {
  it("holds anchors at a = 1 and their b, and estimates the population on their scale", () => {
    const rng = seededRandom("rasch-anchors");
    const truth = randomItems(30, "rasch", rng);
    const { matrix } = simulateResponses(truth, 3000, rng, { mean: -0.4, sd: 0.8 });
    const anchors = new Map(truth.slice(0, 20).map((p, j) => [`i${j + 1}`, p] as const));
    const r = calibrate(matrix, { model: "rasch", method: "mml", anchors, standardErrors: false });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.population.mean + 0.4)).toBeLessThan(0.06);
    expect(Math.abs(r.population.sd - 0.8)).toBeLessThan(0.06);
    const fresh = recovery(
      r.items.slice(20).map((i) => i.b),
      truth.slice(20).map((t) => t.b),
    );
    expect(fresh.rmse).toBeLessThan(0.1);
    for (const it of r.items) expect(it.a).toBe(1);
  });
});

describe("priors and quadrature", () => {
  it("a lognormal prior on a pulls every slope toward its median", () => {
    const m = lsat7();
    const free = calibrate(m, { model: "2pl", standardErrors: false });
    const tight = calibrate(m, {
      model: "2pl",
      standardErrors: false,
      priors: { a: { kind: "lognormal", meanLog: 0, sdLog: 0.1 } },
    });
    expect(tight.priors.a).toBe("lognormal(0, 0.1)");
    const spread = (r: typeof free) => {
      const logs = r.items.map((i) => Math.log(i.a));
      const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
      return Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / logs.length);
    };
    // Free slopes range from 0.74 to 1.71; under the prior they crowd around its mode.
    expect(spread(tight)).toBeLessThan(0.5 * spread(free));
    for (const it of tight.items) expect(Math.abs(Math.log(it.a))).toBeLessThan(0.25);
  });

  it("the 3PL states its Beta(6, 16) prior on c, and a strong prior holds c near its mode", () => {
    const m = lsat7();
    const r = calibrate(m, { model: "3pl", standardErrors: false });
    expect(r.priors.c).toBe("beta(6, 16)");
    const strong = calibrate(m, {
      model: "3pl",
      standardErrors: false,
      priors: { c: { kind: "beta", alpha: 601, beta: 1601 } },
    });
    // Mode (α − 1)/(α + β − 2) = 0.2727; 2,200 pseudo-responses outweigh the data on c.
    for (const it of strong.items) expect(Math.abs(it.c - 0.2727)).toBeLessThan(0.01);
  });

  it("41 and 61 quadrature nodes agree on LSAT7 to 2e-3", () => {
    const m = lsat7();
    const q41 = calibrate(m, { model: "2pl", standardErrors: false, quadrature: { points: 41 } });
    const q61 = calibrate(m, { model: "2pl", standardErrors: false });
    expect(q41.quadrature).toEqual({ points: 41, limit: 6 });
    q41.items.forEach((it, j) => {
      expect(Math.abs(it.a - q61.items[j]!.a)).toBeLessThan(2e-3);
      expect(Math.abs(it.b - q61.items[j]!.b)).toBeLessThan(2e-3);
    });
  });

  it("reports the method and refuses CML for the 2PL", () => {
    expect(() => calibrate(lsat7(), { model: "2pl", method: "cml" })).toThrow(
      /conditional ML exists only for the Rasch model/,
    );
  });
});
