/** The candidates' side: "Your assignments" on the start page. */
import { useEffect, useState } from "react";
import { type AttemptView, api, messageOf } from "../../api.js";
import { Alert, type Assignment, dueText, settingsText } from "./shared.js";

interface MyAssignment extends Assignment {
  cohortName: string;
  attempts: { id: string; status: string; createdAt: number }[];
}

/** "Your assignments" on the start page: what one's instructors set, with Start. Nothing without any. */
export function AssignmentsList() {
  const [list, setList] = useState<MyAssignment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ assignments: MyAssignment[] }>("GET", "/api/assignments").then(
      (r) => setList(r.assignments),
      () => setList([]),
    );
  }, []);
  if (list.length === 0) return null;

  async function start(id: string) {
    setBusy(true);
    setError(null);
    try {
      const a = await api<AttemptView>("POST", `/api/assignments/${id}/start`);
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
