import { describe, expect, it } from "vitest";
import { InputError } from "../input-error.js";
import type { BankItem } from "../items/item.js";
import { buildBank } from "./load.js";
import {
  agreementRate,
  anchorCheck,
  compareReview,
  difficultyFromRating,
  fromSheetLabels,
  priorChanges,
  reviewSheet,
  sheetOrder,
  withAnchors,
} from "./review.js";

const text = `items:
  - id: t-001
    status: live
    outlines: [issmp:3.3.2]
    type: single-choice
    stem: Which approach lets the board weigh the cost of a breach against the cost of controls?
    options:
      - { id: A, text: Quantitative analysis, rationale: SECRET-RATIONALE-A }
      - { id: B, text: Qualitative ranking, rationale: SECRET-RATIONALE-B }
      - { id: C, text: Control self-assessment, rationale: SECRET-RATIONALE-C }
      - { id: D, text: Penetration testing, rationale: SECRET-RATIONALE-D }
    key: A
    explanation: SECRET-EXPLANATION
    references: ["SECRET-REFERENCE"]
  - id: t-002
    status: live
    outlines: [issmp:3.3.2]
    type: multiple-response
    stem: Which TWO belong in a quantitative analysis? Choose TWO.
    options:
      - { id: A, text: Single loss expectancy, rationale: r }
      - { id: B, text: A heat map colour, rationale: r }
      - { id: C, text: Annual rate of occurrence, rationale: r }
      - { id: D, text: A maturity level, rationale: r }
    key: [A, C]
    references: ["x"]
  - id: t-003
    status: live
    outlines: [issmp:3.3.2]
    type: matching
    stem: Match each term to its unit.
    options:
      - { id: A, text: ALE, rationale: r }
      - { id: B, text: ARO, rationale: r }
      - { id: C, text: SLE, rationale: r }
    categories:
      - { id: money, text: Money a year }
      - { id: rate, text: Events a year }
      - { id: once, text: Money per event }
    key: { A: money, B: rate, C: once }
    references: ["x"]
`;
const bank = buildBank([{ file: "t.yaml", text, exam: "issmp" }]);
if (bank.fileErrors[0]) throw bank.fileErrors[0];

describe("blind review", () => {
  it("shows the items without keys, rationales, explanations or references", () => {
    const sheet = reviewSheet(bank.items);
    expect(sheet).toContain("### t-001 (choose one)");
    const t1 = bank.items[0]!;
    const order = sheetOrder(t1);
    expect([...order].sort()).toEqual(["A", "B", "C", "D"]);
    const shown = order.indexOf("C");
    expect(sheet).toContain(`- ${"ABCD"[shown]}. Control self-assessment`);
    expect(sheet).toContain("### t-002 (choose 2)");
    expect(sheet).toContain("`money`: Money a year");
    expect(sheet).not.toContain("SECRET");
    expect(sheet).not.toMatch(/\[A, C\]|A: money/);
    expect(sheet).toContain("`once`: Money per event");
  });

  it("compares answers of every shape with the keys", () => {
    const outcomes = compareReview(
      bank.items,
      {
        "t-001": "B",
        "t-002": { answer: ["C", "A"], flag: "two-answers", note: "B and D read alike" },
        "t-003": { answer: { A: "money", B: "rate", C: "once" } },
      },
      "a.json",
      "authored",
    );
    expect(outcomes.map((o) => [o.id, o.agrees])).toEqual([
      ["t-001", false],
      ["t-002", true],
      ["t-003", true],
    ]);
    expect(outcomes[0]!.key).toBe("A");
    expect(outcomes[1]!.flag).toBe("two-answers");
    expect(agreementRate(outcomes)).toBeCloseTo(2 / 3, 12);
  });

  it("turns the sheet's position letters back into authored option ids", () => {
    const [t1, t2, t3] = bank.items as [BankItem, BankItem, BankItem];
    const letterOf = (item: BankItem, id: string) => "ABCD"[sheetOrder(item).indexOf(id)]!;
    expect(fromSheetLabels(t1, letterOf(t1, "A"))).toBe("A");
    const outcomes = compareReview(
      bank.items,
      {
        "t-001": letterOf(t1, "A"),
        "t-002": [letterOf(t2, "C"), letterOf(t2, "B")],
        "t-003": { [letterOf(t3, "A")]: "money", [letterOf(t3, "B")]: "rate", [letterOf(t3, "C")]: "once" },
      },
      "a.json",
    );
    expect(outcomes.map((o) => o.agrees)).toEqual([true, false, true]);
    expect(outcomes[1]!.answer).toEqual(["C", "B"]);
  });

  it.each([
    [{ "t-009": "A" }, /not in the bank: "t-009"/],
    [{ "t-001": "E" }, /answer to "t-001"/],
    [{ "t-001": ["A"] }, /answer to "t-001"/],
    [{ "t-002": ["A", "A"] }, /answer to "t-002"/],
    [{ "t-002": ["A", "B", "C"] }, /answer to "t-002"/],
    [{ "t-003": { A: "money" } }, /answer to "t-003"/],
    [{ "t-003": { A: "money", B: "euros", C: "once" } }, /answer to "t-003"/],
    [{ "t-001": { answer: "A", flag: "bogus" } }, /not a review answers file/],
    [[1, 2], /not a review answers file/],
    [{}, /holds no answers/],
  ])("rejects a bad answers file %j with a clear message", (answers, message) => {
    expect(() => compareReview(bank.items, answers, "a.json", "authored")).toThrow(InputError);
    expect(() => compareReview(bank.items, answers, "a.json", "authored")).toThrow(message);
  });
});

describe("options-only review and the difficulty prior", () => {
  it("prints an options-only sheet without stems, in the same letters as the full sheet", () => {
    const sheet = reviewSheet(bank.items, "Options only", "options-only");
    for (const item of bank.items) {
      expect(sheet).not.toContain(item.stem);
      if (item.type === "numeric") continue;
      expect(sheet).toContain(`### ${item.id} (`);
      const first = item.options.find((o) => o.id === sheetOrder(item)[0])!;
      expect(sheet).toContain(`- A. ${first.text}`);
    }
    expect(sheet).toContain("from the options alone");
  });

  it("maps a rating r to b = 1.25 × (r − 3)", () => {
    expect([1, 2, 3, 4, 5].map(difficultyFromRating)).toEqual([-2.5, -1.25, 0, 1.25, 2.5]);
  });
});

describe("anchors and priors", () => {
  const single = (id: string, extra = ""): string => `  - id: ${id}
    status: live
    outlines: [issmp:3.3.2]
    type: single-choice
    stem: Which approach lets the board weigh the cost of a breach against controls (${id})?
    options:
      - { id: A, text: Quantitative analysis, rationale: r }
      - { id: B, text: Qualitative ranking, rationale: r }
      - { id: C, text: Control self-assessment, rationale: r }
      - { id: D, text: Penetration testing, rationale: r }
    key: A
    references: ["x"]${extra}
`;
  const items = (ids: string[]) =>
    buildBank([{ file: "x.yaml", text: `items:\n${ids.map((id) => single(id)).join("")}`, exam: "issmp" }])
      .items;

  it("spreads anchors through a sheet, keeps a case-study set together, and refuses an anchor with a sheet item's id", () => {
    const live = items(["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"]);
    // Items 2–4 form one case-study set: no anchor may fall between them.
    const scenario = { id: "case", title: "Case", case: "A case." };
    const sheet = live.map((item, i) => (i >= 1 && i <= 3 ? { ...item, scenario } : item));
    const anchors = items(["k-1", "k-2", "k-3"]);
    const mixed = withAnchors(sheet, anchors);
    expect(mixed.map((i) => i.id).sort()).toEqual([...sheet, ...anchors].map((i) => i.id).sort());
    const order = mixed.map((i) => i.id);
    const setStart = order.indexOf("s-2");
    expect(order.slice(setStart, setStart + 3)).toEqual(["s-2", "s-3", "s-4"]);
    expect(order[0]).not.toBe("k-1");
    expect(order.at(-1)).not.toBe("k-3");
    expect(() => withAnchors(live, items(["s-3"]))).toThrow(/anchor "s-3" is also one of the sheet's items/);
  });

  it("reports the anchors' agreement and mean rating against the 2.2 limit", () => {
    const outcome = (rating: number | undefined, agrees = true) => ({
      id: "k",
      answer: "A",
      key: "A",
      agrees,
      rating,
    });
    expect(anchorCheck([outcome(2), outcome(2, false), outcome(2)])).toMatchObject({
      answered: 3,
      agree: 2,
      meanRating: 2,
      generous: false,
    });
    expect(anchorCheck([outcome(2), outcome(3)]).generous).toBe(true);
    expect(anchorCheck([outcome(undefined)])).toMatchObject({ meanRating: undefined, generous: false });
  });

  it("sets priors from ratings by b = 1.25 × (r − 3), leaving unrated and already-following items alone", () => {
    const bank = buildBank([
      {
        file: "p.yaml",
        text: `items:\n${single("p-1", "\n    difficulty: 0\n    review: { blind: true, date: 2026-12-02, answer: A, rating: 5 }")}${single("p-2", "\n    difficulty: -1.25\n    review: { blind: true, date: 2026-12-02, answer: A, rating: 2 }")}${single("p-3", "\n    difficulty: 1")}${single("p-4", "\n    review: { blind: true, date: 2026-12-02, answer: A, rating: 1 }")}`,
        exam: "issmp",
      },
    ]);
    expect(bank.fileErrors).toEqual([]);
    expect(priorChanges(bank.items)).toEqual([
      { id: "p-1", rating: 5, from: 0, to: 2.5 },
      { id: "p-4", rating: 1, from: 0, to: -2.5 },
    ]);
  });
});
