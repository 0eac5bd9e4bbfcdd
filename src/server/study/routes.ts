/**
 * The study side of the API: the saved study profile (goal and eligibility), the plan to the exam
 * date, readiness, and the study queue (FSRS over one's own answers) with a tutor practice of it.
 */
import type { Kysely } from "kysely";
import { candidatePlan } from "../../app/study/plan.js";
import { loadStudyProfile, saveStudyProfile } from "../../app/study/profile.js";
import { candidateReadiness } from "../../app/study/readiness.js";
import { candidateWeakPractice } from "../../app/study/weak-practice.js";
import { endpoints } from "../../core/api/index.js";
import { toDay } from "../../core/calendar/dates.js";
import type { Catalog } from "../../core/catalog/catalog.js";
import { goalFor } from "../../core/study/profile.js";
import { studyQueue } from "../../core/study/queue.js";
import type { Clock } from "../../core/time/clock.js";
import { studyAnswers } from "../../store/attempts/history.js";
import type { Database } from "../../store/schema.js";
import { HttpError } from "../errors.js";
import type { AttemptService } from "../exams/attempts.js";
import { type RouteDef, route } from "../openapi.js";

const DUE_SHOWN = 100;

export function studyRoutes(deps: {
  db: Kysely<Database>;
  attempts: AttemptService;
  clock: Clock;
  today: () => string;
  catalog: () => Catalog;
  certification: (id: string) => { id: string };
}): RouteDef[] {
  const { db, attempts, clock, today, catalog, certification } = deps;
  // The queue aims at the exam date when the saved goal is this exam.
  const queueFor = async (exam: string, userId: string | null) => {
    const id = certification(exam).id;
    const setup = attempts.setup(id);
    const goal = (await loadStudyProfile(db, userId)).goal;
    const examAt = goal?.exam === id ? toDay(goal.examDate) * 86_400_000 : undefined;
    return studyQueue(await studyAnswers(db, id, userId, setup.items), clock(), examAt);
  };
  return [
    route(endpoints.studyProfile, async ({ user }) => loadStudyProfile(db, user?.id ?? null)),
    route(endpoints.saveStudyProfile, async ({ body, user }) =>
      saveStudyProfile(db, catalog(), user?.id ?? null, body, { now: clock(), today: today() }),
    ),
    route(endpoints.studyPlan, async ({ query, user }) => {
      const saved = (await loadStudyProfile(db, user?.id ?? null)).goal;
      const goal = goalFor(saved, query.exam);
      const exam = query.exam ?? goal?.exam;
      if (!exam)
        throw new HttpError(400, "invalid-input", "a plan needs an exam: give ?exam= or save a goal first");
      const examDate = query.date ?? goal?.examDate;
      if (!examDate)
        throw new HttpError(
          400,
          "invalid-input",
          "a plan needs the exam date: give ?date= or save a goal first",
        );
      const hoursPerWeek = query.hoursPerWeek ?? goal?.hoursPerWeek ?? 8;
      const id = certification(exam).id;
      const plan = await candidatePlan(
        db,
        attempts.setup(id),
        user?.id ?? null,
        { now: clock(), today: today() },
        { examDate, hoursPerWeek },
        await attempts.currentParameters(id),
      );
      return { exam: id, hoursPerWeek, ...plan };
    }),
    route(endpoints.readiness, async ({ query, user }) => {
      const id = certification(query.exam).id;
      const setup = attempts.setup(id);
      const r = await candidateReadiness(
        db,
        setup,
        user?.id ?? null,
        clock(),
        await attempts.currentParameters(id),
      );
      return {
        exam: id,
        probability: r.probability,
        interval: r.interval,
        enoughEvidence: r.enoughEvidence,
        parameters: r.parameters,
        answered: r.answered,
        effectiveAnswers: r.effectiveAnswers,
        domains: r.domains.map((d) => ({
          id: d.id,
          name: d.name,
          share: d.share,
          answered: d.answered,
          probability: d.probability,
        })),
        drivers: r.drivers,
      };
    }),
    route(endpoints.studyQueue, async ({ query, user }) => {
      const q = await queueFor(query.exam, user?.id ?? null);
      return {
        exam: query.exam,
        dueCount: q.due.length,
        due: q.due.slice(0, DUE_SHOWN),
        upcoming: q.upcoming.slice(0, DUE_SHOWN),
        domains: q.domains,
        weakDomains: q.weakDomains,
      };
    }),
    route(endpoints.weakPractice, async ({ body, user }) => {
      const id = certification(body.exam).id;
      const userId = user?.id ?? null;
      const chosen = await candidateWeakPractice(
        db,
        attempts.setup(id),
        userId,
        clock(),
        body.items,
        `${userId ?? "local"}:${clock()}`,
        await attempts.currentParameters(id),
      );
      const ids = new Set(chosen.itemIds);
      if (ids.size === 0)
        throw new HttpError(409, "no-items", `the ${id.toUpperCase()} bank has no live items to practise`);
      const session = await attempts.create({ exam: id, mode: body.mode, items: ids.size }, userId, ids);
      return attempts.view(session);
    }),
    route(endpoints.studyPractice, async ({ body, user }) => {
      const q = await queueFor(body.exam, user?.id ?? null);
      if (q.due.length === 0)
        throw new HttpError(
          409,
          "nothing-due",
          "nothing is due for review yet; practise a weak domain instead",
          {
            weakDomains: q.weakDomains,
          },
        );
      const ids = new Set(q.due.slice(0, body.items).map((d) => d.itemId));
      const session = await attempts.create(
        { exam: certification(body.exam).id, mode: "tutor", items: ids.size },
        user?.id ?? null,
        ids,
      );
      return attempts.view(session);
    }),
  ];
}
