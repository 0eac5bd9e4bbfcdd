/**
 * Ability estimation from dichotomous responses. EAP on a quadrature grid with a normal prior; its
 * standard error is the posterior standard deviation. Items with missing responses are skipped.
 */
import { type ItemParameters, logProbabilities } from "./models.js";

export interface Response {
  params: ItemParameters;
  /** 1 correct, 0 incorrect; null or undefined: missing (skipped). */
  score: 0 | 1 | null | undefined;
}

export interface Estimate {
  theta: number;
  se: number;
}

export interface EapOptions {
  priorMean?: number;
  priorSd?: number;
  /** Grid from −limit to +limit. */
  limit?: number;
  /** Number of quadrature points (odd, so θ = 0 is on the grid). */
  points?: number;
  scale?: number;
}

/** Expected a posteriori estimate and posterior SD on a grid (default 61 points on [−6, 6], N(0, 1) prior). */
export function eap(responses: readonly Response[], options: EapOptions = {}): Estimate {
  const { priorMean = 0, priorSd = 1, limit = 6, points = 61, scale = 1 } = options;
  const logPost = new Float64Array(points);
  const grid = new Float64Array(points);
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < points; k++) {
    const theta = -limit + (2 * limit * k) / (points - 1);
    grid[k] = theta;
    const zp = (theta - priorMean) / priorSd;
    let lp = -0.5 * zp * zp;
    for (const r of responses) {
      if (r.score !== 0 && r.score !== 1) continue;
      const [l1, l0] = logProbabilities(theta, r.params, scale);
      lp += r.score === 1 ? l1 : l0;
    }
    logPost[k] = lp;
    if (lp > max) max = lp;
  }
  let sw = 0;
  let s1 = 0;
  let s2 = 0;
  for (let k = 0; k < points; k++) {
    const w = Math.exp(logPost[k]! - max);
    sw += w;
    s1 += w * grid[k]!;
    s2 += w * grid[k]! * grid[k]!;
  }
  const theta = s1 / sw;
  const variance = Math.max(0, s2 / sw - theta * theta);
  return { theta, se: Math.sqrt(variance) };
}

export interface MleOptions {
  /** Search interval; all-correct and all-wrong patterns end at its bounds. */
  lower?: number;
  upper?: number;
  /** Convergence tolerance on θ. */
  tolerance?: number;
  maxIterations?: number;
  scale?: number;
  /** Normal prior for MAP; absent for MLE. */
  prior?: { mean: number; sd: number };
}

export interface PointEstimate extends Estimate {
  /** False when the likelihood has no interior maximum (all correct or all wrong under MLE): θ is the bound. */
  finite: boolean;
  iterations: number;
}

/** First and second derivatives of the log-likelihood (plus log prior) at θ, and test information. */
function derivatives(
  theta: number,
  responses: readonly Response[],
  scale: number,
  prior?: { mean: number; sd: number },
) {
  let d1 = 0;
  let d2 = 0;
  let info = 0;
  for (const r of responses) {
    if (r.score !== 0 && r.score !== 1) continue;
    const { a, b, c, d } = r.params;
    const z = scale * a * (theta - b);
    const sig = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    const p = c + (d - c) * sig;
    const q = 1 - p;
    const dp = scale * a * (d - c) * sig * (1 - sig);
    const d2p = scale * a * dp * (1 - 2 * sig);
    if (p <= 0 || q <= 0) continue;
    const u = r.score;
    // ℓ = u log p + (1−u) log q; ℓ' = (u − p) p' / (p q); ℓ'' from the quotient rule.
    d1 += ((u - p) * dp) / (p * q);
    d2 += ((u - p) * d2p) / (p * q) - (dp * dp * (u * q * q + (1 - u) * p * p)) / (p * p * q * q);
    info += (dp * dp) / (p * q);
  }
  if (prior) {
    const v = prior.sd * prior.sd;
    d1 -= (theta - prior.mean) / v;
    d2 -= 1 / v;
    info += 1 / v;
  }
  return { d1, d2, info };
}

/**
 * Maximum likelihood (or, with a prior, maximum a posteriori) estimate by Newton–Raphson with
 * safeguards: a step that does not increase the objective is halved, steps are capped, and the
 * iterate is kept in [lower, upper]; a bracketing bisection on the score takes over if Newton stalls.
 * Converges to `tolerance` of the exact maximum. SE = 1/√(information at θ̂) (observed + prior).
 */
export function maximumLikelihood(responses: readonly Response[], options: MleOptions = {}): PointEstimate {
  const { lower = -6, upper = 6, tolerance = 1e-8, maxIterations = 100, scale = 1, prior } = options;
  const scored = responses.filter((r) => r.score === 0 || r.score === 1);
  const objective = (t: number) => {
    let s = 0;
    for (const r of scored) {
      const [l1, l0] = logProbabilities(t, r.params, scale);
      s += r.score === 1 ? l1 : l0;
    }
    if (prior) s -= ((t - prior.mean) * (t - prior.mean)) / (2 * prior.sd * prior.sd);
    return s;
  };
  if (!prior) {
    const right = scored.filter((r) => r.score === 1).length;
    if (scored.length === 0 || right === 0 || right === scored.length) {
      // No interior maximum: the likelihood rises towards a bound.
      const theta = scored.length === 0 ? 0 : right === 0 ? lower : upper;
      const { info } = derivatives(theta, scored, scale);
      return {
        theta,
        se: info > 0 ? 1 / Math.sqrt(info) : Number.POSITIVE_INFINITY,
        finite: false,
        iterations: 0,
      };
    }
  }
  // Bracket the root of the score function on [lower, upper].
  let lo = lower;
  let hi = upper;
  let theta = prior ? prior.mean : 0;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const { d1, d2 } = derivatives(theta, scored, scale, prior);
    if (d1 > 0) lo = Math.max(lo, theta);
    else hi = Math.min(hi, theta);
    let step = d2 < 0 ? -d1 / d2 : d1 > 0 ? 0.5 : -0.5;
    step = Math.max(-1, Math.min(1, step));
    let next = theta + step;
    if (next <= lo || next >= hi) next = (lo + hi) / 2;
    // Halve the step while it does not improve the objective.
    const f0 = objective(theta);
    let tries = 0;
    while (objective(next) < f0 - 1e-12 && tries < 30) {
      next = (theta + next) / 2;
      tries++;
    }
    if (Math.abs(next - theta) < tolerance) {
      theta = next;
      break;
    }
    theta = next;
  }
  const { info } = derivatives(theta, scored, scale, prior);
  const atBound = theta <= lower + 1e-9 || theta >= upper - 1e-9;
  return {
    theta,
    se: info > 0 ? 1 / Math.sqrt(info) : Number.POSITIVE_INFINITY,
    finite: !atBound,
    iterations,
  };
}

/** MAP: the posterior mode under a normal prior (default N(0, 1)). */
export function maximumAPosteriori(
  responses: readonly Response[],
  options: Omit<MleOptions, "prior"> & { prior?: { mean: number; sd: number } } = {},
): PointEstimate {
  return maximumLikelihood(responses, { ...options, prior: options.prior ?? { mean: 0, sd: 1 } });
}
