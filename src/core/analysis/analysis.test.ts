/** Classical item analysis: hand-computed cases, KR-20 against Cronbach's alpha, and flags planted in simulated data. */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/seeded.js";
import { analyseItems } from "./analyse.js";
import type { AttemptRecord, ItemResponse, UnitInfo } from "./records.js";
import { formStatistics, kr20 } from "./reliability.js";
import { pearson, scoreGroups } from "./statistics.js";

const single = (id: string, key: string, options = ["A", "B", "C", "D"]): UnitInfo => ({
  unit: `${id}@1`,
  itemId: id,
  version: 1,
  type: "single-choice",
  family: false,
  options: options.map((o) => ({ id: o, text: `option ${o}`, key: o === key })),
});

/** A single-choice response: `choice` null for an omission. */
function answer(
  id: string,
  key: string,
  choice: string | null,
  timeMs = 0,
  options = ["A", "B", "C", "D"],
): ItemResponse {
  return {
    unit: `${id}@1`,
    item: `${id}@1`,
    credit: choice === key ? 1 : 0,
    omitted: choice === null,
    chosen: choice === null ? [] : [choice],
    offered: options,
    timeMs,
  };
}

describe("plain statistics", () => {
  it("computes Pearson's r, and null where it is undefined", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = 1,2,3,4; y = 1,3,2,4: Sxy = 4, Sxx = Syy = 5, r = 0.8.
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
  });

  it("forms score groups of equal size by mid-rank, keeping equal scores together", () => {
    expect(scoreGroups([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], 5)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]);
    // Sorted 0,0,1,1,2: mid-ranks 1, 3 and 4.5 of 5 → groups 1, 3 and 4.
    expect(scoreGroups([2, 1, 0, 1, 0], 5)).toEqual([4, 3, 1, 3, 1]);
    expect(scoreGroups([5, 5, 5], 5)).toEqual([2, 2, 2]);
  });
});

describe("item and form statistics on a hand-computed case", () => {
  // Five candidates, one form of three single-choice items (keys A, B, C):
  //            q1 q2 q3  total
  //   c1        A  B  C   3
  //   c2        A  B  D   2
  //   c3        A  C  –   1   (q3 left unanswered)
  //   c4        B  B  A   1
  //   c5        C  A  D   0
  const choices: [string, string | null][][] = [
    [
      ["A", "A"],
      ["B", "B"],
      ["C", "C"],
    ].map(([k, c]) => [k!, c!]) as [string, string | null][],
    [
      ["A", "A"],
      ["B", "B"],
      ["C", "D"],
    ],
    [
      ["A", "A"],
      ["B", "C"],
      ["C", null],
    ],
    [
      ["A", "B"],
      ["B", "B"],
      ["C", "A"],
    ],
    [
      ["A", "C"],
      ["B", "A"],
      ["C", "D"],
    ],
  ];
  const records: AttemptRecord[] = choices.map((row, c) => ({
    id: `c${c + 1}`,
    responses: row.map(([key, choice], j) => answer(`q${j + 1}`, key, choice, 1000 * (j + 1) * (c + 1))),
  }));
  const units = new Map([
    ["q1@1", single("q1", "A")],
    ["q2@1", single("q2", "B")],
    ["q3@1", single("q3", "C")],
  ]);
  const analysis = analyseItems(records, units, { minResponses: 5 });
  const q1 = analysis.items.find((i) => i.itemId === "q1")!;
  const q3 = analysis.items.find((i) => i.itemId === "q3")!;

  it("gives p, omissions, time and exposure", () => {
    expect(analysis.attempts).toBe(5);
    expect(q1).toMatchObject({ n: 5, right: 3, p: 0.6, omitted: 0, exposure: 1 });
    expect(q3).toMatchObject({ right: 1, p: 0.2, omitted: 1, omissionRate: 0.2 });
    // q1's time on each attempt is 1000 × (candidate number): mean 3000 ms.
    expect(q1.meanTimeMs).toBe(3000);
  });

  it("gives the point-biserial and the corrected item–total correlation", () => {
    // q1 = 1,1,1,0,0; totals X = 3,2,1,1,0 (mean 1.4, variance 1.04); cov(q1, X) = 0.36,
    // var(q1) = 0.24: r = 0.36 / √(0.24 × 1.04) = 0.720577. The share right X/3 gives the same r.
    expect(q1.pointBiserial).toBeCloseTo(0.36 / Math.sqrt(0.24 * 1.04), 12);
    expect(q1.pointBiserial).toBeCloseTo(0.720577, 6);
    // Rest scores 2,1,0,1,0 (mean 0.8, variance 0.56); cov = 0.12: r = 0.12 / √(0.24 × 0.56) = 0.327327.
    expect(q1.corrected).toBeCloseTo(0.327327, 6);
  });

  it("gives KR-20, the SEM and the score distribution of the form", () => {
    // p = 0.6, 0.6, 0.2: Σpq = 0.64; σ²_X = 1.04; KR-20 = 3/2 × (1 − 0.64/1.04) = 0.576923.
    expect(analysis.forms).toHaveLength(1);
    const form = analysis.forms[0]!;
    expect(form.kr20).toBeCloseTo(1.5 * (1 - 0.64 / 1.04), 12);
    expect(form.kr20).toBeCloseTo(0.576923, 6);
    // SEM = σ_X √(1 − KR-20) = √1.04 × √0.423077 = 0.663325.
    expect(form.sem).toBeCloseTo(0.663325, 6);
    expect(form).toMatchObject({ items: 3, attempts: 5, mean: 1.4, distribution: [1, 2, 1, 1] });
    expect(analysis.singleAttemptForms).toBe(0);
    // Shares right 100%, 67%, 33%, 33%, 0%.
    expect(analysis.scoreBands).toEqual([1, 0, 0, 2, 0, 0, 1, 0, 0, 1]);
  });

  it("tabulates each option by score group of the rest score", () => {
    // q1's rest scores (shares of the other two items) 1, ½, 0, ½, 0 → quintiles 4, 3, 1, 3, 1.
    const table = q1.distractors!;
    expect(table.groups.map((g) => g.n)).toEqual([0, 2, 0, 2, 1]);
    expect(table.groups[1]).toEqual({ n: 2, from: 0, to: 0 });
    const option = (id: string) => table.options.find((o) => o.id === id)!;
    expect(option("A")).toMatchObject({
      key: true,
      chosen: 3,
      share: 0.6,
      byGroup: [null, 0.5, null, 0.5, 1],
    });
    expect(option("B")).toMatchObject({ chosen: 1, byGroup: [null, 0, null, 0.5, 0] });
    expect(option("D")).toMatchObject({ chosen: 0, share: 0 });
    expect(q1.flags.map((f) => f.message)).toContain(
      "D chosen by nobody (offered 5 times): it does no work as a distractor",
    );
  });
});

describe("KR-20", () => {
  it("equals Cronbach's alpha, computed independently with sample variances, on 0/1 data", () => {
    const rng = seededRandom("alpha");
    const k = 12;
    const rows = Array.from({ length: 300 }, () => {
      const theta = rng.normal();
      return Array.from({ length: k }, (_, j) =>
        rng.next() < 1 / (1 + Math.exp(-(theta - (j - 6) / 3))) ? 1 : 0,
      );
    });
    // α = k/(k−1) × (1 − Σ s²_j / s²_X), with s² the unbiased sample variance (n − 1).
    const s2 = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    };
    const itemVariances = Array.from({ length: k }, (_, j) => s2(rows.map((r) => r[j]!)));
    const alpha =
      (k / (k - 1)) *
      (1 -
        itemVariances.reduce((s, v) => s + v, 0) / s2(rows.map((r) => r.reduce((s: number, x) => s + x, 0))));
    expect(kr20(rows)).toBeCloseTo(alpha, 12);
    expect(alpha).toBeGreaterThan(0.5);
  });

  it("is computed only for forms several attempts shared, in any order", () => {
    const rec = (id: string, items: [string, 0 | 1][]): AttemptRecord => ({
      id,
      responses: items.map(([item, credit]) => ({
        unit: item,
        item,
        credit,
        omitted: false,
        chosen: [],
        offered: [],
        timeMs: 0,
      })),
    });
    const { forms, singleAttemptForms } = formStatistics([
      rec("a", [
        ["x@1", 1],
        ["y@1", 0],
      ]),
      rec("b", [
        ["y@1", 1],
        ["x@1", 1],
      ]),
      rec("c", [
        ["x@1", 1],
        ["z@1", 0],
      ]),
      // Another version of y is another item, so another form.
      rec("d", [
        ["x@1", 0],
        ["y@2", 0],
      ]),
    ]);
    expect(singleAttemptForms).toBe(2);
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatchObject({ items: 2, attempts: 2, distribution: [0, 1, 1] });
  });
});

/**
 * 400 simulated candidates (θ ~ N(0, 1)) on one 20-item form of four-option items. Most items behave
 * (the stronger the candidate, the likelier the key; wrong answers spread over the distractors),
 * with problems planted: item k1's key is recorded as B, but C is the right answer (strong
 * candidates choose C); item k2's option D is implausible (nobody chooses it); item k3 is answered
 * right more often by weaker candidates; item k4 is very easy; item k5 is often left unanswered.
 */
function plantedProblems(): { records: AttemptRecord[]; units: Map<string, UnitInfo> } {
  const rng = seededRandom("flags");
  const ids = Array.from({ length: 20 }, (_, j) => (j < 5 ? `k${j + 1}` : `n${j}`));
  const units = new Map(ids.map((id) => [`${id}@1`, single(id, "B")]));
  const records: AttemptRecord[] = [];
  for (let c = 0; c < 400; c++) {
    const theta = rng.normal();
    const p = (b: number, a = 1.5) => 1 / (1 + Math.exp(-a * (theta - b)));
    const responses = ids.map((id, j) => {
      const wrong = (options: string[]) => options[rng.int(options.length)]!;
      let choice: string | null;
      if (id === "k1") choice = rng.next() < p(0) ? "C" : wrong(["A", "B", "D"]);
      else if (id === "k2") choice = rng.next() < p(0) ? "B" : wrong(["A", "C"]);
      else if (id === "k3") choice = rng.next() < p(0, -1) ? "B" : wrong(["A", "C", "D"]);
      else if (id === "k4") choice = rng.next() < p(-4) ? "B" : wrong(["A", "C", "D"]);
      else if (id === "k5")
        choice = rng.next() < 0.25 ? null : rng.next() < p(0) ? "B" : wrong(["A", "C", "D"]);
      else choice = rng.next() < p(-1.5 + (2 * j) / 20) ? "B" : wrong(["A", "C", "D"]);
      return answer(id, "B", choice, 30_000 + rng.int(60_000));
    });
    records.push({ id: `c${c}`, responses });
  }
  return { records, units };
}

describe("flags on planted problems", () => {
  const { records, units } = plantedProblems();
  const analysis = analyseItems(records, units);
  const codes = (id: string) => analysis.items.find((i) => i.itemId === id)!.flags.map((f) => f.code);
  const messages = (id: string) => analysis.items.find((i) => i.itemId === id)!.flags.map((f) => f.message);

  it("says the key may be wrong when the top quintile prefers a distractor", () => {
    expect(messages("k1")).toContain("top quintile prefers C: key may be wrong");
    expect(codes("k1")).toContain("negative-discrimination");
    const c = analysis.items.find((i) => i.itemId === "k1")!.distractors!.options.find((o) => o.id === "C")!;
    expect(c.restCorrelation).toBeGreaterThan(0.3);
    // The top quintile chooses C far more than the bottom one.
    expect(c.byGroup[4]!).toBeGreaterThan(c.byGroup[0]! + 0.4);
  });

  it("names a distractor nobody chose, negative discrimination, an easy and an omitted item", () => {
    expect(messages("k2")).toContain(
      "D chosen by nobody (offered 400 times): it does no work as a distractor",
    );
    expect(codes("k3")).toContain("negative-discrimination");
    expect(codes("k4")).toContain("very-easy");
    expect(codes("k5")).toContain("often-omitted");
    const k5 = analysis.items.find((i) => i.itemId === "k5")!;
    expect(k5.omissionRate).toBeGreaterThan(0.2);
    expect(k5.omissionRate).toBeLessThan(0.3);
  });

  it("leaves the items that behave unflagged, with positive discrimination and working distractors", () => {
    const good = analysis.items.filter((i) => i.itemId.startsWith("n"));
    expect(good).toHaveLength(15);
    for (const item of good) {
      expect(item.corrected!).toBeGreaterThan(0.2);
      expect(item.pointBiserial!).toBeGreaterThan(item.corrected!);
      expect(item.flags.filter((f) => f.code !== "very-easy")).toEqual([]);
      for (const o of item.distractors!.options.filter((x) => !x.key))
        expect(o.restCorrelation!).toBeLessThan(0);
    }
  });

  it("judges nothing before an item has enough responses", () => {
    const few = analyseItems(records.slice(0, 19), units);
    expect(few.items.every((i) => i.flags.length === 0)).toBe(true);
    expect(few.minResponses).toBe(20);
  });
});
