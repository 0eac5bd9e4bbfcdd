/**
 * The exam player. Exam mode: clock with warnings, previous and next, flags, a review screen with
 * jumps, strike-through, keyboard shortcuts (1–4 or A–D to answer, F to flag, arrows to move) and a
 * confirm step before finishing. Tutor mode: check an answer to see the key and every rationale.
 * Adaptive mode: forward only, each answer final once confirmed. Every change is saved through a
 * queue that retries until the server acknowledges it; the page says when an answer is saved.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import {
  type AttemptView,
  type Command,
  CommandQueue,
  call,
  endpoints,
  formatClock,
  type ItemView,
  messageOf,
} from "../api.js";
import { useApi } from "../lib/use-api.js";
import { ErrorMessage } from "../ui.js";
import { Feedback, ItemPanel } from "./item-view.js";
import {
  asksConfidence,
  ConfidencePicker,
  FinishDialog,
  ProblemDialog,
  type ReviewRow,
  ReviewScreen,
} from "./player-parts.js";

export function PlayerPage({ id }: { id: string }) {
  const [view, setView] = useState<AttemptView | null>(null);
  const [saving, setSaving] = useState<"saved" | "saving" | "retrying">("saved");
  const [message, setMessage] = useState<string | null>(null);
  const [review, setReview] = useState<ReviewRow[] | null>(null);
  const [confirmFinish, setConfirmFinish] = useState<ReviewRow[] | null>(null);
  const [reporting, setReporting] = useState(false);
  // The candidate's unsent answer, and the item it belongs to (see `draft` below).
  const [drafted, setDrafted] = useState<{ itemId: string | null; value: unknown }>({
    itemId: null,
    value: null,
  });
  const queue = useRef<CommandQueue | null>(null);
  const finishButton = useRef<HTMLButtonElement | null>(null);
  const closeFinish = () => {
    setConfirmFinish(null);
    // Back where the candidate was.
    setTimeout(() => finishButton.current?.focus(), 0);
  };
  const loadedAt = useRef(Date.now());
  const [, tick] = useState(0);

  // The attempt as the server has it; from then on the command queue keeps the view.
  const opened = useApi(() => call(endpoints.getAttempt, { params: { id } }), [id]);
  useEffect(() => {
    const v = opened.data;
    if (!v) return;
    if (v.status === "finished") {
      window.location.hash = `#/report/${v.id}`;
      return;
    }
    if (v.status === "discarded") {
      setMessage("This attempt was discarded; start a new one from the start page.");
      return;
    }
    loadedAt.current = Date.now();
    setView(v);
    queue.current = new CommandQueue(
      v,
      (next) => {
        loadedAt.current = Date.now();
        setView(next);
        if (next.status === "finished") window.location.hash = `#/report/${v.id}`;
      },
      (busy, retrying) => setSaving(busy ? (retrying ? "retrying" : "saving") : "saved"),
    );
  }, [opened.data]);

  // The clock: the server's remaining time, counted down locally between responses.
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);

  const item = view?.item ?? null;
  // A new item starts from its saved response, even when that equals the last item's (both empty).
  useEffect(
    () => setDrafted({ itemId: item?.id ?? null, value: item?.response ?? null }),
    [item?.id, item?.response],
  );
  // A draft is only ever shown on its own item: on the first render of a new item (before the
  // effect above runs) the last item's draft would otherwise show there — with options the new item
  // does not have.
  const draft = item && drafted.itemId === item.id ? drafted.value : (item?.response ?? null);
  const setDraft = useCallback(
    (value: unknown) => setDrafted({ itemId: item?.id ?? null, value }),
    [item?.id],
  );

  /** Sends a command; whether the server took it (a refusal is shown). */
  const send = useCallback(async (command: Command): Promise<boolean> => {
    if (!queue.current) return false;
    setMessage(null);
    try {
      await queue.current.send(command);
      return true;
    } catch (e) {
      setMessage(messageOf(e));
      return false;
    }
  }, []);

  const answer = useCallback(
    (response: unknown) => {
      if (!item || item.final) return;
      setDraft(response);
      if (view?.mode === "adaptive") return; // confirmed with the Confirm button
      void send({ kind: "answer", itemId: item.id, response });
    },
    [item, send, view?.mode, setDraft],
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
    await queue.current?.settled();
    try {
      setReview((await call(endpoints.reviewScreen, { params: { id } })).items);
    } catch (e) {
      setMessage(messageOf(e));
    }
  }, [id]);

  // Keyboard shortcuts, registered before the browser paints: a key pressed as soon as a new item
  // shows must act on that item, not on the one before (useEffect would run after the paint).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!view || !item || e.ctrlKey || e.metaKey || e.altKey) return;
      // The review screen and the dialogs hide the item: keys must not change it unseen.
      if (review || confirmFinish || reporting) return;
      const target = e.target as HTMLElement;
      // Typing in a field (a numeric answer, the calculator) is not a shortcut.
      if (target.tagName === "INPUT" && !["radio", "checkbox"].includes((target as HTMLInputElement).type))
        return;
      if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") return;
      const key = e.key.toUpperCase();
      const index = /^[1-9]$/.test(key)
        ? Number(key) - 1
        : /^[A-I]$/.test(key) && key !== "F"
          ? key.charCodeAt(0) - 65
          : -1;
      if (
        (item.type === "single-choice" || item.type === "hotspot") &&
        index >= 0 &&
        index < item.options.length
      ) {
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
  }, [answer, item, move, send, view, review, confirmFinish, reporting]);

  // Recomputed on every render; the one-second tick above renders the page each second.
  const remaining =
    !view || view.remainingMs === null
      ? null
      : Math.max(0, view.remainingMs - (Date.now() - loadedAt.current));

  if (!view && (message || opened.message)) return <p role="alert">{message ?? opened.message}</p>;
  if (!view) return <p>Loading…</p>;
  // A warning only when the attempt had more time than that to begin with (as the server rules).
  const limit = view.timeLimitMs ?? 0;
  const warning =
    remaining !== null && remaining <= 5 * 60_000 && limit > 5 * 60_000
      ? 5
      : remaining !== null && remaining <= 30 * 60_000 && limit > 30 * 60_000
        ? 30
        : null;
  const adaptive = view.mode === "adaptive";
  document.title = `${view.exam.toUpperCase()} — item ${view.total !== null ? `${view.position + 1} of ${view.total}` : view.answered + 1} — certpath`;

  return (
    <section className="player" aria-label="Exam">
      <div className="bar">
        <span>
          {view.exam.toUpperCase()} {view.mode === "exam" ? "" : view.mode}
          {view.total !== null
            ? ` — item ${view.position + 1} of ${view.total}`
            : ` — item ${view.answered + 1}`}
        </span>
        {remaining !== null && (
          <span
            className={warning ? "clock warn" : "clock"}
            role="timer"
            aria-label="Time left"
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
      <p className="small hints">
        {adaptive
          ? "Choose an answer (keys 1–4 or A–D), then confirm it: answers are final and the test goes forward only; it stops when your result is clear."
          : view.mode === "tutor"
            ? `Answer${item?.type === "single-choice" ? " (keys 1–4 or A–D)" : item?.type === "hotspot" ? " (click a region, or Tab to it and press Enter; or press its letter)" : ""}, then “Check answer” to see the explanation. F flags, ← → move.`
            : `Keys: ${item?.type === "single-choice" ? "1–4 or A–D answer, " : item?.type === "hotspot" ? "Tab or arrows move between regions, Enter or Space or a region's letter chooses it, " : ""}F flags for review, ← → move.${item?.type === "single-choice" ? " The S button strikes out an option you have ruled out." : ""}`}
      </p>
      <ErrorMessage text={message} />
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
      {item && !review && asksConfidence(view) && (
        <ConfidencePicker
          key={item.id}
          item={item}
          onPick={(level) => void send({ kind: "confidence", itemId: item.id, level })}
        />
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
            disabled={!complete(item, draft)}
            onClick={() => void send({ kind: "answer", itemId: item.id, response: draft })}
          >
            Confirm answer (final)
          </button>
        )}
        {item && !review && (
          <button type="button" onClick={() => setReporting(true)}>
            Report a problem
          </button>
        )}
        {!adaptive && (
          <button
            type="button"
            className="finish"
            ref={finishButton}
            onClick={async () => {
              // Counted once every answer given is saved, so none is counted as unanswered by mistake.
              await queue.current?.settled();
              try {
                setConfirmFinish((await call(endpoints.reviewScreen, { params: { id } })).items);
              } catch (e) {
                setMessage(messageOf(e));
              }
            }}
          >
            Finish…
          </button>
        )}
      </div>
      {reporting && item && (
        <ProblemDialog
          onCancel={() => setReporting(false)}
          onSend={async (category, comment) => {
            const sent = await send({ kind: "report", itemId: item.id, category, comment });
            setReporting(false);
            if (sent) setMessage("Thank you: the problem was sent to the item's authors.");
          }}
        />
      )}
      {confirmFinish && (
        <FinishDialog
          rows={confirmFinish}
          tutor={view.mode === "tutor"}
          onFinish={() => void send({ kind: "finish" })}
          onClose={closeFinish}
        />
      )}
    </section>
  );
}

function complete(item: ItemView, draft: unknown): boolean {
  if (draft === null || draft === undefined) return false;
  if (item.type === "multiple-response") return Array.isArray(draft) && draft.length === item.select;
  if (item.type === "matching")
    return typeof draft === "object" && item.options.every((o) => (draft as Record<string, string>)[o.id]);
  if (item.type === "ordering") return Array.isArray(draft) && draft.length === item.options.length;
  if (item.type === "numeric") return typeof draft === "number" && Number.isFinite(draft);
  return typeof draft === "string";
}
