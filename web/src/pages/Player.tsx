/**
 * The exam player. Exam mode: clock with warnings, previous and next, flags, a review screen with
 * jumps, strike-through, keyboard shortcuts (1–4 or A–D to answer, F to flag, arrows to move) and a
 * confirm step before finishing. Tutor mode: check an answer to see the key and every rationale.
 * Adaptive mode: forward only, each answer final once confirmed. Every change is saved through a
 * queue that retries until the server acknowledges it; the page says when an answer is saved.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type AttemptView,
  api,
  type Command,
  CommandQueue,
  formatClock,
  HttpProblem,
  type ItemView,
} from "../api.js";

interface ReviewRow {
  position: number;
  itemId: string;
  answered: boolean;
  flagged: boolean;
}

export function PlayerPage({ id }: { id: string }) {
  const [view, setView] = useState<AttemptView | null>(null);
  const [saving, setSaving] = useState<"saved" | "saving" | "retrying">("saved");
  const [message, setMessage] = useState<string | null>(null);
  const [review, setReview] = useState<ReviewRow[] | null>(null);
  const [confirmFinish, setConfirmFinish] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [draft, setDraft] = useState<unknown>(null);
  const queue = useRef<CommandQueue | null>(null);
  const loadedAt = useRef(Date.now());
  const [, tick] = useState(0);

  useEffect(() => {
    api<AttemptView>("GET", `/api/attempts/${id}`).then(
      (v) => {
        if (v.status === "finished") {
          window.location.hash = `#/report/${id}`;
          return;
        }
        loadedAt.current = Date.now();
        setView(v);
        queue.current = new CommandQueue(
          v,
          (next) => {
            loadedAt.current = Date.now();
            setView(next);
            if (next.status === "finished") window.location.hash = `#/report/${id}`;
          },
          (busy, retrying) => setSaving(busy ? (retrying ? "retrying" : "saving") : "saved"),
        );
      },
      (e) => setMessage(String(e.message)),
    );
  }, [id]);

  // The clock: the server's remaining time, counted down locally between responses.
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);

  const item = view?.item ?? null;
  // A new item starts from its saved response, even when that equals the last item's (both empty).
  // biome-ignore lint/correctness/useExhaustiveDependencies: item?.id resets the draft on every move
  useEffect(() => setDraft(item?.response ?? null), [item?.id, item?.response]);

  const send = useCallback(async (command: Command) => {
    if (!queue.current) return;
    setMessage(null);
    try {
      await queue.current.send(command);
    } catch (e) {
      setMessage(e instanceof HttpProblem ? e.problem.message : String(e));
    }
  }, []);

  const answer = useCallback(
    (response: unknown) => {
      if (!item || item.final) return;
      setDraft(response);
      if (view?.mode === "adaptive") return; // confirmed with the Confirm button
      void send({ kind: "answer", itemId: item.id, response });
    },
    [item, send, view?.mode],
  );

  const move = useCallback(
    (position: number) => {
      if (!view || view.total === null || position < 0 || position >= view.total) return;
      setReview(null);
      void send({ kind: "navigate", position });
    },
    [send, view],
  );

  const openReview = useCallback(async () => {
    const r = await api<{ items: ReviewRow[] }>("GET", `/api/attempts/${id}/review`);
    setReview(r.items);
  }, [id]);

  // Keyboard shortcuts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!view || !item || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      if (target.tagName === "INPUT" && (target as HTMLInputElement).type === "number") return;
      if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") return;
      const key = e.key.toUpperCase();
      const index = /^[1-9]$/.test(key)
        ? Number(key) - 1
        : /^[A-I]$/.test(key) && key !== "F"
          ? key.charCodeAt(0) - 65
          : -1;
      if (item.type === "single-choice" && index >= 0 && index < item.options.length) {
        e.preventDefault();
        answer(item.options[index]!.id);
      } else if (key === "F" && view.mode !== "adaptive") {
        e.preventDefault();
        void send({ kind: "flag", itemId: item.id, flagged: !item.flagged });
      } else if (e.key === "ArrowRight" && view.mode !== "adaptive") {
        e.preventDefault();
        move(view.position + 1);
      } else if (e.key === "ArrowLeft" && view.mode !== "adaptive") {
        e.preventDefault();
        move(view.position - 1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [answer, item, move, send, view]);

  // Recomputed on every render; the one-second tick above renders the page each second.
  const remaining =
    !view || view.remainingMs === null
      ? null
      : Math.max(0, view.remainingMs - (Date.now() - loadedAt.current));

  if (message && !view) return <p role="alert">{message}</p>;
  if (!view) return <p>Loading…</p>;
  const warning =
    remaining !== null && remaining <= 5 * 60_000
      ? 5
      : remaining !== null && remaining <= 30 * 60_000
        ? 30
        : null;
  const adaptive = view.mode === "adaptive";

  return (
    <section className="player" aria-label="Exam">
      <div className="bar">
        <span>
          {view.exam.toUpperCase()} {view.mode}
          {view.total !== null
            ? ` — item ${view.position + 1} of ${view.total}`
            : ` — item ${view.answered + 1}`}
        </span>
        {remaining !== null && (
          <span
            className={warning ? "clock warn" : "clock"}
            role="timer"
            aria-live={warning ? "polite" : "off"}
          >
            {formatClock(remaining)}
            {warning ? ` — ${warning} minutes left` : ""}
          </span>
        )}
        <span className="status" role="status" aria-live="polite">
          {saving === "saved"
            ? "All answers saved"
            : saving === "saving"
              ? "Saving…"
              : "Connection lost — retrying…"}
        </span>
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {review ? (
        <ReviewScreen rows={review} onJump={move} onClose={() => setReview(null)} />
      ) : item ? (
        <ItemPanel
          item={item}
          draft={draft}
          onAnswer={answer}
          onDraft={setDraft}
          onStrike={(optionId, struck) => void send({ kind: "strike", itemId: item.id, optionId, struck })}
        />
      ) : (
        <p>No item to show.</p>
      )}
      {item?.feedback && <Feedback item={item} />}
      <div className="actions">
        {!adaptive && !review && (
          <>
            <button type="button" onClick={() => move(view.position - 1)} disabled={view.position === 0}>
              ← Previous
            </button>
            <button
              type="button"
              onClick={() => move(view.position + 1)}
              disabled={view.total !== null && view.position + 1 >= view.total}
            >
              Next →
            </button>
            <button
              type="button"
              aria-pressed={item?.flagged ?? false}
              onClick={() => item && void send({ kind: "flag", itemId: item.id, flagged: !item.flagged })}
            >
              {item?.flagged ? "Unflag" : "Flag for review"} (F)
            </button>
            <button type="button" onClick={() => void openReview()}>
              Review screen
            </button>
          </>
        )}
        {view.mode === "tutor" && item && !item.final && (
          <button
            type="button"
            disabled={item.response === null}
            onClick={() => void send({ kind: "submit", itemId: item.id })}
          >
            Check answer
          </button>
        )}
        {adaptive && item && (
          <button
            type="button"
            disabled={draft === null}
            onClick={() => void send({ kind: "answer", itemId: item.id, response: draft })}
          >
            Confirm answer (final)
          </button>
        )}
        {item && (
          <button type="button" onClick={() => setReporting(true)}>
            Report a problem
          </button>
        )}
        {!adaptive && (
          <button type="button" className="finish" onClick={() => setConfirmFinish(true)}>
            Finish…
          </button>
        )}
      </div>
      {reporting && item && (
        <ProblemDialog
          onCancel={() => setReporting(false)}
          onSend={async (category, comment) => {
            await send({ kind: "report", itemId: item.id, category, comment });
            setReporting(false);
            setMessage("Thank you: the problem was sent to the item's authors.");
          }}
        />
      )}
      {confirmFinish && (
        <div role="dialog" aria-modal="true" aria-labelledby="finish-title" className="dialog">
          <h2 id="finish-title">Finish the exam?</h2>
          <p>
            {view.answered} of {view.total} answered. You cannot change answers after finishing.
          </p>
          <button type="button" ref={(b) => b?.focus()} onClick={() => void send({ kind: "finish" })}>
            Yes, finish and see my report
          </button>
          <button type="button" onClick={() => setConfirmFinish(false)}>
            Keep working
          </button>
        </div>
      )}
    </section>
  );
}

function ItemPanel({
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
              </label>
              <button
                type="button"
                className="strike"
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
          <legend>Choose {item.select}</legend>
          {item.options.map((o) => {
            const chosen = Array.isArray(draft) ? (draft as string[]) : [];
            return (
              <div key={o.id} className="option">
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.includes(o.id)}
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
                </label>
              </div>
            );
          })}
        </fieldset>
      )}
      {item.type === "ordering" && <Ordering item={item} draft={draft} onAnswer={onAnswer} />}
      {item.type === "matching" && (
        <Matching item={item} draft={draft} onAnswer={onAnswer} onDraft={onDraft} />
      )}
      {item.type === "numeric" && (
        <label className="numeric">
          Your answer ({item.unit}):{" "}
          <input
            type="number"
            step="any"
            disabled={item.final}
            defaultValue={typeof draft === "number" ? draft : ""}
            onBlur={(e) => e.target.value !== "" && onAnswer(Number(e.target.value))}
          />
        </label>
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
  const order =
    Array.isArray(draft) && draft.length === item.options.length
      ? (draft as string[])
      : item.options.map((o) => o.id);
  const byId = new Map(item.options.map((o) => [o.id, o]));
  const swap = (i: number, j: number) => {
    const next = [...order];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onAnswer(next);
  };
  return (
    <ol className="ordering">
      {order.map((oid, i) => (
        <li key={oid}>
          {byId.get(oid)!.text}{" "}
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
          {o.text}{" "}
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

function Feedback({ item }: { item: ItemView }) {
  const f = item.feedback!;
  return (
    <aside className={f.correct ? "feedback right" : "feedback wrong"} aria-live="polite">
      <h2>{f.correct ? "Correct" : "Not quite"}</h2>
      {f.explanation && <p>{f.explanation}</p>}
      <ul>
        {f.rationales.map((r) => (
          <li key={r.id}>
            <strong>{r.label}</strong> {r.rationale}
          </li>
        ))}
      </ul>
      <p className="small">
        Task {f.task}. References: {f.references.join("; ")}
      </p>
    </aside>
  );
}

function ReviewScreen({
  rows,
  onJump,
  onClose,
}: {
  rows: ReviewRow[];
  onJump: (p: number) => void;
  onClose: () => void;
}) {
  const unanswered = rows.filter((r) => !r.answered).length;
  const flagged = rows.filter((r) => r.flagged).length;
  return (
    <div className="review">
      <h2>Review</h2>
      <p>
        {rows.length - unanswered} answered, {unanswered} unanswered, {flagged} flagged.
      </p>
      <ol className="grid">
        {rows.map((r) => (
          <li key={r.itemId}>
            <button
              type="button"
              onClick={() => onJump(r.position)}
              className={`${r.answered ? "answered" : "unanswered"}${r.flagged ? " flagged" : ""}`}
            >
              {r.position + 1}
              <span className="sr-only">
                {r.answered ? " answered" : " unanswered"}
                {r.flagged ? ", flagged" : ""}
              </span>
              {r.flagged ? " ⚑" : ""}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={onClose}>
        Back to the item
      </button>
    </div>
  );
}

const PROBLEMS: [string, string][] = [
  ["wrong-key", "The keyed answer is wrong"],
  ["two-right-answers", "Two answers are right"],
  ["unclear", "The question is unclear"],
  ["outdated", "It is out of date"],
  ["other", "Something else"],
];

function ProblemDialog({
  onSend,
  onCancel,
}: {
  onSend: (category: string, comment: string) => void;
  onCancel: () => void;
}) {
  const [category, setCategory] = useState("unclear");
  const [comment, setComment] = useState("");
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="problem-title" className="dialog">
      <h2 id="problem-title">Report a problem with this item</h2>
      <fieldset>
        <legend>What is wrong?</legend>
        {PROBLEMS.map(([id, text], k) => (
          <label key={id} className="field">
            <input
              type="radio"
              name="problem"
              checked={category === id}
              onChange={() => setCategory(id)}
              ref={k === 0 ? (el) => el?.focus() : undefined}
            />{" "}
            {text}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Comment (optional)
        <textarea value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} rows={3} />
      </label>
      <button type="button" onClick={() => onSend(category, comment)}>
        Send to the authors
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
