/** Mantel–Haenszel DIF, checked against a published worked example, the ETS rules and a simulation with planted DIF. */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { analyseItems } from "./analyse.js";
import { etsCategory, mantelHaenszel } from "./mantel-haenszel.js";
import type { AttemptRecord, UnitInfo } from "./records.js";
import { chiSquare1Upper, erfc, normalUpper } from "./tail-probabilities.js";

describe("tail probabilities", () => {
  it("matches tabulated values of erfc, the normal and the chi-square (1 df)", () => {
    // Abramowitz & Stegun, Table 7.1; the usual critical values of z and χ².
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(1)).toBeCloseTo(0.1572992070502851, 14);
    expect(erfc(2)).toBeCloseTo(0.004677734981047266, 15);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 12);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 14);
    expect(normalUpper(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalUpper(1.6448536269514722)).toBeCloseTo(0.05, 14);
    expect(chiSquare1Upper(3.841458820694124)).toBeCloseTo(0.05, 14);
    expect(chiSquare1Upper(6.6348966010212145)).toBeCloseTo(0.01, 14);
    expect(chiSquare1Upper(0)).toBe(1);
  });
});

describe("the Mantel–Haenszel common odds ratio and test", () => {
  it("reproduces R's mantelhaen.test on the Rabbits data (Agresti 1990, p. 233)", () => {
    // Penicillin given at once (reference) or 1.5 h later (focal), cured (right) or died (wrong),
    // in five strata of dose. R: X² = 3.9286 (continuity-corrected), p = 0.04747, common odds
    // ratio 7, 95% CI 1.026713–47.725133 (Robins–Breslow–Greenland variance).
    const rabbits = [
      [0, 6, 0, 5],
      [3, 3, 0, 6],
      [6, 0, 2, 4],
      [5, 1, 6, 0],
      [2, 0, 5, 0],
    ].map(([refRight, refWrong, focalRight, focalWrong]) => ({
      refRight: refRight!,
      refWrong: refWrong!,
      focalRight: focalRight!,
      focalWrong: focalWrong!,
    }));
    const mh = mantelHaenszel(rabbits);
    expect(mh.alpha).toBeCloseTo(7, 12);
    expect(mh.chiSquare).toBeCloseTo(3.9286, 4);
    expect(mh.p).toBeCloseTo(0.04747, 5);
    const seLog = mh.seDelta! / 2.35;
    expect(Math.exp(Math.log(7) - 1.959963984540054 * seLog)).toBeCloseTo(1.026713, 5);
    expect(Math.exp(Math.log(7) + 1.959963984540054 * seLog)).toBeCloseTo(47.725133, 3);
    expect(mh.delta).toBeCloseTo(-2.35 * Math.log(7), 12);
    // Every stratum has both groups (the first has no one cured: it adds nothing to α).
    expect(mh).toMatchObject({ strata: 5, reference: 26, focal: 28 });
  });

  it("is 1 with Δ = 0 and no evidence when the groups answer alike at each score", () => {
    const mh = mantelHaenszel([
      { refRight: 10, refWrong: 10, focalRight: 5, focalWrong: 5 },
      { refRight: 30, refWrong: 10, focalRight: 15, focalWrong: 5 },
    ]);
    expect(mh.alpha).toBeCloseTo(1, 12);
    expect(mh.delta).toBeCloseTo(0, 12);
    expect(mh.chiSquare).toBe(0);
    expect(mh.p).toBe(1);
    expect(mh.ets).toBe("A");
  });

  it("says nothing when a group is missing, and gives no Δ without evidence both ways", () => {
    expect(mantelHaenszel([{ refRight: 5, refWrong: 5, focalRight: 0, focalWrong: 0 }])).toMatchObject({
      strata: 0,
      alpha: null,
      chiSquare: null,
      ets: null,
    });
    // Every focal candidate right and every reference one wrong: α = 0, Δ unbounded upwards; with
    // four a side the chi-square is (|0 − 2| − ½)² / (4·4·4·4 / (8²·7)) = 2.25 / 0.571 = 3.94: C+.
    const one = mantelHaenszel([{ refRight: 0, refWrong: 4, focalRight: 4, focalWrong: 0 }]);
    expect(one).toMatchObject({ alpha: null, delta: null, unbounded: "+", ets: "C+" });
    expect(one.chiSquare).toBeCloseTo(2.25 / (256 / 448), 12);
    // The same with two a side is no evidence: A.
    expect(mantelHaenszel([{ refRight: 2, refWrong: 0, focalRight: 0, focalWrong: 2 }])).toMatchObject({
      unbounded: "-",
      ets: "A",
    });
  });
});

describe("the ETS A/B/C classification (Zwick, 2012)", () => {
  const significant = 10;
  it("is A under |Δ| = 1 or without a significant chi-square", () => {
    expect(etsCategory(-0.99, 0.1, significant)).toBe("A");
    expect(etsCategory(2.5, 0.1, 3.8)).toBe("A");
    expect(etsCategory(2.5, 0.1, null)).toBe("A");
  });
  it("is C at |Δ| ≥ 1.5 significantly above 1, else B, with Δ's sign", () => {
    expect(etsCategory(-1.2, 0.1, significant)).toBe("B-");
    expect(etsCategory(1.2, 0.1, significant)).toBe("B+");
    // (1.6 − 1)/0.3 = 2 > 1.645: C. (1.6 − 1)/0.5 = 1.2: not significantly above 1, so B.
    expect(etsCategory(-1.6, 0.3, significant)).toBe("C-");
    expect(etsCategory(-1.6, 0.5, significant)).toBe("B-");
    // Large but just under 1.5: B however small its error.
    expect(etsCategory(1.49, 0.01, significant)).toBe("B+");
    expect(etsCategory(1.5, 0.01, significant)).toBe("C+");
  });
});

/**
 * Rasch responses of a reference group N(0, 1) and a focal group N(−0.5, 1) (so the groups differ in
 * ability: impact, not DIF) to 30 items, with DIF planted in two: item 0 is 0.8 logit harder for the
 * focal group, item 1 0.55 logit easier. Under the Rasch model, with the studied item in the
 * matching score, α_MH estimates exp(shift) (Holland & Thayer, 1988): Δ_MH = −2.35 × shift.
 */
function plantedDif(
  perGroup: number,
  seed: string,
  shift = new Map([
    [0, 0.8],
    [1, -0.55],
  ]),
): { records: AttemptRecord[]; units: Map<string, UnitInfo> } {
  const rng = seededRandom(seed);
  const k = 30;
  const b = Array.from({ length: k }, (_, j) => -2 + (4 * j) / (k - 1));
  const units = new Map<string, UnitInfo>();
  for (let j = 0; j < k; j++)
    units.set(`i${j}@1`, {
      unit: `i${j}@1`,
      itemId: `i${j}`,
      version: 1,
      type: "ordering",
      family: false,
      options: [],
    });
  const records: AttemptRecord[] = [];
  for (const group of ["reference", "focal"] as const)
    for (let p = 0; p < perGroup; p++) {
      const theta = rng.normal() + (group === "focal" ? -0.5 : 0);
      records.push({
        id: `${group}-${p}`,
        group,
        responses: b.map((bj, j) => {
          const difficulty = bj + (group === "focal" ? (shift.get(j) ?? 0) : 0);
          const credit = rng.next() < 1 / (1 + Math.exp(-(theta - difficulty))) ? 1 : 0;
          return {
            unit: `i${j}@1`,
            item: `i${j}@1`,
            credit,
            omitted: false,
            chosen: [],
            offered: [],
            timeMs: 0,
          };
        }),
      });
    }
  return { records, units };
}

describe("DIF planted in simulated responses", () => {
  const { records, units } = plantedDif(2000, "dif");
  const analysis = analyseItems(records, units, { dif: { reference: "cohort A", focal: "cohort B" } });
  const dif = (id: string) => analysis.items.find((i) => i.itemId === id)!.dif!;

  it("recovers the size of each planted DIF within three standard errors, with its sign and category", () => {
    const harder = dif("i0");
    expect(Math.abs(harder.delta! - -2.35 * 0.8)).toBeLessThan(3 * harder.seDelta!);
    expect(harder.ets).toBe("C-");
    expect(harder.p).toBeLessThan(1e-6);
    const easier = dif("i1");
    expect(Math.abs(easier.delta! - 2.35 * 0.55)).toBeLessThan(3 * easier.seDelta!);
    expect(easier.delta).toBeGreaterThan(0);
    expect(easier.ets?.endsWith("+")).toBe(true);
    expect(analysis.items.find((i) => i.itemId === "i0")!.flags.map((f) => f.message)).toContain(
      `DIF C− (Δ_MH ${harder.delta! < 0 ? "−" : "+"}${Math.abs(harder.delta!).toFixed(2)}, SE ${harder.seDelta!.toFixed(2)}): harder for cohort B than for cohort A candidates of equal score`,
    );
  });

  it("finds little DIF in the 28 items without any, though the groups differ in ability", () => {
    const clean = analysis.items.filter((i) => i.itemId !== "i0" && i.itemId !== "i1");
    expect(clean).toHaveLength(28);
    // The groups' raw shares right differ (impact) …
    const gap = clean.map((i) => i.dif!.groups.reference.p - i.dif!.groups.focal.p);
    expect(gap.reduce((s, x) => s + x, 0) / gap.length).toBeGreaterThan(0.05);
    // … but matched on score, Δ_MH centres on 0 and hardly any item reaches B or C.
    const deltas = clean.map((i) => i.dif!.delta!);
    expect(Math.abs(deltas.reduce((s, x) => s + x, 0) / deltas.length)).toBeLessThan(0.15);
    expect(clean.filter((i) => i.dif!.ets !== "A").length).toBeLessThanOrEqual(2);
    expect(analysis.dif).toMatchObject({
      attempts: { reference: 2000, focal: 2000 },
      length: 30,
      matching: "total",
    });
  });

  it("matches on the rest score when asked, and still finds the large DIF", () => {
    const rest = analyseItems(records, units, { dif: { reference: "A", focal: "B", matching: "rest" } });
    expect(rest.dif).toMatchObject({ matching: "rest", length: 30 });
    const harder = rest.items.find((i) => i.itemId === "i0")!.dif!;
    expect(harder.ets).toBe("C-");
    expect(harder.delta!).toBeLessThan(-1.5);
    // Rest scores run 0–29: at most 30 strata, against 31 for the total.
    expect(harder.strata).toBeLessThanOrEqual(30);
  });

  it("holds the type I error rate of the MH test near 5% over replications without DIF", () => {
    // 40 replications × 30 DIF-free items, 300 per group: the share of p < .05 should be near .05
    // (the continuity correction makes the test a little conservative).
    let tests = 0;
    let rejected = 0;
    for (let rep = 0; rep < 40; rep++) {
      const sim = plantedDif(300, `null-${rep}`, new Map());
      const a = analyseItems(sim.records, sim.units, { dif: { reference: "R", focal: "F" } });
      for (const item of a.items) {
        if (item.dif!.p === null) continue;
        tests++;
        if (item.dif!.p < 0.05) rejected++;
      }
    }
    expect(tests).toBeGreaterThan(1000);
    expect(rejected / tests).toBeGreaterThan(0.02);
    expect(rejected / tests).toBeLessThan(0.08);
  });
});
