/** One cohort (#/cohorts/<id>, instructors): its members, its assignments, and their results. */
import { lazy, Suspense, useState } from "react";
import { call, endpoints, messageOf } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { Scroll } from "../../ui.js";
import { AssignmentResults, ItemStats } from "./AssignmentResults.js";
import { NewAssignment } from "./NewAssignment.js";
import { Alert, type Cohort, dueText, settingsText } from "./shared.js";

/** Loaded when a cohort page opens, so the first page carries none of the item-analysis views. */
const CohortAnalysis = lazy(() => import("./CohortAnalysis.js").then((m) => ({ default: m.CohortAnalysis })));

export function CohortPage({ id }: { id: string }) {
  // The cohort and its results, shown together; loaded again after every change made here.
  const loaded = useApi(
    () =>
      Promise.all([
        call(endpoints.getCohort, { params: { id } }),
        call(endpoints.cohortResults, { params: { id } }),
      ]).then(([cohort, results]) => ({ cohort, results })),
    [id],
  );
  const load = loaded.reload;

  if (loaded.message)
    return (
      <section className="cohorts-page">
        <p>
          <a href="#/cohorts">All cohorts</a>
        </p>
        <Alert text={loaded.message} />
      </section>
    );
  if (!loaded.data) return <p>Loading…</p>;
  const { cohort, results } = loaded.data;
  const examOf = new Map(cohort.assignments.map((a) => [a.id, a.settings.exam]));
  return (
    <section className="cohorts-page">
      <p>
        <a href="#/cohorts">All cohorts</a>
      </p>
      <h1>{cohort.name}</h1>
      <Members cohort={cohort} onChanged={load} />
      <Assignments cohort={cohort} onChanged={load} />
      <h2>Results</h2>
      {results.assignments.length === 0 && <p>No assignments yet.</p>}
      {results.assignments.map((a) => (
        <AssignmentResults
          key={a.id}
          cohortId={cohort.id}
          assignment={a}
          exam={examOf.get(a.id) ?? "issmp"}
          onChanged={load}
        />
      ))}
      {results.items.length > 0 && <ItemStats items={results.items} />}
      <Suspense fallback={<p>Loading the item analysis…</p>}>
        <CohortAnalysis cohort={cohort} />
      </Suspense>
    </section>
  );
}

function Members({ cohort, onChanged }: { cohort: Cohort; onChanged: () => Promise<void> }) {
  const [emails, setEmails] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(body: { add?: string[]; remove?: string[] }) {
    setBusy(true);
    setError(null);
    try {
      await call(endpoints.changeMembers, { params: { id: cohort.id }, body });
      await onChanged();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>Members</h2>
      {cohort.members.length === 0 ? (
        <p>No members yet.</p>
      ) : (
        <ul className="plain members">
          {cohort.members.map((m) => (
            <li key={m.email}>
              {m.email}{" "}
              <button
                type="button"
                className="compact"
                disabled={busy}
                onClick={() => change({ remove: [m.email] })}
              >
                Remove<span className="sr-only"> {m.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const add = emails.split(/[\s,;]+/).filter(Boolean);
          if (add.length && (await change({ add }))) setEmails("");
        }}
      >
        <label className="field">
          Add members by email
          <input
            type="email"
            multiple
            autoComplete="off"
            aria-describedby="members-hint"
            value={emails}
            onChange={(e) => setEmails(e.target.value)}
            required
          />
        </label>
        <p id="members-hint" className="small">
          One or more addresses, separated by commas. Whoever has, or later gets, an account on this server
          with one of them is a member.
        </p>
        <Alert text={error} />
        <button type="submit" disabled={busy}>
          Add members
        </button>
      </form>
    </div>
  );
}

function Assignments({ cohort, onChanged }: { cohort: Cohort; onChanged: () => Promise<void> }) {
  return (
    <div className="card">
      <h2 id="assignments-title">Assignments</h2>
      {cohort.assignments.length === 0 ? (
        <p>No assignments yet.</p>
      ) : (
        <Scroll label="Assignment list">
          <table aria-labelledby="assignments-title">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">What</th>
                <th scope="col">Due</th>
                <th scope="col">Set</th>
              </tr>
            </thead>
            <tbody>
              {cohort.assignments.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.title}</th>
                  <td>{settingsText(a.settings)}</td>
                  <td>{a.dueAt === null ? "no due date" : dueText(a.dueAt)}</td>
                  <td>{new Date(a.createdAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <NewAssignment cohortId={cohort.id} onCreated={onChanged} />
    </div>
  );
}
