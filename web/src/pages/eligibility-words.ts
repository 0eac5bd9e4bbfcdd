/**
 * The eligibility page's words: verdict statuses, and what a verdict's gaps ask of the person, in
 * plain words (worded here from the verdict's structured gaps, not the CLI's text).
 */
import type { CredentialGap, Gap } from "../../../src/core/eligibility/evaluate.js";

export const STATUS: Record<string, string> = {
  eligible: "Eligible",
  "eligible-with-waiver": "Eligible with a waiver",
  "associate-path": "Not yet — you can pass the exam first",
  "prerequisite-missing": "A prerequisite is missing",
  "not-yet": "Not yet",
};

/** What was checked: the verdicts are read against it (a held certification, jobs given or not). */
export interface Checked {
  held: string[];
  jobs: number;
}

/** "3 years", "2.5 years", "1 year"; "3 more years" with `more` (a shortfall, rounded up). */
function years(n: number, more = ""): string {
  const r = (more ? Math.ceil(Math.round(n * 1000) / 100) : Math.round(n * 10)) / 10;
  return `${r} ${more}year${r === 1 ? "" : "s"}`;
}

/** "3 more domains", "1 more domain". */
function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/** "domain 2", "domains 1 and 3", "domains 1, 2 or 3". */
function domainList(ids: readonly string[], join: "and" | "or" = "and"): string {
  if (ids.length === 1) return `domain ${ids[0]}`;
  return `domains ${ids.slice(0, -1).join(", ")} ${join} ${ids.at(-1)}`;
}

function credential(g: CredentialGap): string {
  return g.held ? `${g.label} (your ${g.held.id.toUpperCase()} is ${g.held.status})` : g.label;
}

/** Gaps that only follow from no job naming the certification's domains. */
const FOLLOWS_FROM_NO_DOMAINS = new Set<Gap["kind"]>(["experience", "part", "domains", "domain-one-of"]);

/** What a verdict's gaps ask of the person, in plain words. */
export function guidance(gaps: readonly Gap[], abbr: string, checked: Checked): string[] {
  // With no domain ticked nothing counts, so any shortfall says only that: ask for the domains.
  const noDomains = gaps.some((g) => g.kind === "no-domains");
  return gaps
    .filter((g) => !(noDomains && FOLLOWS_FROM_NO_DOMAINS.has(g.kind)))
    .map((g) => {
      switch (g.kind) {
        case "credential":
          return `You need ${credential(g)}.`;
        case "credential-one-of":
          return `You need one of: ${g.options.map(credential).join("; or ")}.`;
        case "other-path":
          return `Another route, “${g.path}”, needs ${g.credentials.map(credential).join(" and ")}.`;
        case "no-domains":
          return checked.jobs > 0
            ? `Tick the ${abbr} domains each job covered (under “Domains this job covered”).`
            : `Add your jobs, and tick the ${abbr} domains each covered (under “Domains this job covered”).`;
        case "experience": {
          const short = g.shortDays !== null ? count(g.shortDays, "more day") : years(g.shortYears, "more ");
          const waiver =
            g.waiverYears !== null
              ? ` (${years(g.required - g.waiverYears)} with your ${Math.round(g.waiverYears * 10) / 10}-year waiver)`
              : "";
          return `You need ${short} of experience: you have ${years(g.years)} of the ${years(g.required)} required${waiver}.`;
        }
        case "part": {
          const more = [
            g.shortYears > 0 ? years(g.shortYears, "more ") : "",
            g.domains.length < g.minDomains ? count(g.minDomains - g.domains.length, "more domain") : "",
          ].filter(Boolean);
          return `For ${g.label}, you need ${more.join(" and ")}: you have ${years(g.years)} in ${count(g.domains.length, "domain")}.`;
        }
        case "domains":
          return `You need experience in ${count(g.minDomains - g.have.length, `more ${abbr} domain`)}: this route needs ${g.minDomains} or more, and your jobs cover ${g.have.length ? domainList(g.have) : "none"}.`;
        case "domain-one-of":
          return `You need experience in ${abbr} ${domainList(g.domains, "or")}.`;
      }
      return "";
    });
}
