/**
 * The study queue: spaced repetition (FSRS, through ts-fsrs) of the items a candidate has not yet
 * mastered — every item missed, answered with low confidence or flagged becomes a review card, and
 * each later answer to it is a review — and practice aimed at the domains where the candidate is
 * weakest. A right answer is rated Good when sure, Hard when unsure, and Again when guessed (a right
 * guess is not mastery); a wrong one Again; a flagged answer at most Hard. With an exam date, the
 * schedule aims at it: no card is due after the day before the exam, so every card comes due at
 * least once in the last two weeks. Pure: the answers, `now` and the exam date are passed in.
 */
import { type Card, createEmptyCard, fsrs, type Grade, Rating } from "ts-fsrs";
import type { ConfidenceLevel } from "../exam/steps.js";

/** One graded answer of the candidate to an item. */
export interface StudyAnswer {
  itemId: string;
  /** When it was answered (ms). */
  at: number;
  correct: boolean;
  domain: string;
  task: string;
  /** How sure the candidate said they were, when asked. */
  confidence?: ConfidenceLevel;
  /** Whether the candidate flagged the item in that attempt. */
  flagged?: boolean;
}

/** The FSRS rating of one answer. */
export function ratingOf(a: StudyAnswer): Grade {
  if (!a.correct || a.confidence === "guessed") return Rating.Again;
  if (a.confidence === "unsure" || a.flagged) return Rating.Hard;
  return Rating.Good;
}

/** Whether an answer makes its item a review card: missed, not sure of, or flagged. */
export function needsReview(a: StudyAnswer): boolean {
  return ratingOf(a) !== Rating.Good;
}

const DAY_MS = 86_400_000;

export interface DueItem {
  itemId: string;
  domain: string;
  task: string;
  /** When FSRS schedules the next review (ms). */
  due: number;
  /** Days overdue (0 when due now). */
  overdueDays: number;
  lastCorrect: boolean;
  reviews: number;
  lapses: number;
  /** FSRS retrievability now: the estimated chance of answering it right. */
  retrievability: number;
}

export interface DomainStanding {
  domain: string;
  answered: number;
  correct: number;
  /** Share of the latest answer per item that was right. */
  share: number;
}

export interface StudyQueue {
  due: DueItem[];
  /** Items scheduled later, soonest first. */
  upcoming: { itemId: string; due: number }[];
  domains: DomainStanding[];
  /** Domains below the target share with at least a few answers, weakest first. */
  weakDomains: string[];
}

// Whole days between reviews (no minute-long learning steps): exam items are revisited across days.
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });
/** The share of right answers below which a domain counts as weak. */
export const WEAK_SHARE = 0.7;
const MIN_ANSWERS_FOR_DOMAIN = 3;

/**
 * `examAt`: the start of the exam day (ms), if the candidate has one: every due date is then at
 * most the day before it.
 */
export function studyQueue(answers: readonly StudyAnswer[], now: number, examAt?: number): StudyQueue {
  const byItem = new Map<string, StudyAnswer[]>();
  for (const a of [...answers].sort((x, y) => x.at - y.at)) {
    const list = byItem.get(a.itemId) ?? [];
    list.push(a);
    byItem.set(a.itemId, list);
  }
  const due: DueItem[] = [];
  const upcoming: { itemId: string; due: number }[] = [];
  const domains = new Map<string, { answered: number; correct: number }>();
  for (const [itemId, list] of byItem) {
    const last = list[list.length - 1]!;
    const d = domains.get(last.domain) ?? { answered: 0, correct: 0 };
    d.answered++;
    if (last.correct) d.correct++;
    domains.set(last.domain, d);
    // The card starts at the first answer that needs review; answers before it were mastery.
    const first = list.findIndex(needsReview);
    if (first < 0) continue;
    let card: Card = createEmptyCard(new Date(list[first]!.at));
    for (const a of list.slice(first)) card = scheduler.next(card, new Date(a.at), ratingOf(a)).card;
    let dueAt = card.due.getTime();
    if (examAt !== undefined) dueAt = Math.min(dueAt, Math.max(list[list.length - 1]!.at, examAt - DAY_MS));
    if (dueAt <= now) {
      due.push({
        itemId,
        domain: last.domain,
        task: last.task,
        due: dueAt,
        overdueDays: Math.floor((now - dueAt) / 86_400_000),
        lastCorrect: last.correct,
        reviews: card.reps,
        lapses: card.lapses,
        retrievability: scheduler.get_retrievability(card, new Date(now), false) as number,
      });
    } else upcoming.push({ itemId, due: dueAt });
  }
  // Most at risk first: lowest retrievability, then longest overdue.
  due.sort(
    (a, b) => a.retrievability - b.retrievability || a.due - b.due || a.itemId.localeCompare(b.itemId),
  );
  upcoming.sort((a, b) => a.due - b.due || a.itemId.localeCompare(b.itemId));
  const standings = [...domains]
    .map(([domain, d]) => ({ domain, ...d, share: d.answered ? d.correct / d.answered : 0 }))
    .sort((a, b) => a.domain.localeCompare(b.domain, undefined, { numeric: true }));
  const weakDomains = standings
    .filter((d) => d.answered >= MIN_ANSWERS_FOR_DOMAIN && d.share < WEAK_SHARE)
    .sort((a, b) => a.share - b.share)
    .map((d) => d.domain);
  return { due, upcoming, domains: standings, weakDomains };
}
