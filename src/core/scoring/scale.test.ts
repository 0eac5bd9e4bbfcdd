/** The θ → scale transformation: fixed per exam, anchored at the cut, monotone, independent of any form. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import {
  exactScaledScore,
  referenceProbability,
  SCALE_REACH,
  scaledBand,
  scaledScore,
  scaleMapFor,
} from "./scale.js";

const isc2 = scaleMapFor({ min: 0, max: 1000, passing: 700 });
const isaca = scaleMapFor({ min: 200, max: 800, passing: 450 });

describe("the θ → scale transformation", () => {
  it("puts θ at the cut on the passing score, and cut ± 4 on the ends of the scale", () => {
    expect(scaledScore(0, isc2)).toBe(700);
    expect(scaledScore(0, isaca)).toBe(450);
    expect(scaledScore(4, isc2)).toBe(1000);
    expect(scaledScore(-4, isc2)).toBe(0);
    expect(scaledScore(-4, isaca)).toBe(200);
    expect(scaledScore(4, isaca)).toBe(800);
    expect(scaledScore(-9, isc2)).toBe(0);
    expect(scaledScore(50, isaca)).toBe(800);
    const moved = scaleMapFor({ min: 0, max: 1000, passing: 700 }, 0.8);
    expect(scaledScore(0.8, moved)).toBe(700);
    expect(scaledScore(0.8 - SCALE_REACH, moved)).toBe(0);
    expect(scaledScore(0.8 + SCALE_REACH, moved)).toBe(1000);
  });

  it("is the documented curve: linear in the reference probability 1/(1 + e^−(θ − cut)) on each side of the cut", () => {
    // Computed by hand from the definition, independently of the code's arrangement of it.
    const sigma = (x: number) => 1 / (1 + Math.exp(-x));
    const lo = sigma(-4);
    const hi = sigma(4);
    for (const theta of [-3.5, -2, -1, -0.25, 0.25, 1, 2, 3.5]) {
      const expected =
        theta < 0
          ? (700 * (sigma(theta) - lo)) / (0.5 - lo)
          : 700 + (300 * (sigma(theta) - 0.5)) / (hi - 0.5);
      expect(exactScaledScore(theta, isc2)).toBeCloseTo(expected, 9);
      expect(referenceProbability(theta, 0)).toBeCloseTo(sigma(theta), 12);
    }
    // The README's figures: θ = −1 → 364, θ = +1 → 844 on the ISC2 scale; 330 and 618 on ISACA's.
    expect(scaledScore(-1, isc2)).toBe(364);
    expect(scaledScore(1, isc2)).toBe(844);
    expect(scaledScore(-1, isaca)).toBe(330);
    expect(scaledScore(1, isaca)).toBe(618);
    expect(scaledScore(-1, isaca)).toBe(330);
    expect(scaledScore(1, isaca)).toBe(618);
  });

  it("is monotone in θ on a fine grid, and agrees with the cut on pass or fail, for every exam with a scale", () => {
    const catalog = loadCatalog();
    const exams = catalog.certifications.filter((c) => c.exam.scale);
    expect(exams.length).toBeGreaterThanOrEqual(7);
    for (const cert of exams) {
      const map = scaleMapFor(cert.exam.scale);
      const problems: string[] = [];
      let previous = Number.NEGATIVE_INFINITY;
      let previousExact = Number.NEGATIVE_INFINITY;
      for (let k = 0; k <= 32_000; k++) {
        const theta = -8 + k * 0.0005;
        const score = scaledScore(theta, map);
        const exact = exactScaledScore(theta, map);
        if (score < previous || exact < previousExact) problems.push(`falls at θ = ${theta}`);
        if (Math.abs(theta) < SCALE_REACH && !(exact > previousExact)) problems.push(`flat at θ = ${theta}`);
        if (score >= cert.exam.scale.passing !== theta >= 0) problems.push(`cut disagrees at θ = ${theta}`);
        if (score < cert.exam.scale.min || score > cert.exam.scale.max)
          problems.push(`off scale at ${theta}`);
        previous = score;
        previousExact = exact;
      }
      expect(problems, cert.id).toEqual([]);
    }
  });

  it("is monotone and agrees with the cut for any scale and cut (property)", () => {
    const scale = fc
      .tuple(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
      )
      .map(([min, up, over]) => ({ min, passing: min + up, max: min + up + over }));
    const theta = fc.double({ min: -12, max: 12, noNaN: true });
    fc.assert(
      fc.property(scale, fc.double({ min: -3, max: 3, noNaN: true }), theta, theta, (s, cut, x, y) => {
        const map = scaleMapFor(s, cut);
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(scaledScore(lo, map)).toBeLessThanOrEqual(scaledScore(hi, map));
        expect(exactScaledScore(lo, map)).toBeLessThanOrEqual(exactScaledScore(hi, map));
        expect(scaledScore(x, map) >= s.passing).toBe(x >= cut);
        expect(scaledScore(cut, map)).toBe(s.passing);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives a band that contains the score and spans the scale for an infinite SE", () => {
    expect(scaledBand(0.3, 0.2, 1.96, isc2)).toEqual([
      scaledScore(0.3 - 0.392, isc2),
      scaledScore(0.3 + 0.392, isc2),
    ]);
    const [a, b] = scaledBand(0.3, 0.2, 1.96, isc2);
    expect(a).toBeLessThanOrEqual(scaledScore(0.3, isc2));
    expect(b).toBeGreaterThanOrEqual(scaledScore(0.3, isc2));
    expect(scaledBand(0, Number.POSITIVE_INFINITY, 1.96, isaca)).toEqual([200, 800]);
  });

  it("refuses a scale it cannot map monotonically", () => {
    expect(() => scaleMapFor({ min: 0, max: 700, passing: 700 })).toThrow(/strictly between/);
    expect(() => scaleMapFor({ min: 0, max: 1000, passing: 700.5 })).toThrow(/whole numbers/);
    expect(() => scaleMapFor({ min: 0, max: 1000, passing: 700 }, Number.NaN)).toThrow(/cut θ/);
  });
});
