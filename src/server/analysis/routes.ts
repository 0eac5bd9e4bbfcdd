/**
 * Item analysis over HTTP (see app/analysis): an exam's items as its finished attempts show them,
 * for authors, instructors and administrators; a cohort's, for its instructor, with DIF against
 * another of their cohorts. The contract keeps candidates out before anything is read.
 */
import {
  type AnalysisSource,
  cohortAttempts,
  type DifGroups,
  groupsByDate,
} from "../../app/analysis/item-analysis.js";
import { endpoints } from "../../core/api/index.js";
import type { UserWithSecret } from "../../store/accounts/account-repository.js";
import type { CohortRepository } from "../../store/cohorts/cohort-repository.js";
import type { BankSource } from "../authoring/bank-source.js";
import { HttpError } from "../errors.js";
import type { AttemptService } from "../exams/attempts.js";
import { type RouteDef, route } from "../openapi.js";

export function analysisRoutes(deps: {
  source: AnalysisSource;
  attempts: AttemptService;
  bank: BankSource;
  cohorts: CohortRepository;
  certification: (id: string) => { id: string };
}): RouteDef[] {
  const { source, attempts, bank, cohorts, certification } = deps;

  /** The exam's items as the bank holds them now. */
  async function itemsOf(exam: string) {
    if ((await bank.refresh()).changed) attempts.invalidate();
    return attempts.setup(certification(exam).id);
  }

  /** A cohort of this instructor's (others get 404, as if it did not exist). */
  async function ownCohort(id: string, user: UserWithSecret) {
    const cohort = await cohorts.get(id);
    if (!cohort || cohort.instructorId !== user.id) throw new HttpError(404, "not-found", "no such cohort");
    return cohort;
  }

  return [
    route(endpoints.itemAnalysis, async ({ query }) => {
      const setup = await itemsOf(query.exam);
      const exam = setup.cert.id;
      if (query.item && !setup.items.has(query.item) && !query.item.startsWith("gen-"))
        throw new HttpError(
          404,
          "not-found",
          `no item "${query.item}" in the ${setup.cert.abbreviation} bank`,
        );
      const dif: DifGroups | undefined = query.before
        ? await groupsByDate(source, exam, query.before, "before")
        : undefined;
      const analysis = await source.analyse({ exam, items: setup.items, dif });
      if (!query.item) return { analysis };
      return {
        analysis: {
          ...analysis,
          items: analysis.items.filter((i) => i.itemId === query.item || i.unit === query.item),
        },
      };
    }),
    route(endpoints.cohortAnalysis, async ({ params, query, user }) => {
      const cohort = await ownCohort(params.id, user);
      const other = query.compare ? await ownCohort(query.compare, user) : undefined;
      if (other && other.id === cohort.id)
        throw new HttpError(
          400,
          "invalid-request",
          "compare names this cohort itself; choose another of yours",
        );
      const setup = await itemsOf(query.exam);
      const mine = await cohortAttempts(cohorts, cohort.id);
      const theirs = other ? await cohortAttempts(cohorts, other.id) : undefined;
      const analysis = await source.analyse({
        exam: setup.cert.id,
        items: setup.items,
        only: theirs ? new Set([...mine, ...theirs]) : mine,
        dif: theirs
          ? {
              reference: { name: cohort.name, attempts: mine },
              focal: { name: other!.name, attempts: theirs },
            }
          : undefined,
      });
      return { analysis };
    }),
  ];
}
