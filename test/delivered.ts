/**
 * Answering a delivered item as a test candidate who knows the bank: the server names options and
 * categories by opaque per-attempt ids, so an authored response is translated through the texts the
 * delivered item shows.
 */
import type { Kysely } from "kysely";
import { replay } from "../src/core/exam/attempt.js";
import { authoredItemId, deliveredItemId, deliveryIn, toDelivered } from "../src/core/exam/delivery.js";
import { type BankItem, keyAsResponse } from "../src/core/items/item.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { openStore } from "../src/store/open.js";
import type { Database } from "../src/store/schema.js";

interface Shown {
  options: { id: string; text: string }[];
  categories?: { id: string; text: string }[];
}

/** `response` (in authored ids) in the ids `shown` delivers. */
export function asDelivered(shown: Shown, item: BankItem, response: unknown): unknown {
  if (item.type === "numeric") return response;
  const byText = (list: { id: string; text: string }[], text: string) => {
    const found = list.find((o) => o.text === text);
    if (!found) throw new Error(`item ${item.id}: no delivered choice reads "${text}"`);
    return found.id;
  };
  const opt = (id: string) => byText(shown.options, item.options.find((o) => o.id === id)!.text);
  if (typeof response === "string") return opt(response);
  if (Array.isArray(response)) return response.map((id: string) => opt(id));
  if (item.type === "matching" && response && typeof response === "object") {
    return Object.fromEntries(
      Object.entries(response as Record<string, string>).map(([o, c]) => [
        opt(o),
        byText(shown.categories ?? [], item.categories.find((x) => x.id === c)!.text),
      ]),
    );
  }
  return response;
}

/** The key of `item` in the ids `shown` delivers. */
export function deliveredKey(shown: Shown, item: BankItem): unknown {
  return asDelivered(shown, item, keyAsResponse(item));
}

/** `response` (in authored ids) in the ids an attempt in `db` delivers its item `itemId` under. */
export async function deliveredIn(
  db: Kysely<Database>,
  attemptId: string,
  items: ReadonlyMap<string, BankItem>,
  itemId: string,
  response: unknown,
): Promise<unknown> {
  const state = replay(await new AttemptRepository(db).steps(attemptId));
  return toDelivered(deliveryIn(state, items, itemId), response);
}

/**
 * The bank item behind the item id an attempt in `db` delivered (`deliveredId`), under that id: a
 * generated item is delivered under an alias while its attempt runs, so it is looked up through the
 * attempt's form, and commands name it by the alias.
 */
export async function shownItem(
  db: Kysely<Database>,
  attemptId: string,
  items: ReadonlyMap<string, BankItem>,
  deliveredId: string,
): Promise<BankItem> {
  const state = replay(await new AttemptRepository(db).steps(attemptId));
  const id = authoredItemId(state, deliveredId);
  const item = id === undefined ? undefined : items.get(id);
  if (!item) throw new Error(`attempt ${attemptId} delivered no item ${deliveredId}`);
  return { ...item, id: deliveredId };
}

/**
 * The items of a linear attempt's form in the store at `target` (under their delivered ids, see
 * `shownItem`) with their real ids, by the ids the attempt delivers them under, read once: for tests that drive a server in another process.
 */
export async function formByDeliveredId(
  target: string,
  attemptId: string,
  items: ReadonlyMap<string, BankItem>,
): Promise<Map<string, { item: BankItem; realId: string }>> {
  const store = await openStore(target);
  try {
    const state = replay(await new AttemptRepository(store.db).steps(attemptId));
    return new Map(
      state.form.map((f) => {
        const id = deliveredItemId(state.seed, f.id);
        return [id, { item: { ...items.get(f.id)!, id }, realId: f.id }];
      }),
    );
  } finally {
    await store.close();
  }
}

/**
 * The key of the item an attempt in `db` delivered under `deliveredId` (a generated item's alias
 * included), in the ids that attempt delivers it under.
 */
export async function deliveredKeyIn(
  db: Kysely<Database>,
  attemptId: string,
  items: ReadonlyMap<string, BankItem>,
  deliveredId: string,
): Promise<unknown> {
  const state = replay(await new AttemptRepository(db).steps(attemptId));
  const id = authoredItemId(state, deliveredId);
  const item = id === undefined ? undefined : items.get(id);
  if (!item) throw new Error(`attempt ${attemptId} delivered no item ${deliveredId}`);
  return toDelivered(deliveryIn(state, items, item.id), keyAsResponse(item));
}
