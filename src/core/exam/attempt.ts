/**
 * An attempt's state, derived by replaying its steps, and the pure transitions that turn a
 * candidate's command into the next step. `now` is always passed in; nothing here reads a clock.
 */
import type { BankItem } from "../items/item.js";
import { responseSchema } from "../items/item.js";
import { BEHAVIOURS, type Behaviour, CLOCK_WARNINGS_MINUTES } from "./behaviour.js";
import type { ConfidenceLevel, FormEntry, problemCategories, Step, StepBody } from "./steps.js";

export type AttemptStatus = "in-progress" | "finished" | "discarded";

export interface AttemptState {
  exam: string;
  behaviour: Behaviour;
  seed: string;
  /** Items delivered so far (adaptive) or the whole form (exam, tutor), in order. */
  form: FormEntry[];
  timeLimitMs: number | null;
  maxItems: number | null;
  catRules: "exam" | "practice" | null;
  status: AttemptStatus;
  finish: { reason: string; detail?: string; passed?: boolean; at: number } | null;
  position: number;
  responses: Map<string, unknown>;
  /** Items whose answer is final (tutor and adaptive, once submitted). */
  final: Set<string>;
  flags: Set<string>;
  /** How sure the candidate said they were of each answer (latest per item). */
  confidence: Map<string, ConfidenceLevel>;
  strikes: Map<string, Set<string>>;
  reports: { itemId: string; category: (typeof problemCategories)[number]; comment: string; at: number }[];
  /** Adaptive: the engine's estimate when each item was selected. */
  selections: { itemId: string; theta: number; se: number }[];
  onBreak: boolean;
  /** Whether a process holds the attempt open (the clock runs). */
  open: boolean;
  /** Clock time charged up to the last step, in ms. */
  usedMs: number;
  /** Time spent on each item while the clock ran, in ms. */
  itemMs: Map<string, number>;
  startedAt: number;
  lastAt: number;
  /** The seq the next step must carry. */
  nextSeq: number;
}

export class AttemptError extends Error {
  constructor(
    readonly code:
      | "finished"
      | "not-in-form"
      | "final"
      | "not-current"
      | "navigation"
      | "no-review"
      | "bad-response"
      | "no-answer"
      | "bad-position"
      | "not-started"
      | "untimed",
    message: string,
  ) {
    super(message);
    this.name = "AttemptError";
  }
}

/** Replays a complete log. The first step must be `start`. */
export function replay(steps: readonly Step[]): AttemptState {
  const first = steps[0];
  if (first?.kind !== "start")
    throw new AttemptError("not-started", "an attempt's log must begin with a start step");
  let state = initialState(first);
  for (const step of steps.slice(1)) state = applyStep(state, step);
  return state;
}

function initialState(start: Extract<Step, { kind: "start" }>): AttemptState {
  return {
    exam: start.exam,
    behaviour: BEHAVIOURS[start.behaviour],
    seed: start.seed,
    form: start.form.map((f) => ({ ...f })),
    timeLimitMs: start.timeLimitMs,
    maxItems: start.maxItems ?? null,
    catRules: start.catRules ?? null,
    status: "in-progress",
    finish: null,
    position: 0,
    responses: new Map(),
    final: new Set(),
    flags: new Set(),
    confidence: new Map(),
    strikes: new Map(),
    reports: [],
    selections: [],
    onBreak: false,
    open: false,
    usedMs: 0,
    itemMs: new Map(),
    startedAt: start.at,
    lastAt: start.at,
    nextSeq: start.seq + 1,
  };
}

/** Applies one recorded step (mutates and returns `state`). Steps are trusted: they were validated when made. */
export function applyStep(state: AttemptState, step: Step): AttemptState {
  if (step.seq !== state.nextSeq)
    throw new AttemptError("not-started", `step ${step.seq} out of sequence (expected ${state.nextSeq})`);
  // Charge the time since the last step while the attempt was open.
  // An "open" while already open means the previous process died without closing: the gap between
  // its last step and this one is not charged (no certpath process held the attempt).
  const crashGap = step.kind === "open" && state.open;
  if (state.open && state.status === "in-progress" && !crashGap) {
    const delta = Math.max(0, step.at - state.lastAt);
    state.usedMs += delta;
    const current = state.form[state.position]?.id;
    if (current && !state.onBreak) state.itemMs.set(current, (state.itemMs.get(current) ?? 0) + delta);
  }
  state.lastAt = Math.max(state.lastAt, step.at);
  state.nextSeq = step.seq + 1;
  switch (step.kind) {
    case "start":
      throw new AttemptError("not-started", "an attempt has only one start step");
    case "open":
      state.open = true;
      break;
    case "heartbeat":
      break;
    case "grant":
      if (state.timeLimitMs !== null) state.timeLimitMs += step.ms;
      break;
    case "close":
      state.open = false;
      break;
    case "answer":
      state.responses.set(step.itemId, step.response);
      break;
    case "submit":
      state.final.add(step.itemId);
      break;
    case "flag":
      if (step.flagged) state.flags.add(step.itemId);
      else state.flags.delete(step.itemId);
      break;
    case "confidence":
      state.confidence.set(step.itemId, step.level);
      break;
    case "strike": {
      const set = state.strikes.get(step.itemId) ?? new Set<string>();
      if (step.struck) set.add(step.optionId);
      else set.delete(step.optionId);
      state.strikes.set(step.itemId, set);
      break;
    }
    case "navigate":
      state.position = step.position;
      break;
    case "break":
      state.onBreak = step.state === "start";
      break;
    case "select":
      state.form.push({ ...step.entry });
      state.selections.push({ itemId: step.entry.id, theta: step.theta, se: step.se });
      state.position = state.form.length - 1;
      break;
    case "report":
      state.reports.push({
        itemId: step.itemId,
        category: step.category,
        comment: step.comment,
        at: step.at,
      });
      break;
    case "discard":
      state.status = "discarded";
      state.open = false;
      break;
    case "finish":
      state.status = "finished";
      state.finish = { reason: step.reason, detail: step.detail, passed: step.passed, at: step.at };
      state.open = false;
      // Once finished, every answer is final.
      for (const f of state.form) state.final.add(f.id);
      break;
  }
  return state;
}

/** Clock time used as of `now` (ms), counting the running interval if the attempt is open. */
export function usedMs(state: AttemptState, now: number): number {
  if (state.status !== "in-progress" || !state.open) return state.usedMs;
  return state.usedMs + Math.max(0, now - state.lastAt);
}

/** Remaining time as of `now` (ms), or null for an untimed attempt. */
export function remainingMs(state: AttemptState, now: number): number | null {
  if (state.timeLimitMs === null) return null;
  return Math.max(0, state.timeLimitMs - usedMs(state, now));
}

/**
 * Clock warnings that apply at `now` (minutes remaining at or below 30 and 5). A warning is given
 * only when the attempt had more time than that to begin with: a 15-minute practice is not "30
 * minutes left" from its first second.
 */
export function clockWarnings(state: AttemptState, now: number): number[] {
  const left = remainingMs(state, now);
  if (left === null || state.timeLimitMs === null || state.status !== "in-progress") return [];
  const limit = state.timeLimitMs;
  return CLOCK_WARNINGS_MINUTES.filter((m) => limit > m * 60_000 && left <= m * 60_000);
}

/** The finish step due at `now` because time ran out, if any. */
export function timeOutStep(state: AttemptState, now: number): StepBody | null {
  if (state.status !== "in-progress") return null;
  const left = remainingMs(state, now);
  if (left === null || left > 0) return null;
  return { kind: "finish", reason: "time-out" };
}

export type Command =
  | { kind: "answer"; itemId: string; response: unknown }
  | { kind: "submit"; itemId: string }
  | { kind: "flag"; itemId: string; flagged: boolean }
  | { kind: "confidence"; itemId: string; level: ConfidenceLevel }
  | { kind: "strike"; itemId: string; optionId: string; struck: boolean }
  | { kind: "navigate"; position: number }
  | { kind: "break"; state: "start" | "end" }
  | { kind: "report"; itemId: string; category: (typeof problemCategories)[number]; comment: string }
  | { kind: "finish" };

/**
 * Checks a candidate's command against the state and the behaviour and returns the step to record.
 * Throws AttemptError for a command the behaviour does not allow. `items` looks items up by id.
 */
export function decide(
  state: AttemptState,
  command: Command,
  items: ReadonlyMap<string, BankItem>,
): StepBody {
  const inForm = (id: string) => state.form.find((f) => f.id === id);
  const needInProgress = () => {
    if (state.status !== "in-progress") throw new AttemptError("finished", "the attempt is finished");
  };
  switch (command.kind) {
    case "answer": {
      needInProgress();
      const entry = inForm(command.itemId);
      if (!entry) throw new AttemptError("not-in-form", `item ${command.itemId} is not on this attempt`);
      if (state.final.has(command.itemId))
        throw new AttemptError("final", `the answer to ${command.itemId} is final`);
      if (!state.behaviour.freeNavigation && state.form[state.position]?.id !== command.itemId) {
        throw new AttemptError(
          "not-current",
          `only the current item can be answered in ${state.behaviour.name} mode`,
        );
      }
      checkResponse(items.get(command.itemId), entry, command.response);
      return { kind: "answer", itemId: command.itemId, response: command.response };
    }
    case "submit": {
      needInProgress();
      if (!inForm(command.itemId))
        throw new AttemptError("not-in-form", `item ${command.itemId} is not on this attempt`);
      if (state.final.has(command.itemId))
        throw new AttemptError("final", `the answer to ${command.itemId} is already final`);
      if (!state.responses.has(command.itemId))
        throw new AttemptError("no-answer", `item ${command.itemId} has no answer to submit`);
      return { kind: "submit", itemId: command.itemId };
    }
    case "flag":
      needInProgress();
      if (!state.behaviour.review)
        throw new AttemptError("no-review", `${state.behaviour.name} mode has no flags or review`);
      if (!inForm(command.itemId))
        throw new AttemptError("not-in-form", `item ${command.itemId} is not on this attempt`);
      return { kind: "flag", itemId: command.itemId, flagged: command.flagged };
    case "confidence":
      needInProgress();
      if (!inForm(command.itemId))
        throw new AttemptError("not-in-form", `item ${command.itemId} is not on this attempt`);
      // Said before the answer is final: once the key is shown, "sure" would be hindsight.
      if (state.final.has(command.itemId))
        throw new AttemptError("final", `the answer to ${command.itemId} is final`);
      return { kind: "confidence", itemId: command.itemId, level: command.level };
    case "strike": {
      needInProgress();
      const entry = inForm(command.itemId);
      if (!entry) throw new AttemptError("not-in-form", `item ${command.itemId} is not on this attempt`);
      if (!entry.order.includes(command.optionId))
        throw new AttemptError("bad-response", `item ${command.itemId} has no option ${command.optionId}`);
      return { kind: "strike", itemId: command.itemId, optionId: command.optionId, struck: command.struck };
    }
    case "navigate":
      needInProgress();
      if (!state.behaviour.freeNavigation)
        throw new AttemptError("navigation", `${state.behaviour.name} mode is forward-only`);
      if (
        !Number.isInteger(command.position) ||
        command.position < 0 ||
        command.position >= state.form.length
      ) {
        throw new AttemptError(
          "bad-position",
          `there is no item ${command.position + 1} (1–${state.form.length})`,
        );
      }
      return { kind: "navigate", position: command.position };
    case "break":
      needInProgress();
      return { kind: "break", state: command.state };
    case "report":
      if (!inForm(command.itemId))
        throw new AttemptError("not-in-form", `item ${command.itemId} is not on this attempt`);
      return { kind: "report", itemId: command.itemId, category: command.category, comment: command.comment };
    case "finish":
      needInProgress();
      return { kind: "finish", reason: "candidate" };
  }
}

function checkResponse(item: BankItem | undefined, entry: FormEntry, response: unknown): void {
  if (!item) throw new AttemptError("not-in-form", `item ${entry.id} is not in the bank`);
  const parsed = responseSchema(item.type).safeParse(response);
  if (!parsed.success) throw new AttemptError("bad-response", `that is not a ${item.type} answer`);
  if (item.type === "numeric") return;
  const options = new Set(entry.order);
  const ids =
    item.type === "single-choice" || item.type === "hotspot"
      ? [response as string]
      : item.type === "matching"
        ? Object.keys(response as object)
        : (response as string[]);
  for (const id of ids)
    if (!options.has(id)) throw new AttemptError("bad-response", `item ${entry.id} has no option ${id}`);
  if (
    item.type === "multiple-response" &&
    (new Set(ids).size !== ids.length || ids.length !== item.key.length)
  ) {
    throw new AttemptError("bad-response", `choose exactly ${item.key.length} different options`);
  }
  if (item.type === "ordering" && (new Set(ids).size !== ids.length || ids.length !== entry.order.length)) {
    throw new AttemptError("bad-response", "put every option in order exactly once");
  }
  if (item.type === "matching") {
    const cats = new Set(item.categories.map((c) => c.id));
    for (const c of Object.values(response as Record<string, string>)) {
      if (!cats.has(c)) throw new AttemptError("bad-response", `item ${entry.id} has no category ${c}`);
    }
  }
}

/**
 * Whether the key, rationales and correctness of an item may be shown to the candidate now: only in
 * a behaviour with immediate feedback (tutor), and only once the answer is final. Every transport
 * asks this one rule, so none can show feedback early.
 */
export function feedbackVisible(state: AttemptState, itemId: string): boolean {
  return state.behaviour.immediateFeedback && state.final.has(itemId);
}

/** A summary for the review screen: answered, unanswered and flagged items by position. */
export function reviewScreen(
  state: AttemptState,
): { position: number; itemId: string; answered: boolean; flagged: boolean }[] {
  return state.form.map((f, i) => ({
    position: i,
    itemId: f.id,
    answered: state.responses.has(f.id),
    flagged: state.flags.has(f.id),
  }));
}
