import { describe, expect, it } from "vitest";
import { seededRandom } from "../../random/seeded.js";
import { type ItemParameters, itemInformation } from "../models.js";
import { calibrate } from "./calibrate.js";
import { chiSquareSurvival, normalCdf, upperGammaRegularized } from "./distributions.js";
import { raschMeanSquares } from "./fit.js";
import {
  conditionalSem,
  decisionQuality,
  decisionQualityFromEstimates,
  marginalReliability,
  precisionCurve,
  testInformation,
} from "./form-precision.js";
import { lsat6, lsat7 } from "./lsat-data.js";
import { raschCml } from "./rasch-cml.js";
import { responseMatrix } from "./response-matrix.js";
import { randomItems, simulateResponses } from "./simulate.js";
import { summedScoreDistribution } from "./summed-score.js";

describe("distribution functions", () => {
  it("match tabled values", () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(9.21034037197618, 2)).toBeCloseTo(0.01, 12);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(124.34211340400407, 100)).toBeCloseTo(0.05, 10);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-1.2815515655446004)).toBeCloseTo(0.1, 13);
    expect(normalCdf(0)).toBe(0.5);
    // Q(1, x) = e^−x exactly.
    expect(upperGammaRegularized(1, 2.5)).toBeCloseTo(Math.exp(-2.5), 14);
  });
});

describe("Rasch infit and outfit", () => {
  it("match eRm's itemfit on LSAT7 (CML difficulties, MLE person parameters)", () => {
    // eRm 1.0-2 on this machine: itemfit(person.parameter(RM(X))) for the expanded LSAT7 data.
    const infit = [0.9095, 0.9947, 0.8711, 1.0488, 0.9928];
    const outfit = [0.8777, 1.023, 0.8369, 1.0205, 0.9844];
    const m = lsat7();
    const fit = raschMeanSquares(m, raschCml(m).b);
    fit.forEach((f, j) => {
      expect(f.infit).toBeCloseTo(infit[j]!, 3);
      expect(f.outfit).toBeCloseTo(outfit[j]!, 3);
      expect(f.flag).toBeUndefined();
    });
  });

  it("flag an item that does not behave like a Rasch item", () => {
    // 29 Rasch items and one steep item (a = 3): its responses are too predictable (infit, outfit < 1).
    const rng = seededRandom("misfit");
    const items: ItemParameters[] = randomItems(30, "rasch", rng);
    items[7] = { a: 3, b: 0, c: 0, d: 1 };
    const { matrix } = simulateResponses(items, 3000, rng);
    const r = calibrate(matrix, { model: "rasch" });
    const flagged = r.items.filter((i) => i.fit.flag).map((i) => i.id);
    expect(flagged).toEqual(["i8"]);
    expect(r.items[7]!.fit.infit).toBeLessThan(0.8);
    expect(r.items[7]!.fit.outfit).toBeLessThan(0.7);
  });
});

describe("S-X² item fit", () => {
  it("matches mirt's itemfit on LSAT7 (2PL)", () => {
    // mirt's test-01-mirtOne.R: itemfit(mod, "S_X2") for the LSAT7 2PL gives these, each on 2 df.
    const mirt = [4.74944, 14.451071, 1.270381, 5.2374, 0.941125];
    const r = calibrate(lsat7(), { model: "2pl", standardErrors: false });
    r.items.forEach((it, j) => {
      expect(Math.abs(it.fit.sx2! / mirt[j]! - 1)).toBeLessThan(2e-3);
      expect(it.fit.df).toBe(2);
    });
    // Item 2 misfits at the 1% level; the others do not.
    expect(r.items.map((i) => Boolean(i.fit.flag))).toEqual([false, true, false, false, false]);
  });

  it("matches mirt's p-value for LSAT6 item 1", () => {
    // mirt's test-01-mirtOne.R: itemfit(...)$p.S_X2[1] = .7984 for the LSAT6 2PL.
    const r = calibrate(lsat6(), { model: "2pl", standardErrors: false });
    expect(r.items[0]!.fit.p).toBeCloseTo(0.7984, 2);
  });

  it("works with several fixed forms: computed per form and added up, flagging a misfitting item", () => {
    // Three 30-item forms from a 50-item bank (items 1–30, 11–40, 21–50), 1,500 persons each. Item
    // 25 (on every form) guesses: c = 0.3, which a 2PL cannot fit.
    const rng = seededRandom("forms-fit");
    const bank = randomItems(50, "2pl", rng);
    bank[24] = { a: 1.6, b: 0.8, c: 0.3, d: 1 };
    const rows: { person: string; scores: (0 | 1 | null)[] }[] = [];
    [0, 10, 20].forEach((from, f) => {
      const form = bank.slice(from, from + 30);
      const { matrix } = simulateResponses(form, 1500, rng);
      for (let i = 0; i < matrix.persons.length; i++) {
        const scores = new Array<0 | 1 | null>(50).fill(null);
        for (let k = matrix.start[i]!; k < matrix.start[i + 1]!; k++)
          scores[from + matrix.item[k]!] = matrix.score[k] as 0 | 1;
        rows.push({ person: `f${f}-${i}`, scores });
      }
    });
    const m = responseMatrix(
      bank.map((_, j) => `i${j + 1}`),
      rows,
    );
    const r = calibrate(m, { model: "2pl", standardErrors: false });
    expect(r.notes.join(" ")).toContain("S-X² from 3 form(s)");
    // Every item has a statistic; items on three forms have about three times the df.
    for (const it of r.items) expect(it.fit.df).toBeGreaterThan(0);
    expect(r.items[24]!.fit.df!).toBeGreaterThan(2.5 * r.items[0]!.fit.df!);
    expect(r.items[24]!.fit.flag).toMatch(/S-X² = .* p = /);
    // Among the 49 items that follow the model, few false alarms at the 1% level.
    expect(r.items.filter((it, j) => j !== 24 && it.fit.flag).length).toBeLessThanOrEqual(2);
  });

  it("rests on summed-score distributions that sum to one and match enumeration", () => {
    const p = [0.2, 0.5, 0.9].map((x) => Float64Array.of(x));
    const f = summedScoreDistribution(p, 1);
    // Enumerate the 8 patterns.
    const byScore = [0, 0, 0, 0];
    for (let mask = 0; mask < 8; mask++) {
      let prob = 1;
      let s = 0;
      for (let j = 0; j < 3; j++) {
        const on = (mask >> j) & 1;
        prob *= on ? p[j]![0]! : 1 - p[j]![0]!;
        s += on;
      }
      byScore[s]! += prob;
    }
    byScore.forEach((v, s) => {
      expect(f[s]).toBeCloseTo(v, 14);
    });
  });
});

describe("form precision", () => {
  const rng = seededRandom("form");
  const form = randomItems(40, "3pl", rng);

  it("test information is the sum of item information; SEM is its inverse square root", () => {
    for (const t of [-2, 0, 1.5]) {
      const sum = form.reduce((s, p) => s + itemInformation(t, p), 0);
      expect(testInformation(form, t)).toBeCloseTo(sum, 12);
      expect(conditionalSem(form, t)).toBeCloseTo(1 / Math.sqrt(sum), 12);
    }
    expect(precisionCurve(form)).toHaveLength(13);
  });

  it("marginal reliability agrees with an independent integration", () => {
    // σ²/(σ² + E[1/I(θ)]) with E by the trapezoidal rule on 8,001 points over [−8, 8].
    const n = 8001;
    const h = 16 / (n - 1);
    let e = 0;
    for (let k = 0; k < n; k++) {
      const t = -8 + k * h;
      e +=
        ((k === 0 || k === n - 1 ? 0.5 : 1) * h * Math.exp(-0.5 * t * t)) /
        Math.sqrt(2 * Math.PI) /
        testInformation(form, t);
    }
    expect(marginalReliability(form, { quadrature: { points: 161, limit: 8 } })).toBeCloseTo(1 / (1 + e), 3);
  });

  it("Rudner's decision accuracy and consistency agree with a simulation", () => {
    const cut = 0.5;
    const dq = decisionQuality(form, cut, { quadrature: { points: 121, limit: 6 } });
    // Simulate: true θ ~ N(0, 1); two independent estimates θ̂ ~ N(θ, SEM(θ)²) under Rudner's model.
    const sim = seededRandom("rudner");
    let right = 0;
    let agree = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const t = sim.normal();
      const sem = conditionalSem(form, t);
      const pass1 = t + sem * sim.normal() >= cut;
      const pass2 = t + sem * sim.normal() >= cut;
      if (pass1 === t >= cut) right++;
      if (pass1 === pass2) agree++;
    }
    expect(Math.abs(dq.accuracy - right / n)).toBeLessThan(0.005);
    expect(Math.abs(dq.consistency - agree / n)).toBeLessThan(0.005);
    expect(dq.falsePass + dq.falseFail).toBeCloseTo(1 - dq.accuracy, 12);
    expect(dq.consistency).toBeLessThan(dq.accuracy);
  });

  it("Rudner's indices from examinees' estimates: sure decisions far from the cut, a coin toss at it", () => {
    const far = decisionQualityFromEstimates(
      [
        { theta: 3, se: 0.2 },
        { theta: -3, se: 0.2 },
      ],
      0,
    );
    expect(far.accuracy).toBeCloseTo(1, 12);
    const at = decisionQualityFromEstimates([{ theta: 0, se: 0.3 }], 0);
    expect(at.accuracy).toBeCloseTo(0.5, 12);
    expect(at.consistency).toBeCloseTo(0.5, 12);
  });

  it("the calibration reports the marginal reliability of its items", () => {
    const m = responseMatrix(
      ["x", "y"],
      [
        { person: "a", scores: [1, 0] },
        { person: "b", scores: [0, 1] },
        { person: "c", scores: [1, 1] },
        { person: "d", scores: [0, 0] },
      ],
    );
    const r = calibrate(m, { model: "rasch", method: "mml", standardErrors: false });
    expect(r.marginalReliability).toBeGreaterThan(0);
    expect(r.marginalReliability).toBeLessThan(1);
  });
});
