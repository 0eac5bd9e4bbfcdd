/** The plain statistics item analysis is built from: means, variances, correlations, score groups. */

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : Number.NaN;
}

/** Variance with divisor n (the population form classical test theory uses: KR-20 pairs it with pq). */
export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return xs.length ? s / xs.length : Number.NaN;
}

/**
 * Pearson's correlation of paired values, or null where it is not defined (fewer than two pairs, or
 * either variable constant). With a 0/1 variable it is the point-biserial correlation.
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Constant up to rounding: no correlation to speak of.
  if (sxx <= 1e-12 * n || syy <= 1e-12 * n) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Splits scores into `groups` ordered groups of about equal size (quintiles for 5), by mid-rank: a
 * score's group is set by the share of scores below it plus half the share equal to it, so equal
 * scores always share a group (groups may then differ in size). Returns each score's group, 0 the
 * lowest.
 */
export function scoreGroups(scores: readonly number[], groups: number): number[] {
  const n = scores.length;
  const sorted = [...scores].sort((a, b) => a - b);
  const below = (x: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const upTo = (x: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return scores.map((x) => {
    const lower = below(x);
    const midRank = lower + (upTo(x) - lower) / 2;
    return Math.min(groups - 1, Math.floor((groups * midRank) / n));
  });
}
