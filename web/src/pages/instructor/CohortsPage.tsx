/**
 * Cohorts for instructors (#/cohorts, #/cohorts/<id>): one's cohorts, their members and assignments.
 */
import { type FormEvent, lazy, Suspense, useCallback, useEffect, useState } from "react";
import { call, endpoints, messageOf } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { Scroll } from "../../ui.js";
import { AssignmentResults, ItemStats } from "./AssignmentResults.js";
import { NewAssignment } from "./NewAssignment.js";
import { Alert, type Cohort, type CohortSummary, dueText, type Results, settingsText } from "./shared.js";

/** Loaded when a cohort page opens, so the first page carries none of the item-analysis views. */
const CohortAnalysis = lazy(() => import("./CohortAnalysis.js").then((m) => ({ default: m.CohortAnalysis })));

export function CohortsPage({ id, single }: { id?: string; single: boolean }) {
  if (single)
    return (
      <section className="cohorts-page">
        <h1>Cohorts</h1>
        <p>
          Cohorts need accounts, and this server runs in single-user mode. The <a href="#/account">Account</a>{" "}
          page says how to start one with accounts.
        </p>
      </section>
    );
  return id ? <CohortPage key={id} id={id} /> : <CohortList />;
}

function CohortList() {
  const loaded = useApi(() => call(endpoints.listCohorts), []);
  const cohorts: CohortSummary[] | null = loaded.data?.cohorts ?? null;
  const error = loaded.message;
  const [name, setName] = useState("");
  const [createError, setCreateError] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setCreateError(null);
    try {
      const c = await call(endpoints.createCohort, { body: { name } });
      window.location.hash = `#/cohorts/${c.id}`;
    } catch (err) {
      setCreateError(messageOf(err));
    }
  }

  return (
    <section className="cohorts-page">
      <h1>Your cohorts</h1>
      <Alert text={error} />
      {cohorts && cohorts.length === 0 && <p>No cohorts yet: create one below.</p>}
      {cohorts && cohorts.length > 0 && (
        <ul className="plain cohorts">
          {cohorts.map((c) => (
            <li key={c.id}>
              <a href={`#/cohorts/${c.id}`}>{c.name}</a>{" "}
              <span className="small">
                {c.members} member{c.members === 1 ? "" : "s"}, created{" "}
                {new Date(c.createdAt).toLocaleDateString()}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!error && (
        <form className="card" onSubmit={create} aria-labelledby="new-cohort-title">
          <h2 id="new-cohort-title">New cohort</h2>
          <label className="field">
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
          </label>
          <Alert text={createError} />
          <button type="submit">Create cohort</button>
        </form>
      )}
    </section>
  );
}

function CohortPage({ id }: { id: string }) {
  const [cohort, setCohort] = useState<Cohort | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, r] = await Promise.all([
        call(endpoints.getCohort, { params: { id } }),
        call(endpoints.cohortResults, { params: { id } }),
      ]);
      setCohort(c);
      setResults(r);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error)
    return (
      <section className="cohorts-page">
        <p>
          <a href="#/cohorts">All cohorts</a>
        </p>
        <Alert text={error} />
      </section>
    );
  if (!cohort) return <p>Loading…</p>;
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
      {results && results.assignments.length === 0 && <p>No assignments yet.</p>}
      {results?.assignments.map((a) => (
        <AssignmentResults
          key={a.id}
          cohortId={cohort.id}
          assignment={a}
          exam={examOf.get(a.id) ?? "issmp"}
          onChanged={load}
        />
      ))}
      {results && results.items.length > 0 && <ItemStats items={results.items} />}
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
