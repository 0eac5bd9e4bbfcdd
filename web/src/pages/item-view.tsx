/**
 * An item as candidates see it (all six types, strike-through, the numeric items' calculator) and
 * the tutor's feedback (key, every rationale, the task statement measured, references). Shared by
 * the player and the authors' preview.
 */

import { useEffect, useRef, useState } from "react";
import { taskExam, taskNumber } from "../../../src/core/catalog/task-id.js";
import { call, endpoints, type ItemView } from "../api.js";
import { display, evaluate } from "../lib/calc.js";
import { useApi } from "../lib/use-api.js";
import { HotspotDiagram, type RegionMark } from "./hotspot-view.js";

/** Task statement texts by id, fetched once per certification (again after a failure). */
const outlines = new Map<string, Promise<Map<string, string>>>();
function taskTexts(exam: string): Promise<Map<string, string>> {
  let p = outlines.get(exam);
  if (!p) {
    p = call(endpoints.certification, { params: { id: exam } }).then(
      (c) =>
        new Map(
          c.outlines
            .flatMap((o) => o.domains.flatMap((d) => d.subdomains.flatMap((s) => s.tasks)))
            .map((t) => [t.id, t.text]),
        ),
    );
    const mine = p;
    p.catch(() => outlines.get(exam) === mine && outlines.delete(exam));
    outlines.set(exam, p);
  }
  return p;
}

/** The text of a task statement such as "issmp:3.3.2", once known (null until then, or if it cannot be). */
export function useTaskText(task: string): string | null {
  const loaded = useApi(() => taskTexts(taskExam(task)).then((m) => m.get(task) ?? null), [task]);
  return loaded.error ? null : loaded.data;
}

const KEYS = ["7", "8", "9", "÷", "4", "5", "6", "×", "1", "2", "3", "−", "0", ".", "%", "+", "(", ")"];

/** A four-function calculator for numeric items; its result can be used as the answer. */
export function Calculator({ onUse }: { onUse: (value: number) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [out, setOut] = useState<string>("");
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Calculator
      </button>
    );
  const run = () => {
    const r = evaluate(text);
    setOut(r.ok ? `= ${display(r.value)}` : r.error);
    return r;
  };
  return (
    <section className="calculator" aria-label="Calculator">
      <label className="field">
        Expression
        <input
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              run();
            }
          }}
        />
      </label>
      <output aria-live="polite">{out}</output>
      <div className="keys">
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => setText((t) => t + k)}>
            {k}
          </button>
        ))}
        <button type="button" onClick={() => setText((t) => t.slice(0, -1))} aria-label="Delete last">
          ⌫
        </button>
        <button
          type="button"
          onClick={() => {
            setText("");
            setOut("");
          }}
        >
          C
        </button>
        <button type="button" className="equals" onClick={run}>
          =
        </button>
      </div>
      <button
        type="button"
        onClick={() => {
          const r = run();
          if (r.ok) onUse(Number(display(r.value)));
        }}
      >
        Use as my answer
      </button>{" "}
      <button type="button" onClick={() => setOpen(false)}>
        Close calculator
      </button>
    </section>
  );
}

/** Once the tutor shows the feedback: the right options marked, and a wrong choice marked too. */
function Mark({ item, optionId, chosen }: { item: ItemView; optionId: string; chosen: boolean }) {
  if (!item.feedback) return null;
  const key = item.feedback.key;
  const right = Array.isArray(key) ? key.includes(optionId) : key === optionId;
  if (right) return <span className="answer-mark right">✓ correct answer</span>;
  if (chosen) return <span className="answer-mark wrong">✗ your answer</span>;
  return null;
}

/** Once the tutor shows the feedback: the key region, and a wrong choice, marked on the diagram. */
function regionMarks(item: ItemView, draft: unknown): Map<string, RegionMark> | undefined {
  if (!item.feedback) return undefined;
  const marks = new Map<string, RegionMark>();
  if (typeof draft === "string" && draft !== item.feedback.key) marks.set(draft, "wrong");
  if (typeof item.feedback.key === "string") marks.set(item.feedback.key, "key");
  return marks;
}

export function ItemPanel({
  item,
  draft,
  onAnswer,
  onDraft,
  onStrike,
}: {
  item: ItemView;
  draft: unknown;
  onAnswer: (r: unknown) => void;
  onDraft: (r: unknown) => void;
  onStrike: (optionId: string, struck: boolean) => void;
}) {
  return (
    <article className="item">
      {item.scenario && (
        <aside className="case">
          <h2>{item.scenario.title}</h2>
          <p>{item.scenario.case}</p>
        </aside>
      )}
      <p className="stem" id={`stem-${item.id}`}>
        {item.stem}
      </p>
      {item.type === "single-choice" && (
        <fieldset aria-labelledby={`stem-${item.id}`} disabled={item.final}>
          {item.options.map((o, i) => (
            <div key={o.id} className={item.struck.includes(o.id) ? "option struck" : "option"}>
              <label>
                <input type="radio" name={item.id} checked={draft === o.id} onChange={() => onAnswer(o.id)} />
                <span className="letter">{o.label}</span> {o.text}
                <span className="sr-only"> (key {i + 1})</span>
                <Mark item={item} optionId={o.id} chosen={draft === o.id} />
              </label>
              <button
                type="button"
                className="strike"
                title={`Strike out option ${o.label} (you have ruled it out)`}
                aria-label={`Strike out option ${o.label}`}
                aria-pressed={item.struck.includes(o.id)}
                onClick={() => onStrike(o.id, !item.struck.includes(o.id))}
              >
                S
              </button>
            </div>
          ))}
        </fieldset>
      )}
      {item.type === "multiple-response" && (
        <fieldset aria-labelledby={`stem-${item.id}`} disabled={item.final}>
          <legend>
            Choose {item.select}
            <span className="small">
              {" "}
              ({Array.isArray(draft) ? (draft as string[]).length : 0} of {item.select} chosen
              {Array.isArray(draft) &&
              (draft as string[]).length < (item.select ?? 0) &&
              item.response !== null
                ? "; your saved answer stays until you choose them all"
                : ""}
              )
            </span>
          </legend>
          {item.options.map((o) => {
            const chosen = Array.isArray(draft) ? (draft as string[]) : [];
            return (
              <div key={o.id} className="option">
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.includes(o.id)}
                    // No more than asked: untick one to choose another.
                    disabled={
                      !chosen.includes(o.id) && chosen.length >= (item.select ?? Number.POSITIVE_INFINITY)
                    }
                    onChange={() => {
                      const next = chosen.includes(o.id)
                        ? chosen.filter((x) => x !== o.id)
                        : [...chosen, o.id];
                      // Saved once exactly as many as asked are chosen; kept on the page meanwhile.
                      if (next.length === item.select) onAnswer(next);
                      else onDraft(next);
                    }}
                  />
                  <span className="letter">{o.label}</span> {o.text}
                  <Mark item={item} optionId={o.id} chosen={chosen.includes(o.id)} />
                </label>
              </div>
            );
          })}
        </fieldset>
      )}
      {item.type === "hotspot" && item.diagram && (
        <HotspotDiagram
          itemId={item.id}
          diagram={item.diagram}
          regions={item.options}
          chosen={typeof draft === "string" ? draft : null}
          disabled={item.final}
          onChoose={(id) => onAnswer(id)}
          marks={regionMarks(item, draft)}
        />
      )}
      {item.type === "ordering" && <Ordering item={item} draft={draft} onAnswer={onAnswer} />}
      {item.type === "matching" && (
        <Matching item={item} draft={draft} onAnswer={onAnswer} onDraft={onDraft} />
      )}
      {item.type === "numeric" && (
        <>
          <label className="numeric">
            Your answer ({item.unit}):{" "}
            <input
              key={`${item.id}-${typeof draft === "number" ? draft : ""}`}
              type="number"
              step="any"
              disabled={item.final}
              defaultValue={typeof draft === "number" ? draft : ""}
              onBlur={(e) => e.target.value !== "" && onAnswer(Number(e.target.value))}
            />
          </label>
          {!item.final && <Calculator onUse={(v) => onAnswer(v)} />}
        </>
      )}
    </article>
  );
}

function Ordering({
  item,
  draft,
  onAnswer,
}: {
  item: ItemView;
  draft: unknown;
  onAnswer: (r: unknown) => void;
}) {
  const byId = new Map(item.options.map((o) => [o.id, o]));
  const chosen =
    Array.isArray(draft) && draft.length === item.options.length && draft.every((id) => byId.has(id));
  const order = chosen ? (draft as string[]) : item.options.map((o) => o.id);
  const swap = (i: number, j: number) => {
    const next = [...order];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onAnswer(next);
  };
  return (
    <>
      <p className="small">Put these in order with the arrows, first at the top.</p>
      <ol className="ordering">
        {order.map((oid, i) => (
          <li key={oid}>
            <span>
              <span className="letter">{byId.get(oid)!.label}</span> {byId.get(oid)!.text}
            </span>
            <button
              type="button"
              disabled={i === 0 || item.final}
              aria-label={`Move "${byId.get(oid)!.text}" up`}
              onClick={() => swap(i, i - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              disabled={i === order.length - 1 || item.final}
              aria-label={`Move "${byId.get(oid)!.text}" down`}
              onClick={() => swap(i, i + 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      {!chosen && !item.final && (
        <button type="button" onClick={() => onAnswer(order)}>
          Keep this order as my answer
        </button>
      )}
    </>
  );
}

function Matching({
  item,
  draft,
  onAnswer,
  onDraft,
}: {
  item: ItemView;
  draft: unknown;
  onAnswer: (r: unknown) => void;
  onDraft: (r: unknown) => void;
}) {
  const map =
    draft && typeof draft === "object" && !Array.isArray(draft) ? (draft as Record<string, string>) : {};
  return (
    <div className="matching">
      {item.options.map((o) => (
        <label key={o.id} className="pair">
          <span>
            <span className="letter">{o.label}</span> {o.text}
          </span>{" "}
          <select
            value={map[o.id] ?? ""}
            disabled={item.final}
            onChange={(e) => {
              const next = { ...map, [o.id]: e.target.value };
              if (item.options.every((x) => next[x.id])) onAnswer(next);
              else onDraft(next);
            }}
          >
            <option value="">Choose…</option>
            {item.categories?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.text}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

export function Feedback({ item }: { item: ItemView }) {
  const f = item.feedback!;
  const taskText = useTaskText(f.task);
  const heading = useRef<HTMLHeadingElement | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per item, not on every render
  useEffect(() => heading.current?.focus(), [item.id]);
  return (
    <aside className={f.correct ? "feedback right" : "feedback wrong"} aria-live="polite">
      {/* Takes the focus when it appears: the button that asked for it is gone. */}
      <h2 tabIndex={-1} ref={heading}>
        {f.correct ? "Correct" : "Not quite"}
      </h2>
      {f.misconception && (
        <p className="misconception">
          <strong>Your answer:</strong> {f.misconception}
        </p>
      )}
      {f.explanation && <p>{f.explanation}</p>}
      <ul>
        {f.rationales.map((r) => (
          <li key={r.id}>
            <strong>{r.label}</strong> {r.rationale}
          </li>
        ))}
      </ul>
      <p className="small">
        Exam outline task {taskNumber(f.task)}
        {taskText ? `: ${taskText}` : ""}. References: {f.references.join("; ") || "none"}
      </p>
    </aside>
  );
}
