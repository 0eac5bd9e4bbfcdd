/**
 * Delivery: what a candidate's client sees of an item on one attempt, and the way back. Options and
 * matching categories are delivered under opaque ids drawn from the attempt's seed (a keyed
 * generator per item, HMAC-SHA-256 under the seed: see random/keyed.ts), so the ids carry nothing of the authored order: sorting them says nothing of
 * a key, the same item has other ids on another attempt, and a replay or a resume shows the same
 * ids. Categories are shuffled too. Only the holder of the attempt's seed (the server, or the local
 * CLI) maps delivered ids back to authored ones, for grading and for the log.
 */
import { type BankItem, type DeliveredItem, positionLabel } from "../items/item.js";
import { keyedRandom } from "../random/keyed.js";
import type { Random } from "../random/seeded.js";
import { AttemptError, type AttemptState, type Command } from "./attempt.js";
import type { FormEntry, Step } from "./steps.js";

/** Letters and digits of delivered ids (32 symbols: no 0/1/l/o to read them aloud). */
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const ID_LENGTH = 10;

/** The delivered ids of one item on one attempt, both ways. */
export interface Delivery {
  item: BankItem;
  entry: FormEntry;
  /** Authored option id → delivered id. */
  option: Map<string, string>;
  /** Delivered option id → authored id. */
  authoredOption: Map<string, string>;
  /** Authored category id → delivered id (matching). */
  category: Map<string, string>;
  /** Delivered category id → authored id (matching). */
  authoredCategory: Map<string, string>;
  /** Authored category ids in the delivered order (matching). */
  categoryOrder: string[];
}

/** Opaque ids for `authored` (in a fixed order), drawn from `rng`, distinct from each other and from `taken`. */
function opaqueIds(rng: Random, authored: readonly string[], taken: Set<string>): Map<string, string> {
  const tokens: string[] = [];
  // A repeat among 32^10 ids is all but impossible; the bound only keeps the loop finite.
  for (let tries = 0; tokens.length < authored.length; tries++) {
    if (tries > 1000) throw new Error("could not draw distinct delivered ids");
    let t = "";
    for (let i = 0; i < ID_LENGTH; i++) t += ALPHABET[rng.int(ALPHABET.length)];
    if (taken.has(t)) continue;
    taken.add(t);
    tokens.push(t);
  }
  // Tokens are handed out in a shuffled order, so even the order they were drawn in says nothing.
  const order = rng.shuffle(authored.map((_, i) => i));
  return new Map(authored.map((id, i) => [id, tokens[order[i]!]!]));
}

/** The delivery of `item` on the attempt with `seed`, as `entry` (its frozen option order) placed it. */
export function deliveryOf(seed: string, entry: FormEntry, item: BankItem): Delivery {
  const rng = keyedRandom(seed, `delivery:${item.id}`);
  const taken = new Set<string>();
  const authoredOptions = item.type === "numeric" ? [] : item.options.map((o) => o.id);
  const option = opaqueIds(rng, authoredOptions, taken);
  const authoredCategories = item.type === "matching" ? item.categories.map((c) => c.id) : [];
  const category = opaqueIds(rng, authoredCategories, taken);
  // Categories are always shuffled: in authored order, category i was often the key of option i.
  const categoryOrder = rng.shuffle(authoredCategories);
  const invert = (m: Map<string, string>) => new Map([...m].map(([a, d]) => [d, a]));
  return {
    item,
    entry,
    option,
    authoredOption: invert(option),
    category,
    authoredCategory: invert(category),
    categoryOrder,
  };
}

/** The delivery of a form item of `state`; AttemptError when the item is not on it or not in `items`. */
export function deliveryIn(
  state: AttemptState,
  items: ReadonlyMap<string, BankItem>,
  itemId: string,
): Delivery {
  const entry = state.form.find((f) => f.id === itemId);
  if (!entry) throw new AttemptError("not-in-form", `itemId: item ${itemId} is not on this attempt`);
  const item = items.get(itemId);
  if (!item) throw new AttemptError("not-in-form", `itemId: item ${itemId} is not in the bank`);
  return deliveryOf(state.seed, entry, item);
}

/** What the candidate sees of the item: no key, no rationale, delivered ids in the delivered orders. */
export function deliveredView(d: Delivery): DeliveredItem {
  const { item } = d;
  const view: DeliveredItem = { id: item.id, type: item.type, stem: item.stem, options: [] };
  if (item.scenario) view.scenario = { ...item.scenario };
  if (item.type === "numeric") {
    view.unit = item.key.unit;
    return view;
  }
  const byId = new Map(item.options.map((o) => [o.id, o]));
  view.options = d.entry.order.map((id, i) => ({
    id: d.option.get(id)!,
    label: positionLabel(i),
    text: byId.get(id)!.text,
  }));
  if (item.type === "multiple-response") view.select = item.key.length;
  if (item.type === "matching") {
    const text = new Map(item.categories.map((c) => [c.id, c.text]));
    view.categories = d.categoryOrder.map((c) => ({ id: d.category.get(c)!, text: text.get(c)! }));
  }
  return view;
}

/** A response (or key) in authored ids, as the candidate's client knows it: in delivered ids. */
export function toDelivered(d: Delivery, response: unknown): unknown {
  const opt = (id: unknown) => (typeof id === "string" ? (d.option.get(id) ?? id) : id);
  const cat = (id: unknown) => (typeof id === "string" ? (d.category.get(id) ?? id) : id);
  if (d.item.type === "numeric" || response === null || response === undefined) return response;
  if (typeof response === "string") return opt(response);
  if (Array.isArray(response)) return response.map(opt);
  if (typeof response === "object")
    return Object.fromEntries(Object.entries(response).map(([o, c]) => [opt(o), cat(c)]));
  return response;
}

/**
 * A response in delivered ids, in authored ids. An id this delivery does not know is refused with
 * one sentence naming the field (`field`, e.g. "response"). A response of the wrong shape is passed
 * on unchanged for the attempt to refuse.
 */
export function toAuthored(d: Delivery, response: unknown, field = "response"): unknown {
  const { item } = d;
  const opt = (id: unknown, where: string): unknown => {
    if (typeof id !== "string") return id;
    const a = d.authoredOption.get(id);
    if (a === undefined)
      throw new AttemptError("bad-response", `${where}: item ${item.id} has no option ${JSON.stringify(id)}`);
    return a;
  };
  if (item.type === "numeric" || response === null || response === undefined) return response;
  if (typeof response === "string") return opt(response, field);
  if (Array.isArray(response)) return response.map((id, i) => opt(id, `${field}[${i}]`));
  if (typeof response === "object") {
    const out: Record<string, unknown> = {};
    for (const [o, c] of Object.entries(response)) {
      const a = opt(o, field) as string;
      if (typeof c !== "string") {
        out[a] = c;
        continue;
      }
      const cat = d.authoredCategory.get(c);
      if (cat === undefined)
        throw new AttemptError(
          "bad-response",
          `${field}.${o}: item ${item.id} has no category ${JSON.stringify(c)}`,
        );
      out[a] = cat;
    }
    return out;
  }
  return response;
}

/** A command a client sent in delivered ids, in authored ids (answers and strike-throughs change). */
export function authoredCommand(
  state: AttemptState,
  items: ReadonlyMap<string, BankItem>,
  command: Command,
): Command {
  if (command.kind === "answer") {
    const d = deliveryIn(state, items, command.itemId);
    return { ...command, response: toAuthored(d, command.response) };
  }
  if (command.kind === "strike") {
    const d = deliveryIn(state, items, command.itemId);
    const optionId = d.authoredOption.get(command.optionId);
    if (optionId === undefined)
      throw new AttemptError(
        "bad-response",
        `optionId: item ${command.itemId} has no option ${JSON.stringify(command.optionId)}`,
      );
    return { ...command, optionId };
  }
  return command;
}

/**
 * An attempt's log as its candidate may read it. A finished attempt's log is given whole. While the
 * attempt runs, nothing in it may tell an answer: the seed, pretest flags and the adaptive engine's
 * estimates (θ, SE) are left out, and option ids are given as delivered.
 */
export function candidateLog(steps: readonly Step[], items: ReadonlyMap<string, BankItem>): unknown[] {
  if (steps.some((s) => s.kind === "finish")) return [...steps];
  const start = steps[0];
  if (start?.kind !== "start") return [];
  const seed = start.seed;
  const deliveries = new Map<string, Delivery | null>();
  const deliveryOfId = (itemId: string, entry?: FormEntry): Delivery | null => {
    if (!deliveries.has(itemId) && entry) {
      const item = items.get(itemId);
      deliveries.set(itemId, item ? deliveryOf(seed, entry, item) : null);
    }
    return deliveries.get(itemId) ?? null;
  };
  const shownEntry = (entry: FormEntry) => {
    const d = deliveryOfId(entry.id, entry);
    return {
      id: entry.id,
      domain: entry.domain,
      subdomain: entry.subdomain,
      task: entry.task,
      version: entry.version,
      order: d ? entry.order.map((o) => d.option.get(o) ?? "") : [],
    };
  };
  return steps.map((s) => {
    switch (s.kind) {
      case "start": {
        const { seed: _seed, form, ...rest } = s;
        return { ...rest, form: form.map(shownEntry) };
      }
      case "select":
        return { seq: s.seq, at: s.at, kind: s.kind, entry: shownEntry(s.entry) };
      case "answer": {
        const d = deliveryOfId(s.itemId);
        return { ...s, response: d ? toDelivered(d, s.response) : null };
      }
      case "strike": {
        const d = deliveryOfId(s.itemId);
        return { ...s, optionId: d?.option.get(s.optionId) ?? "" };
      }
      default:
        return s;
    }
  });
}
