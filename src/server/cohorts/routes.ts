/**
 * Cohorts and assignments: an instructor gathers candidates into cohorts, sets them assignments
 * (an exam or a practice set, with a due date) and sees their results by candidate and domain and
 * the cohort's item statistics. Candidates see and start the assignments of their cohorts.
 */

import { randomUUID } from "node:crypto";
import { type CreateAttempt, createAttemptSchema } from "../../core/api/attempts.js";
import { endpoints } from "../../core/api/index.js";
import { attemptSummary, itemPValues } from "../../core/cohorts/results.js";
import type { Report } from "../../core/scoring/report.js";
import type { Clock } from "../../core/time/clock.js";
import type { AccountRepository, UserWithSecret } from "../../store/accounts/account-repository.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import type { CohortRepository } from "../../store/cohorts/cohort-repository.js";
import { HttpError } from "../errors.js";
import type { AttemptService } from "../exams/attempts.js";
import { type RouteDef, route } from "../openapi.js";

export function cohortRoutes(deps: {
  cohorts: CohortRepository;
  accounts: AccountRepository;
  repo: AttemptRepository;
  attempts: AttemptService;
  clock: Clock;
  certification: (id: string) => { id: string };
}): RouteDef[] {
  const { cohorts, accounts, repo, attempts, clock, certification } = deps;

  /** The cohort, if the user is its instructor (others get 404, as if it did not exist). */
  async function ownCohort(id: string, user: UserWithSecret) {
    const cohort = await cohorts.get(id);
    if (!cohort || cohort.instructorId !== user.id) throw new HttpError(404, "not-found", "no such cohort");
    return cohort;
  }

  const audit = (actor: string, action: string, target: string, detail: unknown = {}) =>
    accounts.audit({ at: clock(), actor, action, target, detail });

  /**
   * An instructor reaches an attempt only when a current member made it for one of the cohort's
   * assignments: never a member's own practice, nor a former member's attempts.
   */
  async function memberAssignmentAttempt(cohortId: string, attemptId: string): Promise<void> {
    const owner = await repo.owner(attemptId).catch(() => null);
    let atAssignment = false;
    for (const a of await cohorts.assignmentsOf(cohortId))
      if ((await cohorts.attemptsOf(a.id)).some((t) => t.id === attemptId)) atAssignment = true;
    if (!owner || !atAssignment || !(await cohorts.isMember(cohortId, owner)))
      throw new HttpError(404, "not-found", "no such attempt at this cohort's assignments by a member");
  }

  /**
   * One attempt per candidate per assignment: the open one is resumed; a finished one is final (the
   * report shows its keys, so a second attempt would be taken knowing them); else a new one starts.
   * The check and the start are one start of the candidate's (see AttemptService.startingFor), so
   * concurrent starts, on this process or another, make one attempt.
   */
  function startOnce(assignmentId: string, userId: string, settings: CreateAttempt) {
    return attempts.startingFor(userId, async () => {
      const mine = (await cohorts.attemptsOf(assignmentId)).filter((t) => t.userId === userId);
      if (mine.some((t) => t.status === "finished"))
        throw new HttpError(
          409,
          "assignment-taken",
          "you have taken this assignment; ask your instructor for another",
        );
      const open = mine.find((t) => t.status === "in-progress");
      if (open) return { created: false, session: await attempts.load(open.id) };
      return {
        created: true,
        session: await attempts.createHolding(settings, userId, undefined, assignmentId),
      };
    });
  }

  return [
    route(endpoints.listCohorts, async ({ user }) => {
      const list = await cohorts.ofInstructor(user.id);
      const out = [];
      for (const c of list) out.push({ ...c, members: (await cohorts.members(c.id)).length });
      return { cohorts: out };
    }),
    route(endpoints.createCohort, async ({ body, user }) => {
      const cohort = { id: randomUUID(), name: body.name, instructorId: user.id, createdAt: clock() };
      await cohorts.create(cohort);
      await audit(user.id, "cohort.created", cohort.id, { name: cohort.name });
      return cohort;
    }),
    route(endpoints.getCohort, async ({ params, user }) => {
      const cohort = await ownCohort(params.id, user);
      return {
        ...cohort,
        // Emails only: whether an email has an account is not the instructor's to learn.
        members: (await cohorts.members(cohort.id)).map((m) => ({ email: m.email })),
        assignments: await cohorts.assignmentsOf(cohort.id),
      };
    }),
    route(endpoints.changeMembers, async ({ params, body, user }) => {
      const cohort = await ownCohort(params.id, user);
      await cohorts.changeMembers(cohort.id, body.add, body.remove);
      await audit(user.id, "cohort.members-changed", cohort.id, { add: body.add, remove: body.remove });
      return { changed: true };
    }),
    route(endpoints.createAssignment, async ({ params, body, user }) => {
      const cohort = await ownCohort(params.id, user);
      certification(body.settings.exam);
      // Refuse now what every member would meet at Start: an exam without items, an unknown domain…
      attempts.validate(body.settings);
      const assignment = {
        id: randomUUID(),
        cohortId: cohort.id,
        title: body.title,
        settings: body.settings,
        dueAt: body.due ? Date.parse(`${body.due}T23:59:59Z`) : null,
        createdAt: clock(),
      };
      await cohorts.addAssignment(assignment);
      await audit(user.id, "assignment.created", assignment.id, { cohort: cohort.id, title: body.title });
      return assignment;
    }),
    route(endpoints.cohortResults, async ({ params, user }) => {
      const cohort = await ownCohort(params.id, user);
      const members = await cohorts.members(cohort.id);
      const memberIds = new Set(members.flatMap((m) => (m.userId ? [m.userId] : [])));
      const reports: Report[] = [];
      const out = [];
      for (const a of await cohorts.assignmentsOf(cohort.id)) {
        const candidates = [];
        const attemptsMade = (await cohorts.attemptsOf(a.id)).filter(
          (t) => t.userId && memberIds.has(t.userId),
        );
        for (const m of members) {
          // An email without an account has made no attempt, like a member who has not started.
          const mine = m.userId ? attemptsMade.filter((t) => t.userId === m.userId) : [];
          const finished = mine.filter((t) => t.status === "finished");
          const latest = finished[finished.length - 1];
          let result = null;
          if (latest) {
            const report = await attempts.report(await attempts.load(latest.id), "instructor");
            reports.push(report);
            result = attemptSummary(latest.id, report, attempts.setup(report.exam).cert.exam.items);
          }
          candidates.push({
            email: m.email,
            attempts: mine.length,
            finished: finished.length,
            // Attempts still open, so the instructor can give time back to one.
            inProgress: mine.filter((t) => t.status === "in-progress").map((t) => t.id),
            latest: result,
          });
        }
        out.push({ id: a.id, title: a.title, dueAt: a.dueAt, candidates });
      }
      const items = itemPValues(reports);
      return { cohort: cohort.id, assignments: out, items };
    }),
    route(endpoints.memberReport, async ({ params, user }) => {
      const cohort = await ownCohort(params.id, user);
      await memberAssignmentAttempt(cohort.id, params.attemptId);
      return attempts.report(await attempts.load(params.attemptId), "instructor");
    }),
    route(endpoints.grantTime, async ({ params, body, user }) => {
      const cohort = await ownCohort(params.id, user);
      await memberAssignmentAttempt(cohort.id, params.attemptId);
      const session = await attempts.load(params.attemptId);
      await session.grantTime(body.minutes * 60_000, user.id);
      await audit(user.id, "attempt.time-granted", params.attemptId, { minutes: body.minutes });
      return { attempt: params.attemptId, remainingMs: attempts.view(session).remainingMs };
    }),
    route(endpoints.myAssignments, async ({ user }) => {
      const list = await cohorts.assignmentsFor(user.id);
      const out = [];
      for (const a of list) {
        const mine = (await cohorts.attemptsOf(a.id)).filter((t) => t.userId === user.id);
        out.push({ ...a, attempts: mine });
      }
      return { assignments: out };
    }),
    route(endpoints.startAssignment, async ({ params, user, reply }) => {
      const a = await cohorts.assignment(params.id);
      if (!a || !(await cohorts.isMember(a.cohortId, user.id)))
        throw new HttpError(404, "not-found", "no such assignment");
      const settings = createAttemptSchema.parse(a.settings);
      const { created, session } = await startOnce(a.id, user.id, settings);
      if (created) void reply.status(201);
      return attempts.view(session);
    }),
  ];
}
