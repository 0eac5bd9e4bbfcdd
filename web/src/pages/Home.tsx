/**
 * Start page: for each certification the candidate prepares, readiness so far (latest result with its
 * band, by domain as a chart, recent results), the study queue, one next action and the ways to
 * practise; assignments; the certifications; the attempts so far.
 */
import { useState } from "react";
import type { Report } from "../../../src/core/scoring/report.js";
import { isDecisive, shortVerdict, verdictOf } from "../../../src/core/scoring/verdict.js";
import { type AttemptView, type CreateAttemptBody, call, endpoints, messageOf } from "../api.js";
import { type CatalogEntry as Cert, useCatalog } from "../lib/catalog.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "../ui.js";
import { DomainChart } from "./charts.js";
import { DiscardDialog, GoalLine, PassChance, type Summary } from "./home-parts.js";
import { AssignmentsList } from "./instructor/AssignmentsList.js";

/** Whether the candidate may discard an attempt: unfinished and not an instructor's assignment. */
const discardable = (a: Summary) => a.status === "in-progress" && !a.assignmentId;

interface Result {
  id: string;
  createdAt: number;
  behaviour: string;
  report: Report;
}

/** "full simulation", "10-item exam", "adaptive practice (23 items)"… */
function kindOf(r: Result, cert: Cert): string {
  const n = r.report.raw.scored + r.report.raw.pretest;
  if (r.behaviour === "adaptive") return `adaptive (${n} items)`;
  if (r.behaviour === "tutor") return `tutor practice (${n} items)`;
  return n >= (cert.exam.items ?? Number.POSITIVE_INFINITY) ? "full simulation" : `${n}-item exam`;
}

/** One certification the candidate prepares: readiness so far, by domain, the study queue, one next action, and the ways to practise. */
function ExamDashboard({
  cert,
  attempts,
  busy,
  start,
  startDue,
  startWeak,
  discard,
}: {
  cert: Cert;
  attempts: Summary[];
  busy: boolean;
  start: (body: CreateAttemptBody) => void;
  startDue: (exam: string) => void;
  startWeak: (exam: string) => void;
  discard: (attempt: Summary) => void;
}) {
  const [askNew, setAskNew] = useState(false);
  const finished = attempts.filter((a) => a.status === "finished").slice(0, 5);
  // The reports of the latest finished attempts, loaded together (one that fails is left out).
  const results = useApi(
    () =>
      Promise.all(
        finished.map((a) =>
          call(endpoints.attemptReport, { params: { id: a.id } }).then(
            (report): Result => ({ id: a.id, createdAt: a.createdAt, behaviour: a.behaviour, report }),
            () => null,
          ),
        ),
      ).then((rs) => rs.filter((r) => r !== null)),
    [finished.map((a) => a.id).join()],
  ).data;
  const study = useApi(() => call(endpoints.studyQueue, { query: { exam: cert.id } }), [cert.id]).data;

  const latest = results?.[0];
  const decisive = (r: Result) =>
    isDecisive(
      r.behaviour,
      r.report.raw.scored + r.report.raw.pretest,
      cert.exam.items ?? Number.POSITIVE_INFINITY,
    );
  const names = new Map((latest?.report.domains ?? []).map((d) => [d.id, `${d.id}. ${d.name}`]));
  const hasFull = results?.some((r) => kindOf(r, cert) === "full simulation") ?? false;
  // Resuming is the next step only for an attempt newer than the latest finished one (not an old one left behind).
  const inProgress = attempts.find(
    (a) => a.status === "in-progress" && (!finished[0] || a.createdAt > finished[0].createdAt),
  );
  // Before a new full simulation, an exam already open is offered first (so attempts do not pile up).
  const openExam = attempts.find((a) => a.status === "in-progress" && a.behaviour === "exam");
  const next = inProgress
    ? {
        label: `Resume your ${inProgress.behaviour} attempt`,
        run: () => {
          window.location.hash = `#/attempt/${inProgress.id}`;
        },
      }
    : study && study.dueCount > 0
      ? {
          label: `Review the ${study.dueCount} item${study.dueCount === 1 ? "" : "s"} due today`,
          run: () => startDue(cert.id),
        }
      : !latest
        ? {
            label: "Start with a short practice (10 items)",
            run: () => start({ exam: cert.id, mode: "exam", items: 10 }),
          }
        : !hasFull || !latest.report.scaled.passed
          ? { label: "Take a full simulation", run: () => start({ exam: cert.id, mode: "exam" }) }
          : { label: "Try the adaptive practice", run: () => start({ exam: cert.id, mode: "adaptive" }) };
  const s = latest?.report.scaled;
  // An adaptive exam (the CISSP) offers its real adaptive rules and, beside them, a fixed linear form of its scored length.
  const adaptive = cert.exam.delivery === "adaptive";
  const linearItems = adaptive ? (cert.exam.scoredItems ?? cert.exam.items) : cert.exam.items;

  return (
    <section className="card dashboard" aria-labelledby={`readiness-${cert.id}`}>
      <h2 id={`readiness-${cert.id}`}>{cert.abbreviation} readiness</h2>
      <PassChance exam={cert.id} abbreviation={cert.abbreviation} refresh={finished.length} />
      {latest && s ? (
        <>
          <p>
            <a href={`#/report/${latest.id}`}>
              Latest result ({kindOf(latest, cert)}, {new Date(latest.createdAt).toLocaleDateString()})
            </a>
            : <strong>{s.score}</strong>, likely between {s.band[0]} and {s.band[1]} (passing {s.passing}) —{" "}
            <span
              className={verdictOf(s) === "likely-pass" || (decisive(latest) && s.passed) ? "pass" : "fail"}
            >
              {shortVerdict(s, decisive(latest))}
            </span>
          </p>
          <DomainChart domains={latest.report.domains} />
          {results.length > 1 && (
            <>
              <h3>Recent results</h3>
              <ol className="plain results">
                {results.map((r) => (
                  <li key={r.id}>
                    <a href={`#/report/${r.id}`}>
                      {new Date(r.createdAt).toLocaleDateString()}, {kindOf(r, cert)}
                    </a>
                    : {r.report.scaled.score} ({shortVerdict(r.report.scaled, decisive(r))})
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      ) : results === null && finished.length > 0 ? (
        <p>Loading…</p>
      ) : (
        <p>No finished {cert.abbreviation} attempt yet.</p>
      )}
      {study && (
        <p>
          Study queue: {study.dueCount} item{study.dueCount === 1 ? "" : "s"} due
          {study.weakDomains.length
            ? `; weakest: ${study.weakDomains
                .slice(0, 2)
                .map((d) => names.get(d) ?? d)
                .join(", ")}`
            : ""}
          .{" "}
          <span className="small">
            (Items you answered come back for review, sooner when you got them wrong.)
          </span>
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={next.run}>
        Next: {next.label}
      </button>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => (openExam ? setAskNew(true) : start({ exam: cert.id, mode: "exam" }))}
        >
          {adaptive ? "Fixed practice form" : "Full simulation"} ({linearItems} items,{" "}
          {Math.round((cert.exam.durationMinutes ?? 0) / 60)} h)
        </button>
        {adaptive && (
          <button
            type="button"
            disabled={busy}
            onClick={() => start({ exam: cert.id, mode: "adaptive", rules: "exam" })}
          >
            Adaptive exam ({cert.abbreviation} rules: {cert.exam.minItems}–{cert.exam.maxItems} items,{" "}
            {Math.round((cert.exam.durationMinutes ?? 0) / 60)} h, forward only)
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => start({ exam: cert.id, mode: "exam", items: 10 })}
        >
          Short practice (10 items)
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => start({ exam: cert.id, mode: "tutor", items: 10 })}
        >
          Tutor mode (10 items, answers explained)
        </button>
        <button type="button" disabled={busy} onClick={() => startWeak(cert.id)}>
          Weak areas (20 items, tutor: by weight × weakness)
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => start({ exam: cert.id, mode: "adaptive", rules: "practice" })}
        >
          Adaptive practice
        </button>
      </div>
      {askNew && openExam && (
        <section className="card" aria-labelledby={`ask-${cert.id}`}>
          <p id={`ask-${cert.id}`}>
            You have a {cert.abbreviation} exam in progress, started{" "}
            {new Date(openExam.createdAt).toLocaleString()}. Its clock keeps running while it is open.
          </p>
          <div className="actions">
            <a href={`#/attempt/${openExam.id}`} className="button">
              Resume it
            </a>
            <button type="button" disabled={busy} onClick={() => start({ exam: cert.id, mode: "exam" })}>
              Start a new simulation
            </button>
            {discardable(openExam) && (
              <button type="button" disabled={busy} onClick={() => discard(openExam)}>
                Discard it
              </button>
            )}
            <button type="button" onClick={() => setAskNew(false)}>
              Cancel
            </button>
          </div>
        </section>
      )}
      <p className="small">
        A full simulation runs like the real exam: timed, every item, a review screen, then your score. Tutor
        mode explains each answer as you go. Adaptive practice picks each item by how you are doing, goes
        forward only and stops when your result is clear (usually 10 to 40 items).
      </p>
    </section>
  );
}

/** `single`: a single-user server, which has no accounts and so no assignments to ask for. */
export function HomePage({ single }: { single: boolean }) {
  const catalog = useCatalog();
  const certs: Cert[] = catalog.data ?? [];
  const listed = useApi(() => call(endpoints.listAttempts, { query: { limit: "50" } }), []);
  const attempts: Summary[] = listed.data?.attempts ?? [];
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? catalog.message;
  const [busy, setBusy] = useState(false);
  const [toDiscard, setToDiscard] = useState<Summary | null>(null);

  async function discard(attempt: Summary) {
    setBusy(true);
    setError(null);
    try {
      await call(endpoints.discardAttempt, { params: { id: attempt.id } });
      setToDiscard(null);
      await listed.reload();
    } catch (e) {
      setError(messageOf(e));
      setToDiscard(null);
    } finally {
      setBusy(false);
    }
  }

  async function go(run: () => Promise<AttemptView>) {
    setBusy(true);
    setError(null);
    try {
      const a = await run();
      window.location.hash = `#/attempt/${a.id}`;
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  const start = (body: CreateAttemptBody) => void go(() => call(endpoints.startAttempt, { body }));
  const startDue = (exam: string) =>
    void go(() => call(endpoints.studyPractice, { body: { exam, items: 20 } }));
  const startWeak = (exam: string) =>
    void go(() => call(endpoints.weakPractice, { body: { exam, items: 20 } }));

  // Every certification the bank has items for (practice needs items), and any with attempts.
  const preparing = certs.filter((c) => c.bankItems > 0 || attempts.some((a) => a.exam === c.id));

  return (
    <section>
      <h1>Practise for your certification</h1>
      <GoalLine />
      {!single && <AssignmentsList />}
      <ErrorMessage text={error} />
      {preparing.map((c) => (
        <ExamDashboard
          key={c.id}
          cert={c}
          attempts={attempts.filter((a) => a.exam === c.id)}
          busy={busy}
          start={start}
          startDue={startDue}
          startWeak={startWeak}
          discard={setToDiscard}
        />
      ))}
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
                    ) : a.status === "discarded" ? (
                      "Discarded"
                    ) : (
                      <>
                        <a href={`#/attempt/${a.id}`}>Resume</a>
                        {discardable(a) && (
                          <>
                            {" "}
                            <button
                              type="button"
                              className="compact"
                              disabled={busy}
                              aria-label={`Discard the ${a.exam.toUpperCase()} ${a.behaviour} attempt started ${new Date(a.createdAt).toLocaleString()}`}
                              onClick={() => setToDiscard(a)}
                            >
                              Discard
                            </button>
                          </>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {toDiscard && (
        <DiscardDialog
          attempt={toDiscard}
          busy={busy}
          onDiscard={() => void discard(toDiscard)}
          onClose={() => setToDiscard(null)}
        />
      )}
    </section>
  );
}
