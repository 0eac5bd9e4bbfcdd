/**
 * From an ability estimate θ to the exam's own scale: one fixed transformation per exam, the same on
 * every form and in every mode, and independent of the item bank.
 *
 * The transformation depends only on the exam's scale (minimum, passing score, maximum: catalog data)
 * and its cut θ. It goes through a reference curve, the probability that a candidate at θ answers a
 * reference item (a = 1, c = 0) whose difficulty sits at the cut:
 *
 *     R(θ) = 1 / (1 + e^−(θ − cut))
 *
 * R is mapped linearly, in two pieces, so that θ = cut − 4 lands on the scale minimum, θ = cut
 * (R = ½) on the passing score and θ = cut + 4 on the maximum; beyond cut ± 4 the score stays at the
 * end of the scale. The map is strictly increasing between the ends, so scores are monotone in θ and
 * "θ at or above the cut" ⇔ "score at or above the passing score" (rounding never lifts a failing θ
 * onto the passing score). A form's own items play no part: adding items to the bank, or taking
 * another form, moves nobody's score for the same θ.
 */
import { logistic } from "../irt/models.js";

export interface Scale {
  min: number;
  max: number;
  passing: number;
}

/**
 * The passing standard on the θ scale. Until items are calibrated, authors write each item's
 * difficulty relative to the minimally competent candidate (b = 0: even odds for a candidate just at
 * the standard), so the cut is θ = 0 for every exam.
 */
export const DEFAULT_CUT_THETA = 0;

/** How far from the cut (in θ) the ends of the scale lie: cut − 4 → minimum, cut + 4 → maximum. */
export const SCALE_REACH = 4;

/** An exam's fixed θ → scale transformation: its scale and its cut θ. */
export interface ScaleMap {
  scale: Scale;
  cutTheta: number;
}

/** The exam's transformation. Refuses a scale whose passing score is not strictly inside it. */
export function scaleMapFor(scale: Scale, cutTheta: number = DEFAULT_CUT_THETA): ScaleMap {
  if (![scale.min, scale.max, scale.passing].every(Number.isInteger))
    throw new RangeError("a scale's minimum, maximum and passing score must be whole numbers");
  if (!Number.isFinite(cutTheta)) throw new RangeError("the cut θ must be a finite number");
  if (!(scale.min < scale.passing && scale.passing < scale.max))
    throw new RangeError(
      `the passing score ${scale.passing} must lie strictly between the scale's minimum ${scale.min} and maximum ${scale.max}`,
    );
  return { scale: { min: scale.min, max: scale.max, passing: scale.passing }, cutTheta };
}

/** The reference curve R(θ): the chance of answering a reference item at the cut (a = 1, c = 0). */
export function referenceProbability(theta: number, cutTheta: number): number {
  return logistic(theta - cutTheta);
}

/** The reference curve at the ends of the scale. */
const LOW = logistic(-SCALE_REACH);
const HIGH = logistic(SCALE_REACH);

/** The unrounded scaled score of θ: continuous and strictly increasing on [cut − 4, cut + 4]. */
export function exactScaledScore(theta: number, map: ScaleMap): number {
  const { scale, cutTheta } = map;
  if (Number.isNaN(theta)) throw new RangeError("θ is not a number");
  // Distance from the cut, so the anchors are exact whatever the cut.
  const d = Math.min(SCALE_REACH, Math.max(-SCALE_REACH, theta - cutTheta));
  if (d === 0) return scale.passing;
  const r = logistic(d);
  // Each piece stays on its side of the passing score despite rounding in floating point.
  if (d < 0)
    return Math.min(scale.passing, scale.min + ((scale.passing - scale.min) * (r - LOW)) / (0.5 - LOW));
  return Math.max(scale.passing, scale.passing + ((scale.max - scale.passing) * (r - 0.5)) / (HIGH - 0.5));
}

/** The scaled score of ability θ, rounded to a whole point; never rounds a θ below the cut onto the passing score. */
export function scaledScore(theta: number, map: ScaleMap): number {
  const rounded = Math.round(exactScaledScore(theta, map));
  if (theta < map.cutTheta && rounded >= map.scale.passing) return map.scale.passing - 1;
  return Math.min(map.scale.max, Math.max(map.scale.min, rounded));
}

/** The band of scores for θ ± z·SE (an infinite SE spans the whole scale). */
export function scaledBand(theta: number, se: number, z: number, map: ScaleMap): [number, number] {
  if (!Number.isFinite(se)) return [map.scale.min, map.scale.max];
  return [scaledScore(theta - z * se, map), scaledScore(theta + z * se, map)];
}

/** The transformation in words, for the score report. */
export function describeScaleMap(map: ScaleMap): string {
  const { scale, cutTheta } = map;
  const num = (x: number) => {
    const v = Number(x.toFixed(2));
    return v < 0 ? `−${-v}` : `${v}`;
  };
  return (
    "certpath's fixed scale for this exam: the score depends only on the ability estimate θ, through one " +
    `curve anchored at the passing standard (θ = ${num(cutTheta)} → ${scale.passing}; θ = ${num(cutTheta - SCALE_REACH)} ` +
    `or below → ${scale.min}; θ = ${num(cutTheta + SCALE_REACH)} or above → ${scale.max}), the same on every ` +
    "form and in every mode."
  );
}
