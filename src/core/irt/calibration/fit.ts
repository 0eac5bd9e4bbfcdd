/**
 * Item fit.
 *
 * Rasch: infit and outfit mean squares (Wright & Masters). With each person's maximum-likelihood θ
 * given the difficulties, z = (u − P)/√(P(1 − P)); outfit is the mean of z² over the item's
 * responses (sensitive to unexpected responses far from the item), infit the information-weighted
 * mean Σ(u − P)² / ΣP(1 − P). Persons with a zero or perfect score have no finite θ and are left
 * out. Expected value 1; flagged outside [0.7, 1.3] (a common range for multiple-choice tests).
 *
 * 2PL and 3PL: S-X² (Orlando & Thissen, 2000). Persons are grouped by summed score; for each score
 * k the observed proportion correct on the item is set against the model's expectation
 * E_k = ∫ P_j(θ) f⁽⁻ʲ⁾(k − 1 | θ) g(θ) dθ / ∫ f(k | θ) g(θ) dθ (Lord–Wingersky for the summed-score
 * distributions). Adjacent score groups are merged until each has an expected count of at least 1
 * correct and 1 incorrect (mirt's default); df = groups − free parameters of the item. Flagged when
 * p < 0.01. It needs summed scores over one set of items, so it uses the persons who answered every
 * item, and is not computed when fewer than 100 did (`SX2_MIN_PERSONS`).
 */
import { type ItemParameters, probability } from "../models.js";
import { chiSquareSurvival } from "./distributions.js";
import type { ResponseMatrix } from "./response-matrix.js";
import { summedScoreDistribution } from "./summed-score.js";

export const MEAN_SQUARE_RANGE = [0.7, 1.3] as const;
export const SX2_ALPHA = 0.01;
export const SX2_MIN_PERSONS = 100;

export interface RaschFit {
  infit: number;
  outfit: number;
  /** Weighted number of responses used (persons with a finite θ). */
  n: number;
  flag?: string;
}

/** Rasch infit and outfit per item given difficulties `b` (a = 1). */
export function raschMeanSquares(m: ResponseMatrix, b: ArrayLike<number>): RaschFit[] {
  const J = m.items.length;
  const zz = new Float64Array(J);
  const res2 = new Float64Array(J);
  const variance = new Float64Array(J);
  const count = new Float64Array(J);
  for (let i = 0; i < m.persons.length; i++) {
    const a0 = m.start[i]!;
    const z0 = m.start[i + 1]!;
    let r = 0;
    for (let k = a0; k < z0; k++) r += m.score[k]!;
    if (r === 0 || r === z0 - a0) continue;
    const theta = raschMle(m, i, b, r);
    const w = m.weight[i]!;
    for (let k = a0; k < z0; k++) {
      const j = m.item[k]!;
      const p = 1 / (1 + Math.exp(-(theta - b[j]!)));
      const e = m.score[k]! - p;
      const v = p * (1 - p);
      zz[j]! += (w * e * e) / v;
      res2[j]! += w * e * e;
      variance[j]! += w * v;
      count[j]! += w;
    }
  }
  return Array.from({ length: J }, (_, j) => {
    const outfit = zz[j]! / count[j]!;
    const infit = res2[j]! / variance[j]!;
    const [lo, hi] = MEAN_SQUARE_RANGE;
    const flags = [
      infit < lo || infit > hi ? `infit ${infit.toFixed(2)}` : "",
      outfit < lo || outfit > hi ? `outfit ${outfit.toFixed(2)}` : "",
    ].filter(Boolean);
    const fit: RaschFit = { infit, outfit, n: count[j]! };
    if (flags.length)
      fit.flag = `${flags.join(", ")} outside ${lo}–${hi} (${infit > hi || outfit > hi ? "noisy: responses less predictable than the model expects" : "too predictable (overfit)"})`;
    return fit;
  });
}

/** θ with Σ P_j(θ) = r over person i's items (Newton; r strictly between 0 and the item count). */
function raschMle(m: ResponseMatrix, i: number, b: ArrayLike<number>, r: number): number {
  const a0 = m.start[i]!;
  const z0 = m.start[i + 1]!;
  const n = z0 - a0;
  let mean = 0;
  for (let k = a0; k < z0; k++) mean += b[m.item[k]!]!;
  let theta = mean / n + Math.log(r / (n - r));
  for (let iter = 0; iter < 100; iter++) {
    let e = 0;
    let info = 0;
    for (let k = a0; k < z0; k++) {
      const p = 1 / (1 + Math.exp(-(theta - b[m.item[k]!]!)));
      e += p;
      info += p * (1 - p);
    }
    const step = Math.max(-1, Math.min(1, (r - e) / info));
    theta += step;
    if (Math.abs(step) < 1e-10) break;
  }
  return theta;
}

export interface SX2Fit {
  sx2: number;
  df: number;
  p: number;
  /** Persons (weighted) who answered every item, on which it is computed. */
  n: number;
  flag?: string;
}

/**
 * S-X² for every item, with the ability distribution given by quadrature `nodes` and `weights`.
 * `freeParameters[j]` is the number of estimated parameters of item j (0 for an anchor). Returns
 * undefined for every item with fewer than three items or fewer than 100 persons who answered
 * everything, and for an item whose groups leave no degrees of freedom.
 */
export function sx2(
  m: ResponseMatrix,
  params: readonly ItemParameters[],
  freeParameters: readonly number[],
  nodes: Float64Array,
  weights: Float64Array,
): (SX2Fit | undefined)[] {
  const J = m.items.length;
  const Q = nodes.length;
  // Observed: persons with every item answered, by summed score.
  const nByScore = new Float64Array(J + 1);
  const correctByScore = new Float64Array((J + 1) * J);
  let complete = 0;
  for (let i = 0; i < m.persons.length; i++) {
    const a0 = m.start[i]!;
    const z0 = m.start[i + 1]!;
    if (z0 - a0 !== J) continue;
    let s = 0;
    for (let k = a0; k < z0; k++) s += m.score[k]!;
    const w = m.weight[i]!;
    nByScore[s]! += w;
    complete += w;
    for (let k = a0; k < z0; k++) if (m.score[k] === 1) correctByScore[s * J + m.item[k]!]! += w;
  }
  if (J < 3 || complete < SX2_MIN_PERSONS) return params.map(() => undefined);
  const p = params.map((ip) => Float64Array.from(nodes, (t) => probability(t, ip)));
  const full = summedScoreDistribution(p, Q);
  const marginal = new Float64Array(J + 1);
  for (let s = 0; s <= J; s++) for (let q = 0; q < Q; q++) marginal[s]! += weights[q]! * full[s * Q + q]!;
  return params.map((_, j) => {
    const rest = summedScoreDistribution(
      p.filter((__, k) => k !== j),
      Q,
    );
    // Score groups 1 … J − 1 (0 and J carry no information about the item).
    const groups: { n: number; observed: number; expected: number }[] = [];
    for (let s = 1; s < J; s++) {
      let num = 0;
      for (let q = 0; q < Q; q++) num += weights[q]! * p[j]![q]! * rest[(s - 1) * Q + q]!;
      const e = num / marginal[s]!;
      groups.push({ n: nByScore[s]!, observed: correctByScore[s * J + j]!, expected: e * nByScore[s]! });
    }
    const merged = collapse(groups);
    let stat = 0;
    for (const g of merged) {
      if (g.n === 0) continue;
      const e = g.expected / g.n;
      const o = g.observed / g.n;
      stat += (g.n * (o - e) ** 2) / (e * (1 - e));
    }
    const df = merged.filter((g) => g.n > 0).length - freeParameters[j]!;
    if (df < 1) return undefined;
    const pValue = chiSquareSurvival(stat, df);
    const fit: SX2Fit = { sx2: stat, df, p: pValue, n: complete };
    if (pValue < SX2_ALPHA)
      fit.flag = `S-X² = ${stat.toFixed(1)} on ${df} df, p = ${pValue.toPrecision(2)} < ${SX2_ALPHA}`;
    return fit;
  });
}

/** Merges adjacent groups until each expects at least one correct and one incorrect response. */
function collapse(groups: { n: number; observed: number; expected: number }[]) {
  const small = (g: { n: number; expected: number }) => g.expected < 1 || g.n - g.expected < 1;
  const out = groups.map((g) => ({ ...g }));
  // From the bottom up, then from the top down.
  for (let k = 0; k < out.length - 1; ) {
    if (small(out[k]!)) {
      const a = out[k]!;
      const b = out[k + 1]!;
      out.splice(k, 2, {
        n: a.n + b.n,
        observed: a.observed + b.observed,
        expected: a.expected + b.expected,
      });
    } else k++;
  }
  for (let k = out.length - 1; k > 0; ) {
    if (small(out[k]!)) {
      const a = out[k - 1]!;
      const b = out[k]!;
      out.splice(k - 1, 2, {
        n: a.n + b.n,
        observed: a.observed + b.observed,
        expected: a.expected + b.expected,
      });
      k = Math.min(k - 1, out.length - 1);
    } else k--;
  }
  return out;
}

/**
 * S-X² when persons took different forms: persons are grouped by the set of items they answered,
 * S-X² is computed within each group of at least `SX2_MIN_PERSONS` (its summed score is over that
 * form), and an item's statistics and degrees of freedom are added over the groups it appears in
 * (the groups hold different persons, so the sum is again χ² on the summed df). With complete data
 * this is plain S-X². Persons whose item set no 99 others share (a CAT) are not used.
 */
export function sx2ByForm(
  m: ResponseMatrix,
  params: readonly ItemParameters[],
  freeParameters: readonly number[],
  nodes: Float64Array,
  weights: Float64Array,
): { fits: (SX2Fit | undefined)[]; forms: number; persons: number } {
  const J = m.items.length;
  const groups = new Map<string, number[]>();
  for (let i = 0; i < m.persons.length; i++) {
    const key = Array.from(m.item.subarray(m.start[i]!, m.start[i + 1]!))
      .sort((x, y) => x - y)
      .join(",");
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const stat = new Float64Array(J);
  const df = new Float64Array(J);
  const used = new Float64Array(J);
  let forms = 0;
  let persons = 0;
  for (const [key, rows] of groups) {
    const weight = rows.reduce((s, i) => s + m.weight[i]!, 0);
    if (key === "" || weight < SX2_MIN_PERSONS) continue;
    const cols = key.split(",").map(Number);
    if (cols.length < 3) continue;
    const local = new Map(cols.map((j, k) => [j, k] as const));
    const cells = rows.reduce((s, i) => s + m.start[i + 1]! - m.start[i]!, 0);
    const start = new Int32Array(rows.length + 1);
    const item = new Int32Array(cells);
    const score = new Uint8Array(cells);
    let c = 0;
    rows.forEach((i, r) => {
      start[r] = c;
      for (let k = m.start[i]!; k < m.start[i + 1]!; k++) {
        item[c] = local.get(m.item[k]!)!;
        score[c] = m.score[k]!;
        c++;
      }
    });
    start[rows.length] = c;
    const sub: ResponseMatrix = {
      items: cols.map((j) => m.items[j]!),
      persons: rows.map((i) => m.persons[i]!),
      start,
      item,
      score,
      weight: Float64Array.from(rows, (i) => m.weight[i]!),
    };
    const fits = sx2(
      sub,
      cols.map((j) => params[j]!),
      cols.map((j) => freeParameters[j]!),
      nodes,
      weights,
    );
    if (!fits.some((f) => f)) continue;
    forms++;
    persons += weight;
    fits.forEach((f, k) => {
      if (!f) return;
      const j = cols[k]!;
      stat[j]! += f.sx2;
      df[j]! += f.df;
      used[j]! += f.n;
    });
  }
  const fits = params.map((_, j) => {
    if (df[j] === 0) return undefined;
    const p = chiSquareSurvival(stat[j]!, df[j]!);
    const fit: SX2Fit = { sx2: stat[j]!, df: df[j]!, p, n: used[j]! };
    if (p < SX2_ALPHA)
      fit.flag = `S-X² = ${stat[j]!.toFixed(1)} on ${df[j]} df, p = ${p.toPrecision(2)} < ${SX2_ALPHA}`;
    return fit;
  });
  return { fits, forms, persons };
}
