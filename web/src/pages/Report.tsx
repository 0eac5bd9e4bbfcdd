/** The score report: scaled score with its band and pass/fail, domains, time, then every item with its rationales. */
import { useEffect, useState } from "react";
import type { Report } from "../../../src/core/scoring/report.js";
import { api } from "../api.js";
import { DomainChart, PaceChart, ThetaChart } from "./charts.js";

function show(value: unknown, labels: Map<string, string>): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return labels.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => labels.get(String(v)) ?? String(v)).join(", ");
  if (typeof value === "object")
    return Object.entries(value as Record<string, string>)
      .map(([k, v]) => `${labels.get(k) ?? k} → ${v}`)
      .join("; ");
  return String(value);
}

export function ReportPage({ id }: { id: string }) {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Report>("GET", `/api/attempts/${id}/report`).then(setReport, (e) => setError(String(e.message)));
  }, [id]);
  if (error) return <p role="alert">{error}</p>;
  if (!report) return <p>Loading…</p>;
  const s = report.scaled;
  const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
  return (
    <section className="report">
      <h1>
        {report.exam.toUpperCase()} report:{" "}
        <span className={s.passed ? "pass" : "fail"}>{s.passed ? "PASS" : "FAIL"}</span>
      </h1>
      <p className="score">
        Scaled score <strong>{s.score}</strong> on {s.min}–{s.max} (passing {s.passing}); likely between{" "}
        {s.band[0]} and {s.band[1]}.
      </p>
      <p className="small">{s.note}</p>
      <p>
        {report.raw.correct} of {report.raw.scored} scored items right; time used{" "}
        {minutes(report.time.usedMs)}
        {report.time.limitMs ? ` of ${minutes(report.time.limitMs)}` : ""}.
      </p>
      <h2>Domains</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Right</th>
            <th scope="col">Proficiency</th>
          </tr>
        </thead>
        <tbody>
          {report.domains.map((d) => (
            <tr key={d.id}>
              <td>
                {d.id}. {d.name}
              </td>
              <td>
                <meter
                  min={0}
                  max={d.scored || 1}
                  value={d.correct}
                  aria-label={`${d.correct} of ${d.scored}`}
                />{" "}
                {d.correct}/{d.scored}
              </td>
              <td>{d.proficiency}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DomainChart domains={report.domains} />
      <h2>Time per item</h2>
      <p>
        On average {Math.round(report.time.meanItemMs / 1000)} s an item, against the exam's pace of{" "}
        {Math.round(report.time.paceItemMs / 1000)} s.
      </p>
      <PaceChart items={report.items} paceMs={report.time.paceItemMs} />
      {report.adaptive && (
        <>
          <h2>How the adaptive test went</h2>
          <ThetaChart selections={report.adaptive.selections} cut={report.scaled.cutTheta} />
          <p>Why the test stopped: {report.adaptive.stopReason ?? report.finishReason}</p>
        </>
      )}
      <h2>Every item</h2>
      <ol className="items">
        {report.items.map((it) => {
          const labels = new Map(it.options.map((o) => [o.id, o.label]));
          return (
            <li key={it.id} className={it.credit ? "right" : "wrong"}>
              <p>
                <strong>{it.credit ? "Right" : "Wrong"}</strong> — {it.stem}
              </p>
              <p>
                Your answer: {show(it.response, labels)}. Key: {show(it.key, labels)}.
              </p>
              <ul>
                {it.options.map((o) => (
                  <li key={o.id}>
                    <strong>{o.label}</strong> {o.text} — <em>{o.rationale}</em>
                  </li>
                ))}
              </ul>
              {it.numericRationale && <p>{it.numericRationale}</p>}
              {it.explanation && <p>{it.explanation}</p>}
              <p className="small">
                Task {it.task}. {it.references.join("; ")}
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
