/**
 * A candidate's history with an exam's items, from every attempt in the store: when each item was
 * last answered, whether that last answer was wrong, and which items are flagged. Feeds practice
 * forms of missed, flagged or never-seen items, and "leave out what I saw recently".
 */
import { replay } from "../../core/exam/attempt.js";
import { type BankItem, gradeResponse } from "../../core/items/item.js";
import type { AttemptRepository } from "./attempt-repository.js";

export interface ItemHistory {
  /** Item id → time of the last answer (ms). */
  lastSeen: Map<string, number>;
  /** Items whose most recent answer was not correct. */
  missed: Set<string>;
  /** Items flagged in the most recent attempt that showed them. */
  flagged: Set<string>;
}

export async function itemHistory(
  repo: AttemptRepository,
  exam: string,
  items: ReadonlyMap<string, BankItem>,
): Promise<ItemHistory> {
  const attempts = (await repo.list())
    .filter((a) => a.exam === exam)
    .sort((a, b) => a.createdAt - b.createdAt);
  const lastSeen = new Map<string, number>();
  const lastRight = new Map<string, boolean>();
  const flaggedAt = new Map<string, boolean>();
  for (const a of attempts) {
    const state = replay(await repo.steps(a.id));
    for (const entry of state.form) {
      flaggedAt.set(entry.id, state.flags.has(entry.id));
      if (!state.responses.has(entry.id)) continue;
      const item = items.get(entry.id);
      lastSeen.set(entry.id, a.createdAt);
      if (item) lastRight.set(entry.id, gradeResponse(item, state.responses.get(entry.id)).credit === 1);
    }
  }
  return {
    lastSeen,
    missed: new Set([...lastRight].filter(([, right]) => !right).map(([id]) => id)),
    flagged: new Set([...flaggedAt].filter(([, f]) => f).map(([id]) => id)),
  };
}
