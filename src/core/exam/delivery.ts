/**
 * Delivery: what a candidate's client sees of an item on one attempt, and the way back. Options and
 * matching categories are delivered under opaque ids drawn from the attempt's seed (a keyed
 * generator per item, HMAC-SHA-256 under the seed: see random/keyed.ts), so the ids carry nothing of the authored order: sorting them says nothing of
 * a key, the same item has other ids on another attempt, and a replay or a resume shows the same
 * ids. Categories are shuffled too. Only the holder of the attempt's seed (the server, or the local
 * CLI) maps delivered ids back to authored ones, for grading and for the log.
 *
 * Generated (computed) items are delivered under an opaque item id as well while the attempt runs:
 * their real id (`gen-<family>-<parameters>`) rebuilds the whole item, key and rationales included,
 * from the public source. The alias is `gen-` and a keyed hash of the real id under the attempt's
 * seed, so the server (which stores the seed) maps it back after a restart, and it says nothing of
 * the item. Authored items keep their ids. Once the attempt is finished the real ids show.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { addHotspot, type BankItem, type DeliveredItem, positionLabel } from "../items/item.js";
import { keyedRandom } from "../random/keyed.js";
import type { Random } from "../random/seeded.js";
import { AttemptError, type AttemptState, type Command } from "./attempt.js";
import type { FormEntry, Step } from "./steps.js";

/** Letters and digits of delivered ids (32 symbols: no 0/1/l/o to read them aloud). */
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const ID_LENGTH = 10;

const encoder = new TextEncoder();

/** Whether an item id is a generated item's (its id rebuilds the item, key and all). */
export function isGeneratedId(itemId: string): boolean {
  return itemId.startsWith("gen-");
}

/**
 * The id the candidate's client knows an item of the attempt with `seed` by while it runs: an
 * authored item's own id, a generated item's opaque alias (`gen-` and 16 hex digits of
 * HMAC-SHA-256 of the id under the seed, which no family id pattern `gen-<family>-<hex>` matches).
 */
export function deliveredItemId(seed: string, itemId: string): string {
  if (!isGeneratedId(itemId)) return itemId;
  const mac = hmac(sha256, encoder.encode(seed), encoder.encode(`item-alias\u0000${itemId}`));
  return `gen-${bytesToHex(mac).slice(0, 16)}`;
}

/**
 * The real id of the form item of `state` the client named `delivered`, or undefined when none is.
 * While the attempt runs a generated item is known by its alias only (its real id names no item
 * here); once it is finished, by either.
 */
export function authoredItemId(state: AttemptState, delivered: string): string | undefined {
  const real = state.form.some((f) => f.id === delivered);
  if (real && (!isGeneratedId(delivered) || state.status !== "in-progress")) return delivered;
  return state.form.find((f) => isGeneratedId(f.id) && deliveredItemId(state.seed, f.id) === delivered)?.id;
}

/** The delivered ids of one item on one attempt, both ways. */
export interface Delivery {
  item: BankItem;
  /** The item's id as the client knows it (an alias for a generated item). */
  deliveredId: string;
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
    deliveredId: deliveredItemId(seed, item.id),
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
  const view: DeliveredItem = { id: d.deliveredId, type: item.type, stem: item.stem, options: [] };
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
  if (item.type === "hotspot") addHotspot(view, item, d.entry.order);
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
      throw new AttemptError(
        "bad-response",
        `${where}: item ${d.deliveredId} has no option ${JSON.stringify(id)}`,
      );
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
          `${field}.${o}: item ${d.deliveredId} has no category ${JSON.stringify(c)}`,
        );
      out[a] = cat;
    }
    return out;
  }
  return response;
}

/**
 * A command a client sent in delivered ids, in authored ids: item ids (a generated item's alias),
 * answers and strike-throughs change. An item id not on the attempt is refused naming it as sent.
 */
export function authoredCommand(
  state: AttemptState,
  items: ReadonlyMap<string, BankItem>,
  command: Command,
): Command {
  if (!("itemId" in command)) return command;
  const itemId = authoredItemId(state, command.itemId);
  if (itemId === undefined)
    throw new AttemptError("not-in-form", `itemId: item ${command.itemId} is not on this attempt`);
  if (command.kind === "answer") {
    const d = deliveryIn(state, items, itemId);
    return { ...command, itemId, response: toAuthored(d, command.response) };
  }
  if (command.kind === "strike") {
    const d = deliveryIn(state, items, itemId);
    const optionId = d.authoredOption.get(command.optionId);
    if (optionId === undefined)
      throw new AttemptError(
        "bad-response",
        `optionId: item ${command.itemId} has no option ${JSON.stringify(command.optionId)}`,
      );
    return { ...command, itemId, optionId };
  }
  return { ...command, itemId };
}

/**
 * An attempt's log as its candidate may read it. No form entry ever says whether it was a pretest
 * item (the real exams never say which items were unscored). A finished attempt's log is otherwise
 * given whole, except, for an attempt that held pretest items, the seed (the form's assembly can be
 * replayed from it) and the adaptive engine's estimates on its select steps (θ does not move after
 * an unscored item, so the estimates would name every pretest item). While the attempt runs, nothing in it may tell an answer: the seed and the
 * adaptive engine's estimates (θ, SE) are left out, form entries give no domain, subdomain or task
 * (their counts against the published quotas would tell how many pretest items a domain holds),
 * generated items are named by their aliases and option ids are given as delivered.
 */
export function candidateLog(steps: readonly Step[], items: ReadonlyMap<string, BankItem>): unknown[] {
  const start = steps[0];
  if (start?.kind !== "start") return [];
  if (steps.some((s) => s.kind === "finish")) {
    const entries = [...start.form, ...steps.flatMap((s) => (s.kind === "select" ? [s.entry] : []))];
    const hadPretest = entries.some((e) => e.pretest);
    const unflagged = ({ pretest: _pretest, ...entry }: FormEntry) => entry;
    return steps.map((s) => {
      if (s.kind === "start") {
        const { seed, form, ...rest } = s;
        return { ...rest, ...(hadPretest ? {} : { seed }), form: form.map(unflagged) };
      }
      if (s.kind === "select") {
        // θ stands still after an unscored item, so with pretest items the estimates would name them.
        const { theta: _theta, se: _se, ...rest } = s;
        return { ...(hadPretest ? rest : s), entry: unflagged(s.entry) };
      }
      return s;
    });
  }
  const seed = start.seed;
  const alias = (itemId: string) => deliveredItemId(seed, itemId);
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
      id: alias(entry.id),
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
        return { ...s, itemId: alias(s.itemId), response: d ? toDelivered(d, s.response) : null };
      }
      case "strike": {
        const d = deliveryOfId(s.itemId);
        return { ...s, itemId: alias(s.itemId), optionId: d?.option.get(s.optionId) ?? "" };
      }
      case "submit":
      case "flag":
      case "confidence":
      case "report":
        return { ...s, itemId: alias(s.itemId) };
      default:
        return s;
    }
  });
}
