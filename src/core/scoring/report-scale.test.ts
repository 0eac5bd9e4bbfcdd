/**
 * The score report puts θ on the scale through the exam's one fixed transformation: on seven
 * different full-length ISSMP forms of the bundled bank, and in adaptive attempts, every report's
 * score is the same function of θ, so equal θ gives an equal score and a higher θ never a lower one.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../store/content/content-dir.js";
import { loadBank } from "../../store/content/item-files.js";
import { assembleForm, type FormItem } from "../assembly/assemble.js";
import { requireSoundBank } from "../bank/load.js";
import { CatEngine } from "../cat/engine.js";
import { practiceRules } from "../cat/rules.js";
import { findCertification } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import type { Certification, Outline } from "../catalog/schema.js";
import type { AdaptiveEngine } from "../exam/adaptive.js";
import { advance, record } from "../exam/advance.js";
import { type AttemptState, replay } from "../exam/attempt.js";
import { startBody } from "../exam/start.js";
import type { Step, StepBody } from "../exam/steps.js";
import { probability } from "../irt/models.js";
import { type BankItem, keyAsResponse } from "../items/item.js";
import { seededRandom } from "../random/seeded.js";
import { Z95 } from "./proficiency.js";
import { buildReport, type Report } from "./report.js";
import { scaledBand, scaledScore, scaleMapFor } from "./scale.js";

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
let issmp: Certification;
let outline: Outline;
let bank: BankItem[];
let items: Map<string, BankItem>;

beforeAll(() => {
  issmp = findCertification(loadCatalog(), "issmp");
  outline = outlineAsOf(issmp, "2026-11-24").outline;
  bank = requireSoundBank(loadBank()).filter((i) => i.outlines.some((t) => t.startsWith("issmp:")));
  items = new Map(bank.map((i) => [i.id, i]));
});

/** A wrong answer to a single-choice item (other item types are left unanswered, which scores 0). */
function wrongAnswer(item: BankItem): unknown {
  return item.type === "single-choice" ? item.options.find((o) => o.id !== item.key)!.id : undefined;
}

/** A simulated candidate of ability θ answers every item of a linear form, then finishes. */
function takeForm(form: readonly FormItem[], theta: number, rng: ReturnType<typeof seededRandom>): Report {
  let state: AttemptState = replay([
    {
      ...startBody({ exam: "issmp", behaviour: "exam", seed: "s", form, items, timeLimitMs: null }),
      seq: 0,
      at: T0,
    } as Step,
  ]);
  const answers: StepBody[] = [];
  for (const entry of state.form) {
    const item = items.get(entry.id)!;
    const right = rng.next() < probability(theta, { a: 1, b: item.difficulty, c: 0, d: 1 });
    const response = right ? keyAsResponse(item) : wrongAnswer(item);
    if (response !== undefined) answers.push({ kind: "answer", itemId: entry.id, response });
  }
  state = record(state, [...answers, { kind: "finish", reason: "candidate" }], T0 + 1).state;
  return buildReport(state, { exam: issmp.exam, outline, items }, 0);
}

/** A simulated candidate of ability θ through an adaptive practice test of single-choice items. */
function takeAdaptive(seed: string, theta: number, rng: ReturnType<typeof seededRandom>) {
  const singles = bank.filter((i) => i.type === "single-choice");
  const engine: AdaptiveEngine = new CatEngine({
    exam: "issmp",
    outline,
    bank: singles,
    rules: practiceRules(),
  });
  let state: AttemptState = replay([
    {
      ...startBody({
        exam: "issmp",
        behaviour: "adaptive",
        seed,
        form: [],
        items,
        timeLimitMs: null,
        catRules: "practice",
      }),
      seq: 0,
      at: T0,
    } as Step,
  ]);
  state = advance(state, null, T0, items, engine).state;
  while (state.status === "in-progress") {
    const entry = state.form[state.form.length - 1]!;
    const item = items.get(entry.id)!;
    const right = rng.next() < probability(theta, { a: 1, b: item.difficulty, c: 0, d: 1 });
    const response = right ? keyAsResponse(item) : wrongAnswer(item);
    state = advance(state, { kind: "answer", itemId: entry.id, response }, T0 + 1, items, engine).state;
  }
  return { state, report: buildReport(state, { exam: issmp.exam, outline, items }, 0) };
}

/** Reports sorted by θ never go down in score; pairs out of order are returned for the message. */
function reversals(reports: readonly Report[]): string[] {
  const sorted = [...reports].sort((x, y) => x.scaled.theta - y.scaled.theta);
  const out: string[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const [a, b] = [sorted[k - 1]!.scaled, sorted[k]!.scaled];
    if (b.score < a.score)
      out.push(`θ ${a.theta.toFixed(4)} → ${a.score} but θ ${b.theta.toFixed(4)} → ${b.score}`);
  }
  return out;
}

describe("scaled scores across forms and modes", () => {
  it("on seven ISSMP forms, the same θ gives the same score and scores never reverse the order of θ", () => {
    const map = scaleMapFor(issmp.exam.scale);
    const rng = seededRandom("seven forms");
    const reports: Report[] = [];
    const forms = new Set<string>();
    for (let f = 1; f <= 7; f++) {
      const form = assembleForm({ exam: "issmp", outline, examFacts: issmp.exam, bank, seed: `form-${f}` });
      for (let k = 0; k <= 12; k++) {
        const report = takeForm(form.items, -2 + (3.5 * k) / 12, rng);
        forms.add(
          report.items
            .map((i) => i.id)
            .sort()
            .join(),
        );
        reports.push(report);
      }
    }
    expect(forms.size).toBe(7);
    // θ is estimated on each form; the score is one fixed function of it, whatever the form.
    for (const r of reports) {
      expect(r.scaled.score).toBe(scaledScore(r.scaled.theta, map));
      expect(r.scaled.band).toEqual(scaledBand(r.scaled.theta, r.scaled.se, Z95, map));
      expect(r.scaled.score >= 700).toBe(r.scaled.theta >= 0);
    }
    expect(reversals(reports)).toEqual([]);
  });

  it("uses the same map in adaptive mode: the same θ scores the same as on a linear form", () => {
    const map = scaleMapFor(issmp.exam.scale);
    const rng = seededRandom("adaptive");
    const reports: Report[] = [];
    for (let k = 0; k < 16; k++) {
      const { state, report } = takeAdaptive(`cat-${k}`, -2.5 + (5 * k) / 15, rng);
      expect(report.behaviour).toBe("adaptive");
      expect(report.raw.scored).toBeGreaterThanOrEqual(10);
      expect(report.scaled.score).toBe(scaledScore(report.scaled.theta, map));
      expect(report.scaled.band).toEqual(scaledBand(report.scaled.theta, report.scaled.se, Z95, map));
      reports.push(report);

      // The same items with the same answers, taken as a linear form: the same θ, the same score.
      let linear: AttemptState = replay([
        {
          ...startBody({
            exam: "issmp",
            behaviour: "exam",
            seed: `cat-${k}`,
            form: state.form.map(({ id, domain, subdomain, task, pretest }) => ({
              id,
              domain,
              subdomain,
              task,
              pretest,
            })),
            items,
            timeLimitMs: null,
          }),
          seq: 0,
          at: T0,
        } as Step,
      ]);
      for (const entry of state.form)
        linear = advance(
          linear,
          { kind: "answer", itemId: entry.id, response: state.responses.get(entry.id) },
          T0 + 1,
          items,
        ).state;
      linear = advance(linear, { kind: "finish" }, T0 + 2, items).state;
      const same = buildReport(linear, { exam: issmp.exam, outline, items }, 0);
      expect(same.scaled.theta).toBeCloseTo(report.scaled.theta, 12);
      expect(same.scaled.score).toBe(report.scaled.score);
    }
    expect(new Set(reports.map((r) => r.scaled.score)).size).toBeGreaterThan(8);
    expect(reversals(reports)).toEqual([]);
  });
});
