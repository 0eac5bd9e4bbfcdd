/**
 * A candidate's study plan (core/study/plan.ts) from the store, for the CLI and the server alike:
 * each domain weighted by the exam's weight and the candidate's weakness there (from readiness over
 * their final answers, when they have any), simulations sized as the real exam.
 */
import type { Kysely } from "kysely";
import { type StudyPlan, studyPlan } from "../../core/study/plan.js";
import type { Database } from "../../store/schema.js";
import type { AttemptParameters } from "../calibration/exam-parameters.js";
import type { ExamSetup } from "../exams/setup.js";
import { candidateReadiness } from "./readiness.js";

export interface CandidatePlan extends StudyPlan {
  /** What the domains' hours are weighted by, in words. */
  basis: string;
}

export async function candidatePlan(
  db: Kysely<Database>,
  setup: ExamSetup,
  userId: string | null,
  when: { now: number; today: string },
  goal: { examDate: string; hoursPerWeek: number },
  current: AttemptParameters,
): Promise<CandidatePlan> {
  const r = await candidateReadiness(db, setup, userId, when.now, current);
  const answered = r.domains.filter((d) => d.answered > 0);
  const weakness = new Map(answered.map((d) => [d.id, 1 - d.probability]));
  const basis = answered.length
    ? `weighted by the exam's weights and your weakness in each domain (from ${r.answered} items answered)`
    : "weighted by the exam's weights (no answers yet: practise, then plan again to weigh your weak domains)";
  const cert = setup.cert;
  const plan = studyPlan({
    today: when.today,
    examDate: goal.examDate,
    hoursPerWeek: goal.hoursPerWeek,
    domains: setup.outline.domains.map((d) => ({
      id: d.id,
      name: d.name,
      weight: d.weight,
      ...(weakness.has(d.id) ? { weakness: weakness.get(d.id)! } : {}),
    })),
    simulation: {
      items: cert.exam.maxItems ?? cert.exam.items ?? 150,
      minutes: cert.exam.durationMinutes ?? 180,
    },
  });
  return { basis, ...plan };
}
