/**
 * A sparse response matrix: who answered which item, and how. Each person (or each response
 * pattern, with a frequency weight) is one row holding only the items they saw, so a candidate who
 * took one form of many, or a CAT, costs only their own responses. A missing cell is not a wrong
 * answer: it is simply absent and skipped in every likelihood (missing at random).
 *
 * Stored row by row (compressed sparse rows): row i's responses are `item[start[i] .. start[i+1])`
 * with scores `score[…]` (1 correct, 0 incorrect).
 */

export interface ResponseMatrix {
  /** Item ids, one per column. */
  readonly items: readonly string[];
  /** Person (or pattern) ids, one per row. */
  readonly persons: readonly string[];
  /** Row offsets into `item` and `score`; length persons + 1. */
  readonly start: Int32Array;
  /** Column (item index) of each observed response. */
  readonly item: Int32Array;
  /** 1 correct, 0 incorrect, for each observed response. */
  readonly score: Uint8Array;
  /** Frequency weight of each row (1 for a person; the count for a response pattern). */
  readonly weight: Float64Array;
}

/** One row as given: a score per item column, null when the person did not see the item. */
export interface ResponseRowInput {
  person: string;
  scores: readonly (0 | 1 | null | undefined)[];
  /** How many persons share this row (default 1). */
  weight?: number;
}

export function responseMatrix(items: readonly string[], rows: readonly ResponseRowInput[]): ResponseMatrix {
  let cells = 0;
  for (const r of rows) {
    if (r.scores.length !== items.length)
      throw new RangeError(`row ${r.person} has ${r.scores.length} scores for ${items.length} items`);
    for (const s of r.scores) if (s === 0 || s === 1) cells++;
  }
  const start = new Int32Array(rows.length + 1);
  const item = new Int32Array(cells);
  const score = new Uint8Array(cells);
  const weight = new Float64Array(rows.length);
  let k = 0;
  rows.forEach((r, i) => {
    start[i] = k;
    weight[i] = r.weight ?? 1;
    r.scores.forEach((s, j) => {
      if (s !== 0 && s !== 1) return;
      item[k] = j;
      score[k] = s;
      k++;
    });
  });
  start[rows.length] = k;
  return { items: [...items], persons: rows.map((r) => r.person), start, item, score, weight };
}

/**
 * A matrix from response patterns and their counts, e.g. `["10111", …]` with `[80, …]` — the way
 * classic data sets such as LSAT6 are published. A `.` in a pattern is a missing response.
 */
export function matrixFromPatterns(
  items: readonly string[],
  patterns: readonly string[],
  counts: readonly number[],
): ResponseMatrix {
  return responseMatrix(
    items,
    patterns.map((p, i) => ({
      person: p,
      weight: counts[i]!,
      scores: [...p].map((ch) => (ch === "1" ? 1 : ch === "0" ? 0 : null)),
    })),
  );
}

/** Per item: weighted number of responses and of correct responses. */
export function itemCounts(m: ResponseMatrix): { responses: Float64Array; correct: Float64Array } {
  const responses = new Float64Array(m.items.length);
  const correct = new Float64Array(m.items.length);
  for (let i = 0; i < m.persons.length; i++) {
    const w = m.weight[i]!;
    for (let k = m.start[i]!; k < m.start[i + 1]!; k++) {
      responses[m.item[k]!]! += w;
      if (m.score[k] === 1) correct[m.item[k]!]! += w;
    }
  }
  return { responses, correct };
}

/** Total weight (number of persons) of the matrix. */
export function totalWeight(m: ResponseMatrix): number {
  let s = 0;
  for (const w of m.weight) s += w;
  return s;
}

/** The rows from `from` to `to` (exclusive) as a matrix of their own, e.g. to share work between threads. */
export function sliceRows(m: ResponseMatrix, from: number, to: number): ResponseMatrix {
  const a = m.start[from]!;
  const b = m.start[to]!;
  const start = new Int32Array(to - from + 1);
  for (let i = from; i <= to; i++) start[i - from] = m.start[i]! - a;
  return {
    items: m.items,
    persons: m.persons.slice(from, to),
    start,
    item: m.item.slice(a, b),
    score: m.score.slice(a, b),
    weight: m.weight.slice(from, to),
  };
}
