/** Start page: the certifications, a full simulation or a short practice, and the attempts so far. */
import { useEffect, useState } from "react";
import type { Report } from "../../../src/core/scoring/report.js";
import { type AttemptView, api, HttpProblem } from "../api.js";

interface Cert {
  id: string;
  abbreviation: string;
  name: string;
  exam: { items?: number; durationMinutes?: number; delivery?: string };
}
type Readiness = Pick<Report, "scaled" | "domains">;
interface Summary {
  id: string;
  exam: string;
  behaviour: string;
  status: string;
  createdAt: number;
}

export function HomePage() {
  const [certs, setCerts] = useState<Cert[]>([]);
  const [attempts, setAttempts] = useState<Summary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [study, setStudy] = useState<{ dueCount: number; weakDomains: string[] } | null>(null);

  useEffect(() => {
    api<{ certifications: Cert[] }>("GET", "/api/catalog").then(
      (r) => setCerts(r.certifications),
      (e) => setError(String(e.message)),
    );
    api<{ attempts: Summary[] }>("GET", "/api/attempts?limit=20").then(
      async (r) => {
        setAttempts(r.attempts);
        const last = r.attempts.find((a) => a.exam === "issmp" && a.status === "finished");
        if (last) setReadiness(await api<Readiness>("GET", `/api/attempts/${last.id}/report`));
      },
      () => {},
    );
    api<{ dueCount: number; weakDomains: string[] }>("GET", "/api/study?exam=issmp").then(setStudy, () => {});
  }, []);

  async function start(body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      const a = await api<AttemptView>("POST", "/api/attempts", body);
      window.location.hash = `#/attempt/${a.id}`;
    } catch (e) {
      setError(e instanceof HttpProblem ? e.problem.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const issmp = certs.find((c) => c.id === "issmp");
  const next =
    study && study.dueCount > 0
      ? {
          label: `Review the ${study.dueCount} item${study.dueCount === 1 ? "" : "s"} due today`,
          run: () => startPractice(),
        }
      : !readiness
        ? {
            label: "Start with a short practice (10 items)",
            run: () => start({ exam: "issmp", mode: "exam", items: 10 }),
          }
        : { label: "Take a full simulation", run: () => start({ exam: "issmp", mode: "exam" }) };

  async function startPractice() {
    setBusy(true);
    try {
      const a = await api<AttemptView>("POST", "/api/study/practice", { exam: "issmp", items: 20 });
      window.location.hash = `#/attempt/${a.id}`;
    } catch (e) {
      setError(e instanceof HttpProblem ? e.problem.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>Practise for your certification</h1>
      <div className="card dashboard">
        <h2>ISSMP readiness</h2>
        {readiness ? (
          <>
            <p>
              Latest simulation: <strong>{readiness.scaled.score}</strong> (passing {readiness.scaled.passing}
              ) —{" "}
              <span className={readiness.scaled.passed ? "pass" : "fail"}>
                {readiness.scaled.passed ? "PASS" : "FAIL"}
              </span>
            </p>
            <ul className="plain">
              {readiness.domains.map((d) => (
                <li key={d.id}>
                  <meter
                    min={0}
                    max={d.scored || 1}
                    value={d.correct}
                    aria-label={`Domain ${d.id}: ${d.correct} of ${d.scored}`}
                  />{" "}
                  Domain {d.id} {d.name}: {d.proficiency}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>No finished ISSMP attempt yet.</p>
        )}
        {study && (
          <p>
            Study queue: {study.dueCount} item{study.dueCount === 1 ? "" : "s"} due
            {study.weakDomains.length ? `; weakest domains: ${study.weakDomains.join(", ")}` : ""}.
          </p>
        )}
        <button type="button" className="primary" disabled={busy} onClick={next.run}>
          Next: {next.label}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {issmp && (
        <div className="card">
          <h2>{issmp.abbreviation}</h2>
          <p>{issmp.name}</p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => start({ exam: "issmp", mode: "exam" })}>
              Full simulation ({issmp.exam.items} items, {Math.round((issmp.exam.durationMinutes ?? 0) / 60)}{" "}
              h)
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => start({ exam: "issmp", mode: "exam", items: 10 })}
            >
              Short practice (10 items)
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => start({ exam: "issmp", mode: "tutor", items: 10 })}
            >
              Tutor mode (10 items, answers explained)
            </button>
            <button type="button" disabled={busy} onClick={() => start({ exam: "issmp", mode: "adaptive" })}>
              Adaptive practice
            </button>
          </div>
        </div>
      )}
      <h2>Certifications</h2>
      <ul className="plain">
        {certs.map((c) => (
          <li key={c.id}>
            <a href={`#/catalog/${c.id}`}>{c.abbreviation}</a> — {c.name}
          </li>
        ))}
      </ul>
      {attempts.length > 0 && (
        <>
          <h2>Your attempts</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Exam</th>
                <th scope="col">Mode</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>{new Date(a.createdAt).toLocaleString()}</td>
                  <td>{a.exam.toUpperCase()}</td>
                  <td>{a.behaviour}</td>
                  <td>
                    {a.status === "finished" ? (
                      <a href={`#/report/${a.id}`}>Report</a>
                    ) : (
                      <a href={`#/attempt/${a.id}`}>Resume</a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
