/**
 * The score report of an attempt: raw score, scaled score with its band, results and proficiency by
 * domain, subdomain and task, time and pace, flagged items, and every item with the response, the
 * key and all rationales. Computed from the replayed attempt and the items, so a regrade is a replay.
 */

import type { Exam, Outline } from "../catalog/schema.js";
import type { AttemptState } from "../exam/attempt.js";
import { eap } from "../irt/estimate.js";
import { type ItemParameters, priorParameters } from "../irt/models.js";
import type { Diagram, RegionShape } from "../items/hotspot.js";
import { type BankItem, gradeResponse, keyAsResponse, positionLabel } from "../items/item.js";
import { matchedMisconception } from "../items/numeric.js";
import { type Proficiency, proficiency, Z95 } from "./proficiency.js";
import { DEFAULT_CUT_THETA, describeScaleMap, scaledBand, scaledScore, scaleMapFor } from "./scale.js";

export interface ReportItem {
  position: number;
  id: string;
  version: number;
  type: BankItem["type"];
  domain: string;
  subdomain: string;
  task: string;
  /** Whether the item was unscored: in authors' and instructors' reports only (see `candidateReport`). */
  pretest?: boolean;
  /**
   * Where the item's IRT parameters came from: calibrated from candidates' responses, or the author's
   * prior (a = 1, c = 0, b = the author's difficulty). Dropped from a candidate's report of a form with
   * unscored items, where it could single them out (unscored items are never calibrated).
   */
  parameterSource?: ParameterSource;
  stem: string;
  scenario?: { id: string; title: string; case: string };
  /** Options in the order the candidate saw them; `label` is the letter shown. */
  options: { id: string; label: string; text: string; rationale: string; shape?: RegionShape }[];
  categories?: { id: string; text: string }[];
  /** Hotspot: the diagram its regions (the options, with their shapes) lie on. */
  diagram?: Diagram;
  response: unknown;
  key: unknown;
  credit: 0 | 1;
  state: string;
  flagged: boolean;
  timeMs: number;
  explanation?: string;
  references: string[];
  numericRationale?: string;
  /** For a wrong numeric answer that matches a misconception the author listed: what it comes from. */
  misconception?: string;
}

export interface Breakdown {
  id: string;
  name: string;
  correct: number;
  scored: number;
}

export interface DomainResult extends Breakdown {
  theta: number;
  se: number;
  proficiency: Proficiency;
}

/** Calibrated from candidates' responses, or the author's prior guess. */
export type ParameterSource = "calibrated" | "prior";

export interface Report {
  exam: string;
  behaviour: string;
  status: AttemptState["status"];
  finishReason: string | null;
  raw: { correct: number; scored: number; answered: number; pretest: number };
  scaled: {
    score: number;
    band: [number, number];
    min: number;
    max: number;
    passing: number;
    passed: boolean;
    theta: number;
    se: number;
    cutTheta: number;
    /** What the score rests on, in words: a practice estimate, and how far its parameters are guesses. */
    note: string;
    /** The exam's fixed θ → scale transformation, in words (`scale.ts`). */
    method: string;
  };
  /** How many scored items were scored with calibrated parameters and how many with authors' priors. */
  parameterSources: Record<ParameterSource, number>;
  domains: DomainResult[];
  subdomains: Breakdown[];
  tasks: Breakdown[];
  time: { usedMs: number; limitMs: number | null; meanItemMs: number; paceItemMs: number };
  flagged: string[];
  items: ReportItem[];
  /** θ at each selection; a candidate's report of a form with unscored items drops the item ids. */
  adaptive?: { selections: { itemId?: string; theta: number; se: number }[]; stopReason: string | null };
}

export interface ReportContext {
  exam: Pick<Exam, "scale" | "durationMinutes" | "items">;
  outline: Outline;
  items: ReadonlyMap<string, BankItem>;
  cutTheta?: number;
  /** Calibrated parameters by item id; authors' priors (a = 1, c = 0, b = difficulty) otherwise. */
  parameters?: ReadonlyMap<string, ItemParameters>;
  /** The stored parameter version `parameters` come from (the one the attempt started with), named in the note. */
  parameterVersion?: number;
}

/**
 * The report's caveat: a practice estimate, and how much of it rests on the authors' guessed item
 * parameters rather than parameters calibrated from candidates' answers. The band is the estimate's
 * measurement error given the parameters; it says nothing about parameters that are wrong.
 */
export function practiceNote(sources: Record<ParameterSource, number>, version?: number): string {
  const { calibrated, prior } = sources;
  const from = version === undefined ? "" : ` (parameter version ${version})`;
  const n = calibrated + prior;
  const start = "A practice estimate, not an official score.";
  const guesses =
    "its author's guess (the difficulty the author rated, the same discrimination for every item, no allowance for guessing)";
  if (n === 0) return `${start} No item was scored, so the score says nothing about you yet.`;
  if (calibrated === 0)
    return (
      `${start} ${n === 1 ? "The one scored item has not" : `None of the ${n} scored items has`} been calibrated from ` +
      `candidates' answers: ${n === 1 ? "it" : "each"} is scored with ${guesses}. ` +
      `The band shows where the true score likely lies only if ${n === 1 ? "that guess is" : "those guesses are"} right; ` +
      "where they are wrong, the true score can lie outside it."
    );
  if (prior === 0)
    return (
      `${start} ${n === 1 ? "The one scored item has" : `All ${n} scored items have`} parameters calibrated from candidates' answers${from}, ` +
      "so the band shows where the true score likely lies (calibration error aside)."
    );
  return (
    `${start} ${calibrated} of the ${n} scored items ${calibrated === 1 ? "has" : "have"} parameters calibrated from ` +
    `candidates' answers${from}; the other ${prior} ${prior === 1 ? "is" : "are"} scored with ${prior === 1 ? "its author's guess" : "their authors' guesses"}. ` +
    "The band shows where the true score likely lies " +
    `only as far as ${prior === 1 ? "that guess is" : "those guesses are"} right; where they are wrong, the true score can lie outside it.`
  );
}

export function buildReport(state: AttemptState, ctx: ReportContext, usedMs: number): Report {
  const cut = ctx.cutTheta ?? DEFAULT_CUT_THETA;
  // One fixed transformation for the exam: the same θ gives the same score on every form and mode.
  const scaleMap = scaleMapFor(ctx.exam.scale, cut);
  const calibrated = (item: BankItem) => ctx.parameters?.get(item.id);
  const params = (item: BankItem) => calibrated(item) ?? priorParameters(item.difficulty);
  const names = outlineNames(ctx.outline);
  const items: ReportItem[] = [];
  state.form.forEach((entry, position) => {
    const item = ctx.items.get(entry.id);
    if (!item) return;
    const response = state.responses.get(entry.id);
    const grade = gradeResponse(item, response);
    const byId = new Map(item.type === "numeric" ? [] : item.options.map((o) => [o.id, o]));
    items.push({
      position,
      id: item.id,
      version: entry.version,
      type: item.type,
      domain: entry.domain,
      subdomain: entry.subdomain,
      task: entry.task,
      pretest: entry.pretest,
      parameterSource: calibrated(item) ? "calibrated" : "prior",
      stem: item.stem,
      scenario: item.scenario,
      options:
        item.type === "numeric"
          ? []
          : entry.order.map((id, k) => ({ ...byId.get(id)!, label: positionLabel(k) })),
      categories: item.type === "matching" ? item.categories : undefined,
      diagram: item.type === "hotspot" ? item.diagram : undefined,
      response: response ?? null,
      key: keyAsResponse(item),
      credit: grade.credit,
      state: grade.state,
      flagged: state.flags.has(item.id),
      timeMs: state.itemMs.get(item.id) ?? 0,
      explanation: item.explanation,
      references: item.references,
      numericRationale: item.type === "numeric" ? item.rationale : undefined,
      misconception: item.type === "numeric" ? matchedMisconception(item, response) : undefined,
    });
  });

  const scored = items.filter((i) => !i.pretest);
  const formParams = scored.map((i) => params(ctx.items.get(i.id)!));
  const overall = eap(scored.map((i, k) => ({ params: formParams[k]!, score: i.credit })));
  const score = scaledScore(overall.theta, scaleMap);
  const band = scaledBand(overall.theta, overall.se, Z95, scaleMap);
  const parameterSources: Record<ParameterSource, number> = { calibrated: 0, prior: 0 };
  for (const i of scored) parameterSources[i.parameterSource ?? "prior"]++;

  const group = (key: (i: ReportItem) => string, name: (id: string) => string): Breakdown[] => {
    const map = new Map<string, Breakdown>();
    for (const i of scored) {
      const id = key(i);
      const b = map.get(id) ?? { id, name: name(id), correct: 0, scored: 0 };
      b.scored++;
      b.correct += i.credit;
      map.set(id, b);
    }
    return [...map.values()].sort((a, b) => compareIds(a.id, b.id));
  };
  const domains: DomainResult[] = group(
    (i) => i.domain,
    (id) => names.get(id) ?? id,
  ).map((b) => {
    const inDomain = scored.filter((i) => i.domain === b.id);
    const est = eap(inDomain.map((i) => ({ params: params(ctx.items.get(i.id)!), score: i.credit })));
    return { ...b, theta: est.theta, se: est.se, proficiency: proficiency(est.theta, est.se, cut) };
  });

  const paceItemMs = (ctx.exam.durationMinutes * 60_000) / ctx.exam.items;
  return {
    exam: state.exam,
    behaviour: state.behaviour.name,
    status: state.status,
    finishReason: state.finish?.reason ?? null,
    raw: {
      correct: scored.reduce((s, i) => s + i.credit, 0),
      scored: scored.length,
      answered: items.filter((i) => i.response !== null).length,
      pretest: items.length - scored.length,
    },
    scaled: {
      score,
      band,
      min: ctx.exam.scale.min,
      max: ctx.exam.scale.max,
      passing: ctx.exam.scale.passing,
      // An adaptive test's own decision (confidence interval, maximum length, time-out rule) stands.
      passed: state.finish?.passed ?? score >= ctx.exam.scale.passing,
      theta: overall.theta,
      se: overall.se,
      cutTheta: cut,
      note: practiceNote(parameterSources, ctx.parameterVersion),
      method: describeScaleMap(scaleMap),
    },
    parameterSources,
    domains,
    subdomains: group(
      (i) => i.subdomain,
      (id) => names.get(id) ?? id,
    ),
    tasks: group(
      (i) => i.task,
      (id) => names.get(id) ?? id,
    ),
    time: {
      usedMs,
      limitMs: state.timeLimitMs,
      meanItemMs: items.length ? Math.round(items.reduce((s, i) => s + i.timeMs, 0) / items.length) : 0,
      paceItemMs: Math.round(paceItemMs),
    },
    flagged: items.filter((i) => i.flagged).map((i) => i.id),
    items,
    adaptive:
      state.behaviour.name === "adaptive"
        ? { selections: state.selections, stopReason: state.finish?.detail ?? null }
        : undefined,
  };
}

/**
 * The report as its candidate may read it: the count of unscored items (`raw.pretest`) but not
 * which they were, as the real exams never say. Nothing else may single them out either: where the
 * form held unscored items, the subdomain and task breakdowns count every item (a task with one
 * item on the form would otherwise show it as unscored), and an adaptive test's θ trace keeps the
 * points of scored items only, without item ids (θ stands still after an unscored item), and no
 * item says where its parameters came from (the count over scored items stays). The domain results
 * and the score are of scored items only, as always.
 */
export function candidateReport(report: Report, outline: Outline): Report {
  if (report.raw.pretest === 0)
    return { ...report, items: report.items.map(({ pretest: _pretest, ...item }) => item) };
  // Unscored items are never calibrated, so an item's parameter source could single them out: only
  // the count over scored items (`parameterSources`) stays.
  const items = report.items.map(({ pretest: _p, parameterSource: _s, ...item }) => item);
  const unscored = new Set(report.items.filter((i) => i.pretest).map((i) => i.id));
  const names = outlineNames(outline);
  const everyItem = (key: (i: ReportItem) => string): Breakdown[] => {
    const map = new Map<string, Breakdown>();
    for (const i of report.items) {
      const id = key(i);
      const b = map.get(id) ?? { id, name: names.get(id) ?? id, correct: 0, scored: 0 };
      b.scored++;
      b.correct += i.credit;
      map.set(id, b);
    }
    return [...map.values()].sort((a, b) => compareIds(a.id, b.id));
  };
  return {
    ...report,
    items,
    subdomains: everyItem((i) => i.subdomain),
    tasks: everyItem((i) => i.task),
    adaptive: report.adaptive && {
      ...report.adaptive,
      selections: report.adaptive.selections
        .filter((s) => s.itemId === undefined || !unscored.has(s.itemId))
        .map(({ itemId: _id, ...s }) => s),
    },
  };
}

function outlineNames(outline: Outline): Map<string, string> {
  const m = new Map<string, string>();
  for (const d of outline.domains) {
    m.set(d.id, d.name);
    for (const s of d.subdomains) {
      m.set(s.id, s.name);
      for (const t of s.tasks) m.set(t.id, t.text);
    }
  }
  return m;
}

function compareIds(a: string, b: string): number {
  const pa = a.split(/[.:]/);
  const pb = b.split(/[.:]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}
