import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import { lintBank } from "../bank/lint.js";
import { buildBank } from "../bank/load.js";
import { gradeResponse, keyAsResponse } from "../items/item.js";
import { middleRandom } from "../random/middle.js";
import { generatedItems, regenerate } from "./bank.js";
import { FAMILIES } from "./families.js";
import { formatValue } from "./family.js";

describe("computed item families", () => {
  it("has at least eight families", () => {
    expect(FAMILIES.length).toBeGreaterThanOrEqual(8);
  });

  it.each([
    ["ale", "$26,000"], // 2,600,000 × 0.1 = 260,000; × 0.1 a year
    ["control-value", "$177,000"], // 550,000 − 195,000 − 178,000
    ["rosi", "65.5%"], // (240,000 − 145,000) / 145,000
    ["npv", "$67,638"], // −300,000 + 135,000 × (1/1.05 + 1/1.05² + 1/1.05³)
    ["rto-mtd", "8 hours"], // 12 − 4
    ["availability", "432 minutes"], // 30 × 24 × 60 = 43,200; × 1%
    ["kri-trend", "9 months"], // ⌈ln(180/120) / ln 1.05⌉ = ⌈8.31⌉
    ["budget-variance", "-12%"], // (1,540,000 − 1,750,000) / 1,750,000
  ])("%s: computes the hand-worked case (%s)", (id, expected) => {
    const family = FAMILIES.find((f) => f.id === id)!;
    const worked = family.build(middleRandom);
    expect(formatValue(worked.answer, worked.unit)).toBe(expected);
    expect(worked.working).toContain(expected.replace(/ (hours|minutes|months)$/, ""));
  });

  it("builds items with four distinct options, the computed key, and a rationale for each", () => {
    for (const item of generatedItems("t", 40)) {
      expect(item.type).toBe("single-choice");
      if (item.type !== "single-choice") continue;
      expect(item.options).toHaveLength(4);
      expect(new Set(item.options.map((o) => o.text)).size).toBe(4);
      for (const o of item.options) expect(o.rationale.length).toBeGreaterThan(20);
      expect(gradeResponse(item, keyAsResponse(item)).credit).toBe(1);
      expect(item.tags).toContain("generated");
    }
  });

  it("spreads keys over the four positions", () => {
    const counts = new Map<string, number>();
    for (const item of generatedItems("balance", 100))
      if (item.type === "single-choice") counts.set(item.key, (counts.get(item.key) ?? 0) + 1);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(FAMILIES.length * 100);
    for (const pos of ["A", "B", "C", "D"]) expect(counts.get(pos)! / total).toBeGreaterThan(0.2);
  });

  it("regenerates exactly the item behind an id, and never repeats numbers across seeds", () => {
    const items = generatedItems("regen", 5);
    for (const item of items) expect(regenerate(item.id)).toEqual(item);
    expect(regenerate("issmp-3.3-001")).toBeUndefined();
    const stems = new Set(generatedItems("a", 20).map((i) => i.stem));
    expect(stems.size).toBeGreaterThan(FAMILIES.length * 18);
  });

  it("passes the bank linter", () => {
    const items = generatedItems("lint", 3);
    const bank = buildBank([]);
    bank.items.push(...items);
    for (const i of items)
      bank.locations.set(i.id, { file: "generated", line: undefined, exam: i.outlines[0]!.split(":")[0]! });
    const result = lintBank(bank, loadCatalog());
    expect(result.errors.filter((e) => e.rule !== "near-duplicate")).toEqual([]);
  });
});
