/**
 * Item selection: maximum Fisher information at the current θ (or at the cut θ, for
 * classification), with content balancing toward the blueprint weights, exposure control
 * (randomesque-k, Sympson–Hetter, the progressive method, a-stratified selection), enemies and
 * items already seen excluded.
 */
import type { Random } from "../random/seeded.js";
import { selectAStratified } from "./a-stratified.js";
import { information } from "./information.js";
import type { Pool } from "./pool.js";
import { selectProgressive } from "./progressive.js";

export { information };

export type Exposure =
  | { kind: "none" }
  /** One of the k most informative items, at random (Kingsbury & Zara 1989). */
  | { kind: "randomesque"; k: number }
  /** The most informative item, administered with probability K_i (`pool.exposureControl`), else set aside (Sympson & Hetter 1985). */
  | { kind: "sympson-hetter" }
  /** Information weighed against a random component that fades as the test goes on (Revuelta & Ponsoda 1998), at acceleration t (Barrada et al. 2008). */
  | { kind: "progressive"; acceleration: number }
  /** Strata of rising discrimination with b blocking, one stage each; b nearest θ, one of the k nearest at random (Chang, Qian & Ying 2001). */
  | { kind: "a-stratified"; strata: number; k: number };

/** How far the test has gone, for the rules whose choice changes along the test. */
export interface TestProgress {
  /** Scored items administered so far. */
  scored: number;
  /** Scored items of the shortest test the rules allow (minimum length less pretest items). */
  minScored: number;
  /** Scored items of the longest test the rules allow. */
  maxScored: number;
}

export interface SelectionState {
  /** 1 for items administered or otherwise unavailable to this examinee. */
  unavailable: Uint8Array;
  /** Scored items administered per domain index. */
  domainCounts: Int32Array;
  /** Operational items still available per domain index. */
  availableByDomain: Int32Array;
}

export interface SelectionOptions {
  /** θ at which information is maximised: the current estimate, or the cut for classification tests. */
  at: number;
  /** Blueprint weights per domain index (any positive scale); absent: no content balancing. */
  weights?: Float64Array;
  exposure: Exposure;
  rng: Random;
  scale?: number;
  /** Where the test stands (progressive and a-stratified selection); absent: at its start. */
  progress?: TestProgress;
  /** Counts each item selected by information, whether or not exposure control then lets it through (Sympson–Hetter calibration). */
  selections?: Uint32Array;
}

export function newSelectionState(pool: Pool): SelectionState {
  const availableByDomain = new Int32Array(pool.domains.length);
  for (let k = 0; k < pool.size; k++) if (!pool.pretest[k]) availableByDomain[pool.domain[k]!]!++;
  return {
    unavailable: new Uint8Array(pool.size),
    domainCounts: new Int32Array(pool.domains.length),
    availableByDomain,
  };
}

/** Makes item k unavailable to this examinee (administered, an enemy of one, or rejected by exposure control). */
export function block(pool: Pool, state: SelectionState, k: number): void {
  if (state.unavailable[k]) return;
  state.unavailable[k] = 1;
  if (!pool.pretest[k]) state.availableByDomain[pool.domain[k]!]!--;
}

/**
 * The domain furthest behind its blueprint share: the largest deficit w_d·(n+1)/Σw − count_d among
 * domains that still have available operational items. Ties go to the larger weight, then the first.
 */
export function domainToFill(state: SelectionState, weights: Float64Array): number {
  const open = state.availableByDomain.map((n) => (n > 0 ? 1 : 0));
  let total = 0;
  let n = 0;
  for (let d = 0; d < weights.length; d++) {
    if (open[d]) total += weights[d]!;
    n += state.domainCounts[d]!;
  }
  let best = -1;
  let bestDeficit = Number.NEGATIVE_INFINITY;
  for (let d = 0; d < weights.length; d++) {
    if (!open[d] || weights[d]! <= 0) continue;
    const deficit = (weights[d]! * (n + 1)) / total - state.domainCounts[d]!;
    if (
      deficit > bestDeficit + 1e-12 ||
      (Math.abs(deficit - bestDeficit) <= 1e-12 && weights[d]! > weights[best]!)
    ) {
      best = d;
      bestDeficit = deficit;
    }
  }
  return best;
}

/** The k most informative available operational items (indices, best first), optionally within one domain. */
export function topInformative(
  pool: Pool,
  state: SelectionState,
  at: number,
  k: number,
  domain = -1,
  scale = 1,
): number[] {
  const idx: number[] = [];
  const val: number[] = [];
  const list = domain >= 0 ? pool.byDomain[domain] : undefined;
  const count = list ? list.length : pool.size;
  for (let j = 0; j < count; j++) {
    const i = list ? list[j]! : j;
    if (state.unavailable[i] || pool.pretest[i]) continue;
    const info = information(pool, i, at, scale);
    if (idx.length < k) {
      idx.push(i);
      val.push(info);
    } else if (info > val[k - 1]!) {
      idx[k - 1] = i;
      val[k - 1] = info;
    } else continue;
    // Insertion step: move the new entry up to its place (best first).
    for (let m = idx.length - 1; m > 0 && val[m - 1]! < val[m]!; m--) {
      [idx[m - 1], idx[m]] = [idx[m]!, idx[m - 1]!];
      [val[m - 1], val[m]] = [val[m]!, val[m - 1]!];
    }
  }
  return idx;
}

/** Marks an item administered: unavailable from now on, its enemies too, and counted in its domain. */
export function markAdministered(pool: Pool, state: SelectionState, k: number): void {
  block(pool, state, k);
  for (const e of pool.enemies.get(k) ?? []) block(pool, state, e);
  if (!pool.pretest[k]) state.domainCounts[pool.domain[k]!]!++;
}

/** Chooses the next operational item, or -1 when none is available. */
export function selectItem(pool: Pool, state: SelectionState, options: SelectionOptions): number {
  const exposure = options.exposure;
  if (exposure.kind === "sympson-hetter") return selectSympsonHetter(pool, state, options);
  const domain = options.weights ? domainToFill(state, options.weights) : -1;
  let chosen = chooseIn(pool, state, options, domain);
  if (chosen < 0 && domain >= 0) chosen = chooseIn(pool, state, options, -1);
  if (chosen >= 0 && options.selections) options.selections[chosen]!++;
  return chosen;
}

/** The item a rule chooses within one domain (-1: all domains), or -1 when none is available there. */
function chooseIn(pool: Pool, state: SelectionState, options: SelectionOptions, domain: number): number {
  const exposure = options.exposure;
  const progress = options.progress ?? { scored: 0, minScored: 1, maxScored: 1 };
  switch (exposure.kind) {
    case "progressive":
      return selectProgressive(
        pool,
        state,
        options.at,
        domain,
        progress,
        exposure.acceleration,
        options.rng,
        options.scale,
      );
    case "a-stratified":
      return selectAStratified(pool, state, options.at, domain, progress, exposure, options.rng);
    case "randomesque": {
      const candidates = topInformative(pool, state, options.at, exposure.k, domain, options.scale);
      return candidates.length ? options.rng.pick(candidates) : -1;
    }
    default:
      return topInformative(pool, state, options.at, 1, domain, options.scale)[0] ?? -1;
  }
}

/** How many of the best items are ranked at a time while Sympson–Hetter walks down the list. */
const SH_BATCH = 16;

/**
 * Sympson–Hetter: the most informative available item is selected; it is administered with
 * probability K_i, otherwise it is set aside for this examinee and the next best is selected, and so
 * on down the list until one is administered. Only when no item is left at all is there nothing to give.
 */
function selectSympsonHetter(pool: Pool, state: SelectionState, options: SelectionOptions): number {
  for (;;) {
    const domain = options.weights ? domainToFill(state, options.weights) : -1;
    let ranked = topInformative(pool, state, options.at, SH_BATCH, domain, options.scale);
    if (ranked.length === 0 && domain >= 0)
      ranked = topInformative(pool, state, options.at, SH_BATCH, -1, options.scale);
    if (ranked.length === 0) return -1;
    for (const item of ranked) {
      if (options.selections) options.selections[item]!++;
      if (options.rng.next() < pool.exposureControl[item]!) return item;
      block(pool, state, item);
      // A rejection can empty the domain being filled: rank afresh so content balancing picks again.
      if (domain >= 0 && state.availableByDomain[domain] === 0) break;
    }
  }
}
