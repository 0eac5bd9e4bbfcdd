/**
 * Starting an attempt: the assembled form becomes the start step, with every option shuffle frozen
 * into it (seeded), so replaying the log always shows the same order.
 */
import type { FormItem } from "../assembly/assemble.js";
import type { BankItem } from "../items/item.js";
import { keyedRandom } from "../random/keyed.js";
import type { BehaviourName } from "./behaviour.js";
import type { FormEntry, StepBody } from "./steps.js";

/** The delivered entry of one item: its place in the blueprint and its frozen option order. */
export function formEntry(item: BankItem, place: Omit<FormItem, "id">, seed: string): FormEntry {
  const ids = item.type === "numeric" ? [] : item.options.map((o) => o.id);
  const order = item.shuffle ? keyedRandom(seed, `options:${item.id}`).shuffle(ids) : ids;
  return { id: item.id, ...place, order, version: item.version };
}

export interface StartRequest {
  exam: string;
  behaviour: BehaviourName;
  seed: string;
  /** The assembled form (exam, tutor); empty for adaptive attempts, whose items the engine selects. */
  form: readonly FormItem[];
  items: ReadonlyMap<string, BankItem>;
  timeLimitMs: number | null;
  maxItems?: number;
  catRules?: "exam" | "practice";
}

export function startBody(req: StartRequest): StepBody {
  const form = req.form.map((f) => {
    const item = req.items.get(f.id);
    if (!item) throw new Error(`form item ${f.id} is not in the bank`);
    const { id: _id, ...place } = f;
    return formEntry(item, place, req.seed);
  });
  return {
    kind: "start",
    exam: req.exam,
    behaviour: req.behaviour,
    seed: req.seed,
    form,
    timeLimitMs: req.timeLimitMs,
    ...(req.maxItems ? { maxItems: req.maxItems } : {}),
    ...(req.catRules ? { catRules: req.catRules } : {}),
  };
}
