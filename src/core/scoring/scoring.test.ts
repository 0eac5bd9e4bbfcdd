import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priorParameters } from "../irt/models.js";
import { proficiency } from "./proficiency.js";
import { scaledScore } from "./scale.js";

const isc2 = { min: 0, max: 1000, passing: 700 };
const isaca = { min: 200, max: 800, passing: 450 };
const form = Array.from({ length: 125 }, (_, i) => priorParameters(-2 + (4 * i) / 124));

describe("scaled score", () => {
  it("puts θ at the cut on the passing score, and the ends of the range on the ends of the scale", () => {
    expect(scaledScore(0, form, isc2)).toBe(700);
    expect(scaledScore(0, form, isaca)).toBe(450);
    expect(scaledScore(4, form, isc2)).toBe(1000);
    expect(scaledScore(-4, form, isaca)).toBe(200);
    expect(scaledScore(0.8, form, isc2, 0.8)).toBe(700);
  });

  it("is monotone in θ and agrees with the cut on pass or fail", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        (x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          expect(scaledScore(lo, form, isc2)).toBeLessThanOrEqual(scaledScore(hi, form, isc2));
          expect(scaledScore(x, form, isc2) >= 700).toBe(x >= 0);
        },
      ),
    );
  });
});

describe("domain proficiency", () => {
  it("is Above or Below only when the 95% interval clears the cut", () => {
    expect(proficiency(1.2, 0.5, 0)).toBe("Above");
    expect(proficiency(0.9, 0.5, 0)).toBe("Near");
    expect(proficiency(-1.2, 0.5, 0)).toBe("Below");
    expect(proficiency(-0.9, 0.5, 0)).toBe("Near");
  });
});
