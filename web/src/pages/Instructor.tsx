/**
 * Cohorts for instructors (#/cohorts, #/cohorts/<id>): one's cohorts, their members, assignments
 * (an exam or a practice set with a due date) and results by candidate and by domain, with time given
 * back to an attempt in progress. Also the candidates' side: "Your assignments" on the start page.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from "react";
import { type AttemptView, api, formatClock, messageOf } from "../api.js";
import { useCertifications } from "../lib/catalog.js";
import { outlineInForce } from "../lib/outline.js";

interface Settings {
  exam: string;
  mode?: "exam" | "tutor" | "adaptive";
  items?: number;
  domains?: string[];
  rules?: "exam" | "practice";
  paced?: boolean;
}
interface Assignment {
  id: string;
  cohortId: string;
  title: string;
  settings: Settings;
  dueAt: number | null;
  createdAt: number;
}
interface CohortSummary {
  id: string;
  name: string;
  createdAt: number;
  members: number;
}
interface Cohort {
  id: string;
  name: string;
  createdAt: number;
  members: { email: string }[];
  assignments: Assignment[];
}
interface DomainResult {
  id: string;
  correct: number;
  scored: number;
  proficiency: string;
}
interface CandidateResult {
  email: string;
  attempts: number;
  finished: number;
  inProgress?: string[];
  latest: null | {
    attempt: string;
    scaled: number;
    passed: boolean;
    /** "PASS"/"FAIL", or for a short practice what the likely range says. */
    verdict: string;
    correct: number;
    scored: number;
    domains: DomainResult[];
  };
}
interface Results {
  assignments: { id: string; title: string; dueAt: number | null; candidates: CandidateResult[] }[];
  items: { itemId: string; answered: number; correct: number; p: number }[];
}
interface Domain {
  id: string;
  name: string;
}

/** A due date as the day it was set for (the server keeps the end of that day, UTC). */
const dueText = (dueAt: number) => new Date(dueAt).toISOString().slice(0, 10);
const percent = (correct: number, scored: number) => (scored ? Math.round((100 * correct) / scored) : 0);
const MODES = {
  exam: "Exam (timed, answers at the end)",
  tutor: "Practice set (tutor: each answer explained)",
  adaptive: "Adaptive practice",
} as const;

function settingsText(s: Settings): string {
  const parts = [s.exam.toUpperCase(), s.mode === "tutor" ? "practice set" : (s.mode ?? "exam")];
  if (s.mode !== "adaptive") parts.push(s.items ? `${s.items} items` : "full length");
  if (s.domains?.length) parts.push(`domain${s.domains.length > 1 ? "s" : ""} ${s.domains.join(", ")}`);
  if (s.rules) parts.push(`${s.rules} rules`);
  if (s.paced) parts.push("paced");
  return parts.join(", ");
}

const outlines = new Map<string, Promise<Domain[]>>();
/** The domains of an exam's outline in force, fetched once. */
function domainsOf(exam: string): Promise<Domain[]> {
  let p = outlines.get(exam);
  if (!p) {
    p = api<{
      inForce?: { outline: string };
      outlines: { id: string; domains: (Domain & { subdomains: { tasks: unknown[] }[] })[] }[];
    }>("GET", `/api/catalog/${exam}`).then(
      (c) => outlineInForce(c)?.domains ?? [],
      () => [],
    );
    outlines.set(exam, p);
  }
  return p;
}
function useDomains(exam: string): Domain[] {
  const [domains, setDomains] = useState<Domain[]>([]);
  useEffect(() => {
    let live = true;
    domainsOf(exam).then((d) => live && setDomains(d));
    return () => {
      live = false;
    };
  }, [exam]);
  return domains;
}

/** A wide table's box: it scrolls sideways on a narrow screen and can take the keyboard's focus to do so. */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

function Alert({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="error">
      {text}
    </p>
  ) : null;
}

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
  const [cohorts, setCohorts] = useState<CohortSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [createError, setCreateError] = useState<string | null>(null);
  useEffect(() => {
    api<{ cohorts: CohortSummary[] }>("GET", "/api/cohorts").then(
      (r) => setCohorts(r.cohorts),
      (e) => setError(messageOf(e)),
    );
  }, []);

  async function create(e: FormEvent) {
    e.preventDefault();
    setCreateError(null);
    try {
      const c = await api<{ id: string }>("POST", "/api/cohorts", { name });
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
        api<Cohort>("GET", `/api/cohorts/${id}`),
        api<Results>("GET", `/api/cohorts/${id}/results`),
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
      await api("PUT", `/api/cohorts/${cohort.id}/members`, body);
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

function NewAssignment({ cohortId, onCreated }: { cohortId: string; onCreated: () => Promise<void> }) {
  const certs = useCertifications();
  const [title, setTitle] = useState("");
  const [exam, setExam] = useState("issmp");
  const [mode, setMode] = useState<keyof typeof MODES>("exam");
  const [items, setItems] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [rules, setRules] = useState<"exam" | "practice">("practice");
  const [paced, setPaced] = useState(false);
  const [due, setDue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const domains = useDomains(exam);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const settings: Settings = { exam, mode };
    if (mode === "adaptive") settings.rules = rules;
    else {
      if (items) settings.items = Number(items);
      if (chosen.length) settings.domains = chosen;
    }
    if (mode === "tutor" && paced) settings.paced = true;
    try {
      await api("POST", `/api/cohorts/${cohortId}/assignments`, {
        title,
        settings,
        ...(due ? { due } : {}),
      });
      setDone(`Set "${title}".`);
      setTitle("");
      await onCreated();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="new-assignment-title" className="new-assignment">
      <h3 id="new-assignment-title">New assignment</h3>
      <label className="field">
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
      </label>
      <label className="field">
        Exam
        <select
          value={exam}
          onChange={(e) => {
            setExam(e.target.value);
            setChosen([]);
          }}
        >
          {(certs.length ? certs : [{ id: "issmp", abbreviation: "ISSMP", name: "", bankItems: 1 }])
            // Only certifications the bank has items for can be practised.
            .filter((c) => c.bankItems > 0)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.abbreviation}
                {c.name ? ` — ${c.name}` : ""}
              </option>
            ))}
        </select>
      </label>
      <label className="field">
        Kind
        <select value={mode} onChange={(e) => setMode(e.target.value as keyof typeof MODES)}>
          {Object.entries(MODES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {mode === "adaptive" ? (
        <label className="field">
          Stopping rules
          <select value={rules} onChange={(e) => setRules(e.target.value as "exam" | "practice")}>
            <option value="practice">Practice rules (shorter)</option>
            <option value="exam">The exam's own rules</option>
          </select>
        </label>
      ) : (
        <>
          <label className="field">
            Scored items
            <input
              type="number"
              min={1}
              max={500}
              inputMode="numeric"
              aria-describedby="items-hint"
              value={items}
              onChange={(e) => setItems(e.target.value)}
            />
          </label>
          <p id="items-hint" className="small">
            Leave empty for the exam's full length.
          </p>
          {domains.length > 0 && (
            <fieldset className="domains">
              <legend>Only these domains (none ticked: every domain)</legend>
              {domains.map((d) => (
                <label key={d.id} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(d.id)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, d.id] : c.filter((x) => x !== d.id)))
                    }
                  />{" "}
                  Domain {d.id}: {d.name}
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
      {mode === "tutor" && (
        <label className="check">
          <input type="checkbox" checked={paced} onChange={(e) => setPaced(e.target.checked)} /> Time it at
          the exam's pace
        </label>
      )}
      <label className="field">
        Due date (optional)
        <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <Alert text={error} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        Set assignment
      </button>
    </form>
  );
}

function AssignmentResults({
  cohortId,
  assignment,
  exam,
  onChanged,
}: {
  cohortId: string;
  assignment: Results["assignments"][number];
  exam: string;
  onChanged: () => Promise<void>;
}) {
  const names = useDomains(exam);
  const done = assignment.candidates.filter((c) => c.latest);
  const domainIds = [
    ...new Set([...names.map((d) => d.id), ...done.flatMap((c) => c.latest!.domains.map((d) => d.id))]),
  ].filter((d) => done.some((c) => c.latest!.domains.some((x) => x.id === d && x.scored > 0)));
  const nameOf = new Map(names.map((d) => [d.id, d.name]));
  return (
    <div className="card results">
      <h3>
        {assignment.title}
        {assignment.dueAt !== null && <span className="small"> — due {dueText(assignment.dueAt)}</span>}
      </h3>
      {assignment.candidates.length === 0 ? (
        <p>The cohort has no members yet.</p>
      ) : (
        <Scroll label={`${assignment.title}: results by candidate`}>
          <table>
            <caption className="caption">
              <span className="sr-only">{assignment.title}: </span>By candidate (their latest finished
              attempt)
            </caption>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Scaled score</th>
                <th scope="col">Result</th>
                <th scope="col">Right</th>
                <th scope="col">In progress</th>
              </tr>
            </thead>
            <tbody>
              {assignment.candidates.map((c) => (
                <tr key={c.email}>
                  <th scope="row">{c.email}</th>
                  <td>{c.attempts}</td>
                  <td>{c.finished}</td>
                  <td>{c.latest ? c.latest.scaled : "—"}</td>
                  <td>
                    {c.latest ? (
                      <>
                        <span
                          className={
                            /pass|PASS/.test(c.latest.verdict)
                              ? "pass"
                              : /FAIL|not yet/.test(c.latest.verdict)
                                ? "fail"
                                : ""
                          }
                        >
                          {c.latest.verdict}
                        </span>{" "}
                        <a href={`#/cohortreport/${cohortId},${c.latest.attempt}`}>
                          Report<span className="sr-only"> of {c.email}</span>
                        </a>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    {c.latest
                      ? `${percent(c.latest.correct, c.latest.scored)}% (${c.latest.correct}/${c.latest.scored})`
                      : "—"}
                  </td>
                  <td>
                    {(c.inProgress ?? []).length === 0
                      ? "—"
                      : c.inProgress!.map((attempt) => (
                          <GiveTime
                            key={attempt}
                            cohortId={cohortId}
                            attempt={attempt}
                            email={c.email}
                            onDone={onChanged}
                          />
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {done.length > 0 && domainIds.length > 0 && (
        <Scroll label={`${assignment.title}: share right by domain`}>
          <table className="by-domain">
            <caption className="caption">
              <span className="sr-only">{assignment.title}: </span>Share right by domain
            </caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                {done.map((c) => (
                  <th scope="col" key={c.email}>
                    {c.email}
                  </th>
                ))}
                <th scope="col">Cohort</th>
              </tr>
            </thead>
            <tbody>
              {domainIds.map((d) => {
                let correct = 0;
                let scored = 0;
                return (
                  <tr key={d}>
                    <th scope="row">
                      {d}
                      {nameOf.has(d) ? ` ${nameOf.get(d)}` : ""}
                    </th>
                    {done.map((c) => {
                      const r = c.latest!.domains.find((x) => x.id === d);
                      if (!r || r.scored === 0) return <td key={c.email}>—</td>;
                      correct += r.correct;
                      scored += r.scored;
                      return (
                        <td key={c.email}>
                          {percent(r.correct, r.scored)}% ({r.correct}/{r.scored}){" "}
                          <span className="small">{r.proficiency}</span>
                        </td>
                      );
                    })}
                    <td>
                      <strong>
                        {percent(correct, scored)}% ({correct}/{scored})
                      </strong>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Scroll>
      )}
    </div>
  );
}

function GiveTime({
  cohortId,
  attempt,
  email,
  onDone,
}: {
  cohortId: string;
  attempt: string;
  email: string;
  onDone: () => Promise<void>;
}) {
  const [minutes, setMinutes] = useState("10");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="give-time"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setMessage(null);
        try {
          const r = await api<{ remainingMs: number | null }>(
            "POST",
            `/api/cohorts/${cohortId}/attempts/${attempt}/time`,
            { minutes: Number(minutes) },
          );
          setMessage(
            `Gave ${minutes} min${r.remainingMs === null ? "" : `; ${formatClock(r.remainingMs)} left`}.`,
          );
          await onDone();
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        Minutes<span className="sr-only"> to give back to {email}</span>{" "}
        <input
          type="number"
          min={1}
          max={240}
          inputMode="numeric"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          required
        />
      </label>{" "}
      <button type="submit" className="compact" disabled={busy}>
        Give time
      </button>
      <Alert text={error} />
      <span role="status">{message}</span>
    </form>
  );
}

function ItemStats({ items }: { items: Results["items"] }) {
  return (
    <details className="card">
      <summary>Items by share right, hardest first ({items.length})</summary>
      <Scroll label="Item statistics">
        <table>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Answered</th>
              <th scope="col">Right</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.itemId}>
                <th scope="row">
                  <code>{i.itemId}</code>
                </th>
                <td>{i.answered}</td>
                <td>{Math.round(i.p * 100)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </details>
  );
}

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
