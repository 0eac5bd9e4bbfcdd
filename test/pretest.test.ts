/**
 * Pretest (unscored) items: only a full-length exam-mode form carries them, and a candidate's report
 * says how many there were but never which. A practice or tutor attempt that carried them would let
 * a candidate collect the list of pretest items and recognise them on a real exam.
 */
import { describe, expect, it } from "vitest";
import { buildExamForm, type ContentSource } from "../src/app/exams/setup.js";
import { syntheticBank } from "../src/core/bank/synthetic.js";
import { findCertification } from "../src/core/catalog/catalog.js";
import { outlineAsOf } from "../src/core/catalog/outline-in-force.js";
import { candidateReport, type Report } from "../src/core/scoring/report.js";
import { loadCatalog } from "../src/store/content/content-dir.js";

const catalog = loadCatalog();
const cert = findCertification(catalog, "cissp");
const items = syntheticBank({
  exam: "cissp",
  outline: outlineAsOf(cert, "2026-11-24").outline,
  size: 800,
  review: 60,
  seed: "pretest",
});
const content: ContentSource = { catalog: () => catalog, today: () => "2026-11-29", authored: () => items };
const inReview = new Set(items.filter((i) => i.status === "review").map((i) => i.id));

describe("pretest items", () => {
  it("go on a full-length exam-mode form of a linear exam only: never on practice, tutor or short forms", () => {
    // The CISSP's rules as if it were a linear exam with 25 pretest items.
    const linearCatalog = structuredClone(catalog);
    findCertification(linearCatalog, "cissp").exam.delivery = "linear";
    const linear: ContentSource = { ...content, catalog: () => linearCatalog };
    const full = buildExamForm(linear, "cissp", { seed: "full", mode: "exam" }).form.items;
    expect(full.filter((f) => f.pretest)).toHaveLength(25);
    expect(full.filter((f) => f.pretest).every((f) => inReview.has(f.id))).toBe(true);
    for (const req of [
      { seed: "t1", mode: "tutor", items: 1 },
      { seed: "t2", mode: "tutor" },
      { seed: "e1", mode: "exam", items: 10 },
      { seed: "d1", mode: "exam", domains: ["1"] },
    ]) {
      const form = buildExamForm(content, "cissp", req).form.items;
      expect(
        form.filter((f) => f.pretest),
        JSON.stringify(req),
      ).toEqual([]);
      expect(
        form.some((f) => inReview.has(f.id)),
        JSON.stringify(req),
      ).toBe(false);
    }
    // A one-item practice is one item, not one padded with 25 unscored ones.
    expect(buildExamForm(content, "cissp", { seed: "t3", mode: "tutor", items: 1 }).form.items).toHaveLength(
      1,
    );
  });

  it("stay on an adaptive exam's adaptive form: the CISSP's fixed linear practice form is 125 scored items and nothing else", () => {
    const form = buildExamForm(content, "cissp", { seed: "linear", mode: "exam" });
    expect(form.full).toBe(true);
    expect(form.form.items).toHaveLength(125);
    expect(form.form.items.some((f) => f.pretest || inReview.has(f.id))).toBe(false);
    // By blueprint: the 16/10/13/13/13/12/13/10 weights, within an item of 125 × weight.
    const outline = outlineAsOf(cert, "2026-11-24").outline;
    for (const d of outline.domains) {
      const n = form.form.items.filter((f) => f.domain === d.id).length;
      expect(Math.abs(n - (125 * d.weight) / 100), d.id).toBeLessThanOrEqual(1);
    }
  });

  it("are counted in a candidate's report but never named, nor singled out by a breakdown or the θ trace", () => {
    const outline = outlineAsOf(cert, "2026-11-24").outline;
    const sub = outline.domains[0]!.subdomains;
    const item = (id: string, s: number, pretest: boolean, credit: 0 | 1) => ({
      id,
      pretest,
      credit,
      domain: outline.domains[0]!.id,
      subdomain: sub[s]!.id,
      task: `cissp:${sub[s]!.id}.${id}`,
    });
    // "u" is the only item of its subdomain and task, and unscored.
    const items = [item("a", 0, false, 1), item("b", 0, false, 0), item("u", 1, true, 1)];
    const report = {
      raw: { correct: 1, scored: 2, answered: 3, pretest: 1 },
      subdomains: [{ id: sub[0]!.id, name: sub[0]!.name, correct: 1, scored: 2 }],
      tasks: [],
      items,
      adaptive: {
        selections: [
          { itemId: "a", theta: 0, se: 1 },
          { itemId: "u", theta: 0.4, se: 0.8 },
          { itemId: "b", theta: 0.4, se: 0.8 },
        ],
        stopReason: "confidence",
      },
    } as unknown as Report;
    const mine = candidateReport(report, outline);
    expect(mine.raw.pretest).toBe(1);
    const text = JSON.stringify(mine);
    expect(text).not.toContain('pretest":true');
    expect(mine.items.some((i) => "pretest" in i)).toBe(false);
    // The lone unscored item's subdomain is counted like any other, under its name.
    expect(mine.subdomains).toEqual([
      { id: sub[0]!.id, name: sub[0]!.name, correct: 1, scored: 2 },
      { id: sub[1]!.id, name: sub[1]!.name, correct: 1, scored: 1 },
    ]);
    expect(mine.tasks.map((t) => t.scored)).toEqual([1, 1, 1]);
    // θ after scored items only, with no item ids.
    expect(mine.adaptive!.selections).toEqual([
      { theta: 0, se: 1 },
      { theta: 0.4, se: 0.8 },
    ]);
    // The instructor's and author's report keeps the flags.
    expect(report.items.map((i) => i.pretest)).toEqual([false, false, true]);
  });
});
