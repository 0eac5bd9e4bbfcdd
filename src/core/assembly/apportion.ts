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

/**
 * Largest-remainder apportionment with a cap per part: the parts whose quota would pass their cap
 * get their cap, and the rest is apportioned over the other parts, by their weights, as if the capped
 * parts were not there. The total is min(n, Σ caps). Parts with a zero cap get nothing.
 */
export function apportionCapped(n: number, weights: readonly number[], caps: readonly number[]): number[] {
  if (weights.length !== caps.length) throw new RangeError("one cap per weight");
  const total = Math.min(
    n,
    caps.reduce((s, c) => s + Math.max(0, c), 0),
  );
  const capped = new Set(weights.map((_, i) => i).filter((i) => caps[i]! <= 0));
  for (;;) {
    const open = weights.map((_, i) => i).filter((i) => !capped.has(i));
    const left = total - [...capped].reduce((s, i) => s + Math.max(0, caps[i]!), 0);
    const w = open.reduce((s, i) => s + Math.max(weights[i]!, 1e-12), 0);
    const over = open.filter((i) => (left * Math.max(weights[i]!, 1e-12)) / w > caps[i]! + 1e-9);
    if (over.length > 0) {
      for (const i of over) capped.add(i);
      continue;
    }
    const out = weights.map((_, i) => (capped.has(i) ? Math.max(0, caps[i]!) : 0));
    if (open.length > 0 && left > 0) {
      const share = apportion(
        left,
        open.map((i) => Math.max(weights[i]!, 1e-12)),
      );
      open.forEach((i, k) => {
        out[i] = share[k]!;
      });
    }
    return out;
  }
}
