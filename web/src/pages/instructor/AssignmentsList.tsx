/** The candidates' side: "Your assignments" on the start page. */
import { useState } from "react";
import { call, endpoints, messageOf, type ResponseOf } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { Alert, dueText, settingsText } from "./shared.js";

type MyAssignment = ResponseOf<typeof endpoints.myAssignments>["assignments"][number];

/** "Your assignments" on the start page: what one's instructors set, with Start. Nothing without any. */
export function AssignmentsList() {
  const loaded = useApi(() => call(endpoints.myAssignments), []);
  const list: MyAssignment[] = loaded.data?.assignments ?? [];
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (list.length === 0) return null;

  async function start(id: string) {
    setBusy(true);
    setError(null);
    try {
      const a = await call(endpoints.startAssignment, { params: { id } });
      window.location.hash = `#/attempt/${a.id}`;
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  const now = Date.now();
  return (
    <div className="card assignments">
      <h2>Your assignments</h2>
      <ul className="plain">
        {list.map((a) => {
          const open = a.attempts.filter((t) => t.status === "in-progress").at(-1);
          const finished = a.attempts.filter((t) => t.status === "finished").at(-1);
          return (
            <li key={a.id}>
              <strong>{a.title}</strong> <span className="small">({a.cohortName})</span>
              <br />
              {settingsText(a.settings)}
              {a.dueAt !== null && (
                <>
                  {"; "}
                  <span className={a.dueAt < now && !finished ? "fail" : undefined}>
                    due {dueText(a.dueAt)}
                    {a.dueAt < now && !finished ? " (overdue)" : ""}
                  </span>
                </>
              )}
              <div className="actions">
                {open ? (
                  <a href={`#/attempt/${open.id}`}>
                    Resume<span className="sr-only"> {a.title}</span>
                  </a>
                ) : finished ? null : (
                  // An assignment is taken once: finished, it offers its report, not another start.
                  <button type="button" disabled={busy} onClick={() => start(a.id)}>
                    Start<span className="sr-only"> {a.title}</span>
                  </button>
                )}
                {finished && (
                  <a href={`#/report/${finished.id}`}>
                    Report<span className="sr-only"> on {a.title}</span>
                  </a>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <Alert text={error} />
    </div>
  );
}
