/**
 * A candidate's history with an exam's items, from every attempt in the store: when each item was
 * last answered, whether that last answer was wrong, and which items are flagged. Feeds practice
 * forms of missed, flagged or never-seen items, and "leave out what I saw recently".
 */
import type { Kysely } from "kysely";
import { taskParts } from "../../core/catalog/task-id.js";
import { replay } from "../../core/exam/attempt.js";
import type { ConfidenceLevel } from "../../core/exam/steps.js";
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
 * queue: the final response of each item in each attempt, at the time it was given. Only answers
 * that are final count — those of finished attempts, and those a tutor attempt has already given
 * feedback on, discarded attempts aside — so nothing a candidate reads from the queue tells whether an open answer is right.
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
    .select([
      "responses.attempt_id",
      "responses.item_id",
      "responses.response",
      "responses.answered_at",
      "attempts.status",
    ])
    .where("attempts.exam", "=", exam)
    .where("attempts.status", "!=", "discarded")
    .where((eb) => eb.or([eb("attempts.status", "=", "finished"), eb("attempts.behaviour", "=", "tutor")]));
  query =
    userId === null
      ? query.where("attempts.user_id", "is", null)
      : query.where("attempts.user_id", "=", userId);
  const rows = await query.execute();
  // In a tutor attempt still open, an answer is final once submitted (its feedback was shown).
  const open = [...new Set(rows.filter((r) => r.status !== "finished").map((r) => r.attempt_id))];
  const submitted = new Set<string>();
  if (open.length) {
    const steps = await db
      .selectFrom("attempt_steps")
      .select(["attempt_id", "body"])
      .where("attempt_id", "in", open)
      .where("kind", "=", "submit")
      .execute();
    for (const s of steps)
      submitted.add(`${s.attempt_id}\u0000${(JSON.parse(s.body) as { itemId: string }).itemId}`);
  }
  // How sure the candidate said they were of each answer, and what they flagged: the latest step
  // of each kind per attempt and item (steps in order, so a later one overwrites).
  const confidence = new Map<string, ConfidenceLevel>();
  const flagged = new Map<string, boolean>();
  const attemptIds = [...new Set(rows.map((r) => r.attempt_id))];
  for (let i = 0; i < attemptIds.length; i += 500) {
    const steps = await db
      .selectFrom("attempt_steps")
      .select(["attempt_id", "kind", "body"])
      .where("attempt_id", "in", attemptIds.slice(i, i + 500))
      .where("kind", "in", ["confidence", "flag"])
      .orderBy("attempt_id")
      .orderBy("seq")
      .execute();
    for (const s of steps) {
      const body = JSON.parse(s.body) as { itemId: string; level?: ConfidenceLevel; flagged?: boolean };
      const key = `${s.attempt_id}\u0000${body.itemId}`;
      if (s.kind === "confidence" && body.level) confidence.set(key, body.level);
      if (s.kind === "flag") flagged.set(key, body.flagged === true);
    }
  }
  const out: StudyAnswer[] = [];
  for (const r of rows) {
    const key = `${r.attempt_id}\u0000${r.item_id}`;
    if (r.status !== "finished" && !submitted.has(key)) continue;
    const item = items.get(r.item_id);
    const task = item?.outlines.find((t) => t.startsWith(`${exam}:`));
    if (!item || !task) continue;
    out.push({
      itemId: r.item_id,
      at: Number(r.answered_at),
      correct: gradeResponse(item, JSON.parse(r.response)).credit === 1,
      domain: taskParts(task).domain,
      task,
      ...(confidence.has(key) ? { confidence: confidence.get(key)! } : {}),
      ...(flagged.get(key) ? { flagged: true } : {}),
    });
  }
  return out;
}
