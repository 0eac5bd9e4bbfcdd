/**
 * Content sync: the bank's items are recorded in the store by id and version. An item whose
 * delivered or scored content changed since its last recorded version becomes a new version
 * (whatever its file says); attempts keep the version they saw, looked up here by id and version.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { BankItem } from "../../core/items/item.js";
import type { Database } from "../schema.js";

/** Fields that do not change what a candidate sees or how it is scored. */
const BOOKKEEPING = new Set([
  "version",
  "status",
  "review",
  "tags",
  "difficulty",
  "timeSeconds",
  "enemies",
  "generated",
]);

export function contentHash(item: BankItem): string {
  const content = Object.fromEntries(
    Object.entries(item)
      .filter(([k]) => !BOOKKEEPING.has(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

export interface SyncResult {
  /** The items with the version the store gives them. */
  items: BankItem[];
  added: number;
  changed: number;
  unchanged: number;
}

export async function syncItems(
  db: Kysely<Database>,
  items: readonly BankItem[],
  now: number,
): Promise<SyncResult> {
  const latest = new Map<string, { version: number; hash: string }>();
  const rows = await db.selectFrom("item_versions").select(["item_id", "version", "hash"]).execute();
  for (const r of rows) {
    const seen = latest.get(r.item_id);
    if (!seen || r.version > seen.version)
      latest.set(r.item_id, { version: Number(r.version), hash: r.hash });
  }
  const out: BankItem[] = [];
  const inserts: Database["item_versions"][] = [];
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  for (const item of items) {
    const hash = contentHash(item);
    const stored = latest.get(item.id);
    if (stored && stored.hash === hash) {
      unchanged++;
      out.push(stored.version === item.version ? item : { ...item, version: stored.version });
      continue;
    }
    const version = stored ? Math.max(stored.version + 1, item.version) : item.version;
    if (stored) changed++;
    else added++;
    const versioned = { ...item, version };
    inserts.push({ item_id: item.id, version, hash, body: JSON.stringify(versioned), created_at: now });
    out.push(versioned);
  }
  for (let i = 0; i < inserts.length; i += 200) {
    await db
      .insertInto("item_versions")
      .values(inserts.slice(i, i + 200))
      .onConflict((oc) => oc.columns(["item_id", "version"]).doNothing())
      .execute();
  }
  return { items: out, added, changed, unchanged };
}

/** The recorded items for these (id, version) pairs. */
export async function itemVersions(
  db: Kysely<Database>,
  wanted: readonly { id: string; version: number }[],
): Promise<Map<string, BankItem>> {
  const out = new Map<string, BankItem>();
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom("item_versions")
    .select(["item_id", "version", "body"])
    .where((eb) =>
      eb.or(wanted.map((w) => eb.and([eb("item_id", "=", w.id), eb("version", "=", w.version)]))),
    )
    .execute();
  for (const r of rows) out.set(`${r.item_id}@${r.version}`, JSON.parse(r.body) as BankItem);
  return out;
}
