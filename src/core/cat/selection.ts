/**
 * Item selection: maximum Fisher information at the current θ (or at the cut θ, for
 * classification), with content balancing toward the blueprint weights, exposure control
 * (randomesque-k, Sympson–Hetter), enemies and items already seen excluded.
 */
import type { Random } from "../random/seeded.js";
import type { Pool } from "./pool.js";

export type Exposure = { kind: "none" } | { kind: "randomesque"; k: number } | { kind: "sympson-hetter" };

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

/** Fisher information of pool item k at θ. */
export function information(pool: Pool, k: number, theta: number, scale = 1): number {
  const a = pool.a[k]!;
  const c = pool.c[k]!;
  const d = pool.d[k]!;
  const z = scale * a * (theta - pool.b[k]!);
  const sig = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  if (c === 0 && d === 1) return scale * scale * a * a * sig * (1 - sig);
  const p = c + (d - c) * sig;
  const dp = scale * a * (d - c) * sig * (1 - sig);
  return (dp * dp) / (p * (1 - p));
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
  const domain = options.weights ? domainToFill(state, options.weights) : -1;
  const exposure = options.exposure;
  const k = exposure.kind === "randomesque" ? exposure.k : exposure.kind === "sympson-hetter" ? 32 : 1;
  let candidates = topInformative(pool, state, options.at, k, domain, options.scale);
  if (candidates.length === 0 && domain >= 0)
    candidates = topInformative(pool, state, options.at, k, -1, options.scale);
  if (candidates.length === 0) return -1;
  if (exposure.kind === "randomesque") return options.rng.pick(candidates);
  if (exposure.kind === "sympson-hetter") {
    // Take the best item with probability K_i; a rejected item is set aside for this examinee.
    for (const c of candidates) {
      if (options.rng.next() < pool.exposureControl[c]!) return c;
      block(pool, state, c);
    }
    return candidates[candidates.length - 1]!;
  }
  return candidates[0]!;
}
