/**
 * The cohort's item analysis, for its instructor: the items of one exam as the members' finished
 * attempts at the cohort's assignments show them, with DIF against another of one's cohorts.
 */
import { useState } from "react";
import { call, endpoints } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { AnalysisSummary, ItemAnalysisCard, ItemsTable } from "../analysis/analysis-view.js";
import { Alert, type Cohort } from "./shared.js";

export function CohortAnalysis({ cohort }: { cohort: Cohort }) {
  const exams = [...new Set(cohort.assignments.map((a) => a.settings.exam))].sort();
  const [exam, setExam] = useState(exams[0] ?? "");
  const [compare, setCompare] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const others = useApi(() => call(endpoints.listCohorts), []);
  const loaded = useApi(
    () =>
      call(endpoints.cohortAnalysis, {
        params: { id: cohort.id },
        query: { exam, ...(compare ? { compare } : {}) },
      }),
    [cohort.id, exam, compare],
  );
  if (exams.length === 0) return null;
  const analysis = loaded.data?.analysis;
  const shown = analysis?.items.find((i) => i.unit === open);
  return (
    <section className="card" aria-labelledby="cohort-analysis-title">
      <h2 id="cohort-analysis-title">Item analysis</h2>
      <div className="filters">
        {exams.length > 1 && (
          <label className="field">
            Exam{" "}
            <select value={exam} onChange={(e) => setExam(e.target.value)}>
              {exams.map((x) => (
                <option key={x} value={x}>
                  {x.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          DIF against another cohort{" "}
          <select value={compare} onChange={(e) => setCompare(e.target.value)}>
            <option value="">none</option>
            {(others.data?.cohorts ?? [])
              .filter((c) => c.id !== cohort.id)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <Alert text={loaded.message} />
      {loaded.loading && !analysis && <p>Loading…</p>}
      {analysis && (
        <>
          <AnalysisSummary analysis={analysis} />
          {analysis.items.length > 0 && <ItemsTable analysis={analysis} onOpen={setOpen} />}
          {shown && <ItemAnalysisCard item={shown} analysis={analysis} />}
        </>
      )}
    </section>
  );
}
