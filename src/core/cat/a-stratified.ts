/**
 * a-stratified selection with b blocking (Chang & Ying 1999; Chang, Qian & Ying 2001). Each domain's
 * operational items are sorted by difficulty and cut into blocks of `strata` neighbours; inside a
 * block the least discriminating item goes to stratum 1, the next to stratum 2, and so on, so every
 * stratum spans the same range of b while discrimination rises from stratum to stratum. The test
 * passes through the strata in order, one stage each, the stages splitting the shortest test the rules
 * allow: weakly discriminating items are used while the estimate is rough, and the most
 * discriminating ones are kept for when it is good (and for the rest of a longer test). Within the
 * stage's stratum the item whose b lies nearest the estimate is given — one of the `k` nearest, at
 * random, so that candidates with the same estimate do not all get the same item.
 */
import type { Random } from "../random/seeded.js";
import type { Pool } from "./pool.js";
import type { SelectionState, TestProgress } from "./selection.js";

const cache = new WeakMap<Pool, Map<number, Uint8Array>>();

/** The stratum (0 = least discriminating) of every item for `count` strata; pretest items get 0. */
export function aStrata(pool: Pool, count: number): Uint8Array {
  if (!(Number.isInteger(count) && count >= 1 && count <= 255))
    throw new RangeError("the number of strata must be a whole number from 1 to 255");
  let byCount = cache.get(pool);
  if (!byCount) {
    byCount = new Map();
    cache.set(pool, byCount);
  }
  const known = byCount.get(count);
  if (known) return known;
  const stratum = new Uint8Array(pool.size);
  for (const members of pool.byDomain) {
    const byB = Array.from(members).sort((x, y) => pool.b[x]! - pool.b[y]! || x - y);
    for (let start = 0; start < byB.length; start += count) {
      const block = byB.slice(start, start + count).sort((x, y) => pool.a[x]! - pool.a[y]! || x - y);
      // A full block gives one item to each stratum; a short last block spreads its items over them.
      block.forEach((item, r) => {
        stratum[item] = Math.floor((r * count) / block.length);
      });
    }
  }
  byCount.set(count, stratum);
  return stratum;
}

/** The stratum of the current stage: stages split the shortest test's scored items evenly. */
export function stageStratum(progress: TestProgress, strata: number): number {
  const stage = Math.floor((progress.scored * strata) / Math.max(1, progress.minScored));
  return Math.min(strata - 1, stage);
}

/** The a-stratified choice within one domain (-1: all domains), or -1 when none is available there. */
export function selectAStratified(
  pool: Pool,
  state: SelectionState,
  at: number,
  domain: number,
  progress: TestProgress,
  rule: { strata: number; k: number },
  rng: Random,
): number {
  const stratum = aStrata(pool, rule.strata);
  const target = stageStratum(progress, rule.strata);
  // The stage's stratum first; once it is used up in this domain, the nearest strata above, then below.
  const order: number[] = [target];
  for (let d = 1; d < rule.strata; d++) {
    if (target + d < rule.strata) order.push(target + d);
    if (target - d >= 0) order.push(target - d);
  }
  for (const s of order) {
    const nearest = nearestByB(pool, state, at, domain, stratum, s, rule.k);
    if (nearest.length) return rng.pick(nearest);
  }
  return -1;
}

/** The k available operational items of one stratum whose b lies nearest θ (nearest first). */
function nearestByB(
  pool: Pool,
  state: SelectionState,
  at: number,
  domain: number,
  stratum: Uint8Array,
  s: number,
  k: number,
): number[] {
  const idx: number[] = [];
  const gap: number[] = [];
  const list = domain >= 0 ? pool.byDomain[domain] : undefined;
  const count = list ? list.length : pool.size;
  for (let j = 0; j < count; j++) {
    const i = list ? list[j]! : j;
    if (stratum[i] !== s || state.unavailable[i] || pool.pretest[i]) continue;
    const g = Math.abs(pool.b[i]! - at);
    if (idx.length < k) {
      idx.push(i);
      gap.push(g);
    } else if (g < gap[k - 1]!) {
      idx[k - 1] = i;
      gap[k - 1] = g;
    } else continue;
    for (let m = idx.length - 1; m > 0 && gap[m - 1]! > gap[m]!; m--) {
      [idx[m - 1], idx[m]] = [idx[m]!, idx[m - 1]!];
      [gap[m - 1], gap[m]] = [gap[m]!, gap[m - 1]!];
    }
  }
  return idx;
}
