/** The bundled item bank: it must always pass the linter and fill a full ISSMP form. */
import { describe, expect, it } from "vitest";
import { assembleForm } from "../src/core/assembly/assemble.js";
import { lintBank } from "../src/core/bank/lint.js";
import { requireSoundBank } from "../src/core/bank/load.js";
import { bankStats } from "../src/core/bank/stats.js";
import { findCertification } from "../src/core/catalog/catalog.js";
import { outlineAsOf } from "../src/core/catalog/outline-in-force.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";

describe("the bundled item bank", () => {
  const catalog = loadCatalog();
  const bank = loadBank();

  it("passes bank lint with no errors", () => {
    const result = lintBank(bank, catalog);
    expect(
      result.errors.map((e) => `${e.file}:${e.line ?? ""} ${e.itemId ?? ""} ${e.rule}: ${e.message}`),
    ).toEqual([]);
    expect(result.itemsChecked).toBeGreaterThanOrEqual(200);
  });

  it("covers every ISSMP task statement and fills a full 125-item ISSMP form", () => {
    const issmp = findCertification(catalog, "issmp");
    const outline = outlineAsOf(issmp, "2026-11-24").outline;
    const items = requireSoundBank(bank);
    const measured = new Set(items.filter((i) => i.status === "live").flatMap((i) => i.outlines));
    const tasks = outline.domains.flatMap((d) => d.subdomains.flatMap((s) => s.tasks.map((t) => t.id)));
    expect(tasks.filter((t) => !measured.has(t))).toEqual([]);
    const form = assembleForm({
      exam: "issmp",
      outline,
      examFacts: issmp.exam,
      bank: items,
      seed: "bundled",
    });
    expect(form.items).toHaveLength(125);
  });

  it("meets the ISSMP bank targets: size, coverage, shares, types, AI items, key balance and blind review", () => {
    const s = bankStats(bank, catalog, "2026-11-29", "issmp").issmp!;
    expect(s.items).toBeGreaterThanOrEqual(450);
    expect(s.thin).toEqual({ subdomains: [], tasks: [] });
    for (const [domain, { share, weight }] of Object.entries(s.domainShares))
      expect(Math.abs(share - weight), `domain ${domain}`).toBeLessThanOrEqual(3);
    for (const type of ["multiple-response", "ordering", "matching"])
      expect(s.byType[type]).toBeGreaterThanOrEqual(12);
    expect(s.byTag.ai).toBeGreaterThanOrEqual(40);
    const singles = s.byType["single-choice"]!;
    for (const n of Object.values(s.keyPositions)) {
      expect(n / singles).toBeGreaterThanOrEqual(0.2);
      expect(n / singles).toBeLessThanOrEqual(0.3);
    }
    expect(s.keyLongestShare).toBeLessThanOrEqual(0.3);
    expect(s.reviews.reviewed).toBe(s.items);
    const issmpItems = requireSoundBank(bank).filter(
      (i) => i.status === "live" && i.outlines[0]?.startsWith("issmp:"),
    );
    const scenarios = new Map<string, number>();
    for (const i of issmpItems)
      if (i.scenario) scenarios.set(i.scenario.id, (scenarios.get(i.scenario.id) ?? 0) + 1);
    expect([...scenarios.values()].filter((n) => n >= 3 && n <= 5).length).toBeGreaterThanOrEqual(5);
    const aiDomains = new Set(
      issmpItems.filter((i) => i.tags.includes("ai")).map((i) => i.outlines[0]!.split(":")[1]!.split(".")[0]),
    );
    expect([...aiDomains].sort()).toEqual(["1", "2", "3", "4", "5", "6"]);
  });
});
