/** The bank: browse and search the items (#/bank), with the cue audit of the exam's bank. */
import { useState } from "react";
import type { BankRow } from "../../../../src/core/api/authoring.js";
import type { CueAudit } from "../../../../src/core/bank/cues.js";
import { taskNumber } from "../../../../src/core/catalog/task-id.js";
import { type CallInput, call, endpoints } from "../../api.js";
import { useCertifications } from "../../lib/catalog.js";
import { useApi } from "../../lib/use-api.js";
import { CertificationOptions, ErrorMessage } from "../../ui.js";
import { STATUSES, TYPES, useTasks } from "./shared.js";

type Row = BankRow;

export function BankPage() {
  const [filters, setFilters] = useState({
    exam: "issmp",
    domain: "",
    task: "",
    type: "",
    status: "",
    tag: "",
    q: "",
  });
  const [offset, setOffset] = useState(0);
  const { tasks, domains } = useTasks(filters.exam);
  const limit = 50;
  const certs = useCertifications();
  // The first list at once; while the author types a search, a moment after they pause.
  const listed = useApi(
    () => {
      const query: CallInput<typeof endpoints.listBank>["query"] = { limit, offset };
      for (const [k, v] of Object.entries(filters)) if (v) Object.assign(query, { [k]: v });
      return call(endpoints.listBank, { query });
    },
    [filters, offset],
    { debounceMs: 200 },
  );
  const result: { total: number; items: Row[] } | null = listed.data;
  const error = listed.message;

  const set = (k: keyof typeof filters, v: string) => {
    setOffset(0);
    setFilters((f) => ({
      ...f,
      [k]: v,
      ...(k === "domain" ? { task: "" } : {}),
      ...(k === "exam" ? { domain: "", task: "" } : {}),
    }));
  };

  return (
    <section className="bank">
      <h1>Item bank</h1>
      <p>
        <a href="#/bank/new" className="button">
          New item
        </a>{" "}
        <a href="#/reports">Reported problems</a>
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label className="field">
          Exam
          <select value={filters.exam} onChange={(e) => set("exam", e.target.value)}>
            {certs.length === 0 && <option value="issmp">ISSMP</option>}
            <CertificationOptions certs={certs} />
          </select>
        </label>
        <label className="field">
          Search
          <input type="search" value={filters.q} onChange={(e) => set("q", e.target.value)} />
        </label>
        <label className="field">
          Domain
          <select value={filters.domain} onChange={(e) => set("domain", e.target.value)}>
            <option value="">Any</option>
            {domains.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id}. {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Task
          <select value={filters.task} onChange={(e) => set("task", e.target.value)}>
            <option value="">Any</option>
            {tasks
              .filter((t) => !filters.domain || t.domain === filters.domain)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {taskNumber(t.id)} {t.text.length > 70 ? `${t.text.slice(0, 67)}…` : t.text}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          Type
          <select value={filters.type} onChange={(e) => set("type", e.target.value)}>
            <option value="">Any</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Status
          <select value={filters.status} onChange={(e) => set("status", e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Tag
          <input value={filters.tag} onChange={(e) => set("tag", e.target.value.trim())} />
        </label>
      </form>
      <CuePanel exam={filters.exam} />
      <ErrorMessage text={error} />
      {result && (
        <>
          <p role="status">
            {result.total} item{result.total === 1 ? "" : "s"}
            {result.total > limit ? `; showing ${offset + 1}–${Math.min(offset + limit, result.total)}` : ""}
          </p>
          <div className="scroll">
            <table className="bank-table">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Task</th>
                  <th scope="col">Stem</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`#/bank/${r.id}`}>{r.id}</a>
                    </td>
                    <td>{r.type}</td>
                    <td>
                      {r.status}
                      {r.pendingEdit ? " (edit pending)" : ""}
                    </td>
                    <td>{taskNumber(r.task)}</td>
                    <td>{r.stem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - limit))}
            >
              ← Previous page
            </button>{" "}
            <button
              type="button"
              disabled={offset + limit >= result.total}
              onClick={() => setOffset(offset + limit)}
            >
              Next page →
            </button>
          </p>
        </>
      )}
    </section>
  );
}

/**
 * The cue audit of the exam's live items, in short: how often the options' surface alone finds the
 * key (held out) beside chance, the strongest cues, and the most exposed items to rewrite first.
 */
function CuePanel({ exam }: { exam: string }) {
  const loaded = useApi(
    () => call(endpoints.cueAudit, { query: { exam: encodeURIComponent(exam) } }),
    [exam],
  );
  // The audit of the exam chosen: never the last exam's, while this one loads or when it fails.
  const state: { audit: CueAudit | null; reason: string | null } | null =
    loaded.loading || loaded.error ? null : loaded.data;
  const error = loaded.message;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const audit = state?.audit;
  return (
    <section className="cue-panel" aria-label="Cue audit">
      <h2>Cue audit</h2>
      <ErrorMessage text={error} />
      {state && !audit && <p>{state.reason}</p>}
      {audit && (
        <>
          <p>
            From the options alone, a surface-feature model finds the key of{" "}
            <strong>{pct(audit.heldOut.accuracy)}</strong> of {audit.items} items held out (95% CI{" "}
            {pct(audit.heldOut.ci[0])}–{pct(audit.heldOut.ci[1])}); chance is {pct(audit.chance)}. The key is
            the longest option in {pct(audit.keyLongest)}, the shortest in {pct(audit.keyShortest)}, the one
            with the most parts in {pct(audit.keyMostParts)}.
          </p>
          <details>
            <summary>Strongest cues and the items to rewrite first</summary>
            <ul>
              {audit.features.slice(0, 3).map((f) => (
                <li key={f.name}>{f.says}</li>
              ))}
            </ul>
            <p>
              Most exposed:{" "}
              {audit.exposed.slice(0, 5).map((e, i) => (
                <span key={e.id}>
                  {i > 0 ? ", " : ""}
                  <a href={`#/bank/${e.id}`}>{e.id}</a> ({Math.round(e.probability * 100)}%)
                </span>
              ))}
            </p>
          </details>
        </>
      )}
    </section>
  );
}
