import { describe, expect, it } from "vitest";
import { seededRandom } from "../../random/seeded.js";
import { calibrate } from "./calibrate.js";
import { type CommonItem, link, meanSigma, transformParameters } from "./linking.js";
import { randomItems, simulateResponses } from "./simulate.js";

describe("linking two calibrations through common items", () => {
  it("recovers an exact scale transformation (Stocking–Lord and Haebara)", () => {
    const rng = seededRandom("link-exact");
    const old = randomItems(15, "3pl", rng);
    // The new calibration's scale: θ_new = (θ_old − B)/A with A = 1.3, B = −0.4.
    const A = 1.3;
    const B = -0.4;
    const common: CommonItem[] = old.map((p) => ({
      old: p,
      new: { a: p.a * A, b: (p.b - B) / A, c: p.c, d: 1 },
    }));
    for (const method of ["stocking-lord", "haebara"] as const) {
      const l = link(common, method);
      expect(l.A).toBeCloseTo(A, 6);
      expect(l.B).toBeCloseTo(B, 6);
      expect(l.criterion).toBeLessThan(1e-12);
      const back = transformParameters(common[0]!.new, l.A, l.B);
      expect(back.b).toBeCloseTo(old[0]!.b, 6);
      expect(back.a).toBeCloseTo(old[0]!.a, 6);
    }
  });

  it("links two separate calibrations of groups with different ability", () => {
    // Form X (items 1–40) taken by N(0, 1); form Y (items 21–60) by N(0.6, 1.25²); items 21–40 common.
    const rng = seededRandom("link-groups");
    const bank = randomItems(60, "2pl", rng);
    const x = simulateResponses(bank.slice(0, 40), 4000, rng);
    const y = simulateResponses(bank.slice(20), 4000, rng, { mean: 0.6, sd: 1.25 });
    const cx = calibrate(x.matrix, { model: "2pl", standardErrors: false });
    const cy = calibrate(y.matrix, { model: "2pl", standardErrors: false });
    const common: CommonItem[] = Array.from({ length: 20 }, (_, k) => ({
      old: { ...cx.items[20 + k]!, d: 1 },
      new: { ...cy.items[k]!, d: 1 },
    }));
    // Each calibration set its group to N(0, 1), so θ_X = 1.25·θ_Y + 0.6.
    for (const method of ["stocking-lord", "haebara"] as const) {
      const l = link(common, method);
      expect(Math.abs(l.A - 1.25)).toBeLessThan(0.06);
      expect(Math.abs(l.B - 0.6)).toBeLessThan(0.06);
    }
    const ms = meanSigma(common);
    expect(Math.abs(ms.B - 0.6)).toBeLessThan(0.15);
  }, 60_000);

  it("refuses fewer than two common items", () => {
    const p = { a: 1, b: 0, c: 0, d: 1 };
    expect(() => link([{ old: p, new: p }], "haebara")).toThrow(/at least two common items/);
  });
});
