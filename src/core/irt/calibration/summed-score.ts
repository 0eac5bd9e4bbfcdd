/**
 * Summed-score distributions at fixed θ by the Lord–Wingersky recursion: f(s | θ) for s = 0 … n over
 * a set of items, built one item at a time. Used by the S-X² fit statistic.
 */

/**
 * For each node q, the distribution of the number correct over the items whose correct-response
 * probabilities at the nodes are `p[j]` (each of length Q). Returns a (n+1)×Q array, score-major.
 */
export function summedScoreDistribution(p: readonly Float64Array[], Q: number): Float64Array {
  const n = p.length;
  const f = new Float64Array((n + 1) * Q);
  for (let q = 0; q < Q; q++) f[q] = 1;
  for (let j = 0; j < n; j++) {
    const pj = p[j]!;
    for (let s = j + 1; s >= 0; s--)
      for (let q = 0; q < Q; q++) {
        const stay = s <= j ? f[s * Q + q]! * (1 - pj[q]!) : 0;
        const up = s > 0 ? f[(s - 1) * Q + q]! * pj[q]! : 0;
        f[s * Q + q] = stay + up;
      }
  }
  return f;
}
