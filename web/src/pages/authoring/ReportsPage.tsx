/** The queue of problems candidates reported on items (#/reports), each resolved or dismissed with a note. */
import { useEffect, useState } from "react";
import { api, messageOf } from "../../api.js";
import { ErrorMessage } from "../../ui.js";

interface Report {
  id: number;
  attemptId: string;
  itemId: string;
  category: string;
  comment: string;
  createdAt: number;
  status: string;
  resolution: string | null;
}

export function ReportsPage() {
  const [status, setStatus] = useState<"open" | "resolved" | "dismissed">("open");
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version reloads after a resolution
  useEffect(() => {
    api<{ reports: Report[] }>("GET", `/api/item-reports?status=${status}&limit=100`).then(
      (r) => setReports(r.reports),
      (e) => setError(messageOf(e)),
    );
  }, [status, version]);

  async function resolve(r: Report, outcome: "resolved" | "dismissed") {
    setError(null);
    try {
      await api("PUT", `/api/item-reports/${r.id}`, { status: outcome, note: notes[r.id] ?? "" });
      setVersion((v) => v + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section className="reports">
      <h1>Problem reports</h1>
      <p>
        <a href="#/bank">← Item bank</a>
      </p>
      <fieldset>
        <legend>Show</legend>
        {(["open", "resolved", "dismissed"] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="report-status" checked={status === s} onChange={() => setStatus(s)} />{" "}
            {s}{" "}
          </label>
        ))}
      </fieldset>
      <ErrorMessage text={error} />
      {reports && reports.length === 0 && <p>No {status} reports.</p>}
      <ol className="report-queue">
        {reports?.map((r) => (
          <li key={r.id}>
            <p>
              <a href={`#/bank/${r.itemId}`}>{r.itemId}</a>: <strong>{r.category.replace(/-/g, " ")}</strong>{" "}
              <span className="small">({new Date(r.createdAt).toISOString().slice(0, 10)})</span>
            </p>
            {r.comment && <blockquote>{r.comment}</blockquote>}
            {r.status === "open" ? (
              <>
                <label className="field">
                  Note on report {r.id}
                  <textarea
                    rows={2}
                    value={notes[r.id] ?? ""}
                    onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  disabled={!notes[r.id]?.trim()}
                  onClick={() => void resolve(r, "resolved")}
                >
                  Resolve
                </button>{" "}
                <button
                  type="button"
                  disabled={!notes[r.id]?.trim()}
                  onClick={() => void resolve(r, "dismissed")}
                >
                  Dismiss
                </button>
              </>
            ) : (
              <p>
                {r.status}: {r.resolution}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
