/**
 * Ability estimation from dichotomous responses: EAP (the posterior mean under a normal prior, by
 * quadrature adapted to the prior and the items; its standard error is the posterior SD), and MLE
 * and MAP (the global maximum of the likelihood or posterior, found on a grid and refined by Newton,
 * with estimates at the search bounds or at ±∞ said so). Items with missing responses are skipped.
 */
import { type ItemParameters, logProbabilities } from "./models.js";

export interface Response {
  params: ItemParameters;
  /** 1 correct, 0 incorrect; null or undefined: missing (skipped). */
  score: 0 | 1 | null | undefined;
  /**
   * EAP only: how much the response counts (default 1): its log-likelihood is multiplied by it, as a
   * weighted (power) likelihood does, e.g. to count old answers less.
   */
  weight?: number;
}

export interface Estimate {
  theta: number;
  se: number;
}

export interface EapOptions {
  priorMean?: number;
  priorSd?: number;
  scale?: number;
}

/** How far below its maximum the log posterior counts as no mass at all (e^−50 ≈ 2e−22). */
const NEGLIGIBLE = 50;
/** Most grid points of one pass (a guard; ordinary cases use a few hundred). */
const MAX_POINTS = 200_001;

/**
 * Expected a posteriori estimate: the posterior mean under a normal prior (default N(0, 1)), with the
 * posterior SD as its standard error. The quadrature adapts to the prior and to the items: a first
 * pass samples ±6 prior SDs around the prior mean (widened while the posterior still has mass at an
 * edge) with a step fine enough for the steepest item (½ ÷ (D·a) in θ, at most ¼ prior SD); a second
 * pass integrates only where the posterior has mass (within e^−50 of its peak), resampled until that
 * region holds at least 100 points. The trapezoidal
 * rule on a smooth integrand that vanishes at both ends converges geometrically in the step, so both
 * θ and SE are exact to far better than 1e-4 (checked in tests against a very fine integration).
 */
export function eap(responses: readonly Response[], options: EapOptions = {}): Estimate {
  const { priorMean = 0, priorSd = 1, scale = 1 } = options;
  if (!Number.isFinite(priorMean) || !(priorSd > 0) || !Number.isFinite(priorSd))
    throw new RangeError(
      `the prior must have a finite mean and a positive SD (got N(${priorMean}, ${priorSd}²))`,
    );
  const scored = responses.filter((r) => r.score === 0 || r.score === 1);
  for (const r of scored)
    if (r.weight !== undefined && !(r.weight >= 0 && Number.isFinite(r.weight)))
      throw new RangeError(`a response's weight must be a finite number ≥ 0 (got ${r.weight})`);
  const logPosterior = (theta: number) => {
    const z = (theta - priorMean) / priorSd;
    let lp = -0.5 * z * z;
    for (const r of scored) {
      const [l1, l0] = logProbabilities(theta, r.params, scale);
      lp += (r.weight ?? 1) * (r.score === 1 ? l1 : l0);
    }
    return lp;
  };
  let steepest = 0;
  for (const r of scored) steepest = Math.max(steepest, Math.abs(scale * r.params.a));
  const step = Math.min(priorSd / 4, steepest > 0 ? 0.5 / steepest : Number.POSITIVE_INFINITY);

  // Pass 1: where the posterior lies, within ±6 prior SDs, widened while an edge still carries mass.
  let lo = priorMean - 6 * priorSd;
  let hi = priorMean + 6 * priorSd;
  let coarse = sample(logPosterior, lo, hi, step);
  for (let widen = 0; widen < 8; widen++) {
    const n = coarse.logPost.length;
    const lowEdge = coarse.logPost[0]! > coarse.max - NEGLIGIBLE;
    const highEdge = coarse.logPost[n - 1]! > coarse.max - NEGLIGIBLE;
    if (!lowEdge && !highEdge) break;
    if (lowEdge) lo -= 6 * priorSd;
    if (highEdge) hi += 6 * priorSd;
    coarse = sample(logPosterior, lo, hi, step);
  }
  // Pass 2: only where the posterior has mass, resampled until that region holds at least 100 points
  // (a step of at most a fifth of the posterior SD for a near-normal posterior, whose trapezoidal error
  // is then below e^−(2π²·25)), never coarser than pass 1.
  let fine = coarse;
  for (let refine = 0; refine < 8; refine++) {
    let from = fine.grid.length - 1;
    let to = 0;
    fine.logPost.forEach((lp, k) => {
      if (lp > fine.max - NEGLIGIBLE) {
        from = Math.min(from, k);
        to = Math.max(to, k);
      }
    });
    if (to - from + 1 >= 100 && refine > 0) break;
    const a = fine.grid[Math.max(0, from - 1)]!;
    const b = fine.grid[Math.min(fine.grid.length - 1, to + 1)]!;
    fine = sample(logPosterior, a, b, Math.min(step, (b - a) / 150));
  }
  const { mean, sd } = moments(fine, moments(fine).mean);
  return { theta: mean, se: sd };
}

interface Samples {
  grid: Float64Array;
  logPost: Float64Array;
  max: number;
}

/** The log posterior on an evenly spaced grid from lo to hi with a step of at most `step`. */
function sample(f: (t: number) => number, lo: number, hi: number, step: number): Samples {
  const points = Math.min(MAX_POINTS, Math.max(3, Math.ceil((hi - lo) / step) + 1));
  const grid = new Float64Array(points);
  const logPost = new Float64Array(points);
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < points; k++) {
    const t = lo + ((hi - lo) * k) / (points - 1);
    grid[k] = t;
    const lp = f(t);
    logPost[k] = lp;
    if (lp > max) max = lp;
  }
  return { grid, logPost, max };
}

/** Posterior mean and SD by the trapezoidal rule, moments taken about `centre` to avoid cancellation. */
function moments(s: Samples, centre = 0): { mean: number; sd: number } {
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  const last = s.grid.length - 1;
  for (let k = 0; k <= last; k++) {
    const w = Math.exp(s.logPost[k]! - s.max) * (k === 0 || k === last ? 0.5 : 1);
    const x = s.grid[k]! - centre;
    w0 += w;
    w1 += w * x;
    w2 += w * x * x;
  }
  const m = w1 / w0;
  return { mean: centre + m, sd: Math.sqrt(Math.max(0, w2 / w0 - m * m)) };
}

export interface MleOptions {
  /** Search interval; a maximum beyond it, or none (all correct, all wrong), is reported at its bounds. */
  lower?: number;
  upper?: number;
  /** Convergence tolerance on θ. */
  tolerance?: number;
  maxIterations?: number;
  scale?: number;
  /** Normal prior for MAP; absent for MLE. */
  prior?: { mean: number; sd: number };
}

/**
 * Where a point estimate stands:
 * - `maximum`: the global maximum of the objective in the search interval, inside it;
 * - `lower-bound` / `upper-bound`: the objective still rises past a bound to a finite maximum beyond
 *   it; θ is the bound;
 * - `minus-infinity` / `plus-infinity`: the objective is highest as θ → −∞ (+∞): there is no finite
 *   estimate (all wrong or all right, or a 3PL pattern whose likelihood peaks at −∞); θ is the bound;
 * - `no-responses`: nothing was answered; an MLE is undefined (θ is NaN), a MAP is the prior mean.
 */
export type PointStatus =
  | "maximum"
  | "lower-bound"
  | "upper-bound"
  | "minus-infinity"
  | "plus-infinity"
  | "no-responses";

export interface PointEstimate extends Estimate {
  /** True when θ is a finite maximum inside the search interval (status `maximum`, or a MAP of no responses). */
  finite: boolean;
  status: PointStatus;
  iterations: number;
  /** The objective at θ: the log-likelihood, plus the log prior density (up to a constant) for MAP. */
  logLikelihood: number;
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

/** Objective differences smaller than this are ties. */
const LL_TOLERANCE = 1e-9;

/**
 * Maximum likelihood (or, with a prior, maximum a posteriori) estimate: the global maximum of the
 * objective on [lower, upper]. Under the 1PL/2PL (no item with c > 0 or d < 1) the log-likelihood is
 * concave and Newton–Raphson from the centre finds it; otherwise the objective can have several
 * local maxima, so it is first evaluated on a grid over the interval (a step of at most 0.1, and
 * ¼ ÷ (D·a) for the steepest item), and Newton refines the best grid point within one step either
 * side. Newton is safeguarded: a step that does not increase the objective is halved, steps are
 * capped at 1, and a bracketing bisection takes over when Newton leaves the bracket; it converges to
 * `tolerance` of the exact maximum. A maximum at a bound is classified by what lies beyond it (a
 * finite maximum, or the limit at ±∞: see `PointStatus`). SE = 1/√(information at θ) (plus the
 * prior's); infinite when the information is 0 and when there is no finite estimate (±∞).
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
  const result = (theta: number, status: PointStatus, iterations: number): PointEstimate => {
    const { info } = derivatives(theta, scored, scale, prior);
    const unbounded = status === "minus-infinity" || status === "plus-infinity";
    return {
      theta,
      // No finite estimate, no finite standard error (the information at the bound would suggest one).
      se: info > 0 && !unbounded ? 1 / Math.sqrt(info) : Number.POSITIVE_INFINITY,
      finite: status === "maximum",
      status,
      iterations,
      logLikelihood: objective(theta),
    };
  };

  if (scored.length === 0) {
    if (prior) return { ...result(prior.mean, "no-responses", 0), finite: true, se: prior.sd };
    return {
      theta: Number.NaN,
      se: Number.POSITIVE_INFINITY,
      finite: false,
      status: "no-responses",
      iterations: 0,
      logLikelihood: 0,
    };
  }
  const informative = scored.some((r) => r.params.a > 0);
  if (!prior && informative) {
    // All right or all wrong: every term rises monotonically towards one end, whatever the model.
    const right = scored.filter((r) => r.score === 1).length;
    if (right === 0) return result(lower, "minus-infinity", 0);
    if (right === scored.length) return result(upper, "plus-infinity", 0);
  }

  // The global maximum on [lower, upper].
  const concave = scored.every((r) => r.params.c === 0 && r.params.d === 1);
  let start = Math.min(upper, Math.max(lower, prior ? prior.mean : 0));
  let lo = lower;
  let hi = upper;
  if (!concave) {
    let steepest = 0;
    for (const r of scored) steepest = Math.max(steepest, Math.abs(scale * r.params.a));
    const step = Math.min(0.1, steepest > 0 ? 0.25 / steepest : 0.1);
    const points = Math.max(3, Math.ceil((upper - lower) / step) + 1);
    let best = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < points; k++) {
      const t = lower + ((upper - lower) * k) / (points - 1);
      const f = objective(t);
      if (f > best) {
        best = f;
        start = t;
      }
    }
    const h = (upper - lower) / (points - 1);
    lo = Math.max(lower, start - h);
    hi = Math.min(upper, start + h);
  }
  const found = newton(start, lo, hi, { objective, tolerance, maxIterations, scored, scale, prior });
  // Newton never ends below where it started (a safeguard against a flat or kinked objective).
  const theta = objective(found.theta) >= objective(start) ? found.theta : start;
  const best = objective(theta);

  // Beyond the bounds: a finite maximum past a bound, or the limit at ±∞ above everything inside.
  const limits = prior ? null : asymptotes(scored);
  const side = (bound: number, outward: -1 | 1, limit: number) => {
    // Newton approaches a maximum at a bound to within its tolerance, never exactly.
    const near = Math.abs(theta - bound) <= Math.max(1e-6, 100 * tolerance);
    const atBound = near && outward * derivatives(bound, scored, scale, prior).d1 > 0;
    if (!atBound && !(limit > best + LL_TOLERANCE)) return null;
    const fBound = objective(bound);
    // Rising all the way to the limit (nothing within 20 beyond the bound overshoots it): the
    // maximum is at infinity. Otherwise it is a finite maximum past the bound.
    const overshoots = () => {
      for (let j = 1; j <= 400; j++)
        if (objective(bound + outward * 0.05 * j) > limit + LL_TOLERANCE) return true;
      return false;
    };
    const infinite = limit >= fBound - LL_TOLERANCE && !overshoots();
    return { sup: Math.max(limit, fBound), infinite };
  };
  const below = side(lower, -1, limits ? limits.low : Number.NEGATIVE_INFINITY);
  const above = side(upper, 1, limits ? limits.high : Number.NEGATIVE_INFINITY);
  if (below && (!above || below.sup >= above.sup))
    return result(lower, below.infinite ? "minus-infinity" : "lower-bound", found.iterations);
  if (above) return result(upper, above.infinite ? "plus-infinity" : "upper-bound", found.iterations);
  return result(theta, "maximum", found.iterations);
}

/** The log-likelihood's limits as θ → −∞ (each item at its lower asymptote c) and θ → +∞ (at d). */
function asymptotes(scored: readonly Response[]): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (const r of scored) {
    const { a, c, d } = r.params;
    if (a === 0) {
      // A flat item: its probability is the same everywhere.
      const p = c + (d - c) / 2;
      const l = Math.log(r.score === 1 ? p : 1 - p);
      low += l;
      high += l;
      continue;
    }
    low += Math.log(r.score === 1 ? c : 1 - c);
    high += Math.log(r.score === 1 ? d : 1 - d);
  }
  return { low, high };
}

/** Safeguarded Newton–Raphson for the maximum of `objective` in [lo, hi], starting at θ0. */
function newton(
  theta0: number,
  lo: number,
  hi: number,
  ctx: {
    objective: (t: number) => number;
    tolerance: number;
    maxIterations: number;
    scored: readonly Response[];
    scale: number;
    prior?: { mean: number; sd: number };
  },
): { theta: number; iterations: number } {
  const { objective, tolerance, maxIterations, scored, scale, prior } = ctx;
  let theta = theta0;
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
  return { theta, iterations };
}

/** MAP: the posterior mode under a normal prior (default N(0, 1)). */
export function maximumAPosteriori(
  responses: readonly Response[],
  options: Omit<MleOptions, "prior"> & { prior?: { mean: number; sd: number } } = {},
): PointEstimate {
  return maximumLikelihood(responses, { ...options, prior: options.prior ?? { mean: 0, sd: 1 } });
}
