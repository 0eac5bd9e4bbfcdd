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
