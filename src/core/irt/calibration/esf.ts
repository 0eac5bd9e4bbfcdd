/**
 * Elementary symmetric functions γ_r(ε) = Σ over the r-subsets of the items of Π ε_j, by the
 * summation algorithm (add one item at a time: γ_r ← γ_r + ε_j γ_{r−1}). The values span many
 * orders of magnitude for long tests, so the vector is rescaled after each item and its scale kept as
 * a logarithm: `values[r] · exp(logScale)` is γ_r. Stable well beyond 100 items when the ε are
 * exp(−b) of centred difficulties.
 */

export interface ScaledEsf {
  /** γ_0 … γ_n divided by exp(logScale). */
  values: Float64Array;
  logScale: number;
}

/** ESF of `eps`, leaving out the items whose index is in `skip` (at most two, for derivatives). */
export function elementarySymmetric(eps: ArrayLike<number>, skip1 = -1, skip2 = -1): ScaledEsf {
  const n = eps.length;
  const values = new Float64Array(n + 1);
  values[0] = 1;
  let logScale = 0;
  let size = 0;
  for (let j = 0; j < n; j++) {
    if (j === skip1 || j === skip2) continue;
    const e = eps[j]!;
    size++;
    for (let r = size; r >= 1; r--) values[r] = values[r]! + e * values[r - 1]!;
    // Rescale so the largest value is 1.
    let max = 0;
    for (let r = 0; r <= size; r++) if (values[r]! > max) max = values[r]!;
    if (max > 1e50 || max < 1e-50) {
      for (let r = 0; r <= size; r++) values[r]! /= max;
      logScale += Math.log(max);
    }
  }
  return { values, logScale };
}
