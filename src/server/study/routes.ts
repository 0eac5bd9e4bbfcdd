/** The study queue: what each candidate should review now (FSRS over their own answers), and a tutor practice of it. */
import type { Kysely } from "kysely";
import { candidateReadiness } from "../../app/study/readiness.js";
import { endpoints } from "../../core/api/index.js";
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
  certification: (id: string) => { id: string };
}): RouteDef[] {
  const { db, attempts, clock, certification } = deps;
  const queueFor = async (exam: string, userId: string | null) => {
    const id = certification(exam).id;
    const setup = attempts.setup(id);
    return studyQueue(await studyAnswers(db, id, userId, setup.items), clock());
  };
  return [
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
