/**
 * The Rasch model by conditional maximum likelihood (Andersen): the person parameters are removed by
 * conditioning on each person's raw score, so item difficulties are estimated consistently whatever
 * the ability distribution. P(pattern | score r) = Π ε_j^{u_j} / γ_r(ε) with ε_j = exp(−b_j).
 *
 * Persons who saw different item sets (forms, missing responses) are grouped by the set they saw,
 * each group with its own elementary symmetric functions, as eRm does. Persons with a zero or
 * perfect score carry no information and drop out. Meant for fixed forms: when the items a person
 * sees depend on their answers (a CAT, multistage tests) use MML, for which that design is ignorable.
 *
 * Identification: difficulties sum to zero (eRm's default, `sum0 = TRUE`), unless anchor items fix
 * the scale, in which case only the other items move. Newton–Raphson with the exact Hessian (the
 * conditional covariances of the item scores, from second-order ESFs); standard errors are the
 * square roots of the diagonal of the inverse information under the constraint (its Moore–Penrose
 * inverse for sum-zero).
 */
import { elementarySymmetric } from "./esf.js";
import { invertSpd, solveSpd } from "./linear-algebra.js";
import type { ResponseMatrix } from "./response-matrix.js";

export interface CmlOptions {
  /** Difficulties fixed by anchor items (item index → b); the rest are estimated, without sum-zero. */
  anchors?: ReadonlyMap<number, number>;
  /** Stop when no difficulty moves more than this (default 1e-10). */
  tolerance?: number;
  maxIterations?: number;
}

export interface CmlResult {
  b: Float64Array;
  /** Standard errors (0 for anchored items). */
  se: Float64Array;
  /** Conditional log-likelihood. */
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Weighted number of persons with a score strictly between 0 and the number of items they saw. */
  informativePersons: number;
}

/** Persons grouped by the item set they saw; within a group, the number of persons at each score. */
interface Group {
  items: Int32Array;
  scoreCounts: Float64Array;
}

function groupByItemSet(m: ResponseMatrix): { groups: Group[]; correct: Float64Array; informative: number } {
  const byKey = new Map<string, Group>();
  const correct = new Float64Array(m.items.length);
  let informative = 0;
  for (let i = 0; i < m.persons.length; i++) {
    const a = m.start[i]!;
    const z = m.start[i + 1]!;
    const n = z - a;
    let r = 0;
    for (let k = a; k < z; k++) r += m.score[k]!;
    if (r === 0 || r === n) continue;
    const w = m.weight[i]!;
    // Persons who saw every item share one group without building a key.
    const complete = n === m.items.length;
    const items = complete ? undefined : Int32Array.from(m.item.subarray(a, z)).sort();
    const key = items ? items.join(",") : "all";
    let g = byKey.get(key);
    if (!g) {
      g = {
        items: items ?? Int32Array.from({ length: n }, (_, k) => k),
        scoreCounts: new Float64Array(n + 1),
      };
      byKey.set(key, g);
    }
    g.scoreCounts[r]! += w;
    informative += w;
    for (let k = a; k < z; k++) if (m.score[k] === 1) correct[m.item[k]!]! += w;
  }
  return { groups: [...byKey.values()], correct, informative };
}

interface Derivatives {
  logLik: number;
  /** Gradient of the conditional log-likelihood with respect to b. */
  gradient: Float64Array;
  /** Information (minus the Hessian) with respect to b. */
  information: Float64Array;
}

function derivatives(
  b: Float64Array,
  groups: Group[],
  correct: Float64Array,
  withInfo: boolean,
): Derivatives {
  const J = b.length;
  const gradient = new Float64Array(J);
  const information = new Float64Array(withInfo ? J * J : 0);
  let logLik = 0;
  for (let j = 0; j < J; j++) {
    gradient[j] = -correct[j]!;
    logLik -= correct[j]! * b[j]!;
  }
  for (const g of groups) {
    const n = g.items.length;
    const eps = new Float64Array(n);
    for (let k = 0; k < n; k++) eps[k] = Math.exp(-b[g.items[k]!]!);
    const full = elementarySymmetric(eps);
    // P(u_j = 1 | r) = ε_j γ^{(j)}_{r−1} / γ_r for each item of the group and score r.
    const pi = new Float64Array(n * (n + 1));
    // γ^{(k)}_r / γ_r for every item k and score r (leave-one-out ESFs on γ's scale).
    const looRatio = new Float64Array(n * (n + 1));
    for (let k = 0; k < n; k++) {
      const minus = elementarySymmetric(eps, k);
      const scale = Math.exp(minus.logScale - full.logScale);
      for (let r = 0; r < n; r++)
        looRatio[k * (n + 1) + r] = (scale * minus.values[r]!) / full.values[r + 1]!;
      for (let r = 1; r < n; r++)
        pi[k * (n + 1) + r] = (eps[k]! * scale * minus.values[r - 1]!) / full.values[r]!;
    }
    for (let r = 1; r < n; r++) {
      const nr = g.scoreCounts[r]!;
      if (nr === 0) continue;
      logLik -= nr * (Math.log(full.values[r]!) + full.logScale);
      for (let k = 0; k < n; k++) gradient[g.items[k]!]! += nr * pi[k * (n + 1) + r]!;
    }
    if (!withInfo) continue;
    for (let k = 0; k < n; k++) {
      const jk = g.items[k]!;
      for (let r = 1; r < n; r++) {
        const p = pi[k * (n + 1) + r]!;
        information[jk * J + jk]! += g.scoreCounts[r]! * p * (1 - p);
      }
      for (let l = k + 1; l < n; l++) {
        const jl = g.items[l]!;
        const ek = eps[k]!;
        const el = eps[l]!;
        let cov = 0;
        if (Math.abs(ek - el) > 0.01 * Math.max(ek, el)) {
          // γ^{(kl)}_{r−2} = (γ^{(l)}_{r−1} − γ^{(k)}_{r−1}) / (ε_k − ε_l): O(n) per pair, exact
          // enough while ε_k and ε_l are not close.
          for (let r = 2; r < n; r++) {
            const nr = g.scoreCounts[r]!;
            if (nr === 0) continue;
            const diff = looRatio[l * (n + 1) + r - 1]! - looRatio[k * (n + 1) + r - 1]!;
            const pkl = ((ek * el) / (ek - el)) * diff;
            cov += nr * (pkl - pi[k * (n + 1) + r]! * pi[l * (n + 1) + r]!);
          }
        } else {
          const pair = elementarySymmetric(eps, k, l);
          const ratio = ek * el * Math.exp(pair.logScale - full.logScale);
          for (let r = 2; r < n; r++) {
            const nr = g.scoreCounts[r]!;
            if (nr === 0) continue;
            const pkl = (ratio * pair.values[r - 2]!) / full.values[r]!;
            cov += nr * (pkl - pi[k * (n + 1) + r]! * pi[l * (n + 1) + r]!);
          }
        }
        // Score 1: both correct is impossible, so the covariance is −π_k π_l.
        const n1 = g.scoreCounts[1]!;
        if (n1 > 0) cov -= n1 * pi[k * (n + 1) + 1]! * pi[l * (n + 1) + 1]!;
        information[jk * J + jl]! += cov;
        information[jl * J + jk]! += cov;
      }
    }
  }
  return { logLik, gradient, information };
}

/** Conditional log-likelihood of the matrix at difficulties `b` (for checks and reports). */
export function conditionalLogLik(m: ResponseMatrix, b: ArrayLike<number>): number {
  const { groups, correct } = groupByItemSet(m);
  return derivatives(Float64Array.from(b), groups, correct, false).logLik;
}

/** Estimates Rasch difficulties by CML. Items that nobody answered informatively must be removed first. */
export function raschCml(m: ResponseMatrix, options: CmlOptions = {}): CmlResult {
  const { anchors = new Map(), tolerance = 1e-10, maxIterations = 100 } = options;
  const J = m.items.length;
  const { groups, correct, informative } = groupByItemSet(m);
  // Responses per item among informative persons, for the starting values.
  const seen = new Float64Array(J);
  for (const g of groups) {
    let w = 0;
    for (const c of g.scoreCounts) w += c;
    for (const j of g.items) seen[j]! += w;
  }
  const free: number[] = [];
  for (let j = 0; j < J; j++) {
    if (anchors.has(j)) continue;
    if (!(correct[j]! > 0 && correct[j]! < seen[j]!))
      throw new RangeError(
        `item ${m.items[j]} has ${correct[j]! > 0 ? "only correct" : "no correct"} responses among persons with informative scores; CML cannot estimate it`,
      );
    free.push(j);
  }
  const sumZero = anchors.size === 0;
  const b = new Float64Array(J);
  for (let j = 0; j < J; j++) b[j] = anchors.get(j) ?? Math.log((seen[j]! - correct[j]!) / correct[j]!);
  if (sumZero) centre(b);

  const F = free.length;
  let d = derivatives(b, groups, correct, true);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const info = new Float64Array(F * F);
    const grad = new Float64Array(F);
    for (let x = 0; x < F; x++) {
      grad[x] = d.gradient[free[x]!]!;
      for (let y = 0; y < F; y++) info[x * F + y] = d.information[free[x]! * J + free[y]!]!;
    }
    // Under sum-zero the information is singular along (1, …, 1); adding 11ᵀ makes it invertible
    // without changing the step, which then sums to zero (the gradient does).
    if (sumZero) for (let k = 0; k < F * F; k++) info[k]! += 1;
    const step = solveSpd(info, F, grad);
    if (!step) break;
    let scale = 1;
    let next: Derivatives | undefined;
    const trial = new Float64Array(J);
    for (let halving = 0; halving < 30; halving++) {
      trial.set(b);
      for (let x = 0; x < F; x++) trial[free[x]!]! += scale * step[x]!;
      if (sumZero) centre(trial);
      next = derivatives(trial, groups, correct, true);
      if (next.logLik >= d.logLik - 1e-9 * Math.abs(d.logLik)) break;
      scale /= 2;
    }
    let moved = 0;
    for (let j = 0; j < J; j++) moved = Math.max(moved, Math.abs(trial[j]! - b[j]!));
    b.set(trial);
    d = next!;
    if (moved < tolerance) {
      converged = true;
      break;
    }
  }

  const se = new Float64Array(J);
  const info = new Float64Array(F * F);
  for (let x = 0; x < F; x++)
    for (let y = 0; y < F; y++)
      info[x * F + y] = d.information[free[x]! * J + free[y]!]! + (sumZero ? 1 / F : 0);
  const inv = invertSpd(info, F);
  if (inv)
    for (let x = 0; x < F; x++) {
      // Moore–Penrose inverse under sum-zero: (I + 11ᵀ/F)⁻¹ − 11ᵀ/F.
      const v = inv[x * F + x]! - (sumZero ? 1 / F : 0);
      se[free[x]!] = Math.sqrt(Math.max(0, v));
    }
  else se.fill(Number.NaN);
  for (const j of anchors.keys()) se[j] = 0;
  return { b, se, logLik: d.logLik, iterations, converged, informativePersons: informative };
}

function centre(b: Float64Array): void {
  let s = 0;
  for (const x of b) s += x;
  const mean = s / b.length;
  for (let j = 0; j < b.length; j++) b[j]! -= mean;
}
