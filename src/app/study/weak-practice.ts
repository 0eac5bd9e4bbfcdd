/**
 * Weak-area practice for a candidate (core/study/weak-areas.ts) from the store: the exam's live items,
 * each domain's weakness from readiness over the candidate's final answers, and when each item was
 * last answered. The CLI and the server start an attempt of the items chosen.
 */
import type { Kysely } from "kysely";
import { taskParts } from "../../core/catalog/task-id.js";
import { seededRandom } from "../../core/random/seeded.js";
import { type WeakAreaPractice, weakAreaPractice } from "../../core/study/weak-areas.js";
import { studyAnswers } from "../../store/attempts/history.js";
import type { Database } from "../../store/schema.js";
import type { AttemptParameters } from "../calibration/exam-parameters.js";
import type { ExamSetup } from "../exams/setup.js";
import { readinessOf } from "./readiness.js";

export async function candidateWeakPractice(
  db: Kysely<Database>,
  setup: ExamSetup,
  userId: string | null,
  now: number,
  count: number,
  seed: string,
  current: AttemptParameters,
): Promise<WeakAreaPractice> {
  const exam = setup.cert.id;
  // The final answers, read once: readiness's weakness per domain, and when each item was last seen.
  const final = await studyAnswers(db, exam, userId, setup.items);
  const r = readinessOf(final, setup, now, current);
  const lastAnswered = new Map<string, number>();
  for (const a of final) lastAnswered.set(a.itemId, Math.max(lastAnswered.get(a.itemId) ?? 0, a.at));
  const items = [...setup.items.values()]
    .filter((i) => i.status === "live" && !i.generated)
    .flatMap((i) => {
      const task = i.outlines.find((t) => t.startsWith(`${exam}:`));
      return task ? [{ id: i.id, domain: taskParts(task).domain, task, enemies: i.enemies }] : [];
    });
  return weakAreaPractice({
    items,
    domains: r.domains.map((d) => ({
      id: d.id,
      weight: d.share,
      probability: d.answered > 0 ? d.probability : null,
    })),
    lastAnswered,
    now,
    count,
    random: seededRandom(seed),
  });
}
