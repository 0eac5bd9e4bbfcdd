/**
 * How a CAT used its bank, from the number of tests each item appeared in: the largest exposure rate,
 * the share of the bank never used, and the test overlap rate.
 *
 * The overlap rate is the mean, over all pairs of examinees, of the number of items the two tests
 * share, divided by the mean test length (Chen, Ankenmann & Spray 2003, who define it this way for
 * variable-length tests too). An item given to x_i of N examinees is shared by x_i(x_i − 1)/2 of the
 * N(N − 1)/2 pairs, so the mean number shared is Σ x_i(x_i − 1) / (N(N − 1)) and, with the mean length
 * L̄ = Σ x_i / N,
 *
 *     overlap = Σ x_i(x_i − 1) / ((N − 1) · Σ x_i),
 *
 * exactly, with no pair enumerated. Only operational (scored) items count: pretest items are drawn at
 * random and say nothing about selection.
 */

export interface ExposureStats {
  /** The largest share of examinees any one item was given to. */
  max: number;
  /** Share of the operational bank given to nobody. */
  unused: number;
  /** Mean share of a test's items that two examinees have in common. */
  overlap: number;
  /** Items given to more than `target` of the examinees (when a target is set). */
  overTarget?: number;
}

/** Exposure figures from per-item counts; `operational[k]` false leaves item k out. */
export function exposureStats(
  counts: ArrayLike<number>,
  operational: ArrayLike<number | boolean>,
  examinees: number,
  target?: number,
): ExposureStats {
  let max = 0;
  let unused = 0;
  let items = 0;
  let total = 0;
  let pairs = 0;
  let over = 0;
  for (let k = 0; k < counts.length; k++) {
    if (!operational[k]) continue;
    const x = counts[k]!;
    items++;
    total += x;
    pairs += x * (x - 1);
    if (x === 0) unused++;
    const rate = examinees > 0 ? x / examinees : 0;
    if (rate > max) max = rate;
    if (target !== undefined && rate > target) over++;
  }
  const overlap = examinees > 1 && total > 0 ? pairs / ((examinees - 1) * total) : 0;
  return {
    max,
    unused: items ? unused / items : 0,
    overlap,
    ...(target !== undefined ? { overTarget: over } : {}),
  };
}

/** How one group of items (a subdomain) was used: its size, items per test, mean and largest exposure. */
export interface GroupExposure {
  group: string;
  /** Operational items in the group. */
  items: number;
  /** Mean number of the group's items in one test. */
  perTest: number;
  /** Mean exposure rate of the group's items (perTest / items). */
  meanExposure: number;
  maxExposure: number;
  /** Items the group would need for its mean exposure to be half the target (perTest / (target / 2)), less those it has; 0 when none. */
  shortBy: number;
}

/**
 * Exposure by group of operational items (`groupOf[k]`, e.g. each item's subdomain), most used first.
 * A group "runs short" under exposure control when its items are, on average, given to more than half
 * the target share of examinees: its busiest items then sit at the target while the control has too
 * few alternatives within the group to spread the load. `shortBy` is the number of items that would
 * bring its mean down to half the target.
 */
export function groupExposure(
  counts: ArrayLike<number>,
  operational: ArrayLike<number | boolean>,
  groupOf: readonly string[],
  examinees: number,
  target: number,
): GroupExposure[] {
  const groups = new Map<string, { items: number; total: number; max: number }>();
  for (let k = 0; k < counts.length; k++) {
    if (!operational[k]) continue;
    const g = groupOf[k]!;
    const entry = groups.get(g) ?? { items: 0, total: 0, max: 0 };
    entry.items++;
    entry.total += counts[k]!;
    entry.max = Math.max(entry.max, counts[k]!);
    groups.set(g, entry);
  }
  const r = (x: number) => Math.round(x * 10000) / 10000;
  return [...groups]
    .map(([group, e]) => {
      const perTest = examinees > 0 ? e.total / examinees : 0;
      return {
        group,
        items: e.items,
        perTest: r(perTest),
        meanExposure: r(e.items ? perTest / e.items : 0),
        maxExposure: r(examinees > 0 ? e.max / examinees : 0),
        shortBy: Math.max(0, Math.ceil(perTest / (target / 2) - e.items)),
      };
    })
    .sort((x, y) => y.meanExposure - x.meanExposure || x.group.localeCompare(y.group));
}
