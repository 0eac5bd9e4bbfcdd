/**
 * The report says what its score rests on: which scored items have calibrated parameters and which
 * the authors' priors, and what that means for the band. A candidate's report keeps the count but
 * never lets an item's parameter source single out the unscored items.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import { assembleForm } from "../assembly/assemble.js";
import { syntheticBank } from "../bank/synthetic.js";
import { findCertification } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import { record } from "../exam/advance.js";
import { replay } from "../exam/attempt.js";
import { startBody } from "../exam/start.js";
import type { Step, StepBody } from "../exam/steps.js";
import { eap } from "../irt/estimate.js";
import { type ItemParameters, priorParameters } from "../irt/models.js";
import { gradeResponse, keyAsResponse } from "../items/item.js";
import { buildReport, candidateReport, practiceNote } from "./report.js";

const cissp = findCertification(loadCatalog(), "cissp");
const outline = outlineAsOf(cissp, "2026-11-24").outline;
const bank = syntheticBank({ exam: "cissp", outline, size: 600, review: 60, seed: "sources" });
const items = new Map(bank.map((i) => [i.id, i]));

/** A full-length exam-mode CISSP form (with its 25 unscored items), every other item answered right. */
function finishedAttempt() {
  const form = assembleForm({
    exam: "cissp",
    outline,
    examFacts: cissp.exam,
    bank,
    seed: "p",
    pretest: true,
  });
  const start = startBody({
    exam: "cissp",
    behaviour: "exam",
    seed: "p",
    form: form.items,
    items,
    timeLimitMs: null,
  });
  let state = replay([{ ...start, seq: 0, at: 0 } as Step]);
  const answers: StepBody[] = state.form
    .filter((_, k) => k % 2 === 0)
    .map((f) => ({ kind: "answer", itemId: f.id, response: keyAsResponse(items.get(f.id)!) }));
  state = record(state, [...answers, { kind: "finish", reason: "candidate" }], 1).state;
  return state;
}

describe("parameter sources in the report", () => {
  it("says that every scored item rests on its author's prior, and what that means for the band", () => {
    const state = finishedAttempt();
    const report = buildReport(state, { exam: cissp.exam, outline, items }, 0);
    expect(report.raw.pretest).toBe(25);
    expect(report.parameterSources).toEqual({ calibrated: 0, prior: report.raw.scored });
    expect(report.items.every((i) => i.parameterSource === "prior")).toBe(true);
    expect(report.scaled.note).toContain(`None of the ${report.raw.scored} scored items has been calibrated`);
    expect(report.scaled.note).toMatch(/only if those guesses are right/);
    expect(report.scaled.note).not.toMatch(/^the band shows where the true score likely lies\.?$/);
    expect(report.scaled.method).toMatch(/fixed scale .* same on every form and in every mode/);
  });

  it("counts calibrated parameters where they are supplied, and scores with them", () => {
    const state = finishedAttempt();
    const scored = state.form.filter((f) => !f.pretest);
    const pretest = state.form.filter((f) => f.pretest);
    // Calibrated parameters for 40 scored items and, as a later calibration might, for 3 pretest items.
    const parameters = new Map<string, ItemParameters>(
      [...scored.slice(0, 40), ...pretest.slice(0, 3)].map((f, k) => [
        f.id,
        { a: 0.6 + (k % 5) * 0.3, b: items.get(f.id)!.difficulty + 0.5, c: 0.2, d: 1 },
      ]),
    );
    const report = buildReport(state, { exam: cissp.exam, outline, items, parameters }, 0);
    // Counts are over scored items only: unscored items do not enter the score.
    expect(report.parameterSources).toEqual({ calibrated: 40, prior: scored.length - 40 });
    expect(report.items.filter((i) => i.parameterSource === "calibrated")).toHaveLength(43);
    expect(report.scaled.note).toContain(
      `40 of the ${scored.length} scored items have parameters calibrated`,
    );
    expect(report.scaled.note).toContain(
      `the other ${scored.length - 40} are scored with their authors' guesses`,
    );
    // θ is the EAP estimate under exactly those parameters.
    const expected = eap(
      scored.map((f) => ({
        params: parameters.get(f.id) ?? priorParameters(items.get(f.id)!.difficulty),
        score: gradeResponse(items.get(f.id)!, state.responses.get(f.id)).credit,
      })),
    );
    expect(report.scaled.theta).toBeCloseTo(expected.theta, 12);
    expect(report.scaled.se).toBeCloseTo(expected.se, 12);
  });

  it("keeps the count in a candidate's report but no item's source, which could single out unscored items", () => {
    const state = finishedAttempt();
    const scored = state.form.filter((f) => !f.pretest);
    const parameters = new Map(scored.map((f) => [f.id, priorParameters(items.get(f.id)!.difficulty)]));
    const full = buildReport(state, { exam: cissp.exam, outline, items, parameters }, 0);
    // Every scored item calibrated and no unscored one: the per-item source would name all 25.
    expect(full.items.filter((i) => i.parameterSource === "prior").map((i) => i.pretest)).toEqual(
      Array(25).fill(true),
    );
    const mine = candidateReport(full, outline);
    expect(mine.parameterSources).toEqual({ calibrated: scored.length, prior: 0 });
    expect(mine.items.some((i) => "parameterSource" in i || "pretest" in i)).toBe(false);
    const text = JSON.stringify(mine);
    expect(text).not.toMatch(/"parameterSource"|"pretest":true/);
    expect(mine.scaled.note).toContain(`All ${scored.length} scored items have parameters calibrated`);
  });

  it("words the note for every mix of sources", () => {
    expect(practiceNote({ calibrated: 0, prior: 0 })).toMatch(/No item was scored/);
    expect(practiceNote({ calibrated: 0, prior: 1 })).toMatch(/The one scored item has not been calibrated/);
    expect(practiceNote({ calibrated: 0, prior: 4 })).toMatch(
      /None of the 4 scored items has been calibrated/,
    );
    expect(practiceNote({ calibrated: 3, prior: 0 })).toMatch(/All 3 scored items .*calibration error aside/);
    expect(practiceNote({ calibrated: 2, prior: 5 })).toMatch(/2 of the 7 scored items .* the other 5/);
    for (const n of [
      { calibrated: 0, prior: 9 },
      { calibrated: 4, prior: 9 },
      { calibrated: 9, prior: 0 },
    ])
      expect(practiceNote(n)).toMatch(/^A practice estimate, not an official score\./);
  });
});
