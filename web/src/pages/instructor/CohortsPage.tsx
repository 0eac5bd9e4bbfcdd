/**
 * Cohorts for instructors (#/cohorts): one's cohorts and a new one; each cohort is its own page
 * (#/cohorts/<id>, CohortPage.tsx).
 */
import { type FormEvent, useState } from "react";
import { call, endpoints, messageOf } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { CohortPage } from "./CohortPage.js";
import { Alert, type CohortSummary } from "./shared.js";

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
