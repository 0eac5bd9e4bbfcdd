import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import { loadBank } from "../../store/content/item-files.js";
import { requireSoundBank } from "../bank/load.js";
import { syntheticBank } from "../bank/synthetic.js";
import type { Catalog } from "../catalog/catalog.js";
import { findCertification } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import type { Certification } from "../catalog/schema.js";
import type { BankItem } from "../items/item.js";
import { apportion, apportionCapped } from "./apportion.js";
import { assembleForm } from "./assemble.js";

let catalog: Catalog;
let issmp: Certification;
let bank: BankItem[];
beforeAll(() => {
  catalog = loadCatalog();
  issmp = findCertification(catalog, "issmp");
  bank = syntheticBank({
    exam: "issmp",
    outline: outlineAsOf(issmp, "2026-11-24").outline,
    size: 2000,
    seed: "test",
  });
});

const request = (extra: Partial<Parameters<typeof assembleForm>[0]> = {}) => ({
  exam: "issmp",
  outline: outlineAsOf(issmp, "2026-11-24").outline,
  examFacts: issmp.exam,
  bank,
  seed: "s1",
  ...extra,
});

describe("apportionment", () => {
  it("gives the ISSMP's 125 items 26/19/25/23/15/17 (largest remainder; ties to the larger weight)", () => {
    expect(apportion(125, [21, 15, 20, 18, 12, 14])).toEqual([26, 19, 25, 23, 15, 17]);
  });

  it("always sums to N and gives each part the floor or ceiling of its quota", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 9 }),
        (n, w) => {
          const counts = apportion(n, w);
          const total = w.reduce((s, x) => s + x, 0);
          expect(counts.reduce((s, c) => s + c, 0)).toBe(n);
          counts.forEach((c, i) => {
            const q = (n * w[i]!) / total;
            expect(c).toBeGreaterThanOrEqual(Math.floor(q + 1e-9));
            expect(c).toBeLessThanOrEqual(Math.ceil(q - 1e-9));
          });
        },
      ),
    );
  });
});

describe("assembly", () => {
  it("meets the ISSMP blueprint exactly and covers every subdomain", () => {
    const form = assembleForm(request());
    expect(form.items).toHaveLength(125);
    expect(form.counts).toEqual({ "1": 26, "2": 19, "3": 25, "4": 23, "5": 15, "6": 17 });
    for (const [d, n] of Object.entries(form.counts))
      expect(form.items.filter((i) => i.domain === d)).toHaveLength(n);
    const subs = new Set(form.items.map((i) => i.subdomain));
    expect(subs.size).toBe(30);
    expect(new Set(form.items.map((i) => i.id)).size).toBe(125);
    expect(form.items.every((i) => !i.pretest)).toBe(true);
  });

  it("is reproducible from a seed and different for different seeds", () => {
    const a = assembleForm(request()).items.map((i) => i.id);
    expect(assembleForm(request()).items.map((i) => i.id)).toEqual(a);
    const b = assembleForm(request({ seed: "s2" })).items.map((i) => i.id);
    expect(b).not.toEqual(a);
  });

  it("keeps enemies off the same form and leaves out excluded items", () => {
    const enemyBank = bank.map((i, k) => (k < 200 ? { ...i, enemies: [bank[k + 200]!.id] } : i));
    for (const seed of ["e1", "e2", "e3"]) {
      const form = assembleForm(request({ bank: enemyBank, seed }));
      const ids = new Set(form.items.map((i) => i.id));
      for (let k = 0; k < 200; k++) expect(ids.has(bank[k]!.id) && ids.has(bank[k + 200]!.id)).toBe(false);
    }
    const exclude = new Set(bank.slice(0, 1500).map((i) => i.id));
    const form = assembleForm(request({ excludeIds: exclude }));
    expect(form.items.some((i) => exclude.has(i.id))).toBe(false);
  });

  it("says which domain lacks items", () => {
    let kept = 0;
    const thin = bank.filter((i) => !i.outlines[0]!.startsWith("issmp:5.") || kept++ < 10);
    expect(() => assembleForm(request({ bank: thin }))).toThrow(
      /domain 5 \(Contingency Management\) needs 15 items but has 10 live items/,
    );
  });

  it("builds practice forms by domain, task and tag, of any length", () => {
    const byDomain = assembleForm(request({ domains: ["3", "5"], length: 20 }));
    expect(byDomain.counts).toEqual({ "3": 13, "5": 7 });
    const byTask = assembleForm(request({ tasks: ["issmp:3.3.2"], length: 3 }));
    expect(byTask.items.every((i) => i.task === "issmp:3.3.2")).toBe(true);
    expect(() => assembleForm(request({ domains: ["9"] }))).toThrow(/has no domain 9/);
  });

  it("keeps a scenario set together, in its authored order", () => {
    const real = requireSoundBank(loadBank());
    for (const seed of ["a", "b", "c", "d", "e", "f"]) {
      const form = assembleForm(request({ bank: real, seed, length: 15 }));
      const positions = form.items
        .map((it, k) => (it.id.startsWith("issmp-case-ransomware-") ? k : -1))
        .filter((k) => k >= 0);
      const ids = positions.map((k) => form.items[k]!.id);
      expect(ids).toEqual([...ids].sort());
      if (positions.length > 1) expect(positions.at(-1)! - positions[0]!).toBe(positions.length - 1);
    }
  });

  it("inserts the CISSP's 25 unscored pretest items within the first 100 positions", () => {
    const cissp = findCertification(catalog, "cissp");
    const outline = outlineAsOf(cissp, "2026-11-24").outline;
    const cisspBank = syntheticBank({ exam: "cissp", outline, size: 1500, review: 100, seed: "c" });
    const form = assembleForm({ exam: "cissp", outline, examFacts: cissp.exam, bank: cisspBank, seed: "x" });
    expect(form.items).toHaveLength(150);
    const positions = form.items.map((it, k) => (it.pretest ? k : -1)).filter((k) => k >= 0);
    expect(positions).toHaveLength(25);
    expect(Math.max(...positions)).toBeLessThan(100);
    expect(Object.values(form.counts).reduce((s, n) => s + n, 0)).toBe(125);
  });
});

describe("capped apportionment", () => {
  it("gives min(n, Σ caps) items, none above its cap, in proportion where the caps allow", () => {
    expect(apportionCapped(10, [50, 25, 25], [2, 10, 10])).toEqual([2, 4, 4]);
    expect(apportionCapped(10, [50, 25, 25], [1, 1, 1])).toEqual([1, 1, 1]);
    expect(apportionCapped(8, [50, 25, 25], [10, 10, 0])).toEqual([5, 3, 0]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 12 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (n, parts) => {
          const counts = apportionCapped(
            n,
            parts.map((p) => p[0]),
            parts.map((p) => p[1]),
          );
          const capTotal = parts.reduce((s, p) => s + p[1], 0);
          expect(counts.reduce((s, c) => s + c, 0)).toBe(Math.min(n, capTotal));
          for (const [i, c] of counts.entries()) expect(c).toBeLessThanOrEqual(parts[i]![1]);
        },
      ),
    );
  });
});
