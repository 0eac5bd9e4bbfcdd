/** An assignment's results by candidate and by domain, time given back to an attempt in progress, and item statistics. */
import { useState } from "react";
import { call, endpoints, formatClock, messageOf } from "../../api.js";
import { Scroll } from "../../ui.js";
import { Alert, dueText, percent, type Results, useDomains } from "./shared.js";

export function AssignmentResults({
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
          const r = await call(endpoints.grantTime, {
            params: { id: cohortId, attemptId: attempt },
            body: { minutes: Number(minutes) },
          });
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

export function ItemStats({ items }: { items: Results["items"] }) {
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
