/**
 * Eligibility and advice: a form that builds the candidate profile (jobs with their hours and the
 * outline domains they covered, education, credentials), then the verdict per certification with
 * what is missing in plain words (worded here from the verdict's structured gaps, not the CLI's text),
 * and the recommended next certifications. The choices come from the profile's JSON Schema, the same
 * one the CLI validates against.
 */
import { useEffect, useRef, useState } from "react";
import profileSchema from "../../../schemas/profile.schema.json";
import type { CertificationView } from "../../../src/core/api/catalog.js";
import type { Verdict as CoreVerdict, CredentialGap, Gap } from "../../../src/core/eligibility/evaluate.js";
import { call, endpoints, HttpProblem } from "../api.js";
import { listCertifications } from "../lib/catalog.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "../ui.js";

const jobProps = profileSchema.properties.experience.items.properties;
const FUNCTIONS = jobProps.function.enum as string[];
const KINDS = jobProps.kind.enum as string[];
const LEVELS = profileSchema.properties.education.items.properties.level.enum as string[];

type CertDetail = CertificationView;
interface Job {
  /** A key for the page's list only. */
  key: string;
  title: string;
  kind: string;
  function: string;
  start: string;
  end: string;
  hoursPerWeek: number;
  domains: Record<string, string[]>;
}
type Verdict = Pick<CoreVerdict, "certification" | "status" | "notes" | "gaps" | "eligibleOn" | "passFirst">;

const STATUS: Record<string, string> = {
  eligible: "Eligible",
  "eligible-with-waiver": "Eligible with a waiver",
  "associate-path": "Not yet — you can pass the exam first",
  "prerequisite-missing": "A prerequisite is missing",
  "not-yet": "Not yet",
};

/** What was checked: the verdicts are read against it (a held certification, jobs given or not). */
interface Checked {
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
function guidance(gaps: readonly Gap[], abbr: string, checked: Checked): string[] {
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

const emptyJob = (): Job => ({
  key: crypto.randomUUID(),
  title: "",
  kind: "employment",
  function: "management",
  start: "",
  end: "",
  hoursPerWeek: 40,
  domains: {},
});

export function EligibilityPage() {
  // Every certification in full (its outline's domains for the jobs, its name for the verdicts).
  const certs: CertDetail[] =
    useApi(
      () =>
        listCertifications().then((list) =>
          Promise.all(list.map((c) => call(endpoints.certification, { params: { id: c.id } }))),
        ),
      [],
    ).data ?? [];
  const [jobs, setJobs] = useState<Job[]>([emptyJob()]);
  const [level, setLevel] = useState("");
  const [field, setField] = useState("");
  const [completed, setCompleted] = useState("");
  const [held, setHeld] = useState<string[]>([]);
  const [verdicts, setVerdicts] = useState<Verdict[] | null>(null);
  const [checked, setChecked] = useState<Checked>({ held: [], jobs: 0 });
  /** Counts the checks, so each one brings the results into view. */
  const [checks, setChecks] = useState(0);
  const results = useRef<HTMLHeadingElement>(null);
  const [advice, setAdvice] = useState<{
    recommendations?: { certification: string; reasons: string[] }[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (checks === 0) return;
    results.current?.scrollIntoView({ block: "start" });
    results.current?.focus({ preventScroll: true });
  }, [checks]);

  const setJob = (k: number, patch: Partial<Job>) =>
    setJobs((js) => js.map((j, i) => (i === k ? { ...j, ...patch } : j)));
  const toggleDomain = (k: number, cert: string, domain: string) =>
    setJobs((js) =>
      js.map((j, i) => {
        if (i !== k) return j;
        const now = j.domains[cert] ?? [];
        const next = now.includes(domain) ? now.filter((d) => d !== domain) : [...now, domain].sort();
        const domains = { ...j.domains, [cert]: next };
        if (next.length === 0) delete domains[cert];
        return { ...j, domains };
      }),
    );

  async function check(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const profile = {
      education: level ? [{ level, field: field || "unspecified", completed: completed || null }] : [],
      credentials: held.map((id) => ({ id, status: "active" })),
      experience: jobs
        .filter((j) => j.title && j.start)
        .map((j) => ({
          title: j.title,
          kind: j.kind,
          function: j.function,
          start: j.start,
          end: j.end || null,
          hoursPerWeek: j.hoursPerWeek,
          domains: j.domains,
        })),
    };
    try {
      const [r, a] = await Promise.all([
        call(endpoints.eligibility, { body: { profile } }),
        call(endpoints.advice, { body: { profile } }).catch(() => null),
      ]);
      setVerdicts(r.verdicts);
      setAdvice(a);
      setChecked({ held: [...held], jobs: profile.experience.length });
      setChecks((n) => n + 1);
    } catch (err) {
      setError(err instanceof HttpProblem ? err.problem.message : String(err));
    }
  }

  const abbreviation = (id: string) => certs.find((c) => c.id === id)?.abbreviation ?? id.toUpperCase();
  return (
    <section>
      <h1>Am I eligible?</h1>
      <p>
        Describe your work, education and certifications: the check covers every certification in the{" "}
        <a href="#/catalog">catalog</a>
        {certs.length > 0 ? ` (${certs.length})` : ""}.
      </p>
      <form onSubmit={check} className="profile">
        <h2>Work experience</h2>
        {jobs.map((j, k) => (
          <fieldset key={j.key} className="card">
            <legend>Job {k + 1}</legend>
            <label className="field">
              Title <input value={j.title} onChange={(e) => setJob(k, { title: e.target.value })} required />
            </label>
            <label className="field">
              Kind{" "}
              <select value={j.kind} onChange={(e) => setJob(k, { kind: e.target.value })}>
                {KINDS.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </label>
            <label className="field">
              Function{" "}
              <select value={j.function} onChange={(e) => setJob(k, { function: e.target.value })}>
                {FUNCTIONS.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </label>
            <label className="field">
              Start{" "}
              <input
                type="date"
                value={j.start}
                onChange={(e) => setJob(k, { start: e.target.value })}
                required
              />
            </label>
            <label className="field">
              End (empty while it goes on){" "}
              <input type="date" value={j.end} onChange={(e) => setJob(k, { end: e.target.value })} />
            </label>
            <label className="field">
              Hours a week{" "}
              <input
                type="number"
                min={1}
                max={168}
                value={j.hoursPerWeek}
                onChange={(e) => setJob(k, { hoursPerWeek: Number(e.target.value) })}
              />
            </label>
            <details>
              <summary>Domains this job covered</summary>
              {certs.map((c) => {
                const outline = c.outlines.filter((o) => o.domains.length > 0).at(-1);
                return (
                  <fieldset key={c.id}>
                    <legend>{c.abbreviation}</legend>
                    {outline?.domains.map((d) => (
                      <label key={d.id} className="inline">
                        <input
                          type="checkbox"
                          checked={(j.domains[c.id] ?? []).includes(d.id)}
                          onChange={() => toggleDomain(k, c.id, d.id)}
                        />{" "}
                        {d.id}. {d.name}
                      </label>
                    ))}
                  </fieldset>
                );
              })}
            </details>
          </fieldset>
        ))}
        <button type="button" onClick={() => setJobs((js) => [...js, emptyJob()])}>
          Add a job
        </button>
        <h2>Education</h2>
        <label className="field">
          Highest degree{" "}
          <select value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="">none</option>
            {LEVELS.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Field <input value={field} onChange={(e) => setField(e.target.value)} />
        </label>
        <label className="field">
          Completed <input type="date" value={completed} onChange={(e) => setCompleted(e.target.value)} />
        </label>
        <h2>Certifications you hold</h2>
        {certs.map((c) => (
          <label key={c.id} className="inline">
            <input
              type="checkbox"
              checked={held.includes(c.id)}
              onChange={() => setHeld((h) => (h.includes(c.id) ? h.filter((x) => x !== c.id) : [...h, c.id]))}
            />{" "}
            {c.abbreviation}
          </label>
        ))}
        <div className="actions">
          <button type="submit">Check eligibility</button>
        </div>
      </form>
      <ErrorMessage text={error} />
      {verdicts && (
        <>
          <h2 id="results" tabIndex={-1} ref={results}>
            Your results, certification by certification
          </h2>
          <ul className="verdicts">
            {verdicts.map((v) => {
              const abbr = abbreviation(v.certification);
              const holds = checked.held.includes(v.certification);
              const lines = holds
                ? []
                : [
                    ...guidance(v.gaps, abbr, checked),
                    ...(v.passFirst ? [v.passFirst.description] : []),
                    ...v.notes,
                  ];
              return (
                <li key={v.certification}>
                  <strong>
                    <a href={`#/catalog/${v.certification}`}>{abbr}</a>
                  </strong>
                  : {holds ? "You hold this" : (STATUS[v.status] ?? v.status)}
                  {!holds && v.eligibleOn
                    ? ` — eligible from ${v.eligibleOn} if your current job goes on`
                    : ""}
                  {lines.length > 0 && (
                    <ul className="small reasons">
                      {lines.map((l) => (
                        <li key={l}>{l}</li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {advice?.recommendations && (
        <>
          <h2>What to aim for next</h2>
          <ol>
            {advice.recommendations.slice(0, 3).map((r) => (
              <li key={r.certification}>
                <strong>
                  <a href={`#/catalog/${r.certification}`}>{abbreviation(r.certification)}</a>
                </strong>{" "}
                — {r.reasons.join(" ")}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
