/** What a new parameter version says: what moved, and which pretest items it proposes for promotion. */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../random/seeded.js";
import { calibrate } from "./calibrate.js";
import {
  linkToBaseline,
  movement,
  type ParameterVersion,
  promotionProposals,
  type VersionItem,
  versionFromCalibration,
} from "./parameter-version.js";
import { randomItems, simulateResponses } from "./simulate.js";

const it1 = (id: string, a: number, b: number, extra: Partial<VersionItem> = {}): VersionItem => ({
  id,
  a,
  b,
  c: 0,
  responses: 300,
  pValue: 0.5,
  fit: { infit: 1, outfit: 1 },
  ...extra,
});

const previous: ParameterVersion = {
  id: 4,
  exam: "issmp",
  model: "2pl",
  method: "mml",
  createdAt: 0,
  attempts: 500,
  converged: true,
  iterations: 20,
  logLik: -1,
  notes: [],
  items: [it1("x", 1, 0), it1("y", 1.2, 0.5), it1("z", 0.9, -1)],
};

describe("movement", () => {
  it("compares with the priors the first time: b against the author's difficulty, a against 1", () => {
    const m = movement({ items: [it1("x", 1, 0.2), it1("y", 1.5, 2), it1("w", 1, -0.4)] }, null, (id) =>
      id === "w" ? undefined : id === "x" ? 0 : 1,
    );
    expect(m.previous).toBeNull();
    // w has neither a previous parameter nor a rating: not compared.
    expect(m.compared).toBe(2);
    expect(m.moved.map((x) => [x.id, x.from, x.deltaB, x.deltaA])).toEqual([["y", "prior", 1, 0.5]]);
    expect(m.summary).toBe(
      "1 of 2 item(s) moved more than 0.3 in b or a against the authors' priors (mean |Δb| 0.60, mean |Δa| 0.25)",
    );
  });

  it("compares with the previous version where it had the item, and sorts the moves by size", () => {
    const m = movement(
      { items: [it1("x", 1, 0.35), it1("y", 0.6, 0.5), it1("z", 0.9, -1.1), it1("new", 1, 2)] },
      previous,
      () => 0,
    );
    expect(m.previous).toBe(4);
    expect(m.moved.map((x) => [x.id, x.from])).toEqual([
      ["new", "prior"],
      ["y", "previous"],
      ["x", "previous"],
    ]);
    expect(m.moved[1]!.deltaA).toBeCloseTo(-0.6, 12);
    expect(m.summary).toMatch(/^3 of 4 item\(s\) moved more than 0\.3 in b or a against version 4/);
  });
});

describe("promotionProposals", () => {
  const pbis = new Map<string, number | null>([
    ["good", 0.32],
    ["thin", 0.3],
    ["noisy", 0.25],
    ["flat", 0.1],
    ["adaptive", null],
    ["live", 0.4],
  ]);
  const items = [
    it1("good", 1, 0.1),
    it1("thin", 1, 0.1, { responses: 120 }),
    it1("noisy", 1, 0.1, { fit: { infit: 1.45, outfit: 1.2 } }),
    it1("flat", 1, 0.1),
    it1("adaptive", 1, 0.1),
    it1("live", 1, 0.1),
  ];
  const pretest = new Set(["good", "thin", "noisy", "flat", "adaptive"]);

  it("proposes only pretest items with enough responses, Rasch infit/outfit within 0.7–1.3 and point-biserial above 0.15", () => {
    const cases = promotionProposals("rasch", items, pretest, pbis);
    expect(cases.map((c) => [c.id, c.proposed])).toEqual([
      ["good", true],
      ["adaptive", false],
      ["flat", false],
      ["noisy", false],
      ["thin", false],
    ]);
    const why = Object.fromEntries(cases.map((c) => [c.id, c.reasons.join("; ")]));
    expect(why.thin).toBe("120 responses, fewer than 200");
    expect(why.noisy).toBe("infit 1.45, outfit 1.20: outside 0.7–1.3");
    expect(why.flat).toBe("point-biserial 0.10, not above 0.15");
    expect(why.adaptive).toMatch(/no point-biserial/);
    expect(cases.find((c) => c.id === "good")!.reasons).toEqual([]);
  });

  it("judges 2PL/3PL fit by the S-X² the calibration computed, and takes another response floor", () => {
    const sx2 = items.map((i) => ({
      ...i,
      fit:
        i.id === "noisy" ? { sx2: 40, df: 8, p: 0.0001 } : i.id === "flat" ? {} : { sx2: 8, df: 8, p: 0.4 },
    }));
    const cases = promotionProposals("2pl", sx2, pretest, pbis, {
      minResponses: 100,
      minPointBiserial: 0.15,
    });
    const why = Object.fromEntries(cases.map((c) => [c.id, c.reasons.join("; ")]));
    expect(why.thin).toBe("");
    expect(why.noisy).toBe("S-X² p = 0.000, below 0.01");
    expect(why.flat).toMatch(/^no S-X² fit .*; point-biserial 0\.10, not above 0\.15$/);
  });
});

describe("linking a new version to the scale before it (known truth)", () => {
  /** A calibration of 3,000 candidates from N(mean, sd²) on 30 items whose true parameters are `truth`. */
  function calibratedOn(model: "rasch" | "2pl", mean: number, sd: number, seed: string, shift = 0) {
    const rng = seededRandom(seed);
    const truth = randomItems(30, model, rng).map((p) => ({ ...p, b: p.b + shift }));
    const { matrix } = simulateResponses(truth, 3000, rng, { mean, sd });
    const result = calibrate(matrix, { model, standardErrors: model === "2pl" });
    return { truth, version: versionFromCalibration("issmp", result, 0, 3000) };
  }
  const rmseB = (items: readonly VersionItem[], truth: readonly { b: number }[]) =>
    Math.sqrt(items.reduce((s, it, j) => s + (it.b - truth[j]!.b) ** 2, 0) / items.length);

  it("2PL: a stronger population's calibration is moved back onto the previous version's scale", () => {
    // The candidates are stronger and more spread than the population the scale was set on: calibrated
    // alone, every b comes out about 0.8 too low and a 1.3 times too high.
    const { truth, version } = calibratedOn("2pl", 0.8, 1.3, "link-2pl");
    const before: ParameterVersion = {
      ...previous,
      items: truth.map((p, j) => it1(`i${j + 1}`, p.a, p.b)),
    };
    expect(rmseB(version.items, truth)).toBeGreaterThan(0.5);
    const { version: linked, link } = linkToBaseline(version, before, () => undefined);
    expect(link).toMatchObject({ against: 4, method: "stocking-lord", common: 30 });
    expect(link!.A).toBeGreaterThan(1.15);
    expect(link!.A).toBeLessThan(1.45);
    expect(link!.B).toBeGreaterThan(0.65);
    expect(link!.B).toBeLessThan(0.95);
    expect(rmseB(linked.items, truth)).toBeLessThan(0.15);
    const aRatio = linked.items.reduce((s, it, j) => s + Math.log(it.a / truth[j]!.a), 0) / 30;
    expect(Math.abs(aRatio)).toBeLessThan(0.08);
    // Standard errors go with the scale; the note says what was done.
    expect(linked.items[0]!.seB).toBeCloseTo(version.items[0]!.seB! * link!.A, 10);
    expect(linked.notes.at(-1)).toMatch(/scale of version 4 through 30 common item/);
  }, 30_000);

  it("Rasch: the first calibration is shifted onto the authors' priors, and a stays 1", () => {
    // A hard bank (b about 0.9 higher than its candidates' mean): CML sets Σb = 0, so alone every b
    // comes out about 0.9 too low.
    const { truth, version } = calibratedOn("rasch", 0, 1, "link-rasch", 0.9);
    // The authors' priors: the true difficulties, as if the authors had guessed them right.
    const prior = new Map(truth.map((p, j) => [`i${j + 1}`, p.b]));
    const { version: linked, link } = linkToBaseline(version, null, (id) => prior.get(id));
    expect(link).toMatchObject({ against: null, method: "mean-mean", A: 1, common: 30 });
    expect(link!.B).toBeGreaterThan(0.6);
    expect(link!.B).toBeLessThan(1.2);
    expect(linked.items.every((i) => i.a === 1)).toBe(true);
    expect(rmseB(linked.items, truth)).toBeLessThan(rmseB(version.items, truth) / 3);
  });

  it("leaves a version alone when fewer than five items are in common", () => {
    const { version } = calibratedOn("rasch", 0, 1, "link-few");
    const few = new Map([
      ["i1", 0],
      ["i2", 1],
      ["i3", -1],
      ["i4", 0.5],
    ]);
    const out = linkToBaseline(version, null, (id) => few.get(id));
    expect(out.link).toBeNull();
    expect(out.version).toBe(version);
  });
});
