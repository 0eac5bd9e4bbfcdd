/**
 * Response times for simulations: van der Linden's (2006) lognormal model. Examinee j has a speed
 * τ_j; item i a time intensity β_i and a time discrimination α_i; the log of the time j spends on i is
 * normal with mean β_i − τ_j and standard deviation 1/α_i. So a faster examinee (larger τ) is faster
 * on every item by the same factor e^τ, and items differ in how long they take and how much times vary.
 */
import type { Random } from "../random/seeded.js";
import { seededRandom } from "../random/seeded.js";
import type { Pool } from "./pool.js";

export interface ItemTimes {
  /** Time intensity β_i: the mean log-seconds of an examinee of average speed (τ = 0). */
  beta: Float64Array;
  /** Time discrimination α_i: 1 / the standard deviation of log-time. */
  alpha: Float64Array;
}

/** The distribution synthetic item time parameters are drawn from. */
export interface ItemTimeDistribution {
  /** β ~ N(betaMean, betaSd²), in log-seconds. */
  betaMean: number;
  betaSd: number;
  /** α ~ U(alphaMin, alphaMax). */
  alphaMin: number;
  alphaMax: number;
}

/**
 * Defaults: a median of about 43 s per item (e^3.75) for an examinee of average speed and a mean of
 * about 47 s, so an average candidate answers even 150 CISSP items in about two hours of the three,
 * while slow candidates (τ well below 0) on long tests run out of time — what the time-out rule is for.
 */
export const DEFAULT_ITEM_TIMES: ItemTimeDistribution = {
  betaMean: 3.75,
  betaSd: 0.25,
  alphaMin: 1.5,
  alphaMax: 2.5,
};

/** Synthetic time parameters for every pool item, each drawn from a generator seeded by the item's id (so independent of pool order). */
export function syntheticItemTimes(
  pool: Pool,
  seed: string,
  dist: ItemTimeDistribution = DEFAULT_ITEM_TIMES,
): ItemTimes {
  const beta = new Float64Array(pool.size);
  const alpha = new Float64Array(pool.size);
  for (let k = 0; k < pool.size; k++) {
    const rng = seededRandom(`times:${seed}:${pool.ids[k]}`);
    beta[k] = dist.betaMean + dist.betaSd * rng.normal();
    alpha[k] = dist.alphaMin + (dist.alphaMax - dist.alphaMin) * rng.next();
  }
  return { beta, alpha };
}

/** Seconds examinee of speed τ spends on pool item k: exp(β_k − τ + ε/α_k), ε ~ N(0, 1). */
export function responseSeconds(times: ItemTimes, k: number, tau: number, rng: Random): number {
  return Math.exp(times.beta[k]! - tau + rng.normal() / times.alpha[k]!);
}

/** The expected seconds on item k at speed τ: the lognormal mean exp(β − τ + 1/(2α²)). */
export function expectedSeconds(times: ItemTimes, k: number, tau: number): number {
  const a = times.alpha[k]!;
  return Math.exp(times.beta[k]! - tau + 1 / (2 * a * a));
}
