/**
 * The finished attempts of an exam, read from the store and replayed, for `certpath calibrate
 * --exam`; the response matrix is built from them by the pure `attemptMatrix` (core).
 */

import { replay } from "../../core/exam/attempt.js";
import type { CalibrationAttempt } from "../../core/irt/calibration/attempt-matrix.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";

export interface ExamAttempts {
  /** The exam's finished attempts, replayed. */
  attempts: CalibrationAttempt[];
  /** Attempts of any exam and status in the store (0: an empty store). */
  inStore: number;
  /** Attempts of this exam not finished (in progress or discarded), left out. */
  unfinished: number;
}

export async function finishedAttempts(repo: AttemptRepository, exam: string): Promise<ExamAttempts> {
  const all = await repo.list();
  const ofExam = all.filter((a) => a.exam === exam);
  const attempts: CalibrationAttempt[] = [];
  for (const a of ofExam) {
    if (a.status !== "finished") continue;
    attempts.push({ id: a.id, state: replay(await repo.steps(a.id, true)) });
  }
  return { attempts, inStore: all.length, unfinished: ofExam.length - attempts.length };
}
