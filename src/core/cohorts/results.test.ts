import { describe, expect, it } from "vitest";
import type { Report } from "../scoring/report.js";
import { itemPValues } from "./results.js";

const report = (items: [string, 0 | 1, boolean?][]) =>
  ({
    items: items.map(([id, credit, pretest]) => ({ id, credit, pretest: pretest ?? false })),
  }) as unknown as Report;

describe("a cohort's item statistics", () => {
  it("gives each scored item its share answered right, hardest first, and leaves pretest items out", () => {
    const stats = itemPValues([
      report([
        ["b", 1],
        ["a", 0],
        ["pre", 0, true],
      ]),
      report([
        ["b", 1],
        ["a", 1],
        ["c", 0],
      ]),
      report([
        ["b", 0],
        ["c", 0],
      ]),
    ]);
    expect(stats).toEqual([
      { itemId: "c", answered: 2, correct: 0, p: 0 },
      { itemId: "a", answered: 2, correct: 1, p: 0.5 },
      { itemId: "b", answered: 3, correct: 2, p: 2 / 3 },
    ]);
    expect(itemPValues([])).toEqual([]);
  });
});
