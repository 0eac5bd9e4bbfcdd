/**
 * The item and population parameters of a marginal-maximum-likelihood calibration as one vector of
 * free values, and the M-step over it.
 *
 * Items use the slope–intercept form z = a·θ + d (so b = −d/a) and, for the 3PL, γ = logit(c);
 * P(correct) = c + (1 − c)·σ(z). Each item's a, d and γ is either a free slot of the vector or a
 * fixed value (anchor items fix all three). The Rasch model by MML has one slope shared by all items
 * with θ ~ N(0, 1), which is the Rasch model with a = 1 and a population SD equal to that slope. With
 * anchors the scale is fixed by them, so the population mean and SD are estimated instead (from the
 * posterior moments at each cycle: multiple-EM-cycle fixed-parameter calibration).
 */
import { softplus } from "../models.js";
import type { ExpectedCounts, NodeTables } from "./e-step.js";
import { solveSpd } from "./linear-algebra.js";
import { betaTermsLogit, type CalibrationPriors, logNormalTerms } from "./priors.js";
import { normalWeights } from "./quadrature.js";

export type MmlModel = "rasch" | "2pl" | "3pl";

/** Where an item's parameters live: an index into the free vector, or −1 (fixed). */
export interface ItemSlots {
  a: number;
  d: number;
  g: number;
}

export interface MmlLayout {
  model: MmlModel;
  nodes: Float64Array;
  slots: ItemSlots[];
  /** Values used where a slot is −1. */
  fixed: { a: number; d: number; c: number }[];
  /** Slot of the population mean and of log SD, or −1 (fixed at 0 and 1). */
  mean: number;
  logSd: number;
  /** A slope shared by all items (Rasch by MML without anchors): its slot, else −1. */
  sharedSlope: number;
  priors: CalibrationPriors;
  size: number;
}

export interface ItemValues {
  a: number;
  d: number;
  c: number;
}

export function itemValues(layout: MmlLayout, x: Float64Array, j: number): ItemValues {
  const s = layout.slots[j]!;
  const f = layout.fixed[j]!;
  return {
    a: s.a >= 0 ? x[s.a]! : f.a,
    d: s.d >= 0 ? x[s.d]! : f.d,
    c: s.g >= 0 ? logisticOf(x[s.g]!) : f.c,
  };
}

export function population(layout: MmlLayout, x: Float64Array): { mean: number; sd: number } {
  return {
    mean: layout.mean >= 0 ? x[layout.mean]! : 0,
    sd: layout.logSd >= 0 ? Math.exp(x[layout.logSd]!) : 1,
  };
}

function logisticOf(g: number): number {
  return g >= 0 ? 1 / (1 + Math.exp(-g)) : Math.exp(g) / (1 + Math.exp(g));
}

/** log P and log Q of every item at every node, and the population's log weights. */
export function nodeTables(layout: MmlLayout, x: Float64Array): NodeTables {
  const { nodes } = layout;
  const Q = nodes.length;
  const J = layout.slots.length;
  const logP = new Float64Array(J * Q);
  const logQ = new Float64Array(J * Q);
  for (let j = 0; j < J; j++) {
    const { a, d, c } = itemValues(layout, x, j);
    const logOneMinusC = Math.log1p(-c);
    for (let q = 0; q < Q; q++) {
      const z = a * nodes[q]! + d;
      const k = j * Q + q;
      if (c === 0) {
        logP[k] = -softplus(-z);
        logQ[k] = -softplus(z);
      } else {
        logP[k] = Math.log(c + (1 - c) * logisticOf(z));
        logQ[k] = logOneMinusC - softplus(z);
      }
    }
  }
  const pop = population(layout, x);
  const w = normalWeights(nodes, pop.mean, pop.sd);
  const logPrior = new Float64Array(Q);
  for (let q = 0; q < Q; q++) logPrior[q] = Math.log(w[q]!);
  return { nodes: Q, logP, logQ, logPrior };
}

/** One item's expected complete-data log-likelihood, its gradient in (a, d, γ) and Fisher information. */
interface ItemTerms {
  value: number;
  g: [number, number, number];
  /** Row-major 3×3 over (a, d, γ). */
  info: Float64Array;
}

function itemTerms(v: ItemValues, counts: ExpectedCounts, j: number, nodes: Float64Array): ItemTerms {
  const Q = nodes.length;
  const { a, d, c } = v;
  const logOneMinusC = Math.log1p(-c);
  let value = 0;
  let ga = 0;
  let gd = 0;
  let gg = 0;
  let iaa = 0;
  let iad = 0;
  let idd = 0;
  let iag = 0;
  let idg = 0;
  let igg = 0;
  for (let q = 0; q < Q; q++) {
    const k = j * Q + q;
    const r = counts.r[k]!;
    const n = counts.n[k]!;
    if (n === 0) continue;
    const t = nodes[q]!;
    const z = a * t + d;
    const s = logisticOf(z);
    let P: number;
    let logP: number;
    let logQ: number;
    if (c === 0) {
      P = s;
      logP = -softplus(-z);
      logQ = -softplus(z);
    } else {
      P = c + (1 - c) * s;
      logP = Math.log(P);
      logQ = logOneMinusC - softplus(z);
    }
    value += r * logP + (n - r) * logQ;
    const res = r - n * P;
    const gz = (res * s) / P;
    ga += gz * t;
    gd += gz;
    gg += (res * c) / P;
    const izz = (n * (1 - c) * s * s * (1 - s)) / P;
    const izg = (n * c * (1 - c) * s * (1 - s)) / P;
    iaa += izz * t * t;
    iad += izz * t;
    idd += izz;
    iag += izg * t;
    idg += izg;
    igg += (n * c * c * (1 - c) * (1 - s)) / P;
  }
  return { value, g: [ga, gd, gg], info: Float64Array.of(iaa, iad, iag, iad, idd, idg, iag, idg, igg) };
}

/** Adds the priors on a and c to an item's terms. */
function addPriors(terms: ItemTerms, v: ItemValues, priors: CalibrationPriors, slots: ItemSlots): void {
  if (priors.a && slots.a >= 0) {
    const p = logNormalTerms(priors.a, v.a);
    terms.value += p.value;
    terms.g[0] += p.gradient;
    terms.info[0]! += p.curvature;
  }
  if (priors.c && slots.g >= 0) {
    const p = betaTermsLogit(priors.c, v.c);
    terms.value += p.value;
    terms.g[2] += p.gradient;
    terms.info[8]! += p.curvature;
  }
}

/** The M-step: new free values given the expected counts at `x`. */
export function mStep(layout: MmlLayout, x: Float64Array, counts: ExpectedCounts): Float64Array {
  const next = Float64Array.from(x);
  const J = layout.slots.length;
  if (layout.sharedSlope >= 0) sharedSlopeStep(layout, next, counts);
  else
    for (let j = 0; j < J; j++) {
      const s = layout.slots[j]!;
      const free = [s.a, s.d, s.g].map((slot, k) => (slot >= 0 ? k : -1)).filter((k) => k >= 0);
      if (free.length > 0) itemStep(layout, next, counts, j, free);
    }
  if (layout.mean >= 0 || layout.logSd >= 0) {
    let total = 0;
    let m1 = 0;
    for (let q = 0; q < layout.nodes.length; q++) {
      total += counts.mass[q]!;
      m1 += counts.mass[q]! * layout.nodes[q]!;
    }
    const mean = m1 / total;
    let m2 = 0;
    for (let q = 0; q < layout.nodes.length; q++) m2 += counts.mass[q]! * (layout.nodes[q]! - mean) ** 2;
    if (layout.mean >= 0) next[layout.mean] = mean;
    if (layout.logSd >= 0) next[layout.logSd] = 0.5 * Math.log(m2 / total);
  }
  return next;
}

/** Fisher scoring with step halving on one item's free components (0 = a, 1 = d, 2 = γ). */
function itemStep(
  layout: MmlLayout,
  x: Float64Array,
  counts: ExpectedCounts,
  j: number,
  free: number[],
): void {
  const slots = layout.slots[j]!;
  const slotOf = [slots.a, slots.d, slots.g];
  const F = free.length;
  let v = itemValues(layout, x, j);
  let terms = itemTerms(v, counts, j, layout.nodes);
  addPriors(terms, v, layout.priors, slots);
  for (let iter = 0; iter < 50; iter++) {
    const info = new Float64Array(F * F);
    const g = new Float64Array(F);
    for (let u = 0; u < F; u++) {
      g[u] = terms.g[free[u]!]!;
      for (let w = 0; w < F; w++) info[u * F + w] = terms.info[free[u]! * 3 + free[w]!]!;
    }
    const step = solveSpd(info, F, g);
    if (!step) return;
    let scale = 1;
    let accepted = false;
    const saved = free.map((k) => x[slotOf[k]!]!);
    for (let h = 0; h < 40; h++) {
      free.forEach((k, u) => {
        x[slotOf[k]!] = saved[u]! + scale * step[u]!;
      });
      const tv = itemValues(layout, x, j);
      const tt = itemTerms(tv, counts, j, layout.nodes);
      addPriors(tt, tv, layout.priors, slots);
      if (Number.isFinite(tt.value) && tt.value >= terms.value - 1e-12 * Math.abs(terms.value)) {
        v = tv;
        terms = tt;
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) {
      free.forEach((k, u) => {
        x[slotOf[k]!] = saved[u]!;
      });
      return;
    }
    let moved = 0;
    for (let u = 0; u < F; u++) moved = Math.max(moved, Math.abs(scale * step[u]!));
    if (moved < 1e-10) return;
  }
}

/** Newton on the shared slope and every intercept at once (an arrow-shaped system, solved in O(J)). */
function sharedSlopeStep(layout: MmlLayout, x: Float64Array, counts: ExpectedCounts): void {
  const J = layout.slots.length;
  const alphaSlot = layout.sharedSlope;
  const evaluate = () => {
    let value = 0;
    const terms: ItemTerms[] = [];
    for (let j = 0; j < J; j++) {
      const t = itemTerms(itemValues(layout, x, j), counts, j, layout.nodes);
      value += t.value;
      terms.push(t);
    }
    return { value, terms };
  };
  let cur = evaluate();
  for (let iter = 0; iter < 50; iter++) {
    let A = 0;
    let ga = 0;
    let schurA = 0;
    let schurG = 0;
    for (const t of cur.terms) {
      A += t.info[0]!;
      ga += t.g[0];
      const D = t.info[4]!;
      const b = t.info[1]!;
      if (D > 0) {
        schurA += (b * b) / D;
        schurG += (b * t.g[1]) / D;
      }
    }
    const denom = A - schurA;
    if (!(denom > 0)) return;
    const dAlpha = (ga - schurG) / denom;
    const dD = cur.terms.map((t) => (t.info[4]! > 0 ? (t.g[1] - t.info[1]! * dAlpha) / t.info[4]! : 0));
    const saved = Float64Array.from(x);
    let scale = 1;
    let accepted = false;
    for (let h = 0; h < 40; h++) {
      x[alphaSlot] = saved[alphaSlot]! + scale * dAlpha;
      for (let j = 0; j < J; j++) {
        const s = layout.slots[j]!.d;
        if (s >= 0) x[s] = saved[s]! + scale * dD[j]!;
      }
      const next = evaluate();
      if (Number.isFinite(next.value) && next.value >= cur.value - 1e-12 * Math.abs(cur.value)) {
        cur = next;
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) {
      x.set(saved);
      return;
    }
    let moved = Math.abs(scale * dAlpha);
    for (const s of dD) moved = Math.max(moved, Math.abs(scale * s));
    if (moved < 1e-10) return;
  }
}

/**
 * Gradient of the marginal log-likelihood (plus log priors) in the free values, by Fisher's identity
 * from the expected counts at `x`.
 */
export function gradient(layout: MmlLayout, x: Float64Array, counts: ExpectedCounts): Float64Array {
  const g = new Float64Array(layout.size);
  for (let j = 0; j < layout.slots.length; j++) {
    const s = layout.slots[j]!;
    if (s.a < 0 && s.d < 0 && s.g < 0) continue;
    const v = itemValues(layout, x, j);
    const t = itemTerms(v, counts, j, layout.nodes);
    if (layout.sharedSlope < 0) addPriors(t, v, layout.priors, s);
    if (s.a >= 0) g[s.a]! += t.g[0];
    if (s.d >= 0) g[s.d]! += t.g[1];
    if (s.g >= 0) g[s.g]! += t.g[2];
  }
  if (layout.mean >= 0 || layout.logSd >= 0) {
    const { mean, sd } = population(layout, x);
    const w = normalWeights(layout.nodes, mean, sd);
    let e1 = 0;
    let e2 = 0;
    for (let q = 0; q < layout.nodes.length; q++) {
      const z = (layout.nodes[q]! - mean) / sd;
      e1 += w[q]! * z;
      e2 += w[q]! * z * z;
    }
    let gm = 0;
    let gs = 0;
    for (let q = 0; q < layout.nodes.length; q++) {
      const z = (layout.nodes[q]! - mean) / sd;
      gm += (counts.mass[q]! * (z - e1)) / sd;
      gs += counts.mass[q]! * (z * z - e2);
    }
    if (layout.mean >= 0) g[layout.mean] = gm;
    if (layout.logSd >= 0) g[layout.logSd] = gs;
  }
  return g;
}

/** Sum of the log priors at `x` (0 without priors), added to the log-likelihood for the EM's monotonicity check. */
export function logPrior(layout: MmlLayout, x: Float64Array): number {
  let s = 0;
  if (!layout.priors.a && !layout.priors.c) return 0;
  for (let j = 0; j < layout.slots.length; j++) {
    const slots = layout.slots[j]!;
    const v = itemValues(layout, x, j);
    if (layout.priors.a && slots.a >= 0) s += logNormalTerms(layout.priors.a, v.a).value;
    if (layout.priors.c && slots.g >= 0) s += betaTermsLogit(layout.priors.c, v.c).value;
  }
  return s;
}

/** The values a reader sees — a, b, c per item, then the population mean and SD — to judge convergence. */
export function reportedValues(layout: MmlLayout, x: Float64Array): Float64Array {
  const J = layout.slots.length;
  const out = new Float64Array(3 * J + 2);
  for (let j = 0; j < J; j++) {
    const v = itemValues(layout, x, j);
    if (layout.sharedSlope >= 0) {
      out[3 * j] = 1;
      out[3 * j + 1] = -v.d;
    } else {
      out[3 * j] = v.a;
      out[3 * j + 1] = -v.d / v.a;
    }
    out[3 * j + 2] = v.c;
  }
  const pop = population(layout, x);
  out[3 * J] = pop.mean;
  out[3 * J + 1] = layout.sharedSlope >= 0 ? x[layout.sharedSlope]! : pop.sd;
  return out;
}
