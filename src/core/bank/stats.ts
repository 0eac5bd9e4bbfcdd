/**
 * Bank statistics per exam: live item counts by domain, subdomain, task, type, status and tag; key
 * positions; the share of items whose key is the longest option; and coverage gaps.
 */

import type { Catalog } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import { taskParts } from "../catalog/task-id.js";
import { familiesFor } from "../generators/bank.js";
import { InputError } from "../input-error.js";
import { type BankItem, gradeResponse } from "../items/item.js";
import { cueAudit } from "./cues.js";
import type { Bank } from "./load.js";

export interface ExamBankStats {
  /** Live items. */
  items: number;
  byDomain: Record<string, number>;
  bySubdomain: Record<string, number>;
  byTask: Record<string, number>;
  byType: Record<string, number>;
  /** All items of the exam, by status. */
  byStatus: Record<string, number>;
  byTag: Record<string, number>;
  /** Key positions of live single-choice items. */
  keyPositions: Record<string, number>;
  /** Share of live single-choice items whose key is the longest option. */
  keyLongestShare: number;
  gaps: { subdomains: string[]; tasks: string[] };
  /** Each domain's share of the live items beside its exam weight, both in percent. */
  domainShares: Record<string, { share: number; weight: number }>;
  /** Coverage below the bank targets: subdomains under 10 live items, tasks under 2. */
  thin: { subdomains: string[]; tasks: string[] };
  /**
   * Reviews of live items: full blind reviews (how many, and how many reviewers' answers match the
   * key), options-only answers matched against the key, and difficulty ratings; the same per domain.
   */
  reviews: ReviewFigures & { byDomain: Record<string, ReviewFigures> };
  /**
   * The cue audit in short (see cues.ts): the held-out share of keys a surface-feature model finds,
   * beside chance, the key's length and parts shares, and the strongest cue in words; null when the
   * exam has too few live single-choice and multiple-response items to audit.
   */
  cues: {
    items: number;
    chance: number;
    accuracy: number;
    ci: [number, number];
    keyLongest: number;
    keyShortest: number;
    keyMostParts: number;
    strongest: string;
  } | null;
  /**
   * The computed item families whose fresh instances join each new form of the exam (not counted
   * in `items` and the other figures, which are the authored bank's), by domain and by task.
   */
  computed: { families: string[]; byDomain: Record<string, number>; byTask: Record<string, number> };
}

/** Review figures of a set of items. Shares are rounded to 0.001; a share of nothing is 0. */
export interface ReviewFigures {
  /** Full blind reviews and how many answers match the key. */
  reviewed: number;
  agreeing: number;
  agreement: number;
  /** Answers from the options alone (review.optionsOnly) and how many match the key. */
  optionsOnly: { n: number; matching: number; agreement: number };
  /** Reviewers' difficulty ratings (1–5): counts, mean, share at 4 or 5, share at 1. */
  ratings: {
    n: number;
    counts: Record<"1" | "2" | "3" | "4" | "5", number>;
    mean: number;
    hard: number;
    easy: number;
  };
}

const share = (k: number, n: number) => (n ? Math.round((k / n) * 1000) / 1000 : 0);

/** The review figures of some items. */
export function reviewFigures(items: readonly BankItem[]): ReviewFigures {
  const reviewed = items.filter((i) => i.review?.blind);
  const agreeing = reviewed.filter((i) => gradeResponse(i, i.review!.answer).credit === 1).length;
  const optionsOnly = items.filter((i) => i.review?.optionsOnly);
  const matching = optionsOnly.filter(
    (i) => gradeResponse(i, i.review!.optionsOnly!.answer).credit === 1,
  ).length;
  const ratings = items.map((i) => i.review?.rating).filter((r): r is number => r !== undefined);
  const counts = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const r of ratings) counts[String(r) as keyof typeof counts]++;
  return {
    reviewed: reviewed.length,
    agreeing,
    agreement: share(agreeing, reviewed.length),
    optionsOnly: { n: optionsOnly.length, matching, agreement: share(matching, optionsOnly.length) },
    ratings: {
      n: ratings.length,
      counts,
      mean: ratings.length
        ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100
        : 0,
      hard: share(counts["4"] + counts["5"], ratings.length),
      easy: share(counts["1"], ratings.length),
    },
  };
}

/** The coverage a bank should reach before it is called complete. */
export const COVERAGE_TARGETS = { perSubdomain: 10, perTask: 2 } as const;

/** The task of an item for a given exam (its first task statement in that exam's outline). */
export function primaryTask(item: BankItem, exam: string): string | undefined {
  return item.outlines.find((t) => t.startsWith(`${exam}:`));
}

function inc(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function cueSummary(live: readonly BankItem[], exam: string): ExamBankStats["cues"] {
  try {
    const a = cueAudit(live, { exam });
    return {
      items: a.items,
      chance: a.chance,
      accuracy: a.heldOut.accuracy,
      ci: a.heldOut.ci,
      keyLongest: a.keyLongest,
      keyShortest: a.keyShortest,
      keyMostParts: a.keyMostParts,
      strongest: a.features[0]!.says,
    };
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function computedFamilies(exam: string): ExamBankStats["computed"] {
  const out: ExamBankStats["computed"] = { families: [], byDomain: {}, byTask: {} };
  for (const family of familiesFor(exam)) {
    out.families.push(family.id);
    const tasks = family.outlines.filter((t) => t.startsWith(`${exam}:`));
    inc(out.byDomain, taskParts(tasks[0]!).domain);
    for (const t of tasks) inc(out.byTask, t);
  }
  return out;
}

export function bankStats(
  bank: Bank,
  catalog: Catalog,
  asOf: string,
  exam?: string,
): Record<string, ExamBankStats> {
  const exams = exam ? [exam] : [...new Set([...bank.locations.values()].map((l) => l.exam))].sort();
  const out: Record<string, ExamBankStats> = {};
  for (const examId of exams) {
    const cert = catalog.certifications.find((c) => c.id === examId);
    const all = bank.items.filter((i) => primaryTask(i, examId) !== undefined);
    const live = all.filter((i) => i.status === "live");
    const s: ExamBankStats = {
      items: live.length,
      byDomain: {},
      bySubdomain: {},
      byTask: {},
      byType: {},
      byStatus: {},
      byTag: {},
      keyPositions: {},
      keyLongestShare: 0,
      gaps: { subdomains: [], tasks: [] },
      domainShares: {},
      thin: { subdomains: [], tasks: [] },
      reviews: { ...reviewFigures(live), byDomain: {} },
      cues: cueSummary(live, examId),
      computed: computedFamilies(examId),
    };
    for (const i of all) inc(s.byStatus, i.status);
    for (const i of live) {
      const task = primaryTask(i, examId)!;
      const { domain, subdomain } = taskParts(task);
      inc(s.byDomain, domain);
      inc(s.bySubdomain, subdomain);
      for (const t of i.outlines.filter((x) => x.startsWith(`${examId}:`))) inc(s.byTask, t);
      inc(s.byType, i.generated ? "generated" : i.type);
      for (const tag of i.tags) inc(s.byTag, tag);
    }
    const singles = live.filter((i) => i.type === "single-choice");
    let longest = 0;
    for (const i of singles) {
      if (i.type !== "single-choice") continue;
      inc(s.keyPositions, i.key);
      const key = i.options.find((o) => o.id === i.key)!;
      if (i.options.every((o) => o.id === i.key || o.text.length < key.text.length)) longest++;
    }
    for (const domain of Object.keys(s.byDomain).sort())
      s.reviews.byDomain[domain] = reviewFigures(
        live.filter((i) => taskParts(primaryTask(i, examId)!).domain === domain),
      );
    s.keyLongestShare = singles.length ? Math.round((longest / singles.length) * 1000) / 1000 : 0;
    if (cert) {
      const { outline } = outlineAsOf(cert, asOf);
      for (const d of outline.domains) {
        const share = live.length ? ((s.byDomain[d.id] ?? 0) / live.length) * 100 : 0;
        s.domainShares[d.id] = { share: Math.round(share * 10) / 10, weight: d.weight };
        for (const sub of d.subdomains) {
          const n = s.bySubdomain[sub.id] ?? 0;
          if (!n) s.gaps.subdomains.push(sub.id);
          if (n < COVERAGE_TARGETS.perSubdomain) s.thin.subdomains.push(sub.id);
          for (const t of sub.tasks) {
            if (!s.byTask[t.id]) s.gaps.tasks.push(t.id);
            if ((s.byTask[t.id] ?? 0) < COVERAGE_TARGETS.perTask) s.thin.tasks.push(t.id);
          }
        }
      }
    }
    out[examId] = s;
  }
  return out;
}
