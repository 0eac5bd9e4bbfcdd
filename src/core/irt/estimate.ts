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
