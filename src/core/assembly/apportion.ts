/**
 * Largest-remainder apportionment of N items over weights (Hamilton's method).
 *
 * Each part first gets the floor of its exact quota N·w/Σw; the items left over go one each to the
 * parts with the largest remainders. Tie rule: equal remainders (within 1e-9) go to the larger
 * weight first, then to the part listed first (lower domain id).
 */
export function apportion(n: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cannot apportion ${n} items`);
  const total = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0 || total <= 0) throw new RangeError("apportionment needs positive weights");
  const quotas = weights.map((w) => (n * w) / total);
  const counts = quotas.map((q) => Math.floor(q + 1e-9));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = quotas
    .map((q, i) => ({ i, r: q - counts[i]!, w: weights[i]! }))
    .sort((a, b) => (Math.abs(b.r - a.r) > 1e-9 ? b.r - a.r : b.w !== a.w ? b.w - a.w : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}
