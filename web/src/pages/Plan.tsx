/**
 * The study plan: the goal (the exam, its date, hours a week), saved in one's study profile, and the
 * week-by-week plan to that date from the server (new material by domain, weighted by the exam's
 * weights and one's weak domains; daily reviews; simulations at milestones; a buffer), downloadable
 * as an iCalendar file built here with the core's own `toIcs`.
 */
import { useEffect, useState } from "react";
import { toIcs } from "../../../src/core/study/plan.js";
import { call, endpoints, messageOf, type ResponseOf } from "../api.js";
import { useCatalog } from "../lib/catalog.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "../ui.js";

type Plan = ResponseOf<typeof endpoints.studyPlan>;

/** The goal's form: the exam, its date and hours a week; saved to the profile. */
function GoalForm({
  goal,
  onSaved,
}: {
  goal: ResponseOf<typeof endpoints.studyProfile>["goal"];
  onSaved: () => void;
}) {
  const certs = useCatalog().data ?? [];
  const [exam, setExam] = useState(goal?.exam ?? "");
  const [date, setDate] = useState(goal?.examDate ?? "");
  const [hours, setHours] = useState(String(goal?.hoursPerWeek ?? 8));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!goal) return;
    setExam(goal.exam);
    setDate(goal.examDate);
    setHours(String(goal.hoursPerWeek));
  }, [goal]);
  return (
    <form
      className="card"
      aria-labelledby="goal-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setBusy(true);
        try {
          await call(endpoints.saveStudyProfile, {
            body: { goal: { exam, examDate: date, hoursPerWeek: Number(hours) } },
          });
          onSaved();
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="goal-heading">Your goal</h2>
      <label className="field">
        Certification{" "}
        <select value={exam} onChange={(e) => setExam(e.target.value)} required>
          <option value="">choose…</option>
          {certs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.abbreviation} — {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Exam date <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>
      <label className="field">
        Hours of study a week{" "}
        <input
          type="number"
          min={1}
          max={80}
          step={0.5}
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          required
        />
      </label>
      <ErrorMessage text={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save goal
        </button>
      </div>
    </form>
  );
}

function download(plan: Plan, abbreviation: string) {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const text = toIcs(plan, abbreviation, stamp, `${plan.exam}-${plan.examDate}`);
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `${plan.exam}-study-plan.ics`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function PlanPage() {
  const profile = useApi(() => call(endpoints.studyProfile), []);
  const goal = profile.data?.goal ?? null;
  const plan = useApi(
    () => (goal ? call(endpoints.studyPlan) : Promise.resolve(null)),
    [goal?.exam, goal?.examDate, goal?.hoursPerWeek],
  );
  const certs = useCatalog().data ?? [];
  const abbreviation = (id: string) => certs.find((c) => c.id === id)?.abbreviation ?? id.toUpperCase();
  const p = plan.data;
  return (
    <section>
      <h1>Your study plan</h1>
      <p>
        Set the exam you are preparing and its date: the plan spreads your hours over the weeks left, more of
        them where the exam's weight and your weakness meet, with daily reviews, full simulations at
        milestones and a light buffer before the exam. It changes as your results come in.
      </p>
      <ErrorMessage text={profile.message ?? plan.message} />
      <GoalForm goal={goal} onSaved={() => void profile.reload()} />
      {p && (
        <>
          <h2>
            {abbreviation(p.exam)} on {p.examDate}: {p.daysLeft} day{p.daysLeft === 1 ? "" : "s"} left
          </h2>
          <p>
            {p.hoursPerWeek} h a week, {p.basis}. {p.simulations} full simulation
            {p.simulations === 1 ? "" : "s"}, {Math.round(p.totalHours)} h in all.
          </p>
          {p.warnings.map((w) => (
            <p key={w} className="small">
              Note: {w}.
            </p>
          ))}
          <p>
            <button type="button" onClick={() => download(p, abbreviation(p.exam))}>
              Download as a calendar (.ics)
            </button>
          </p>
          <table className="plan">
            <caption>Week by week</caption>
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">New material</th>
                <th scope="col">Reviews</th>
                <th scope="col">Simulation</th>
              </tr>
            </thead>
            <tbody>
              {p.weeks.map((w) => (
                <tr key={w.week}>
                  <th scope="row">
                    {w.week}: {w.start} to {w.end}
                  </th>
                  <td>
                    {w.focus.length
                      ? w.focus.map((f) => `${f.name} ${f.hours} h (about ${f.items} items)`).join("; ")
                      : "—"}
                    {w.bufferDays > 0 && ` Last ${w.bufferDays} day(s): light review only, and rest.`}
                  </td>
                  <td>{Math.round(w.reviewMinutes / w.days)} min a day</td>
                  <td>{w.simulation ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
