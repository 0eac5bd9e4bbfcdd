/**
 * A candidate's history with an exam's items, from every attempt in the store: when each item was
 * last answered, whether that last answer was wrong, and which items are flagged. Feeds practice
 * forms of missed, flagged or never-seen items, and "leave out what I saw recently".
 */
import type { Kysely } from "kysely";
import { taskParts } from "../../core/catalog/task-id.js";
import { replay } from "../../core/exam/attempt.js";
import { type BankItem, gradeResponse } from "../../core/items/item.js";
import type { StudyAnswer } from "../../core/study/queue.js";
import type { Database } from "../schema.js";
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
    .filter((a) => a.exam === exam && a.status !== "discarded")
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

/**
 * Every graded answer of one candidate (null: the single user) to an exam's items, for the study
 * queue: the final response of each item in each attempt (discarded ones aside), at the time it was given.
 */
export async function studyAnswers(
  db: Kysely<Database>,
  exam: string,
  userId: string | null,
  items: ReadonlyMap<string, BankItem>,
): Promise<StudyAnswer[]> {
  let query = db
    .selectFrom("responses")
    .innerJoin("attempts", "attempts.id", "responses.attempt_id")
    .select(["responses.item_id", "responses.response", "responses.answered_at"])
    .where("attempts.exam", "=", exam)
    .where("attempts.status", "!=", "discarded");
  query =
    userId === null
      ? query.where("attempts.user_id", "is", null)
      : query.where("attempts.user_id", "=", userId);
  const rows = await query.execute();
  const out: StudyAnswer[] = [];
  for (const r of rows) {
    const item = items.get(r.item_id);
    const task = item?.outlines.find((t) => t.startsWith(`${exam}:`));
    if (!item || !task) continue;
    out.push({
      itemId: r.item_id,
      at: Number(r.answered_at),
      correct: gradeResponse(item, JSON.parse(r.response)).credit === 1,
      domain: taskParts(task).domain,
      task,
    });
  }
  return out;
}
