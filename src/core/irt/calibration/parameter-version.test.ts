/** What a new parameter version says: what moved, and which pretest items it proposes for promotion. */
import { describe, expect, it } from "vitest";
import {
  movement,
  type ParameterVersion,
  promotionProposals,
  type VersionItem,
} from "./parameter-version.js";

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
