/** What the instructors' pages share: the shapes of cohorts, assignments and results, and small helpers. */
import type { z } from "zod";
import type {
  Assignment,
  assignmentSettingsSchema,
  CandidateResult,
  CohortResults,
} from "../../../../src/core/api/cohorts.js";
import { call, endpoints, type ResponseOf } from "../../api.js";
import { outlineInForce } from "../../lib/outline.js";
import { useApi } from "../../lib/use-api.js";

/** An assignment's settings as the form builds them (the body's input, before defaults). */
export type Settings = z.input<typeof assignmentSettingsSchema>;
export type { Assignment, CandidateResult };
export type CohortSummary = ResponseOf<typeof endpoints.listCohorts>["cohorts"][number];
export type Cohort = ResponseOf<typeof endpoints.getCohort>;
export type Results = CohortResults;
export type DomainResult = NonNullable<CandidateResult["latest"]>["domains"][number];
export interface Domain {
  id: string;
  name: string;
}

/** A due date as the day it was set for (the server keeps the end of that day, UTC). */
export const dueText = (dueAt: number) => new Date(dueAt).toISOString().slice(0, 10);
export const percent = (correct: number, scored: number) =>
  scored ? Math.round((100 * correct) / scored) : 0;
export const MODES = {
  exam: "Exam (timed, answers at the end)",
  tutor: "Practice set (tutor: each answer explained)",
  adaptive: "Adaptive practice",
} as const;

export function settingsText(s: Settings): string {
  const parts = [s.exam.toUpperCase(), s.mode === "tutor" ? "practice set" : (s.mode ?? "exam")];
  if (s.mode !== "adaptive") parts.push(s.items ? `${s.items} items` : "full length");
  if (s.domains?.length) parts.push(`domain${s.domains.length > 1 ? "s" : ""} ${s.domains.join(", ")}`);
  if (s.rules) parts.push(`${s.rules} rules`);
  if (s.paced) parts.push("paced");
  return parts.join(", ");
}

const outlines = new Map<string, Promise<Domain[]>>();
/** The domains of an exam's outline in force, fetched once (again after a failure). */
function domainsOf(exam: string): Promise<Domain[]> {
  let p = outlines.get(exam);
  if (!p) {
    p = call(endpoints.certification, { params: { id: exam } }).then((c) => outlineInForce(c)?.domains ?? []);
    const mine = p;
    p.catch(() => outlines.get(exam) === mine && outlines.delete(exam));
    outlines.set(exam, p);
  }
  return p;
}
/** The domains of an exam's outline in force; none until they arrive, or if they cannot. */
export function useDomains(exam: string): Domain[] {
  const loaded = useApi(() => domainsOf(exam), [exam]);
  return (loaded.error ? null : loaded.data) ?? [];
}

export function Alert({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="error">
      {text}
    </p>
  ) : null;
}
