import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hotspotFixture } from "./hotspot-fixture.js";
import { authoredItemSchema, deliveryView, gradeResponse, type Item, keyAsResponse } from "./item.js";
import { matchedMisconception } from "./numeric.js";

const base = {
  id: "t-1",
  status: "live",
  outlines: ["issmp:3.3.2"],
  stem: "Which approach should the security manager choose FIRST for this assessment?",
  references: ["NIST SP 800-30 Rev. 1"],
};
const opts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: String.fromCharCode(65 + i),
    text: `option ${i}`,
    rationale: `why ${i}`,
  }));

const items: Item[] = [
  authoredItemSchema.parse({ ...base, type: "single-choice", options: opts(4), key: "C" }),
  authoredItemSchema.parse({ ...base, type: "multiple-response", options: opts(5), key: ["B", "E"] }),
  authoredItemSchema.parse({ ...base, type: "ordering", options: opts(4), key: ["C", "A", "D", "B"] }),
  authoredItemSchema.parse({
    ...base,
    type: "matching",
    options: opts(4),
    categories: [
      { id: "avoid", text: "Avoid" },
      { id: "transfer", text: "Transfer" },
    ],
    key: { A: "avoid", B: "transfer", C: "avoid", D: "transfer" },
  }),
  authoredItemSchema.parse({
    ...base,
    type: "numeric",
    key: { value: 125000, tolerance: 1, unit: "USD" },
    rationale: "SLE × ARO",
    misconceptions: [{ value: 250000, rationale: "forgot the exposure factor" }],
  }),
  authoredItemSchema.parse({ ...hotspotFixture, ...base }),
];

describe("item types", () => {
  it.each(items.map((i) => [i.type, i] as const))(
    "%s: the key grades correct, nothing graded is unanswered",
    (_t, item) => {
      expect(gradeResponse(item, keyAsResponse(item))).toEqual({ credit: 1, state: "correct", partial: 1 });
      expect(gradeResponse(item, null).state).toBe("unanswered");
      expect(gradeResponse(item, { nonsense: true } as unknown).credit).toBe(0);
    },
  );

  it("grades partial responses as wrong with partial credit for feedback only", () => {
    const [, mr, ord, match] = items;
    expect(gradeResponse(mr!, ["B", "C"])).toEqual({ credit: 0, state: "partial", partial: 1 / 3 });
    expect(gradeResponse(ord!, ["C", "A", "B", "D"])).toEqual({ credit: 0, state: "partial", partial: 0.5 });
    expect(gradeResponse(match!, { A: "avoid", B: "avoid", C: "avoid", D: "transfer" }).partial).toBe(0.75);
  });

  it("grades numeric answers within the tolerance", () => {
    const num = items[4]!;
    expect(gradeResponse(num, 125000.9).credit).toBe(1);
    expect(gradeResponse(num, 125001.5).credit).toBe(0);
    expect(gradeResponse(num, Number.NaN).state).toBe("unanswered");
  });

  it("names the misconception behind a wrong numeric answer the author foresaw, and nothing else", () => {
    const num = items[4]! as Extract<Item, { type: "numeric" }>;
    const two = {
      ...num,
      misconceptions: [...num.misconceptions, { value: 250001.5, rationale: "rounded up" }],
    };
    expect(matchedMisconception(num, 250000.5)).toBe("forgot the exposure factor");
    expect(matchedMisconception(two, 250001.2)).toBe("rounded up");
    expect(matchedMisconception(num, 125000)).toBeUndefined();
    expect(matchedMisconception(num, 99)).toBeUndefined();
    expect(matchedMisconception(num, null)).toBeUndefined();
    // A misconception that sits within the tolerance of the key never shadows a right answer.
    const near = { ...num, misconceptions: [{ value: 125000.5, rationale: "close enough" }] };
    expect(matchedMisconception(near, 125000.5)).toBeUndefined();
  });

  it("never grades a random single-choice response correct unless it is the key", () => {
    const sc = items[0]!;
    fc.assert(
      fc.property(fc.constantFrom("A", "B", "C", "D"), (r) => {
        expect(gradeResponse(sc, r).credit).toBe(r === "C" ? 1 : 0);
      }),
    );
  });

  it("delivers no key and no rationale", () => {
    for (const item of items) {
      const text = JSON.stringify(deliveryView(item));
      expect(text).not.toMatch(/rationale|why \d|"key"|misconception|SLE/);
    }
    expect(deliveryView(items[1]!).select).toBe(2);
    expect(deliveryView(items[4]!).unit).toBe("USD");
    expect(deliveryView(items[0]!, ["D", "C", "B", "A"]).options.map((o) => o.id)).toEqual([
      "D",
      "C",
      "B",
      "A",
    ]);
  });

  it.each([
    [{ type: "single-choice", options: opts(4), key: "E" }, /names option "E"/],
    [{ type: "ordering", options: opts(4), key: ["A", "B", "C"] }, /every option exactly once/],
    [{ type: "multiple-response", options: opts(4), key: ["A", "A"] }, /twice/],
    [
      { type: "single-choice", options: [opts(4)[1], opts(4)[0], opts(4)[2], opts(4)[3]], key: "A" },
      /must be "A"/,
    ],
    [
      {
        type: "matching",
        options: opts(3),
        categories: [
          { id: "x", text: "X" },
          { id: "y", text: "Y" },
        ],
        key: { A: "x", B: "z" },
      },
      /map option "C"|category "z"/,
    ],
  ])("rejects an inconsistent key: %#", (extra, message) => {
    const r = authoredItemSchema.safeParse({ ...base, ...extra });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join("\n")).toMatch(message);
  });
});
