/**
 * The study queue: spaced repetition of every item a candidate has answered (FSRS, through
 * ts-fsrs: a right answer is rated Good, a wrong one Again), and practice aimed at the domains
 * where the candidate is weakest. Pure: the answers and `now` are passed in.
 */
import { type Card, createEmptyCard, fsrs, Rating } from "ts-fsrs";

/** One graded answer of the candidate to an item. */
export interface StudyAnswer {
  itemId: string;
  /** When it was answered (ms). */
  at: number;
  correct: boolean;
  domain: string;
  task: string;
}

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

export function studyQueue(answers: readonly StudyAnswer[], now: number): StudyQueue {
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
    let card: Card = createEmptyCard(new Date(list[0]!.at));
    for (const a of list)
      card = scheduler.next(card, new Date(a.at), a.correct ? Rating.Good : Rating.Again).card;
    const last = list[list.length - 1]!;
    const d = domains.get(last.domain) ?? { answered: 0, correct: 0 };
    d.answered++;
    if (last.correct) d.correct++;
    domains.set(last.domain, d);
    const dueAt = card.due.getTime();
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
