/**
 * The response matrix of an exam's finished attempts, for `certpath calibrate --exam`: one row per
 * attempt, one column per item, each cell the item's credit as the score report gives it.
 *
 * - Scoring: dichotomous, exactly as the report scores (`gradeResponse(...).credit`): a
 *   multiple-response, ordering or matching item earns 1 only when wholly right, a numeric item
 *   within its tolerance; partial credit is not used (the report does not use it either).
 * - Unanswered: an item skipped before the candidate's last answer scores 0, as in the report; the
 *   items after the last answer were not reached (a time-out, or a candidate who stopped) and are
 *   missing, not wrong, as is usual in calibration.
 * - Pretest (unscored) items are included, as new items: calibration is how they earn parameters.
 * - Versions: only responses to the version of an item the bank holds now are used (the parameters
 *   are for the item delivered from now on); responses to older versions are counted and left out.
 * - Computed-family instances (`gen-…`) are left out: each is a fresh item seen about once.
 * - Items with fewer than `minResponses` responses, and items everyone answered right (or wrong),
 *   are left out and listed: their parameters cannot be estimated. With `conditional` (Rasch by
 *   CML), "everyone" means every attempt with an informative score (neither none nor all of its
 *   calibrated items right), found again each time an item is left out, as CML needs.
 *
 * Beside the matrix, each item's point-biserial correlation with a measure of the candidate's
 * ability: on linear attempts the share right on the attempt's scored items (as item analysis
 * computes it); on adaptive attempts, whose share right says nothing about ability (each candidate
 * gets items near their level), the engine's last ability estimate (θ̂ when the last item was
 * selected; pretest items never enter it), as CAT programmes screen their pretest items. Where an item
 * has both, the two correlations are pooled by Fisher's z, each weighted by its count less 3.
 */
import { pearson } from "../../analysis/statistics.js";
import type { AttemptState } from "../../exam/attempt.js";
import { type BankItem, gradeResponse } from "../../items/item.js";
import { type ResponseMatrix, responseMatrix } from "./response-matrix.js";

export interface CalibrationAttempt {
  id: string;
  state: AttemptState;
}

export interface AttemptMatrix {
  matrix: ResponseMatrix;
  /** Attempts with at least one response to a calibrated item (the rows). */
  attempts: number;
  /** Items left out for fewer responses than `minResponses`. */
  skipped: { id: string; responses: number }[];
  /** Items every response got right, or wrong: no parameters can be estimated. */
  constant: { id: string; responses: number; all: "right" | "wrong" }[];
  /** Responses left out, by reason. */
  leftOut: { olderVersions: number; generated: number; notInBank: number; notReached: number };
  /** Items of the matrix that were served as unscored pretest items and are in review in the bank. */
  pretest: Set<string>;
  /** Point-biserial of each item with the share right (linear attempts) or θ̂ (adaptive), pooled (null where not defined). */
  pointBiserial: Map<string, number | null>;
}

export function attemptMatrix(
  attempts: readonly CalibrationAttempt[],
  items: ReadonlyMap<string, BankItem>,
  options: { minResponses?: number; conditional?: boolean } = {},
): AttemptMatrix {
  const minResponses = options.minResponses ?? 1;
  const leftOut = { olderVersions: 0, generated: 0, notInBank: 0, notReached: 0 };
  const servedAsPretest = new Set<string>();
  const rows: {
    person: string;
    cells: Map<string, 0 | 1>;
    share: number | null;
    theta: number | null;
  }[] = [];
  for (const { id, state } of attempts) {
    let last = -1;
    state.form.forEach((entry, k) => {
      if (state.responses.has(entry.id)) last = k;
    });
    const cells = new Map<string, 0 | 1>();
    let scored = 0;
    let right = 0;
    state.form.forEach((entry, k) => {
      const item = items.get(entry.id);
      if (!item) {
        leftOut.notInBank++;
        return;
      }
      const credit = gradeResponse(item, state.responses.get(entry.id)).credit;
      if (!entry.pretest) {
        scored++;
        right += credit;
      }
      if (item.generated) {
        leftOut.generated++;
        return;
      }
      if (item.version !== entry.version) {
        leftOut.olderVersions++;
        return;
      }
      if (k > last) {
        leftOut.notReached++;
        return;
      }
      if (entry.pretest) servedAsPretest.add(entry.id);
      cells.set(entry.id, credit);
    });
    const linear = state.behaviour.name !== "adaptive";
    const lastEstimate = state.selections.at(-1)?.theta;
    rows.push({
      person: id,
      cells,
      share: linear && scored > 0 ? right / scored : null,
      theta: !linear && lastEstimate !== undefined && Number.isFinite(lastEstimate) ? lastEstimate : null,
    });
  }

  const count = new Map<string, { n: number; right: number }>();
  for (const r of rows)
    for (const [item, credit] of r.cells) {
      const c = count.get(item) ?? { n: 0, right: 0 };
      c.n++;
      c.right += credit;
      count.set(item, c);
    }
  const skipped: AttemptMatrix["skipped"] = [];
  const constant: AttemptMatrix["constant"] = [];
  let kept: string[] = [];
  for (const [item, c] of [...count].sort(([x], [y]) => x.localeCompare(y))) {
    if (c.n < minResponses) skipped.push({ id: item, responses: c.n });
    else if (c.right === 0 || c.right === c.n)
      constant.push({ id: item, responses: c.n, all: c.right === 0 ? "wrong" : "right" });
    else kept.push(item);
  }
  if (options.conditional) kept = informativeItems(rows, kept, constant);
  const matrixRows = rows.flatMap((r) => {
    const scores = kept.map((item) => r.cells.get(item) ?? null);
    return scores.some((s) => s !== null) ? [{ person: r.person, scores }] : [];
  });

  const pointBiserial = new Map<string, number | null>();
  for (const item of kept) {
    const linear = { credit: [] as number[], criterion: [] as number[] };
    const adaptive = { credit: [] as number[], criterion: [] as number[] };
    for (const r of rows) {
      const c = r.cells.get(item);
      if (c === undefined) continue;
      const into = r.share !== null ? linear : r.theta !== null ? adaptive : null;
      if (!into) continue;
      into.credit.push(c);
      into.criterion.push((r.share ?? r.theta)!);
    }
    pointBiserial.set(item, pooled([linear, adaptive]));
  }
  const pretest = new Set(kept.filter((id) => servedAsPretest.has(id) && items.get(id)?.status === "review"));
  return {
    matrix: responseMatrix(kept, matrixRows),
    attempts: matrixRows.length,
    skipped,
    constant,
    leftOut,
    pretest,
    pointBiserial,
  };
}

/**
 * The items CML can estimate: each needs right and wrong answers among the attempts with an
 * informative score over the items kept. Leaving an item out changes those scores, so this repeats
 * until nothing changes; the items left out join `constant`.
 */
function informativeItems(
  rows: readonly { cells: ReadonlyMap<string, 0 | 1> }[],
  items: readonly string[],
  constant: AttemptMatrix["constant"],
): string[] {
  let kept = [...items];
  for (;;) {
    const set = new Set(kept);
    const count = new Map(kept.map((id) => [id, { n: 0, right: 0 }]));
    for (const r of rows) {
      let n = 0;
      let right = 0;
      for (const [item, credit] of r.cells)
        if (set.has(item)) {
          n++;
          right += credit;
        }
      if (right === 0 || right === n) continue;
      for (const [item, credit] of r.cells) {
        const c = count.get(item);
        if (!c) continue;
        c.n++;
        c.right += credit;
      }
    }
    const out = kept.filter((id) => {
      const c = count.get(id)!;
      return c.right === 0 || c.right === c.n;
    });
    if (out.length === 0) return kept;
    for (const id of out) {
      const c = count.get(id)!;
      constant.push({ id, responses: c.n, all: c.right === 0 ? "wrong" : "right" });
    }
    kept = kept.filter((id) => !out.includes(id));
  }
}

/**
 * Correlations of several groups pooled by Fisher's z, each weighted by its count less 3; a single
 * group's correlation as it is (null when no group has one).
 */
function pooled(groups: readonly { credit: number[]; criterion: number[] }[]): number | null {
  const rs = groups.flatMap((g) => {
    const r = pearson(g.credit, g.criterion);
    return r === null ? [] : [{ r, n: g.credit.length }];
  });
  if (rs.length === 0) return null;
  if (rs.length === 1) return rs[0]!.r;
  const weighted = rs.filter((x) => x.n > 3 && Math.abs(x.r) < 1);
  if (weighted.length === 0) return rs.reduce((best, x) => (x.n > best.n ? x : best)).r;
  let z = 0;
  let w = 0;
  for (const x of weighted) {
    z += (x.n - 3) * Math.atanh(x.r);
    w += x.n - 3;
  }
  return Math.tanh(z / w);
}
