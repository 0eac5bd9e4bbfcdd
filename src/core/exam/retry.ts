/**
 * Commands sent again: a client sends each command with the step number it last saw, and may send
 * it twice (a retry after a lost reply). This rule decides, from the steps logged since then,
 * whether the command is a retry of one already logged (answer with the current state, change
 * nothing), safe to apply (nothing the candidate did or saw has changed since), or stale (another
 * tab, the engine or the clock moved the attempt on: refuse, and show the current state).
 */
import type { Command } from "./attempt.js";
import type { Step } from "./steps.js";

/** Steps that record the server's own bookkeeping, not anything the candidate did or saw. */
export const SERVER_STEPS: ReadonlySet<Step["kind"]> = new Set<Step["kind"]>(["open", "close", "heartbeat"]);

export type RetryVerdict = "duplicate" | "apply" | "stale";

/** What to do with `command`, sent by a client that had seen the first `seq` steps of `log`. */
export function retryVerdict(log: readonly Step[], seq: number, command: Command): RetryVerdict {
  if (seq > log.length) return "stale";
  const since = log.slice(seq);
  if (since.some((s) => sameCommand(s, command))) return "duplicate";
  return since.every((s) => SERVER_STEPS.has(s.kind)) ? "apply" : "stale";
}

/** Whether a logged step is what `command` would have written. */
export function sameCommand(step: Step, command: Command): boolean {
  if (step.kind !== command.kind) return false;
  const { seq: _s, at: _a, ...body } = step as Step & Record<string, unknown>;
  if (command.kind === "finish") return (body as { reason?: string }).reason === "candidate";
  return sameJson(body, { ...command });
}

/** Deep equality of JSON values (objects compared by their own keys, in any order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameJson(x, other[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
