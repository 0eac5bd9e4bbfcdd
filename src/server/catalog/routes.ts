/**
 * The public routes: health, how the server runs, the catalog, comparison, eligibility and advice.
 * Anyone may call them, signed in or not.
 */
import { advise } from "../../core/advice/advise.js";
import { endpoints } from "../../core/api/index.js";
import type { Catalog } from "../../core/catalog/catalog.js";
import { describeExam } from "../../core/catalog/describe.js";
import { outlineAsOf } from "../../core/catalog/outline-in-force.js";
import type { Certification } from "../../core/catalog/schema.js";
import { taskExam } from "../../core/catalog/task-id.js";
import { compareCertifications } from "../../core/compare/compare.js";
import { evaluateEligibility } from "../../core/eligibility/evaluate.js";
import { checkProfileAgainstCatalog, profileSchema } from "../../core/eligibility/profile.js";
import { publicUser } from "../../store/accounts/account-repository.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import type { Dialect } from "../../store/store.js";
import type { BankSource } from "../authoring/bank-source.js";
import { HttpError } from "../errors.js";
import { type RouteDef, route } from "../openapi.js";

export function catalogRoutes(deps: {
  repo: AttemptRepository;
  bank: BankSource;
  catalog: () => Catalog;
  today: () => string;
  certification: (id: string) => Certification;
  multiUser: boolean;
  version: string;
  dialect: Dialect;
}): RouteDef[] {
  const { repo, bank, catalog, today, certification, multiUser } = deps;

  function checkedProfile(raw: unknown) {
    const parsed = profileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, "invalid-profile", `profile.${issue.path.join(".")}: ${issue.message}`);
    }
    checkProfileAgainstCatalog(parsed.data, catalog(), { file: "profile" });
    return parsed.data;
  }

  return [
    route(endpoints.health, async () => {
      await repo.list(1, 0);
      return { status: "ok" as const, version: deps.version, database: deps.dialect };
    }),
    route(endpoints.session, async ({ request }) => {
      if (!multiUser) return { mode: "single-user" as const };
      const principal = request.principal;
      return {
        mode: "multi-user" as const,
        user: principal ? publicUser(principal.user) : null,
        csrfToken: principal?.csrf ?? null,
      };
    }),
    route(endpoints.catalog, async () => {
      await bank.refresh();
      const live = new Map<string, number>();
      for (const item of bank.current()) {
        if (item.status !== "live") continue;
        const exam = taskExam(item.outlines[0]!);
        live.set(exam, (live.get(exam) ?? 0) + 1);
      }
      return {
        certifications: catalog().certifications.map((c) => ({
          id: c.id,
          abbreviation: c.abbreviation,
          name: c.name,
          issuer: c.issuer,
          exam: c.exam,
          /** The exam format in one line, as `catalog show` and the comparison put it. */
          examSummary: describeExam(c),
          /** Live items in the bank: practice is offered for a certification that has some. */
          bankItems: live.get(c.id) ?? 0,
        })),
      };
    }),
    route(endpoints.certification, async ({ params }) => {
      const cert = certification(params.id);
      const asOf = today();
      const { outline, warnings } = outlineAsOf(cert, asOf);
      return { ...cert, inForce: { outline: outline.id, asOf, warnings } };
    }),
    route(endpoints.compare, async ({ query }) => {
      const ids = query.ids
        .split(",")
        .map((s: string) => s.trim())
        .filter(Boolean);
      if (ids.length < 2)
        throw new HttpError(400, "invalid-request", "ids: name at least two certifications");
      if (ids.length > 8) throw new HttpError(400, "invalid-request", "ids: at most eight certifications");
      return compareCertifications(catalog(), ids.map(certification), today());
    }),
    route(endpoints.credentials, async () => ({
      credentials: catalog().credentials.map((c) => ({ id: c.id, name: c.name, issuer: c.issuer })),
    })),
    route(endpoints.eligibility, async ({ body }) => {
      const profile = checkedProfile(body.profile);
      const certs: Certification[] = body.ids ? body.ids.map(certification) : catalog().certifications;
      const asOf = profile.asOf ?? today();
      return { asOf, verdicts: certs.map((c) => evaluateEligibility(c, profile, asOf)) };
    }),
    route(endpoints.advice, async ({ body }) => {
      const profile = checkedProfile(body.profile);
      return advise(catalog(), profile, profile.asOf ?? today(), body.goal);
    }),
  ];
}
