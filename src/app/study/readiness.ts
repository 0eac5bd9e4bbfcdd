/**
 * A candidate's readiness for an exam from the store: every final answer they gave to its scored
 * items (finished attempts, and tutor answers whose feedback was shown — never an answer still open,
 * whose correctness the figure would give away), each item with the exam's current calibrated
 * parameters where it has them and the author's prior otherwise, through `core/study/readiness.ts`.
 */
import type { Kysely } from "kysely";
import { priorParameters } from "../../core/irt/models.js";
import { DEFAULT_CUT_THETA } from "../../core/scoring/scale.js";
import type { StudyAnswer } from "../../core/study/queue.js";
import { type Readiness, type ReadinessAnswer, readiness } from "../../core/study/readiness.js";
import { studyAnswers } from "../../store/attempts/history.js";
import type { Database } from "../../store/schema.js";
import type { AttemptParameters } from "../calibration/exam-parameters.js";
import type { ExamSetup } from "../exams/setup.js";

export async function candidateReadiness(
  db: Kysely<Database>,
  setup: ExamSetup,
  userId: string | null,
  now: number,
  current: AttemptParameters,
): Promise<Readiness> {
  return readinessOf(await studyAnswers(db, setup.cert.id, userId, setup.items), setup, now, current);
}

/** Readiness from final answers already read (`studyAnswers`), for callers that use them for more. */
export function readinessOf(
  final: readonly StudyAnswer[],
  setup: ExamSetup,
  now: number,
  current: AttemptParameters,
): Readiness {
  const answers: ReadinessAnswer[] = [];
  for (const a of final) {
    const item = setup.items.get(a.itemId);
    // Scored items only: pretest (review) items have no parameters worth scoring with. Computed-family
    // instances count, with their priors, as the report scores them.
    if (item?.status !== "live") continue;
    const calibrated = current.parameters?.get(item.id);
    answers.push({
      itemId: item.id,
      domain: a.domain,
      at: a.at,
      correct: a.correct,
      params: calibrated ?? priorParameters(item.difficulty),
      calibrated: calibrated !== undefined,
    });
  }
  return readiness(answers, {
    now,
    cut: DEFAULT_CUT_THETA,
    weights: new Map(setup.outline.domains.map((d) => [d.id, d.weight])),
    names: new Map(setup.outline.domains.map((d) => [d.id, d.name])),
  });
}
