/**
 * Priors for marginal maximum likelihood (the estimates become posterior modes). None on a or b by
 * default, so results are comparable with mirt and ltm; for the 3PL a Beta(6, 16) prior on c by
 * default — BILOG-MG's choice for four-option items (mode 0.25 = 1/4, weight of 20 pseudo-responses),
 * because c is poorly determined by data alone.
 */

export interface LogNormalPrior {
  kind: "lognormal";
  /** Mean and SD of log a. */
  meanLog: number;
  sdLog: number;
}

export interface BetaPrior {
  kind: "beta";
  alpha: number;
  beta: number;
}

export interface CalibrationPriors {
  a?: LogNormalPrior;
  c?: BetaPrior;
}

export const DEFAULT_GUESSING_PRIOR: BetaPrior = { kind: "beta", alpha: 6, beta: 16 };

/** log p(a) up to a constant, its derivative in a, and a positive curvature for Fisher scoring. */
export function logNormalTerms(
  p: LogNormalPrior,
  a: number,
): { value: number; gradient: number; curvature: number } {
  if (!(a > 0)) return { value: Number.NEGATIVE_INFINITY, gradient: 0, curvature: 0 };
  const z = (Math.log(a) - p.meanLog) / p.sdLog;
  return {
    value: -Math.log(a) - 0.5 * z * z,
    gradient: (-1 - z / p.sdLog) / a,
    curvature: 1 / (p.sdLog * p.sdLog * a * a),
  };
}

/** log p(c) up to a constant, and its derivative and curvature in γ = logit(c). */
export function betaTermsLogit(
  p: BetaPrior,
  c: number,
): { value: number; gradient: number; curvature: number } {
  return {
    value: (p.alpha - 1) * Math.log(c) + (p.beta - 1) * Math.log1p(-c),
    gradient: (p.alpha - 1) * (1 - c) - (p.beta - 1) * c,
    curvature: Math.max(0, p.alpha + p.beta - 2) * c * (1 - c),
  };
}

/** "beta(6,16)" or "lognormal(0,0.5)" → a prior; undefined when the text is not one. */
export function parsePrior(text: string): LogNormalPrior | BetaPrior | undefined {
  const m = /^\s*(beta|lognormal)\(\s*(-?[\d.]+)\s*,\s*([\d.]+)\s*\)\s*$/i.exec(text);
  if (!m) return undefined;
  const x = Number(m[2]);
  const y = Number(m[3]);
  if (!Number.isFinite(x) || !Number.isFinite(y) || !(y > 0)) return undefined;
  if (m[1]!.toLowerCase() === "beta") return x > 0 ? { kind: "beta", alpha: x, beta: y } : undefined;
  return { kind: "lognormal", meanLog: x, sdLog: y };
}
