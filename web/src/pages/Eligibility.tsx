/**
 * Eligibility and advice: a form that builds the candidate profile (jobs with their hours and the
 * outline domains they covered, education, credentials), then the verdict per certification with
 * its reasons and the recommended next certifications. The choices come from the profile's JSON
 * Schema, the same one the CLI validates against.
 */
import { useEffect, useState } from "react";
import profileSchema from "../../../schemas/profile.schema.json";
import { api, HttpProblem } from "../api.js";

const jobProps = profileSchema.properties.experience.items.properties;
const FUNCTIONS = jobProps.function.enum as string[];
const KINDS = jobProps.kind.enum as string[];
const LEVELS = profileSchema.properties.education.items.properties.level.enum as string[];

interface CertDetail {
  id: string;
  abbreviation: string;
  outlines: { domains: { id: string; name: string }[] }[];
}
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
interface Verdict {
  certification: string;
  status: string;
  notes: string[];
  missing: string[];
  eligibleOn: string | null;
}

const STATUS: Record<string, string> = {
  eligible: "Eligible",
  "eligible-with-waiver": "Eligible with a waiver",
  "associate-path": "Not yet — you can pass the exam first",
  "prerequisite-missing": "A prerequisite is missing",
  "not-yet": "Not yet",
};

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
  const [certs, setCerts] = useState<CertDetail[]>([]);
  const [jobs, setJobs] = useState<Job[]>([emptyJob()]);
  const [level, setLevel] = useState("");
  const [field, setField] = useState("");
  const [completed, setCompleted] = useState("");
  const [held, setHeld] = useState<string[]>([]);
  const [verdicts, setVerdicts] = useState<Verdict[] | null>(null);
  const [advice, setAdvice] = useState<{
    recommendations?: { certification: string; reasons: string[] }[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ certifications: { id: string }[] }>("GET", "/api/catalog").then(async (r) => {
      setCerts(
        await Promise.all(r.certifications.map((c) => api<CertDetail>("GET", `/api/catalog/${c.id}`))),
      );
    });
  }, []);

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
      const r = await api<{ verdicts: Verdict[] }>("POST", "/api/eligibility", { profile });
      setVerdicts(r.verdicts);
      setAdvice(await api("POST", "/api/advice", { profile }));
    } catch (err) {
      setError(err instanceof HttpProblem ? err.problem.message : String(err));
    }
  }

  const abbreviation = (id: string) => certs.find((c) => c.id === id)?.abbreviation ?? id.toUpperCase();
  return (
    <section>
      <h1>Am I eligible?</h1>
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {verdicts && (
        <>
          <h2>Verdicts</h2>
          <ul className="verdicts">
            {verdicts.map((v) => (
              <li key={v.certification}>
                <strong>{abbreviation(v.certification)}</strong>: {STATUS[v.status] ?? v.status}
                {v.eligibleOn ? ` (from ${v.eligibleOn})` : ""}
                {v.missing.length > 0 && <span className="small"> — missing: {v.missing.join("; ")}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {advice?.recommendations && (
        <>
          <h2>What to aim for next</h2>
          <ol>
            {advice.recommendations.slice(0, 3).map((r) => (
              <li key={r.certification}>
                <strong>{abbreviation(r.certification)}</strong> — {r.reasons.join(" ")}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
