/**
 * A cohort's results, for its instructor: one line per member's latest finished attempt at an
 * assignment, and the cohort's item statistics (the share of members who answered each item right,
 * its p-value), from the reports of those attempts. Pretest items are left out: they are not
 * scored, and their statistics belong to calibration, not to the instructor's view.
 */
import type { Report } from "../scoring/report.js";
import { isDecisive, shortVerdict } from "../scoring/verdict.js";

export interface AttemptSummary {
  attempt: string;
  scaled: number;
  passed: boolean;
  band: Report["scaled"]["band"];
  /** "PASS"/"FAIL" for a full-length or adaptive attempt, else what the likely range says. */
  verdict: string;
  correct: number;
  scored: number;
  domains: {
    id: string;
    correct: number;
    scored: number;
    proficiency: Report["domains"][number]["proficiency"];
  }[];
}

/** One member's finished attempt in a line; `examLength` is the real exam's number of items. */
export function attemptSummary(attemptId: string, report: Report, examLength: number): AttemptSummary {
  return {
    attempt: attemptId,
    scaled: report.scaled.score,
    passed: report.scaled.passed,
    band: report.scaled.band,
    verdict: shortVerdict(
      report.scaled,
      isDecisive(report.behaviour, report.raw.scored + report.raw.pretest, examLength),
    ),
    correct: report.raw.correct,
    scored: report.raw.scored,
    domains: report.domains.map((d) => ({
      id: d.id,
      correct: d.correct,
      scored: d.scored,
      proficiency: d.proficiency,
    })),
  };
}

export interface ItemPValue {
  itemId: string;
  answered: number;
  correct: number;
  /** The share answered right, 0–1. */
  p: number;
}

/** Each scored item's p-value over the given reports, hardest first (ties by id). */
export function itemPValues(reports: readonly Report[]): ItemPValue[] {
  const stats = new Map<string, { answered: number; correct: number }>();
  for (const report of reports)
    for (const item of report.items) {
      if (item.pretest) continue;
      const s = stats.get(item.id) ?? { answered: 0, correct: 0 };
      s.answered++;
      s.correct += item.credit;
      stats.set(item.id, s);
    }
  return [...stats]
    .map(([itemId, s]) => ({ itemId, answered: s.answered, correct: s.correct, p: s.correct / s.answered }))
    .sort((x, y) => x.p - y.p || x.itemId.localeCompare(y.itemId));
}
