/** Start page: the certifications, a full simulation or a short practice, and the attempts so far. */
import { useEffect, useState } from "react";
import { type AttemptView, api, HttpProblem } from "../api.js";

interface Cert {
  id: string;
  abbreviation: string;
  name: string;
  exam: { items?: number; durationMinutes?: number; delivery?: string };
}
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

  useEffect(() => {
    api<{ certifications: Cert[] }>("GET", "/api/catalog").then(
      (r) => setCerts(r.certifications),
      (e) => setError(String(e.message)),
    );
    api<{ attempts: Summary[] }>("GET", "/api/attempts?limit=20").then(
      (r) => setAttempts(r.attempts),
      () => {},
    );
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
  return (
    <section>
      <h1>Practise for your certification</h1>
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
