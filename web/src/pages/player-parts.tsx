/** The player's review screen, its dialogs (finish, and report a problem with an item), and the confidence picker. */

import { useEffect, useState } from "react";
import type { AttemptView, ItemView, ReviewRow } from "../../../src/core/api/attempts.js";
import { asksConfidence as asksConfidenceIn } from "../../../src/core/exam/behaviour.js";
import type { ProblemCategory } from "../../../src/core/exam/steps.js";
import { Dialog, useFocusOnMount } from "../ui.js";

export type { ReviewRow };

export function FinishDialog({
  rows,
  tutor,
  onFinish,
  onClose,
}: {
  rows: ReviewRow[];
  tutor: boolean;
  onFinish: () => void;
  onClose: () => void;
}) {
  const yes = useFocusOnMount<HTMLButtonElement>();
  const unanswered = rows.filter((r) => !r.answered).length;
  const flagged = rows.filter((r) => r.flagged).length;
  return (
    <Dialog id="finish" title={tutor ? "Finish the session?" : "Finish the exam?"} onClose={onClose}>
      <p>
        {rows.length - unanswered} of {rows.length} answered
        {unanswered ? `; ${unanswered} unanswered (scored as wrong)` : ""}
        {flagged ? `; ${flagged} flagged for review` : ""}. You cannot change answers after finishing.
      </p>
      <div className="actions">
        <button type="button" ref={yes} onClick={onFinish}>
          Yes, finish and see my report
        </button>
        <button type="button" onClick={onClose}>
          Keep working
        </button>
      </div>
    </Dialog>
  );
}

/** Whether a response is a whole answer to the item (adaptive answers are final on confirm). */
export function ReviewScreen({
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
      <p className="small">Solid: answered. Dashed: unanswered. ⚑: flagged. Choose a number to go to it.</p>
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

export const PROBLEMS: [ProblemCategory, string][] = [
  ["wrong-key", "The answer marked correct is wrong"],
  ["two-right-answers", "Two answers are right"],
  ["unclear", "The question is unclear"],
  ["outdated", "It is out of date"],
  ["other", "Something else"],
];

export function ProblemDialog({
  onSend,
  onCancel,
}: {
  onSend: (category: ProblemCategory, comment: string) => void;
  onCancel: () => void;
}) {
  const [category, setCategory] = useState<ProblemCategory>("unclear");
  const first = useFocusOnMount<HTMLInputElement>();
  const [comment, setComment] = useState("");
  return (
    <Dialog id="problem" title="Report a problem with this item" onClose={onCancel}>
      <fieldset>
        <legend>What is wrong?</legend>
        {PROBLEMS.map(([id, text], k) => (
          <label key={id} className="field">
            <input
              type="radio"
              name="problem"
              checked={category === id}
              onChange={() => setCategory(id)}
              ref={k === 0 ? first : undefined}
            />{" "}
            {text}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Comment (optional)
        <textarea value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} rows={3} />
      </label>
      <div className="actions">
        <button type="button" onClick={() => onSend(category, comment)}>
          Send to the authors
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

const LEVELS = [
  { level: "sure", label: "Sure" },
  { level: "unsure", label: "Unsure" },
  { level: "guessed", label: "Guessed" },
] as const;

/** Whether the player asks how sure the candidate is (core/exam/behaviour.ts). */
export function asksConfidence(view: AttemptView): boolean {
  return asksConfidenceIn(view.mode, view.total);
}

/** "How sure are you?": sure, unsure or guessed, kept with the answer for spaced review (a right guess is not mastery). */
export function ConfidencePicker({
  item,
  onPick,
}: {
  item: ItemView;
  onPick: (level: (typeof LEVELS)[number]["level"]) => void;
}) {
  // Shown at once; the server's copy (item.confidence) takes over when it arrives.
  const [picked, setPicked] = useState(item.confidence);
  useEffect(() => setPicked(item.confidence), [item.confidence]);
  return (
    <fieldset className="confidence" disabled={item.final}>
      <legend>How sure are you?</legend>
      {LEVELS.map((l) => (
        <label key={l.level} className="inline">
          <input
            type="radio"
            name={`confidence-${item.id}`}
            checked={picked === l.level}
            onChange={() => {
              setPicked(l.level);
              onPick(l.level);
            }}
          />{" "}
          {l.label}
        </label>
      ))}
    </fieldset>
  );
}
