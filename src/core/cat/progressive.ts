/**
 * The progressive method (Revuelta & Ponsoda 1998): each available item gets the weight
 * W_i = (1 − s)·R_i + s·I_i(θ̂), where I_i is its Fisher information at the estimate, R_i is drawn
 * uniformly from [0, max_j I_j(θ̂)] (the most information on offer), and s grows from 0 at the first
 * item to 1 at the longest test the rules allow. The item of highest weight is given. Early items,
 * chosen while the estimate is still rough, are close to random, so use spreads over the bank; later
 * items are chosen more and more by information alone.
 *
 * How fast s grows is the acceleration t (Barrada, Olea, Ponsoda & Abad 2008): s = (q / L)^t for the
 * q-th scored item of at most L. t = 1 is Revuelta and Ponsoda's linear schedule; t > 1 keeps the
 * random part longer, which spreads the use of the most informative items further at some cost in
 * precision for short tests.
 */
import type { Random } from "../random/seeded.js";
import { information } from "./information.js";
import type { Pool } from "./pool.js";
import type { SelectionState, TestProgress } from "./selection.js";

/** Reused work arrays: each available item's information, and its uniform draw. */
let infoScratch = new Float64Array(0);
let drawScratch = new Float64Array(0);

/** The weight of information, s = (q / L)^t: scored items so far over the longest test's, to the power t. */
export function progressiveShare(progress: TestProgress, acceleration = 1): number {
  return Math.min(1, progress.scored / Math.max(1, progress.maxScored)) ** acceleration;
}

/** The progressive choice within one domain (-1: all domains), or -1 when none is available there. */
export function selectProgressive(
  pool: Pool,
  state: SelectionState,
  at: number,
  domain: number,
  progress: TestProgress,
  acceleration: number,
  rng: Random,
  scale = 1,
): number {
  const list = domain >= 0 ? pool.byDomain[domain] : undefined;
  const count = list ? list.length : pool.size;
  if (infoScratch.length < count) {
    infoScratch = new Float64Array(pool.size);
    drawScratch = new Float64Array(pool.size);
  }
  const info = infoScratch;
  let most = 0;
  let available = 0;
  for (let j = 0; j < count; j++) {
    const i = list ? list[j]! : j;
    if (state.unavailable[i] || pool.pretest[i]) {
      info[j] = -1;
      continue;
    }
    const x = information(pool, i, at, scale);
    info[j] = x;
    if (x > most) most = x;
    available++;
  }
  if (available === 0) return -1;
  // One uniform per available item, drawn in a loop of its own (in item order, so a seed replays).
  const draws = drawScratch;
  for (let j = 0; j < available; j++) draws[j] = rng.next();
  const s = progressiveShare(progress, acceleration);
  const spread = (1 - s) * most;
  let best = -1;
  let bestWeight = Number.NEGATIVE_INFINITY;
  let d = 0;
  for (let j = 0; j < count; j++) {
    const x = info[j]!;
    if (x < 0) continue;
    const weight = s * x + spread * draws[d++]!;
    if (weight > bestWeight) {
      bestWeight = weight;
      best = list ? list[j]! : j;
    }
  }
  return best;
}
