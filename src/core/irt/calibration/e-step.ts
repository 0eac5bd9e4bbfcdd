/**
 * The E-step of Bock–Aitkin EM: for every person, the posterior over the quadrature nodes given
 * their observed responses, accumulated into expected counts per item and node — r̄_jq (expected
 * correct) and n̄_jq (expected responses) — plus the marginal log-likelihood and the posterior mass
 * at each node. Missing responses are skipped, never counted wrong.
 *
 * It is a pure function of a slice of rows, so it can run on several threads over different rows
 * and the counts added up (`addCounts`). Persons who answered every item take a shortcut: their
 * log-likelihood starts from Σ_j log Q_jq over all items and adds log(P/Q) for their correct answers
 * only, and their responses count once into a shared n̄; so a complete matrix costs about half.
 */
import type { ResponseMatrix } from "./response-matrix.js";

/** Item tables at the quadrature nodes: log P(correct) and log P(incorrect), item-major (j·Q + q). */
export interface NodeTables {
  nodes: number;
  logP: Float64Array;
  logQ: Float64Array;
  /** log of the population weight of each node (summing to 1 on the probability scale). */
  logPrior: Float64Array;
}

export interface ExpectedCounts {
  /** Expected correct responses per item and node (j·Q + q). */
  r: Float64Array;
  /** Expected responses per item and node. */
  n: Float64Array;
  /** Posterior mass at each node, summed over persons. */
  mass: Float64Array;
  logLik: number;
}

export function emptyCounts(items: number, nodes: number): ExpectedCounts {
  return {
    r: new Float64Array(items * nodes),
    n: new Float64Array(items * nodes),
    mass: new Float64Array(nodes),
    logLik: 0,
  };
}

/** Adds `b` into `a` (for counts computed on separate slices of the persons). */
export function addCounts(a: ExpectedCounts, b: ExpectedCounts): ExpectedCounts {
  for (let k = 0; k < a.r.length; k++) {
    a.r[k]! += b.r[k]!;
    a.n[k]! += b.n[k]!;
  }
  for (let q = 0; q < a.mass.length; q++) a.mass[q]! += b.mass[q]!;
  a.logLik += b.logLik;
  return a;
}

export function expectedCounts(m: ResponseMatrix, t: NodeTables): ExpectedCounts {
  const J = m.items.length;
  const Q = t.nodes;
  const out = emptyCounts(J, Q);
  const { r, n, mass } = out;
  const logit = new Float64Array(J * Q);
  const allWrong = new Float64Array(Q);
  for (let j = 0; j < J; j++)
    for (let q = 0; q < Q; q++) {
      const k = j * Q + q;
      logit[k] = t.logP[k]! - t.logQ[k]!;
      allWrong[q]! += t.logQ[k]!;
    }
  /** Posterior mass of the persons who answered every item (their n̄ is the same for each item). */
  const completeMass = new Float64Array(Q);
  const ll = new Float64Array(Q);
  const post = new Float64Array(Q);
  let logLik = 0;
  const rows = m.persons.length;
  for (let i = 0; i < rows; i++) {
    const a = m.start[i]!;
    const z = m.start[i + 1]!;
    const w = m.weight[i]!;
    if (z === a) continue;
    const complete = z - a === J;
    if (complete) {
      for (let q = 0; q < Q; q++) ll[q] = t.logPrior[q]! + allWrong[q]!;
      for (let k = a; k < z; k++) {
        if (m.score[k] !== 1) continue;
        addRow(ll, logit, m.item[k]! * Q, Q);
      }
    } else {
      ll.set(t.logPrior);
      for (let k = a; k < z; k++) addRow(ll, m.score[k] === 1 ? t.logP : t.logQ, m.item[k]! * Q, Q);
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let q = 0; q < Q; q++) if (ll[q]! > max) max = ll[q]!;
    let sum = 0;
    for (let q = 0; q < Q; q++) {
      const e = Math.exp(ll[q]! - max);
      post[q] = e;
      sum += e;
    }
    logLik += w * (max + Math.log(sum));
    const scale = w / sum;
    for (let q = 0; q < Q; q++) {
      post[q]! *= scale;
      mass[q]! += post[q]!;
    }
    if (complete) {
      for (let q = 0; q < Q; q++) completeMass[q]! += post[q]!;
      for (let k = a; k < z; k++) if (m.score[k] === 1) addIntoRow(r, m.item[k]! * Q, post, Q);
    } else {
      for (let k = a; k < z; k++) {
        const off = m.item[k]! * Q;
        if (m.score[k] === 1) addIntoRow(r, off, post, Q);
        addIntoRow(n, off, post, Q);
      }
    }
  }
  for (let j = 0; j < J; j++) for (let q = 0; q < Q; q++) n[j * Q + q]! += completeMass[q]!;
  out.logLik = logLik;
  return out;
}

/**
 * dst[q] += src[off + q] for q < Q. Unrolled by eight: the E-step spends most of its time here, and
 * V8 runs the unrolled loop about twice as fast.
 */
function addRow(dst: Float64Array, src: Float64Array, off: number, Q: number): void {
  let q = 0;
  for (; q + 7 < Q; q += 8) {
    dst[q]! += src[off + q]!;
    dst[q + 1]! += src[off + q + 1]!;
    dst[q + 2]! += src[off + q + 2]!;
    dst[q + 3]! += src[off + q + 3]!;
    dst[q + 4]! += src[off + q + 4]!;
    dst[q + 5]! += src[off + q + 5]!;
    dst[q + 6]! += src[off + q + 6]!;
    dst[q + 7]! += src[off + q + 7]!;
  }
  for (; q < Q; q++) dst[q]! += src[off + q]!;
}

/** dst[off + q] += src[q] for q < Q, unrolled likewise. */
function addIntoRow(dst: Float64Array, off: number, src: Float64Array, Q: number): void {
  let q = 0;
  for (; q + 7 < Q; q += 8) {
    dst[off + q]! += src[q]!;
    dst[off + q + 1]! += src[q + 1]!;
    dst[off + q + 2]! += src[q + 2]!;
    dst[off + q + 3]! += src[q + 3]!;
    dst[off + q + 4]! += src[q + 4]!;
    dst[off + q + 5]! += src[q + 5]!;
    dst[off + q + 6]! += src[q + 6]!;
    dst[off + q + 7]! += src[q + 7]!;
  }
  for (; q < Q; q++) dst[off + q]! += src[q]!;
}

/** Posterior mean and SD of θ for each row (EAP scores at the current item parameters). */
export function posteriorMeans(
  m: ResponseMatrix,
  t: NodeTables,
  nodes: Float64Array,
): { mean: Float64Array; sd: Float64Array } {
  const Q = t.nodes;
  const mean = new Float64Array(m.persons.length);
  const sd = new Float64Array(m.persons.length);
  const ll = new Float64Array(Q);
  for (let i = 0; i < m.persons.length; i++) {
    ll.set(t.logPrior);
    for (let k = m.start[i]!; k < m.start[i + 1]!; k++) {
      const off = m.item[k]! * Q;
      const table = m.score[k] === 1 ? t.logP : t.logQ;
      for (let q = 0; q < Q; q++) ll[q]! += table[off + q]!;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let q = 0; q < Q; q++) if (ll[q]! > max) max = ll[q]!;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let q = 0; q < Q; q++) {
      const e = Math.exp(ll[q]! - max);
      s0 += e;
      s1 += e * nodes[q]!;
      s2 += e * nodes[q]! * nodes[q]!;
    }
    mean[i] = s1 / s0;
    sd[i] = Math.sqrt(Math.max(0, s2 / s0 - mean[i]! * mean[i]!));
  }
  return { mean, sd };
}
