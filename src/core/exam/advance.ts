/**
 * One transaction of an attempt: from the current state, a command and `now`, the steps to append.
 * Time is checked first (a command after time-out only records the finish), then the command, then —
 * for adaptive attempts — the engine's next decision. The caller appends the steps atomically.
 */
import type { BankItem } from "../items/item.js";
import { type AdaptiveEngine, decisionStep, needsDecision } from "./adaptive.js";
import { type AttemptState, applyStep, type Command, decide, remainingMs, timeOutStep } from "./attempt.js";
import type { Step, StepBody } from "./steps.js";

export interface Advance {
  steps: Step[];
  state: AttemptState;
  /** True when the command was not applied because the time had run out. */
  timedOut: boolean;
}

function cloneState(s: AttemptState): AttemptState {
  return {
    ...s,
    form: s.form.map((f) => ({ ...f })),
    responses: new Map(s.responses),
    final: new Set(s.final),
    flags: new Set(s.flags),
    confidence: new Map(s.confidence),
    strikes: new Map([...s.strikes].map(([k, v]) => [k, new Set(v)])),
    reports: [...s.reports],
    selections: [...s.selections],
    itemMs: new Map(s.itemMs),
  };
}

/**
 * The state after recorded `steps` (read back from the log, already stamped), from a copy of `state`:
 * `replay` of a longer log without replaying the part `state` was built from.
 */
export function applySteps(state: AttemptState, steps: readonly Step[]): AttemptState {
  if (steps.length === 0) return state;
  let next = cloneState(state);
  for (const step of steps) next = applyStep(next, step);
  return next;
}

/** Appends bodies to a copy of `state`, stamping seq and `now`. */
export function record(
  state: AttemptState,
  bodies: readonly StepBody[],
  now: number,
): { steps: Step[]; state: AttemptState } {
  let next = cloneState(state);
  const steps: Step[] = [];
  for (const body of bodies) {
    const step = { ...body, seq: next.nextSeq, at: now } as Step;
    next = applyStep(next, step);
    steps.push(step);
  }
  return { steps, state: next };
}

export function advance(
  state: AttemptState,
  command: Command | null,
  now: number,
  items: ReadonlyMap<string, BankItem>,
  engine?: AdaptiveEngine,
): Advance {
  const timeOut = timeOutStep(state, now);
  if (timeOut) {
    let body = timeOut;
    // An adaptive test decides pass or fail at time-out by its own rule (the CISSP's last-75 rule).
    if (engine && state.behaviour.name === "adaptive") {
      const d = engine.decide({ state, items, remainingMs: 0 });
      if (d.kind === "stop") {
        body = {
          kind: "finish",
          reason: "time-out",
          detail: `${d.reason}; θ = ${d.theta.toFixed(2)} (SE ${d.se.toFixed(2)})`,
          passed: d.passed,
        };
      }
    }
    const r = record(state, [body], now);
    return { ...r, timedOut: true };
  }
  const bodies: StepBody[] = [];
  let working = state;
  if (command) {
    const body = decide(state, command, items);
    bodies.push(body);
    working = record(state, [body], now).state;
    // Tutor and adaptive answers become final on submit; an adaptive answer is submitted with it.
    if (command.kind === "answer" && working.behaviour.name === "adaptive") {
      const submit = decide(working, { kind: "submit", itemId: command.itemId }, items);
      bodies.push(submit);
      working = record(working, [submit], now).state;
    }
  }
  if (engine && working.behaviour.name === "adaptive" && needsDecision(working)) {
    const decision = engine.decide({ state: working, items, remainingMs: remainingMs(working, now) });
    bodies.push(decisionStep(decision));
  }
  const r = record(state, bodies, now);
  return { ...r, timedOut: false };
}
