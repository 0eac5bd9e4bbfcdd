/**
 * Parameter versions: the result of one calibration of an exam's items from its finished attempts,
 * as the store keeps it (never changed once written), and what a new version says against the one
 * before — the items that moved, and the pretest items it proposes for promotion.
 *
 * Pure: `createdAt` is passed in; nothing here changes an item's status.
 */
import { type ItemParameters, priorParameters } from "../models.js";
import type { CalibratedItem, CalibrationResult, ItemFit } from "./calibrate.js";
import { MEAN_SQUARE_RANGE, SX2_ALPHA } from "./fit.js";
import { type CommonItem, link, transformParameters } from "./linking.js";

/** One item's parameters in a version: as calibrated (an anchor's are those it was held at). */
export type VersionItem = Omit<CalibratedItem, "anchored">;

/** A parameter version as it is written. */
export interface NewParameterVersion {
  exam: string;
  model: CalibrationResult["model"];
  method: CalibrationResult["method"];
  /** When it was calibrated (ms since the epoch; the caller's clock). */
  createdAt: number;
  /** Finished attempts calibrated from (one row of the response matrix each). */
  attempts: number;
  converged: boolean;
  iterations: number;
  logLik: number;
  notes: string[];
  items: VersionItem[];
}

export interface ParameterVersion extends NewParameterVersion {
  id: number;
}

/** A calibration's result as a version of the exam's parameters. */
export function versionFromCalibration(
  exam: string,
  result: CalibrationResult,
  createdAt: number,
  attempts: number,
): NewParameterVersion {
  return {
    exam,
    model: result.model,
    method: result.method,
    createdAt,
    attempts,
    converged: result.converged,
    iterations: result.iterations,
    logLik: result.logLik,
    notes: result.notes,
    items: result.items.map(({ anchored: _, seA, seB, seC, ...i }) => {
      const item: VersionItem = i;
      // A standard error that could not be computed is left out rather than stored as NaN.
      if (seA !== undefined && Number.isFinite(seA)) item.seA = seA;
      if (seB !== undefined && Number.isFinite(seB)) item.seB = seB;
      if (seC !== undefined && Number.isFinite(seC)) item.seC = seC;
      return item;
    }),
  };
}

/** The parameters scoring and the CAT use, by item id. */
export function parameterMap(version: Pick<NewParameterVersion, "items">): Map<string, ItemParameters> {
  return new Map(version.items.map((i) => [i.id, { a: i.a, b: i.b, c: i.c, d: 1 }]));
}

/** How a new version was put on the scale of the parameters before it (θ_before = A·θ_new + B). */
export interface ScaleLink {
  /** The version linked to (null: the authors' priors, the first time). */
  against: number | null;
  /** Stocking–Lord for the 2PL and 3PL; for the Rasch model only the shift B (mean–mean), so a stays 1. */
  method: "stocking-lord" | "mean-mean";
  A: number;
  B: number;
  /** Items the two have in common, which the link rests on. */
  common: number;
}

/** The parameters each item was scored with before: the previous version's, else the author's prior. */
function baselineOf(
  previous: ParameterVersion | null,
  difficultyOf: (itemId: string) => number | undefined,
): (itemId: string) => ItemParameters | undefined {
  const before = previous ? parameterMap(previous) : new Map<string, ItemParameters>();
  return (id) => {
    const old = before.get(id);
    if (old) return old;
    const difficulty = difficultyOf(id);
    return difficulty === undefined ? undefined : priorParameters(difficulty);
  };
}

/** Items a link needs in common at the least. */
export const MIN_LINK_ITEMS = 5;

/**
 * Puts a new calibration on the scale of what its items were scored with before (the previous
 * version, or the authors' priors the first time), through the items they have in common: a
 * calibration alone fixes its scale by its own sample (θ ~ N(0, 1) for MML, Σb = 0 for CML), so
 * without a link the same candidate's θ — and with it the cut and every scaled score — would drift
 * from version to version with the population that happened to take the exam. Returns the version
 * unchanged (and `link: null`) when fewer than `MIN_LINK_ITEMS` items are in common.
 */
export function linkToBaseline(
  next: NewParameterVersion,
  previous: ParameterVersion | null,
  difficultyOf: (itemId: string) => number | undefined,
): { version: NewParameterVersion; link: ScaleLink | null } {
  const baseline = baselineOf(previous, difficultyOf);
  const common: CommonItem[] = [];
  for (const item of next.items) {
    const old = baseline(item.id);
    if (old) common.push({ old, new: { a: item.a, b: item.b, c: item.c, d: 1 } });
  }
  if (common.length < MIN_LINK_ITEMS) return { version: next, link: null };
  let A = 1;
  let B: number;
  let method: ScaleLink["method"];
  if (next.model === "rasch") {
    method = "mean-mean";
    B = common.reduce((s, c) => s + c.old.b - c.new.b, 0) / common.length;
  } else {
    method = "stocking-lord";
    ({ A, B } = link(common, "stocking-lord"));
  }
  const items = next.items.map((item) => {
    const t = transformParameters({ a: item.a, b: item.b, c: item.c, d: 1 }, A, B);
    const moved: VersionItem = { ...item, a: t.a, b: t.b };
    if (item.seA !== undefined) moved.seA = item.seA / A;
    if (item.seB !== undefined) moved.seB = item.seB * A;
    return moved;
  });
  const against = previous ? `version ${previous.id}` : "the authors' priors";
  const note = `put on the scale of ${against} through ${common.length} common item(s) by ${method}: θ_before = ${A.toFixed(4)}·θ_new ${B < 0 ? "−" : "+"} ${Math.abs(B).toFixed(4)}`;
  return {
    version: { ...next, items, notes: [...next.notes, note] },
    link: { against: previous?.id ?? null, method, A, B, common: common.length },
  };
}

/** How far an item moved between the parameters it was scored with before and the new ones. */
export interface Move {
  id: string;
  /** Where the old parameters came from: the previous version, or the author's prior. */
  from: "previous" | "prior";
  before: { a: number; b: number; c: number };
  after: { a: number; b: number; c: number };
  deltaA: number;
  deltaB: number;
}

export interface Movement {
  /** The version compared with (null: the authors' priors, the first time). */
  previous: number | null;
  /** Items compared (every item of the new version). */
  compared: number;
  threshold: number;
  /** Items whose b or a moved more than the threshold, the largest move first. */
  moved: Move[];
  /** Mean absolute change of b and of a over all items compared. */
  meanAbsDeltaB: number;
  meanAbsDeltaA: number;
  summary: string;
}

export const MOVE_THRESHOLD = 0.3;

/**
 * The new version against what each item was scored with before: the previous version's parameters
 * where it had the item, else the author's prior (a = 1, b = difficulty, c = 0).
 */
export function movement(
  next: Pick<NewParameterVersion, "items">,
  previous: ParameterVersion | null,
  difficultyOf: (itemId: string) => number | undefined,
  threshold = MOVE_THRESHOLD,
): Movement {
  const before = previous ? parameterMap(previous) : new Map<string, ItemParameters>();
  const moves: Move[] = [];
  let sumB = 0;
  let sumA = 0;
  let compared = 0;
  for (const item of next.items) {
    const old = before.get(item.id);
    const difficulty = difficultyOf(item.id);
    const base = old ?? (difficulty === undefined ? undefined : priorParameters(difficulty));
    if (!base) continue;
    compared++;
    const deltaB = item.b - base.b;
    const deltaA = item.a - base.a;
    sumB += Math.abs(deltaB);
    sumA += Math.abs(deltaA);
    moves.push({
      id: item.id,
      from: old ? "previous" : "prior",
      before: { a: base.a, b: base.b, c: base.c },
      after: { a: item.a, b: item.b, c: item.c },
      deltaA,
      deltaB,
    });
  }
  const size = (m: Move) => Math.max(Math.abs(m.deltaB), Math.abs(m.deltaA));
  const moved = moves
    .filter((m) => Math.abs(m.deltaB) > threshold || Math.abs(m.deltaA) > threshold)
    .sort((x, y) => size(y) - size(x) || x.id.localeCompare(y.id));
  const meanAbsDeltaB = compared ? sumB / compared : 0;
  const meanAbsDeltaA = compared ? sumA / compared : 0;
  const against = previous ? `version ${previous.id}` : "the authors' priors";
  const summary =
    `${moved.length} of ${compared} item(s) moved more than ${threshold} in b or a against ${against}` +
    (compared ? ` (mean |Δb| ${meanAbsDeltaB.toFixed(2)}, mean |Δa| ${meanAbsDeltaA.toFixed(2)})` : "");
  return {
    previous: previous?.id ?? null,
    compared,
    threshold,
    moved,
    meanAbsDeltaB,
    meanAbsDeltaA,
    summary,
  };
}

/** A pretest item's case for promotion: its figures and, when it fails, why. */
export interface PromotionCase {
  id: string;
  responses: number;
  b: number;
  a: number;
  fit: ItemFit;
  /** Point-biserial with the share right on the scored items (linear attempts); null when not known. */
  pointBiserial: number | null;
  proposed: boolean;
  /** Why it is not proposed (empty when it is). */
  reasons: string[];
}

export interface PromotionRules {
  /** Responses a pretest item needs (default 200). */
  minResponses: number;
  /** The point-biserial must exceed this (default 0.15). */
  minPointBiserial: number;
}

export const DEFAULT_PROMOTION: PromotionRules = { minResponses: 200, minPointBiserial: 0.15 };

/**
 * Proposals for the pretest items of a calibration: enough responses, acceptable fit (Rasch infit and
 * outfit within 0.7–1.3; S-X² p ≥ 0.01 for the 2PL and 3PL) and a point-biserial above the floor.
 * Proposals only: the caller changes no item's status.
 */
export function promotionProposals(
  model: CalibrationResult["model"],
  items: readonly VersionItem[],
  pretest: ReadonlySet<string>,
  pointBiserial: ReadonlyMap<string, number | null>,
  rules: PromotionRules = DEFAULT_PROMOTION,
): PromotionCase[] {
  const [lo, hi] = MEAN_SQUARE_RANGE;
  return items
    .filter((i) => pretest.has(i.id))
    .map((i) => {
      const reasons: string[] = [];
      if (i.responses < rules.minResponses)
        reasons.push(`${Math.round(i.responses)} responses, fewer than ${rules.minResponses}`);
      if (model === "rasch") {
        const { infit, outfit } = i.fit;
        if (infit === undefined || outfit === undefined) reasons.push("no infit/outfit");
        else if (infit < lo || infit > hi || outfit < lo || outfit > hi)
          reasons.push(`infit ${infit.toFixed(2)}, outfit ${outfit.toFixed(2)}: outside ${lo}–${hi}`);
      } else if (i.fit.p === undefined)
        reasons.push("no S-X² fit (too few persons answered one set of items)");
      else if (i.fit.p < SX2_ALPHA) reasons.push(`S-X² p = ${i.fit.p.toFixed(3)}, below ${SX2_ALPHA}`);
      const r = pointBiserial.get(i.id) ?? null;
      if (r === null)
        reasons.push(
          "no point-biserial (not seen on a linear form with scored items, nor on an adaptive one with an estimate)",
        );
      else if (!(r > rules.minPointBiserial))
        reasons.push(`point-biserial ${r.toFixed(2)}, not above ${rules.minPointBiserial}`);
      return {
        id: i.id,
        responses: i.responses,
        b: i.b,
        a: i.a,
        fit: i.fit,
        pointBiserial: r,
        proposed: reasons.length === 0,
        reasons,
      };
    })
    .sort((x, y) => Number(y.proposed) - Number(x.proposed) || x.id.localeCompare(y.id));
}
