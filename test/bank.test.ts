/** The bundled item bank: it must always pass the linter and fill a full ISSMP form. */
import { describe, expect, it } from "vitest";
import { assembleForm } from "../src/core/assembly/assemble.js";
import { lintBank } from "../src/core/bank/lint.js";
import { requireSoundBank } from "../src/core/bank/load.js";
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
});
