/**
 * Eligibility and advice: a form that builds the candidate profile (jobs with their hours, whether
 * they involved AI systems and the outline domains they covered; education; credentials held, in the
 * catalog or outside it, with their status and date), then the verdict per certification with what
 * is missing in plain words (worded here from the verdict's structured gaps, not the CLI's text), and
 * the recommended next certifications. The choices come from the profile's JSON Schema, the same one
 * the CLI validates against. The profile is kept in one's saved study profile (GET/PATCH
 * /api/profile): loaded on arrival, saved at each check, and importable from the CLI's profile file.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { parse as parseYaml } from "yaml";
import profileSchema from "../../../schemas/profile.schema.json";
import type { CertificationView } from "../../../src/core/api/catalog.js";
import type { Verdict as CoreVerdict } from "../../../src/core/eligibility/evaluate.js";
import { call, endpoints, HttpProblem } from "../api.js";
import { listCertifications } from "../lib/catalog.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "../ui.js";
import { emptyJob, fromProfile, type Job, type SavedProfile, toProfile } from "./eligibility-profile.js";
import { type Checked, guidance, STATUS } from "./eligibility-words.js";
import { type Held, HeldCredentials } from "./held-credentials.js";

type Verdict = Pick<CoreVerdict, "certification" | "status" | "notes" | "gaps" | "eligibleOn" | "passFirst">;

const jobProps = profileSchema.properties.experience.items.properties;
const FUNCTIONS = jobProps.function.enum as string[];
const KINDS = jobProps.kind.enum as string[];
const LEVELS = profileSchema.properties.education.items.properties.level.enum as string[];

type CertDetail = CertificationView;

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
  const [held, setHeld] = useState<Held[]>([]);
  const [moreEducation, setMoreEducation] = useState<SavedProfile["education"]>([]);
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | null>(null);
  const external = useApi(() => call(endpoints.credentials), []).data?.credentials ?? [];
  const [addExternal, setAddExternal] = useState("");
  const [verdicts, setVerdicts] = useState<Verdict[] | null>(null);
  const [checked, setChecked] = useState<Checked>({ held: [], jobs: 0 });
  /** Counts the checks, so each one brings the results into view. */
  const [checks, setChecks] = useState(0);
  const results = useRef<HTMLHeadingElement>(null);
  const [advice, setAdvice] = useState<{
    recommendations?: { certification: string; reasons: string[] }[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Only state setters inside: the same function for the page's life.
  const fill = useCallback((p: SavedProfile) => {
    const f = fromProfile(p);
    setJobs(f.jobs);
    setLevel(f.level);
    setField(f.field);
    setCompleted(f.completed);
    setMoreEducation(f.moreEducation);
    setHeld(f.held);
    setAsOf(f.asOf);
  }, []);
  // The saved profile, once, on arrival.
  const savedProfile = useApi(() => call(endpoints.studyProfile), []).data;
  const filled = useRef(false);
  useEffect(() => {
    if (filled.current || !savedProfile?.eligibility) return;
    filled.current = true;
    fill(savedProfile.eligibility);
    setSaved("Your saved profile is filled in.");
  }, [savedProfile, fill]);

  async function importFile(file: File) {
    setError(null);
    setSaved(null);
    let parsed: unknown;
    try {
      parsed = parseYaml(await file.text());
    } catch (err) {
      setError(`${file.name}: is not valid JSON or YAML: ${(err as Error).message.split("\n")[0]}`);
      return;
    }
    try {
      const p = await call(endpoints.saveStudyProfile, {
        body: { eligibility: parsed as SavedProfile },
      });
      if (p.eligibility) fill(p.eligibility);
      setSaved(`Imported ${file.name} and saved it to your profile.`);
    } catch (err) {
      setError(`${file.name}: ${err instanceof HttpProblem ? err.problem.message : String(err)}`);
    }
  }

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
    const profile = toProfile({ asOf, level, field, completed, moreEducation, held, jobs });
    try {
      const [r, a] = await Promise.all([
        call(endpoints.eligibility, { body: { profile } }),
        call(endpoints.advice, { body: { profile } }).catch(() => null),
      ]);
      setVerdicts(r.verdicts);
      setAdvice(a);
      setChecked({
        held: held.filter((c) => c.status === "active").map((c) => c.id),
        jobs: profile.experience.length,
      });
      setChecks((n) => n + 1);
      // Kept for the next visit (the check has just shown the profile is sound).
      call(endpoints.saveStudyProfile, { body: { eligibility: profile as SavedProfile } })
        .then(() => setSaved("Saved to your profile: it will be here next time."))
        .catch((err) =>
          setSaved(`Not saved: ${err instanceof HttpProblem ? err.problem.message : String(err)}`),
        );
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
      <p className="small">
        <label>
          Import a profile file (JSON or YAML, as for <code>certpath eligibility</code>):{" "}
          <input
            type="file"
            accept=".json,.yaml,.yml,application/json"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importFile(f);
              e.target.value = "";
            }}
          />
        </label>
      </p>
      {saved && (
        <p className="small" role="status">
          {saved}
        </p>
      )}
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
            <label className="inline">
              <input type="checkbox" checked={j.ai} onChange={(e) => setJob(k, { ai: e.target.checked })} />{" "}
              This work involved AI systems (AAISM and AAIA count it)
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
        {moreEducation.length > 0 && (
          <p className="small">
            And {moreEducation.length} more degree(s) from your profile file, kept as they are.
          </p>
        )}
        <h2>Certifications you hold</h2>
        {certs.map((c) => (
          <label key={c.id} className="inline">
            <input
              type="checkbox"
              checked={held.some((h) => h.id === c.id)}
              onChange={() =>
                setHeld((h) =>
                  h.some((x) => x.id === c.id)
                    ? h.filter((x) => x.id !== c.id)
                    : [...h, { id: c.id, status: "active", earned: "" }],
                )
              }
            />{" "}
            {c.abbreviation}
          </label>
        ))}
        <label className="field">
          A credential outside the catalog{" "}
          <select
            value={addExternal}
            onChange={(e) => {
              const id = e.target.value;
              setAddExternal("");
              if (id && !held.some((h) => h.id === id))
                setHeld((h) => [...h, { id, status: "active", earned: "" }]);
            }}
          >
            <option value="">add one…</option>
            {external
              .filter((c) => !held.some((h) => h.id === c.id))
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
        <HeldCredentials held={held} setHeld={setHeld} certs={certs} external={external} />
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
