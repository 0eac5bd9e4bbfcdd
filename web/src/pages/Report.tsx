/** The score report: scaled score with its band and pass/fail, domains, time, then every item with its rationales. */

import { useState } from "react";
import { taskNumber } from "../../../src/core/catalog/task-id.js";
import { isDecisive, verdictOf } from "../../../src/core/scoring/verdict.js";
import { call, endpoints, messageOf } from "../api.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "../ui.js";
import { DomainChart, PaceChart, ThetaChart } from "./charts.js";
import { HotspotDiagram, type RegionMark } from "./hotspot-view.js";

/** An answer or key in the letters the candidate saw; the options of a multiple response in letter order. */
function show(
  value: unknown,
  labels: Map<string, string>,
  type?: string,
  categories: Map<string, string> = new Map(),
): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return labels.get(value) ?? value;
  if (Array.isArray(value)) {
    const shown = value.map((v) => labels.get(String(v)) ?? String(v));
    return (type === "multiple-response" ? shown.sort() : shown).join(", ");
  }
  if (typeof value === "object")
    return Object.entries(value as Record<string, string>)
      .map(([k, v]) => [labels.get(k) ?? k, v] as const)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} → ${categories.get(v) ?? v}`)
      .join("; ");
  return String(value);
}

type Filter = "all" | "wrong" | "flagged";

/** The report's heading takes the focus once, when the report appears (after finishing, the button is gone). */
let focusedFor: Element | null = null;
function focusOnce(h: HTMLHeadingElement | null) {
  if (h && focusedFor !== h) {
    focusedFor = h;
    h.focus();
  }
}

/**
 * The report of attempt `id`, for its candidate; with `cohort`, as the cohort's instructor reads a
 * member's attempt at an assignment.
 */
export function ReportPage({ id, cohort }: { id: string; cohort?: string }) {
  // The report, and how many items the exam's full length has (unknown: never a full simulation).
  const loaded = useApi(async () => {
    const report = await (cohort
      ? call(endpoints.memberReport, { params: { id: cohort, attemptId: id } })
      : call(endpoints.attemptReport, { params: { id } }));
    const fullLength = await call(endpoints.certification, { params: { id: report.exam } }).then(
      (c) => c.exam.items,
      () => Number.POSITIVE_INFINITY,
    );
    return { report, fullLength };
  }, [id, cohort]);
  /** A practice that could not start: said beside its button, the report stays. */
  const [practiseError, setPractiseError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [busy, setBusy] = useState(false);
  if (loaded.message) return <p role="alert">{loaded.message}</p>;
  if (!loaded.data) return <p>Loading…</p>;
  const { report, fullLength } = loaded.data;
  document.title = `${report.exam.toUpperCase()} report — certpath`;
  const s = report.scaled;
  const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
  const length = report.raw.scored + report.raw.pretest;
  // A pass or fail is given for a full-length simulation and for adaptive tests (which stop when
  // the result is clear); a shorter practice gets the estimate and its range only.
  const decisive = isDecisive(report.behaviour, length, fullLength);
  const verdict = verdictOf(s);
  const weakest = [...report.domains]
    .filter((d) => d.scored > 0)
    .sort((a, b) => a.correct / a.scored - b.correct / b.scored)[0];
  const flagged = new Set(report.flagged);
  const shown = report.items.filter((it) =>
    filter === "wrong" ? !it.credit : filter === "flagged" ? flagged.has(it.id) : true,
  );

  async function practise(domain: string) {
    setBusy(true);
    try {
      const a = await call(endpoints.startAttempt, {
        body: {
          exam: report!.exam,
          mode: "tutor",
          items: 10,
          domains: [domain],
        },
      });
      window.location.hash = `#/attempt/${a.id}`;
    } catch (e) {
      setPractiseError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="report">
      {decisive ? (
        <h1 tabIndex={-1} ref={focusOnce}>
          {report.exam.toUpperCase()} report:{" "}
          <span className={s.passed ? "pass" : "fail"}>{s.passed ? "PASS" : "FAIL"}</span>
        </h1>
      ) : (
        <h1 tabIndex={-1} ref={focusOnce}>
          {report.exam.toUpperCase()} practice result
        </h1>
      )}
      <p className="score">
        {decisive ? "Scaled score" : "Estimated score"} <strong>{s.score}</strong> on {s.min}–{s.max} (passing{" "}
        {s.passing}); likely between {s.band[0]} and {s.band[1]}.
      </p>
      <p className="small">{s.note}</p>
      <p className="verdict">
        {verdict === "likely-pass"
          ? "The whole likely range is above the passing score: on this showing you would likely pass."
          : verdict === "likely-fail"
            ? "The whole likely range is below the passing score: on this showing you would likely not pass yet."
            : `The likely range includes the passing score, so ${decisive ? "the result is close" : "this practice cannot say pass or fail"}${length < 60 ? `: ${length} items give a wide range, and a full simulation narrows it` : ""}.`}
      </p>
      <p>
        {report.raw.correct} of {report.raw.scored} scored items right
        {report.raw.pretest ? ` (${report.raw.pretest} unscored trial items not counted)` : ""}; time used{" "}
        {minutes(report.time.usedMs)}
        {report.time.limitMs ? ` of ${minutes(report.time.limitMs)}` : ""}.
      </p>
      <div className="actions">
        {weakest && !cohort && (
          <button type="button" disabled={busy} onClick={() => void practise(weakest.id)}>
            Practise your weakest domain: {weakest.name} (10 items, explained)
          </button>
        )}
        <ErrorMessage text={practiseError} />
        <a href={cohort ? `#/cohorts/${cohort}` : "#/"} className="button">
          {cohort ? "Back to the cohort" : "Back to practice"}
        </a>
      </div>
      <details className="explain">
        <summary>What these numbers mean</summary>
        <dl>
          <dt>{decisive ? "Scaled score" : "Estimated score"}</dt>
          <dd>
            Your estimated ability from the items you answered, put on the exam's {s.min}–{s.max} scale where{" "}
            {s.passing} is the passing standard. {s.method}
          </dd>
          <dt>Likely range</dt>
          <dd>
            There is a 95% chance your true score lies between {s.band[0]} and {s.band[1]}, if the item
            parameters are right ({report.parameterSources.calibrated} of{" "}
            {report.parameterSources.calibrated + report.parameterSources.prior} scored items calibrated from
            candidates' answers, the rest authors' guesses). The fewer the items, the wider the range.
          </dd>
          <dt>Above, Near, Below</dt>
          <dd>
            For each domain: Above when your result there is clearly above the passing standard, Below when
            clearly below, Near when it is too close to call — or there are too few items in the domain to
            tell.
          </dd>
        </dl>
      </details>
      <h2>Domains</h2>
      <DomainChart domains={report.domains} />
      <h2>Time per item</h2>
      <p>
        On average {Math.round(report.time.meanItemMs / 1000)} s an item, against the exam's pace of{" "}
        {Math.round(report.time.paceItemMs / 1000)} s (bars above the dashed line took longer than the pace).
      </p>
      <PaceChart items={report.items} paceMs={report.time.paceItemMs} />
      {report.adaptive && (
        <>
          <h2>How the adaptive test went</h2>
          <p>
            After each item the test re-estimated your ability (the line) and how sure it was (the shaded
            range). It stops once the range lies clearly on one side of the passing standard, or at its
            maximum length.
          </p>
          <ThetaChart selections={report.adaptive.selections} cut={report.scaled.cutTheta} />
          <p>Why the test stopped: {report.adaptive.stopReason ?? report.finishReason}</p>
        </>
      )}
      <h2>Every item</h2>
      <fieldset className="filter">
        <legend>Show</legend>
        {(
          [
            ["all", `all ${report.items.length}`],
            ["wrong", `wrong only (${report.items.filter((i) => !i.credit).length})`],
            ["flagged", `flagged (${report.flagged.length})`],
          ] as [Filter, string][]
        ).map(([f, label]) => (
          <label key={f}>
            <input type="radio" name="item-filter" checked={filter === f} onChange={() => setFilter(f)} />{" "}
            {label}{" "}
          </label>
        ))}
      </fieldset>
      <ol className="items">
        {shown.map((it) => {
          const labels = new Map(it.options.map((o) => [o.id, o.label]));
          const cats = new Map((it.categories ?? []).map((c) => [c.id, c.text]));
          return (
            <li key={it.id} value={it.position + 1} className={it.credit ? "right" : "wrong"}>
              <p>
                <strong>{it.credit ? "Right" : it.response === null ? "Unanswered" : "Wrong"}</strong> —{" "}
                {it.stem}
              </p>
              <p>
                Your answer: {show(it.response, labels, it.type, cats)}. Correct answer:{" "}
                {show(it.key, labels, it.type, cats)}.
              </p>
              {it.type === "hotspot" && it.diagram && (
                <HotspotDiagram
                  itemId={`report-${it.position}`}
                  diagram={it.diagram}
                  regions={it.options}
                  chosen={typeof it.response === "string" ? it.response : null}
                  marks={
                    new Map<string, RegionMark>([
                      ...(typeof it.response === "string" && it.response !== it.key
                        ? [[it.response, "wrong"] as [string, RegionMark]]
                        : []),
                      [String(it.key), "key"],
                    ])
                  }
                />
              )}
              <ul>
                {it.options.map((o) => (
                  <li key={o.id}>
                    <strong>{o.label}</strong> {o.text} — <em>{o.rationale}</em>
                  </li>
                ))}
              </ul>
              {it.misconception && (
                <p>
                  <strong>Your answer:</strong> {it.misconception}
                </p>
              )}
              {it.numericRationale && <p>{it.numericRationale}</p>}
              {it.explanation && <p>{it.explanation}</p>}
              <p className="small">
                Exam outline task {taskNumber(it.task)}. {it.references.join("; ")}
              </p>
            </li>
          );
        })}
      </ol>
      <p>
        <a href="#/">Back to practice</a>
      </p>
    </section>
  );
}
