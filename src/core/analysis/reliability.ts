/**
 * A form's reliability and score distribution. A form is the set of scored items an attempt
 * delivered (each at its version); attempts that delivered the same set took the same form, whatever
 * the order. KR-20 needs several attempts on one form: certpath assembles a fresh form from the bank
 * for each attempt, so it is computed for the forms two or more attempts shared, and the attempts on
 * forms of their own are counted.
 */
import type { AttemptRecord } from "./records.js";
import { mean, variance } from "./statistics.js";

export interface FormStatistics {
  /** `form-` and a hash of its items. */
  id: string;
  /** Scored items on the form. */
  items: number;
  attempts: number;
  /** Raw score (number right): mean and standard deviation (divisor n, as KR-20 uses). */
  mean: number;
  sd: number;
  /** Kuder–Richardson 20, or null when it is not defined (under two items, or every score equal). */
  kr20: number | null;
  /** Standard error of measurement in raw-score points, sd × √(1 − KR-20), or null. */
  sem: number | null;
  /** Attempts at each raw score, 0 to `items`. */
  distribution: number[];
}

/**
 * KR-20 of a persons × items matrix of 0/1 scores: k/(k−1) × (1 − Σ p_i q_i / σ²_X), with σ²_X the
 * variance of the total scores (divisor n, like p_i q_i). On 0/1 data it is Cronbach's alpha.
 */
export function kr20(scores: readonly (readonly number[])[]): number | null {
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  if (n < 2 || k < 2) return null;
  let sumPQ = 0;
  for (let j = 0; j < k; j++) {
    let right = 0;
    for (const row of scores) right += row[j]!;
    const p = right / n;
    sumPQ += p * (1 - p);
  }
  const totals = scores.map((row) => row.reduce((s, x) => s + x, 0));
  const v = variance(totals);
  if (!(v > 1e-12)) return null;
  return (k / (k - 1)) * (1 - sumPQ / v);
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable name for a form. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Each form two or more attempts took, most taken first, and how many attempts had a form of their own. */
export function formStatistics(records: readonly AttemptRecord[]): {
  forms: FormStatistics[];
  singleAttemptForms: number;
} {
  const byForm = new Map<string, AttemptRecord[]>();
  for (const r of records) {
    const signature = r.responses
      .map((x) => x.item)
      .sort()
      .join("\n");
    const list = byForm.get(signature) ?? [];
    list.push(r);
    byForm.set(signature, list);
  }
  const forms: FormStatistics[] = [];
  let singleAttemptForms = 0;
  for (const [signature, list] of byForm) {
    if (list.length < 2) {
      singleAttemptForms += list.length;
      continue;
    }
    const order = signature.split("\n");
    const matrix = list.map((r) => {
      const credit = new Map(r.responses.map((x) => [x.item, x.credit]));
      return order.map((item) => credit.get(item)!);
    });
    const totals = matrix.map((row) => row.reduce((s: number, x) => s + x, 0));
    const items = order[0] === "" ? 0 : order.length;
    const distribution = new Array<number>(items + 1).fill(0);
    for (const t of totals) distribution[t]!++;
    const sd = Math.sqrt(variance(totals));
    const reliability = kr20(matrix);
    forms.push({
      id: `form-${hash(signature)}`,
      items,
      attempts: list.length,
      mean: mean(totals),
      sd,
      kr20: reliability,
      sem: reliability === null ? null : sd * Math.sqrt(Math.max(0, 1 - reliability)),
      distribution,
    });
  }
  forms.sort((a, b) => b.attempts - a.attempts || a.id.localeCompare(b.id));
  return { forms, singleAttemptForms };
}

/** Attempts by share of scored items right, in ten bands: 0–9%, 10–19%, …, 90–100%. */
export function percentDistribution(records: readonly AttemptRecord[]): number[] {
  const bands = new Array<number>(10).fill(0);
  for (const r of records) {
    if (r.responses.length === 0) continue;
    const share = r.responses.reduce((s, x) => s + x.credit, 0) / r.responses.length;
    bands[Math.min(9, Math.floor(share * 10 + 1e-9))]!++;
  }
  return bands;
}
