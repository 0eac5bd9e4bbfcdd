/**
 * From an ability estimate to the exam's own scale, through the form's test characteristic curve.
 *
 * Each exam has a cut θ (the passing standard on the ability scale). The expected proportion
 * correct on the form, TCC(θ)/n, is mapped piecewise-linearly to the scale so that TCC at −4 lands
 * on the scale minimum, TCC at the cut on the passing score, and TCC at +4 on the maximum. The map
 * is monotone in θ, so "at or above the cut" and "at or above the passing score" always agree.
 */
import { type ItemParameters, probability } from "../irt/models.js";

export interface Scale {
  min: number;
  max: number;
  passing: number;
}

export const THETA_FLOOR = -4;
export const THETA_CEILING = 4;

/**
 * The passing standard on the θ scale. Until items are calibrated, authors write each item's
 * difficulty relative to the minimally competent candidate (b = 0: even odds for a candidate just at
 * the standard), so the cut is θ = 0 for every exam.
 */
export const DEFAULT_CUT_THETA = 0;

/** Expected proportion correct on a form at θ. */
export function expectedProportion(theta: number, form: readonly ItemParameters[]): number {
  if (form.length === 0) return 0;
  let s = 0;
  for (const p of form) s += probability(theta, p);
  return s / form.length;
}

/** The scaled score of ability θ on a form, rounded to a whole point. */
export function scaledScore(
  theta: number,
  form: readonly ItemParameters[],
  scale: Scale,
  cutTheta = DEFAULT_CUT_THETA,
): number {
  const t = Math.min(THETA_CEILING, Math.max(THETA_FLOOR, theta));
  const lo = expectedProportion(THETA_FLOOR, form);
  const cut = expectedProportion(cutTheta, form);
  const hi = expectedProportion(THETA_CEILING, form);
  const p = expectedProportion(t, form);
  let score: number;
  if (p <= cut) score = scale.min + ((scale.passing - scale.min) * (p - lo)) / Math.max(1e-12, cut - lo);
  else score = scale.passing + ((scale.max - scale.passing) * (p - cut)) / Math.max(1e-12, hi - cut);
  // Round, but never round a failing estimate up onto the passing score.
  const rounded = Math.round(score);
  if (t < cutTheta && rounded >= scale.passing) return scale.passing - 1;
  return Math.min(scale.max, Math.max(scale.min, rounded));
}
