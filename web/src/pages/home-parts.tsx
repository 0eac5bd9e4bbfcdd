/** The start page's attempt summary and the dialog that asks before discarding an attempt. */

import type { AttemptSummary as Summary } from "../../../src/core/api/attempts.js";
import { Dialog, useFocusOnMount } from "../ui.js";

export type { Summary };

/** Asks before discarding an unfinished attempt: what it is, and that it cannot be undone. */
export function DiscardDialog({
  attempt,
  busy,
  onDiscard,
  onClose,
}: {
  attempt: Summary;
  busy: boolean;
  onDiscard: () => void;
  onClose: () => void;
}) {
  const keep = useFocusOnMount<HTMLButtonElement>();
  return (
    <Dialog id="discard" title="Discard this attempt?" onClose={onClose}>
      <p>
        Your {attempt.exam.toUpperCase()} {attempt.behaviour} attempt started{" "}
        {new Date(attempt.createdAt).toLocaleString()} ends without a score. Its answers are kept in the
        record but count in no result, readiness or study queue. This cannot be undone.
      </p>
      <div className="actions">
        <button type="button" className="finish" disabled={busy} onClick={onDiscard}>
          Discard the attempt
        </button>
        <button type="button" ref={keep} onClick={onClose}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
