/**
 * Behaviours: the policy of an attempt, kept apart from item types and from the attempt log.
 * - exam: deferred feedback, free navigation, flags and review, answers changeable until finish, timed.
 * - tutor: immediate feedback after each answer (the answer is then final), untimed or paced.
 * - adaptive: forward-only, no review, each answer final once submitted; the next item comes from an
 *   adaptive engine (see adaptive.ts).
 */
export const behaviourNames = ["exam", "tutor", "adaptive"] as const;
export type BehaviourName = (typeof behaviourNames)[number];

export interface Behaviour {
  name: BehaviourName;
  /** Whether the candidate may move back and jump to any item. */
  freeNavigation: boolean;
  /** Whether the review screen and flags are offered. */
  review: boolean;
  /** When an answer becomes final: on finish (exam) or once submitted (tutor, adaptive). */
  finalOn: "finish" | "submit";
  /** Whether the key and rationales are shown right after an answer is submitted. */
  immediateFeedback: boolean;
}

export const BEHAVIOURS: Record<BehaviourName, Behaviour> = {
  exam: { name: "exam", freeNavigation: true, review: true, finalOn: "finish", immediateFeedback: false },
  tutor: { name: "tutor", freeNavigation: true, review: true, finalOn: "submit", immediateFeedback: true },
  adaptive: {
    name: "adaptive",
    freeNavigation: false,
    review: false,
    finalOn: "submit",
    immediateFeedback: false,
  },
};

/** Items at and above which an exam-mode attempt is a full simulation rather than practice. */
export const SIMULATION_ITEMS = 100;

/**
 * Whether a player asks how sure the candidate is of each answer: in tutor mode and in short
 * exam-mode practice; never in a full simulation or an adaptive exam (the real exam asks nothing of
 * the kind). `items`: the form's length (null for adaptive).
 */
export function asksConfidence(behaviour: BehaviourName, items: number | null): boolean {
  return behaviour === "tutor" || (behaviour === "exam" && items !== null && items < SIMULATION_ITEMS);
}

/** Minutes remaining at which the candidate is warned. */
export const CLOCK_WARNINGS_MINUTES = [30, 5] as const;
