/**
 * The interface an adaptive engine (CAT) plugs into. After each final answer in an adaptive attempt
 * the driver asks the engine for its decision and records it as a step: `select` (the next item,
 * with θ and SE before it) or `finish` (why the test ended). Because decisions are steps, an adaptive
 * attempt replays, resumes and reports like any other.
 */
import type { BankItem } from "../items/item.js";
import type { AttemptState } from "./attempt.js";
import type { FormEntry, StepBody } from "./steps.js";

export interface AdaptiveContext {
  state: AttemptState;
  items: ReadonlyMap<string, BankItem>;
  /** Remaining time in ms, or null when untimed. */
  remainingMs: number | null;
}

export type AdaptiveDecision =
  | { kind: "select"; entry: FormEntry; theta: number; se: number }
  | { kind: "stop"; reason: string; theta: number; se: number; passed: boolean };

export interface AdaptiveEngine {
  /** The next decision for an attempt whose delivered items are all final. */
  decide(context: AdaptiveContext): AdaptiveDecision;
}

/** The step that records an engine's decision. */
export function decisionStep(decision: AdaptiveDecision): StepBody {
  if (decision.kind === "select")
    return { kind: "select", entry: decision.entry, theta: decision.theta, se: decision.se };
  return {
    kind: "finish",
    reason: "adaptive-stop",
    detail: `${decision.reason}; θ = ${decision.theta.toFixed(2)} (SE ${decision.se.toFixed(2)}); ${decision.passed ? "pass" : "fail"}`,
    passed: decision.passed,
  };
}

/** Whether the engine should be asked for a decision: every delivered item is final and the attempt goes on. */
export function needsDecision(state: AttemptState): boolean {
  return state.status === "in-progress" && state.form.every((f) => state.final.has(f.id));
}
