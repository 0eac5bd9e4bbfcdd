/** What the instructors' pages share: the shapes of cohorts, assignments and results, and small helpers. */
import { useEffect, useState } from "react";
import { api } from "../../api.js";
import { outlineInForce } from "../../lib/outline.js";

export interface Settings {
  exam: string;
  mode?: "exam" | "tutor" | "adaptive";
  items?: number;
  domains?: string[];
  rules?: "exam" | "practice";
  paced?: boolean;
}
export interface Assignment {
  id: string;
  cohortId: string;
  title: string;
  settings: Settings;
  dueAt: number | null;
  createdAt: number;
}
export interface CohortSummary {
  id: string;
  name: string;
  createdAt: number;
  members: number;
}
export interface Cohort {
  id: string;
  name: string;
  createdAt: number;
  members: { email: string }[];
  assignments: Assignment[];
}
export interface DomainResult {
  id: string;
  correct: number;
  scored: number;
  proficiency: string;
}
export interface CandidateResult {
  email: string;
  attempts: number;
  finished: number;
  inProgress?: string[];
  latest: null | {
    attempt: string;
    scaled: number;
    passed: boolean;
    /** "PASS"/"FAIL", or for a short practice what the likely range says. */
    verdict: string;
    correct: number;
    scored: number;
    domains: DomainResult[];
  };
}
export interface Results {
  assignments: { id: string; title: string; dueAt: number | null; candidates: CandidateResult[] }[];
  items: { itemId: string; answered: number; correct: number; p: number }[];
}
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
/** The domains of an exam's outline in force, fetched once. */
export function domainsOf(exam: string): Promise<Domain[]> {
  let p = outlines.get(exam);
  if (!p) {
    p = api<{
      inForce?: { outline: string };
      outlines: { id: string; domains: (Domain & { subdomains: { tasks: unknown[] }[] })[] }[];
    }>("GET", `/api/catalog/${exam}`).then(
      (c) => outlineInForce(c)?.domains ?? [],
      () => [],
    );
    outlines.set(exam, p);
  }
  return p;
}
export function useDomains(exam: string): Domain[] {
  const [domains, setDomains] = useState<Domain[]>([]);
  useEffect(() => {
    let live = true;
    domainsOf(exam).then((d) => live && setDomains(d));
    return () => {
      live = false;
    };
  }, [exam]);
  return domains;
}

export function Alert({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="error">
      {text}
    </p>
  ) : null;
}
