/** The queue of problems candidates reported on items (#/reports), each resolved or dismissed with a note. */
import { useState } from "react";
import type { ItemReportRow } from "../../../../src/core/api/authoring.js";
import { call, endpoints, messageOf } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { ErrorMessage } from "../../ui.js";

type Report = ItemReportRow;

export function ReportsPage() {
  const [status, setStatus] = useState<"open" | "resolved" | "dismissed">("open");
  const [notes, setNotes] = useState<Record<number, string>>({});
  const loaded = useApi(() => call(endpoints.itemReports, { query: { status, limit: 100 } }), [status]);
  const reports: Report[] | null = loaded.data?.reports ?? null;
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? loaded.message;

  async function resolve(r: Report, outcome: "resolved" | "dismissed") {
    setError(null);
    try {
      await call(endpoints.resolveReport, {
        params: { id: r.id },
        body: { status: outcome, note: notes[r.id] ?? "" },
      });
      loaded.reload();
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
