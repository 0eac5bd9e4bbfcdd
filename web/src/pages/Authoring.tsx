/**
 * The authors' pages: browse and search the bank (#/bank), edit an item with live lint and a preview
 * exactly as candidates see it (#/bank/<id>, #/bank/new), submit, approve and retire, and the queue of
 * problems candidates reported (#/reports). Loaded only when an author opens them.
 */

import { useEffect, useMemo, useRef, useState } from "react";
import type { CueAudit } from "../../../src/core/bank/cues.js";
import { taskExam, taskNumber } from "../../../src/core/catalog/task-id.js";
import { api, type ItemView, messageOf } from "../api.js";
import { useCertifications } from "../lib/catalog.js";
import { fieldName } from "../lib/field-name.js";
import { outlineInForce } from "../lib/outline.js";
import { dialogKeys, ErrorMessage } from "../ui.js";
import { Feedback, ItemPanel } from "./item-view.js";

const TYPES = ["single-choice", "multiple-response", "ordering", "matching", "numeric"] as const;
type ItemType = (typeof TYPES)[number];
const STATUSES = ["draft", "review", "live", "retired"] as const;

interface Option {
  id: string;
  text: string;
  rationale: string;
}
/** An item as authored (the JSON form of the YAML files); fields the editor does not show are kept. */
interface Draft {
  id: string;
  type: ItemType;
  outlines: string[];
  stem: string;
  explanation?: string;
  references?: string[];
  tags?: string[];
  difficulty?: number;
  timeSeconds?: number;
  shuffle?: boolean;
  options?: Option[];
  categories?: { id: string; text: string }[];
  key?: unknown;
  rationale?: string;
  misconceptions?: { value: number; rationale: string }[];
  scenario?: { id: string; title: string; case: string };
  [other: string]: unknown;
}
interface Finding {
  rule: string;
  message: string;
}
interface Check {
  valid: boolean;
  problems: { path: string; message: string }[];
  lint: { errors: Finding[]; warnings: Finding[] };
}
interface Task {
  id: string;
  text: string;
  domain: string;
}

/** The task statements of a certification's outlines, for the editor's and the filters' lists. */
function useTasks(exam: string): { tasks: Task[]; domains: { id: string; name: string }[] } {
  const [value, setValue] = useState<{ tasks: Task[]; domains: { id: string; name: string }[] }>({
    tasks: [],
    domains: [],
  });
  useEffect(() => {
    let live = true;
    api<{
      inForce?: { outline: string };
      outlines: {
        id: string;
        domains: {
          id: string;
          name: string;
          subdomains: { tasks: { id: string; text: string }[] }[];
        }[];
      }[];
    }>("GET", `/api/catalog/${exam}`).then(
      (c) => {
        if (!live) return;
        const outline = outlineInForce(c);
        setValue({
          domains: outline?.domains.map((d) => ({ id: d.id, name: d.name })) ?? [],
          tasks:
            outline?.domains.flatMap((d) =>
              d.subdomains.flatMap((s) => s.tasks.map((t) => ({ ...t, domain: d.id }))),
            ) ?? [],
        });
      },
      () => live && setValue({ tasks: [], domains: [] }),
    );
    return () => {
      live = false;
    };
  }, [exam]);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Browse and search

interface Row {
  id: string;
  exam: string;
  type: string;
  status: string;
  task: string;
  stem: string;
  tags: string[];
  pendingEdit: boolean;
}

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
  const [result, setResult] = useState<{ total: number; items: Row[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { tasks, domains } = useTasks(filters.exam);
  const limit = 50;
  const firstLoad = useRef(true);
  const certs = useCertifications();

  useEffect(() => {
    const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    let live = true;
    const t = setTimeout(
      () => {
        api<{ total: number; items: Row[] }>("GET", `/api/bank/items?${query}`).then(
          (r) => {
            if (!live) return;
            setResult(r);
            setError(null);
          },
          (e) => live && setError(messageOf(e)),
        );
        // The first list at once; while the author types a search, a moment after they pause.
      },
      firstLoad.current ? 0 : 200,
    );
    firstLoad.current = false;
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [filters, offset]);

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
            {certs.map((c) => (
              <option key={c.id} value={c.id}>
                {c.abbreviation}
              </option>
            ))}
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
  const [state, setState] = useState<{ audit: CueAudit | null; reason: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setState(null);
    api<{ audit: CueAudit | null; reason: string | null }>(
      "GET",
      `/api/bank/cues?exam=${encodeURIComponent(exam)}`,
    ).then(
      (r) => {
        if (!live) return;
        setState(r);
        setError(null);
      },
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [exam]);
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

// ---------------------------------------------------------------------------------------------
// The editor

/**
 * A list typed as text (tags, references, an order): the item gets the parsed list at every
 * keystroke, while the field keeps exactly what was typed (a trailing comma, a space, a new line).
 */
function ListInput({
  value,
  parse,
  show,
  onChange,
  multiline,
}: {
  value: string[];
  parse: (text: string) => string[];
  show: (value: string[]) => string;
  onChange: (value: string[]) => void;
  multiline?: boolean;
}) {
  const [text, setText] = useState(() => show(value));
  // A value changed from outside (loading another item) replaces the text.
  useEffect(() => {
    setText((t) => (JSON.stringify(parse(t)) === JSON.stringify(value) ? t : show(value)));
  }, [value, parse, show]);
  const change = (t: string) => {
    setText(t);
    onChange(parse(t));
  };
  return multiline ? (
    <textarea rows={2} value={text} onChange={(e) => change(e.target.value)} />
  ) : (
    <input value={text} onChange={(e) => change(e.target.value)} />
  );
}

/** A number field that lets one type "-" or "0." on the way to a number (the item keeps the last number). */
function NumberInput({
  value,
  onChange,
  step = "any",
  min,
}: {
  value: number;
  onChange: (value: number) => void;
  step?: string;
  min?: number;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== "" ? t : String(value)));
  }, [value]);
  return (
    <input
      type="number"
      step={step}
      min={min}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() !== "" && Number.isFinite(Number(e.target.value)))
          onChange(Number(e.target.value));
      }}
    />
  );
}

const LETTERS = "ABCDEFGHIJ";

function blank(type: ItemType, task: string, id: string): Draft {
  const base = { id, type, outlines: [task], stem: "", explanation: "", references: [], tags: [] };
  if (type === "numeric")
    return { ...base, key: { value: 0, tolerance: 0, unit: "" }, rationale: "", misconceptions: [] };
  const options = [0, 1, 2, 3].map((i) => ({ id: LETTERS[i]!, text: "", rationale: "" }));
  if (type === "single-choice") return { ...base, options, key: "A" };
  if (type === "multiple-response") return { ...base, options, key: ["A", "B"] };
  if (type === "ordering") return { ...base, options, key: ["A", "B", "C", "D"] };
  return {
    ...base,
    options,
    categories: [
      { id: "a", text: "" },
      { id: "b", text: "" },
    ],
    key: { A: "a", B: "a", C: "b", D: "b" },
  };
}

/** What is sent to the server: the authored fields, without what the bank adds (scenario, status). */
function authored(d: Draft): Record<string, unknown> {
  const { scenario: _s, generated: _g, status: _st, ...rest } = d;
  const out: Record<string, unknown> = { ...rest };
  if (!d.explanation) delete out.explanation;
  return out;
}

/** The item as a candidate receives it, in authored order (delivery may shuffle the options). */
function asDelivered(d: Draft, response: unknown, struck: string[], showFeedback: boolean): ItemView {
  const options = (d.options ?? []).map((o, i) => ({ id: o.id, label: LETTERS[i]!, text: o.text }));
  const key = d.key;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const correct =
    d.type === "numeric"
      ? typeof response === "number" &&
        Math.abs(response - (key as { value: number }).value) <= (key as { tolerance: number }).tolerance
      : d.type === "multiple-response"
        ? Array.isArray(response) && same([...response].sort(), [...(key as string[])].sort())
        : same(response, key);
  return {
    id: `preview-${d.id}`,
    type: d.type,
    stem: d.stem,
    scenario: d.scenario,
    options: d.type === "numeric" ? [] : options,
    categories: d.categories,
    select: d.type === "multiple-response" ? (key as string[]).length : undefined,
    unit: d.type === "numeric" ? (key as { unit: string }).unit : undefined,
    response,
    flagged: false,
    struck,
    final: showFeedback,
    feedback: showFeedback
      ? {
          key,
          correct,
          explanation: d.explanation || null,
          task: d.outlines[0] ?? "",
          references: d.references ?? [],
          misconception:
            d.type === "numeric" && !correct && typeof response === "number"
              ? (d.misconceptions?.find(
                  (m) =>
                    Math.abs(m.value - response) <= ((key as { tolerance?: number }).tolerance ?? 0) + 1e-9,
                )?.rationale ?? null)
              : null,
          rationales:
            d.type === "numeric"
              ? [{ id: "", label: "", rationale: d.rationale ?? "" }]
              : (d.options ?? []).map((o, i) => ({ id: o.id, label: LETTERS[i]!, rationale: o.rationale })),
        }
      : null,
  };
}

interface Loaded {
  scenario: Draft["scenario"] | null;
  status: string;
  updatedAt: number;
  editorId: string | null;
  approverId: string | null;
  published: Draft | null;
}

export function EditorPage({ id }: { id: string }) {
  const isNew = id === "new";
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [dirty, setDirty] = useState(false);
  const [check, setCheck] = useState<Check | null>(null);
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [confirmRetire, setConfirmRetire] = useState(false);
  const exam = (draft?.outlines[0] && taskExam(draft.outlines[0])) || "issmp";
  const { tasks } = useTasks(exam);
  const certs = useCertifications();
  // After choosing another exam for a new item, its first task statement is taken until one is chosen.
  useEffect(() => {
    const first = tasks[0];
    if (draft?.outlines[0]?.endsWith(":") && first?.id.startsWith(draft.outlines[0]))
      setDraft({ ...draft, outlines: [first.id] });
  }, [tasks, draft]);

  // Load the item, or start a new one.
  useEffect(() => {
    setMessage(null);
    setDirty(false);
    if (isNew) {
      setLoaded(null);
      setDraft(blank("single-choice", "issmp:1.1.1", ""));
      return;
    }
    api<Loaded & { item: Draft }>("GET", `/api/bank/items/${id}`).then(
      (r) => {
        setDraft({ ...r.item, ...(r.scenario ? { scenario: r.scenario } : {}) });
        setLoaded(r);
      },
      (e) => setMessage({ text: messageOf(e), error: true }),
    );
  }, [id, isNew]);

  // Live lint: the server checks the item as it stands, a moment after the author stops typing.
  const seq = useRef(0);
  useEffect(() => {
    if (!draft) return;
    const mine = ++seq.current;
    setChecking(true);
    const t = setTimeout(() => {
      api<Check>("POST", "/api/bank/lint", { item: authored({ ...draft, id: draft.id || "new-item" }) }).then(
        (r) => {
          if (mine !== seq.current) return;
          setCheck(r);
          setChecking(false);
        },
        (e) => {
          if (mine !== seq.current) return;
          setCheck({
            valid: false,
            problems: [{ path: "item", message: messageOf(e) }],
            lint: { errors: [], warnings: [] },
          });
          setChecking(false);
        },
      );
    }, 350);
    return () => clearTimeout(t);
  }, [draft]);

  if (message?.error && (!draft || (!isNew && !loaded)))
    return (
      <p role="alert" className="error">
        {message.text}
      </p>
    );
  if (!draft) return <p>Loading…</p>;

  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setDirty(true);
  };
  const status = loaded?.status ?? "new";
  const readOnly = status === "retired";
  const errorCount = (check?.problems.length ?? 0) + (check?.lint.errors.length ?? 0);

  async function act(run: () => Promise<void>, done: string) {
    setMessage(null);
    try {
      await run();
      setMessage({ text: done, error: false });
    } catch (e) {
      setMessage({ text: messageOf(e), error: true });
    }
  }
  const reload = async (itemId: string) => {
    const r = await api<Loaded & { item: Draft }>("GET", `/api/bank/items/${itemId}`);
    setDraft({ ...r.item, ...(r.scenario ? { scenario: r.scenario } : {}) });
    setLoaded(r);
    setDirty(false);
  };

  const save = () =>
    act(async () => {
      if (isNew) {
        await api("POST", "/api/bank/items", { item: authored(draft) });
        setDirty(false);
        window.location.hash = `#/bank/${draft.id}`;
      } else {
        await api("PUT", `/api/bank/items/${draft.id}`, {
          item: authored(draft),
          updatedAt: loaded!.updatedAt,
        });
        await reload(draft.id);
      }
    }, "Saved as a draft.");

  return (
    <section className="editor">
      <h1>{isNew ? "New item" : `Item ${draft.id}`}</h1>
      <p className="small">
        How an item goes live: save it as a draft, submit it for review once the checks find no errors, and a
        second author approves it. Until then, the published version (if any) stays in use.
      </p>
      <p>
        <a href="#/bank">← Item bank</a> · Status: <strong>{status}</strong>
        {loaded?.published && status !== "live" ? " (the published version stays live until approval)" : ""}
        {dirty ? " · unsaved changes" : ""}
      </p>
      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "error" : "ok"}>
          {message.text}
        </p>
      )}
      <div className="editor-grid">
        <form
          className="item-form"
          aria-label="Edit the item"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset disabled={readOnly}>
            <legend>Item</legend>
            <label className="field">
              Id
              <input
                value={draft.id}
                readOnly={!isNew}
                required
                placeholder="issmp-1.1-101"
                onChange={(e) => edit({ id: e.target.value.trim() })}
              />
            </label>
            <label className="field">
              Type
              <select
                value={draft.type}
                disabled={!isNew}
                onChange={(e) => {
                  const next = blank(
                    e.target.value as ItemType,
                    draft.outlines[0] ?? "issmp:1.1.1",
                    draft.id,
                  );
                  // A new type has other fields: start it afresh, keeping what every type shares.
                  setDraft({
                    ...next,
                    stem: draft.stem,
                    explanation: draft.explanation,
                    references: draft.references,
                    tags: draft.tags,
                  });
                  setDirty(true);
                }}
              >
                {TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            {isNew && (
              <label className="field">
                Exam
                <select
                  value={exam}
                  onChange={(e) => {
                    // A task statement of the chosen exam follows once its outline is loaded.
                    edit({ outlines: [`${e.target.value}:`] });
                  }}
                >
                  {certs.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.abbreviation}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="field">
              Task statement measured
              <select
                value={draft.outlines[0] ?? ""}
                onChange={(e) => edit({ outlines: [e.target.value, ...draft.outlines.slice(1)] })}
              >
                {!tasks.some((t) => t.id === draft.outlines[0]) && (
                  <option value={draft.outlines[0] ?? ""}>{draft.outlines[0]}</option>
                )}
                {tasks.map((t) => (
                  <option key={t.id} value={t.id}>
                    {taskNumber(t.id)} {t.text.length > 90 ? `${t.text.slice(0, 87)}…` : t.text}
                  </option>
                ))}
              </select>
            </label>
            {draft.scenario && (
              <p className="small">
                Part of the scenario set “{draft.scenario.title}”; the case text is edited in its file.
              </p>
            )}
            <label className="field">
              Stem
              <textarea rows={4} value={draft.stem} onChange={(e) => edit({ stem: e.target.value })} />
            </label>
            {draft.type !== "numeric" && <OptionsEditor draft={draft} edit={edit} />}
            {draft.type === "numeric" && <NumericEditor draft={draft} edit={edit} />}
            <label className="field">
              Explanation (optional)
              <textarea
                rows={2}
                value={draft.explanation ?? ""}
                onChange={(e) => edit({ explanation: e.target.value })}
              />
            </label>
            <label className="field">
              References, one per line
              <ListInput
                multiline
                value={draft.references ?? []}
                parse={(t) =>
                  t
                    .split("\n")
                    .map((l) => l.trim())
                    .filter(Boolean)
                }
                show={(v) => v.join("\n")}
                onChange={(references) => edit({ references })}
              />
            </label>
            <label className="field">
              Tags, separated by commas
              <ListInput
                value={draft.tags ?? []}
                parse={(t) =>
                  t
                    .split(",")
                    .map((x) => x.trim())
                    .filter(Boolean)
                }
                show={(v) => v.join(", ")}
                onChange={(tags) => edit({ tags })}
              />
            </label>
            <label className="field">
              Expected difficulty (−4 very easy … 0 average … 4 very hard; refined from candidates' answers)
              <NumberInput
                step="0.1"
                value={draft.difficulty ?? 0}
                onChange={(difficulty) => edit({ difficulty })}
              />
            </label>
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={readOnly || (!dirty && !isNew)}>
              {isNew ? "Create draft" : "Save draft"}
            </button>
            {!isNew && (
              <>
                <button
                  type="button"
                  disabled={status !== "draft" || dirty || errorCount > 0}
                  title={errorCount > 0 ? "Fix the errors first" : undefined}
                  onClick={() =>
                    act(async () => {
                      await api("POST", `/api/bank/items/${draft.id}/submit`);
                      await reload(draft.id);
                    }, "Submitted for review: a second author approves it.")
                  }
                >
                  Submit for review
                </button>
                <button
                  type="button"
                  disabled={status !== "review"}
                  onClick={() =>
                    act(async () => {
                      await api("POST", `/api/bank/items/${draft.id}/approve`);
                      await reload(draft.id);
                    }, "Approved: the item is live in every new attempt.")
                  }
                >
                  Approve
                </button>
                <button type="button" disabled={readOnly} onClick={() => setConfirmRetire(true)}>
                  Retire…
                </button>
              </>
            )}
          </div>
          {confirmRetire && (
            <div
              role="dialog"
              aria-modal="true"
              aria-labelledby="retire-title"
              className="dialog"
              onKeyDown={dialogKeys(() => setConfirmRetire(false))}
            >
              <h2 id="retire-title">Retire {draft.id}?</h2>
              <p>No new attempt will deliver it. Attempts that already have it keep it.</p>
              <button
                type="button"
                ref={(b) => b?.focus()}
                onClick={() => {
                  setConfirmRetire(false);
                  void act(async () => {
                    await api("POST", `/api/bank/items/${draft.id}/retire`);
                    await reload(draft.id);
                  }, "Retired.");
                }}
              >
                Yes, retire it
              </button>
              <button type="button" onClick={() => setConfirmRetire(false)}>
                Keep it
              </button>
            </div>
          )}
        </form>
        <div className="editor-side">
          <LintPanel check={check} checking={checking} />
          <Preview draft={draft} />
        </div>
      </div>
    </section>
  );
}

function LintPanel({ check, checking }: { check: Check | null; checking: boolean }) {
  const errors = check
    ? [
        ...check.problems.map((p) => `${fieldName(p.path)}: ${p.message}`),
        ...check.lint.errors.map((f) => `${f.rule}: ${f.message}`),
      ]
    : [];
  const warnings = check?.lint.warnings.map((f) => `${f.rule}: ${f.message}`) ?? [];
  return (
    <section className="lint" aria-labelledby="lint-title">
      <h2 id="lint-title">Checks</h2>
      <p className="small">
        The item-writing guide's checks, run as you type. Errors must be fixed before the item can go to
        review; warnings are for your judgement.
      </p>
      <p role="status" aria-live="polite">
        {!check
          ? "Checking…"
          : `${checking ? "Checking… " : ""}${errors.length} error${errors.length === 1 ? "" : "s"}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`}
      </p>
      {errors.length > 0 && (
        <ul className="lint-errors" aria-label="Errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="lint-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Preview({ draft }: { draft: Draft }) {
  const [response, setResponse] = useState<unknown>(null);
  const [struck, setStruck] = useState<string[]>([]);
  const [feedback, setFeedback] = useState(false);
  const view = useMemo(
    () => asDelivered(draft, response, struck, feedback),
    [draft, response, struck, feedback],
  );
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview, as candidates see it</h2>
      <p className="small">
        Options in authored order; delivery{" "}
        {draft.shuffle === false ? "keeps this order" : "shuffles them and letters them by position"}.
      </p>
      <ItemPanel
        item={view}
        draft={response}
        onAnswer={setResponse}
        onDraft={setResponse}
        onStrike={(o, s) => setStruck(s ? [...struck, o] : struck.filter((x) => x !== o))}
      />
      {feedback && <Feedback item={view} />}
      <p>
        <button type="button" onClick={() => setFeedback(!feedback)}>
          {feedback ? "Hide the tutor's feedback" : "Show the tutor's feedback"}
        </button>{" "}
        <button
          type="button"
          onClick={() => {
            setResponse(null);
            setStruck([]);
            setFeedback(false);
          }}
        >
          Clear the answer
        </button>
      </p>
    </section>
  );
}

function OptionsEditor({ draft, edit }: { draft: Draft; edit: (p: Partial<Draft>) => void }) {
  const options = draft.options ?? [];
  const key = draft.key;
  const setOption = (i: number, patch: Partial<Option>) =>
    edit({ options: options.map((o, k) => (k === i ? { ...o, ...patch } : o)) });
  /** Removes option i and re-letters the rest, carrying the key along. */
  const remove = (i: number) => {
    const gone = options[i]!.id;
    const kept = options.filter((_, k) => k !== i);
    const rename = new Map(kept.map((o, k) => [o.id, LETTERS[k]!]));
    const r = (x: string) => rename.get(x) ?? x;
    let nextKey: unknown = key;
    if (draft.type === "single-choice") nextKey = key === gone ? r(kept[0]!.id) : r(key as string);
    else if (draft.type === "multiple-response" || draft.type === "ordering")
      nextKey = (key as string[]).filter((x) => x !== gone).map(r);
    else if (draft.type === "matching")
      nextKey = Object.fromEntries(
        Object.entries(key as Record<string, string>)
          .filter(([o]) => o !== gone)
          .map(([o, c]) => [r(o), c]),
      );
    edit({ options: kept.map((o, k) => ({ ...o, id: LETTERS[k]! })), key: nextKey });
  };
  const add = () => {
    const id = LETTERS[options.length]!;
    const nextKey =
      draft.type === "ordering"
        ? [...(key as string[]), id]
        : draft.type === "matching"
          ? { ...(key as Record<string, string>), [id]: draft.categories?.[0]?.id ?? "" }
          : key;
    edit({ options: [...options, { id, text: "", rationale: "" }], key: nextKey });
  };
  return (
    <fieldset className="options-editor">
      <legend>Options</legend>
      {options.map((o, i) => (
        <fieldset key={o.id} className="option-editor">
          <legend>Option {o.id}</legend>
          <label className="field">
            Text of {o.id}
            <textarea rows={2} value={o.text} onChange={(e) => setOption(i, { text: e.target.value })} />
          </label>
          <label className="field">
            Rationale of {o.id}
            <textarea
              rows={2}
              value={o.rationale}
              onChange={(e) => setOption(i, { rationale: e.target.value })}
            />
          </label>
          {draft.type === "single-choice" && (
            <label>
              <input type="radio" name="key" checked={key === o.id} onChange={() => edit({ key: o.id })} />{" "}
              {o.id} is the key
            </label>
          )}
          {draft.type === "multiple-response" && (
            <label>
              <input
                type="checkbox"
                checked={(key as string[]).includes(o.id)}
                onChange={(e) =>
                  edit({
                    key: e.target.checked
                      ? [...(key as string[]), o.id].sort()
                      : (key as string[]).filter((x) => x !== o.id),
                  })
                }
              />{" "}
              {o.id} is keyed
            </label>
          )}
          {draft.type === "matching" && (
            <label className="field">
              {o.id} belongs to
              <select
                value={(key as Record<string, string>)[o.id] ?? ""}
                onChange={(e) =>
                  edit({ key: { ...(key as Record<string, string>), [o.id]: e.target.value } })
                }
              >
                {(draft.categories ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.text || c.id}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="actions">
            <button type="button" disabled={options.length <= 2} onClick={() => remove(i)}>
              Remove option {o.id}
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" disabled={options.length >= 8} onClick={add}>
        Add an option
      </button>
      {draft.type === "ordering" && (
        <label className="field">
          The right order (option letters, separated by commas)
          <ListInput
            value={key as string[]}
            parse={(t) =>
              t
                .split(",")
                .map((x) => x.trim().toUpperCase())
                .filter(Boolean)
            }
            show={(v) => v.join(", ")}
            onChange={(order) => edit({ key: order })}
          />
        </label>
      )}
      {draft.type === "matching" && (
        <fieldset>
          <legend>Categories</legend>
          {(draft.categories ?? []).map((c, i) => (
            <label key={c.id} className="field">
              Category {c.id}
              <input
                value={c.text}
                onChange={(e) =>
                  edit({
                    categories: (draft.categories ?? []).map((x, k) =>
                      k === i ? { ...x, text: e.target.value } : x,
                    ),
                  })
                }
              />
            </label>
          ))}
          <button
            type="button"
            onClick={() =>
              edit({
                categories: [
                  ...(draft.categories ?? []),
                  { id: "abcdefgh"[(draft.categories ?? []).length] ?? "z", text: "" },
                ],
              })
            }
          >
            Add a category
          </button>
        </fieldset>
      )}
    </fieldset>
  );
}

function NumericEditor({ draft, edit }: { draft: Draft; edit: (p: Partial<Draft>) => void }) {
  const key = draft.key as { value: number; tolerance: number; unit: string };
  const setKey = (patch: Partial<typeof key>) => edit({ key: { ...key, ...patch } });
  return (
    <fieldset>
      <legend>Answer</legend>
      <label className="field">
        Value
        <NumberInput value={key.value} onChange={(value) => setKey({ value })} />
      </label>
      <label className="field">
        Tolerance (±)
        <NumberInput min={0} value={key.tolerance} onChange={(tolerance) => setKey({ tolerance })} />
      </label>
      <label className="field">
        Unit
        <input value={key.unit} onChange={(e) => setKey({ unit: e.target.value })} />
      </label>
      <label className="field">
        Worked answer
        <textarea
          rows={3}
          value={draft.rationale ?? ""}
          onChange={(e) => edit({ rationale: e.target.value })}
        />
      </label>
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Reported problems

interface Report {
  id: number;
  attemptId: string;
  itemId: string;
  category: string;
  comment: string;
  createdAt: number;
  status: string;
  resolution: string | null;
}

export function ReportsPage() {
  const [status, setStatus] = useState<"open" | "resolved" | "dismissed">("open");
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version reloads after a resolution
  useEffect(() => {
    api<{ reports: Report[] }>("GET", `/api/item-reports?status=${status}&limit=100`).then(
      (r) => setReports(r.reports),
      (e) => setError(messageOf(e)),
    );
  }, [status, version]);

  async function resolve(r: Report, outcome: "resolved" | "dismissed") {
    setError(null);
    try {
      await api("PUT", `/api/item-reports/${r.id}`, { status: outcome, note: notes[r.id] ?? "" });
      setVersion((v) => v + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section className="reports">
      <h1>Problem reports</h1>
      <p>
        <a href="#/bank">← Item bank</a>
      </p>
      <fieldset>
        <legend>Show</legend>
        {(["open", "resolved", "dismissed"] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="report-status" checked={status === s} onChange={() => setStatus(s)} />{" "}
            {s}{" "}
          </label>
        ))}
      </fieldset>
      <ErrorMessage text={error} />
      {reports && reports.length === 0 && <p>No {status} reports.</p>}
      <ol className="report-queue">
        {reports?.map((r) => (
          <li key={r.id}>
            <p>
              <a href={`#/bank/${r.itemId}`}>{r.itemId}</a>: <strong>{r.category.replace(/-/g, " ")}</strong>{" "}
              <span className="small">({new Date(r.createdAt).toISOString().slice(0, 10)})</span>
            </p>
            {r.comment && <blockquote>{r.comment}</blockquote>}
            {r.status === "open" ? (
              <>
                <label className="field">
                  Note on report {r.id}
                  <textarea
                    rows={2}
                    value={notes[r.id] ?? ""}
                    onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  disabled={!notes[r.id]?.trim()}
                  onClick={() => void resolve(r, "resolved")}
                >
                  Resolve
                </button>{" "}
                <button
                  type="button"
                  disabled={!notes[r.id]?.trim()}
                  onClick={() => void resolve(r, "dismissed")}
                >
                  Dismiss
                </button>
              </>
            ) : (
              <p>
                {r.status}: {r.resolution}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
