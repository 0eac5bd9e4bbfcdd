/**
 * Keys of open work stay hidden. A tutor attempt shows an item's key once it is submitted, and a
 * finished attempt's report shows every key; so while a candidate has an attempt open whose answers
 * are not final and whose keys are not shown (an exam or adaptive attempt, or any instructor's
 * assignment), its items are held back from every other attempt of theirs: from a new attempt's
 * form and from an adaptive attempt's next selections. An attempt that defers feedback itself also
 * leaves out the items an open tutor attempt delivered but has not yet had submitted (the key would
 * show there while the answer is still open here). Seeing a key first and meeting the item in a later
 * exam is ordinary practice and stays allowed. This is the one place the rule is decided.
 */
import { BEHAVIOURS, type BehaviourName } from "../../core/exam/behaviour.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";

/** What decides whether an attempt's keys must stay hidden while it is open. */
export interface AttemptKind {
  behaviour: string;
  assignmentId: string | null;
}

/** Whether an attempt shows no key before it is finished, or is an instructor's record of the candidate's work. */
export function defersFeedback(a: AttemptKind): boolean {
  const behaviour = BEHAVIOURS[a.behaviour as BehaviourName];
  return a.assignmentId !== null || !behaviour?.immediateFeedback;
}

/**
 * The item ids an attempt of this kind for this user may not show: those on the user's other
 * unfinished attempts, as above. Nobody's items are held back in single-user mode (no user).
 */
export async function heldBackItems(
  repo: AttemptRepository,
  userId: string | null,
  kind: AttemptKind,
  except?: string,
): Promise<Set<string>> {
  const held = new Set<string>();
  if (userId === null) return held;
  const deferred = defersFeedback(kind);
  for (const other of await repo.unfinishedItems(userId, except)) {
    if (defersFeedback(other)) for (const id of other.items) held.add(id);
    else if (deferred) for (const id of other.items) if (!other.submitted.has(id)) held.add(id);
  }
  return held;
}

/** The sentence a start meets when the items held back leave too few for it. */
export const HELD_BACK_MESSAGE =
  "too few items are left for this attempt while your unfinished exam, adaptive or assigned attempts hold theirs back; finish (or discard) those first";
