/** The start page's parts: the attempt summary, the dialog that asks before discarding an attempt, and the chance of passing. */

import type { AttemptSummary as Summary } from "../../../src/core/api/attempts.js";
import { call, endpoints } from "../api.js";
import { useApi } from "../lib/use-api.js";
import { Dialog, useFocusOnMount } from "../ui.js";

export type { Summary };

/** Asks before discarding an unfinished attempt: what it is, and that it cannot be undone. */
export function DiscardDialog({
  attempt,
  busy,
  onDiscard,
  onClose,
}: {
  attempt: Summary;
  busy: boolean;
  onDiscard: () => void;
  onClose: () => void;
}) {
  const keep = useFocusOnMount<HTMLButtonElement>();
  return (
    <Dialog id="discard" title="Discard this attempt?" onClose={onClose}>
      <p>
        Your {attempt.exam.toUpperCase()} {attempt.behaviour} attempt started{" "}
        {new Date(attempt.createdAt).toLocaleString()} ends without a score. Its answers are kept in the
        record but count in no result, readiness or study queue. This cannot be undone.
      </p>
      <div className="actions">
        <button type="button" className="finish" disabled={busy} onClick={onDiscard}>
          Discard the attempt
        </button>
        <button type="button" ref={keep} onClick={onClose}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The chance of passing the real exam today, from every final answer (GET /api/readiness), with its
 * interval and the reasons — or "not enough evidence yet" until the interval means something.
 */
export function PassChance({
  exam,
  abbreviation,
  refresh,
}: {
  exam: string;
  abbreviation: string;
  refresh: number;
}) {
  const r = useApi(() => call(endpoints.readiness, { query: { exam } }), [exam, refresh]).data;
  if (!r || r.probability === null || r.interval === null) return null;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <div className="pass-chance">
      {r.enoughEvidence ? (
        <p>
          Chance of passing the {abbreviation} today: <strong>{pct(r.probability)}</strong> (likely between{" "}
          {pct(r.interval[0])} and {pct(r.interval[1])}), from {r.answered} items answered.
        </p>
      ) : (
        <p>
          Chance of passing the {abbreviation} today: <strong>not enough evidence yet</strong> ({r.answered}{" "}
          item{r.answered === 1 ? "" : "s"} answered).
        </p>
      )}
      <ul className="small">
        {r.drivers.slice(r.enoughEvidence ? 0 : 1, 4).map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The saved goal in one line, with this week's plan: the exam and its date, days left, this week's
 * largest domain and the next simulation; or an invitation to set a goal.
 */
export function GoalLine() {
  const profile = useApi(() => call(endpoints.studyProfile), []);
  const goal = profile.data?.goal ?? null;
  const plan = useApi(() => (goal ? call(endpoints.studyPlan) : Promise.resolve(null)), [goal?.examDate]);
  if (!profile.data) return null;
  if (!goal)
    return (
      <p className="goal">
        Preparing for an exam? <a href="#/plan">Set your exam date</a> for a week-by-week plan.
      </p>
    );
  const p = plan.data;
  const week = p?.weeks[0];
  const next = p?.weeks.find((w) => w.simulation)?.simulation;
  return (
    <p className="goal">
      <strong>
        {goal.exam.toUpperCase()} on {goal.examDate}
      </strong>
      {p ? `: ${p.daysLeft} day${p.daysLeft === 1 ? "" : "s"} left.` : "."}
      {week?.focus[0] ? ` This week: ${week.focus[0].name} first (${week.focus[0].hours} h).` : ""}
      {next ? ` Next full simulation: ${next}.` : ""} <a href="#/plan">Your plan</a>
    </p>
  );
}
