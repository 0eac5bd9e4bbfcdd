/** Opening the store a target names: a PostgreSQL URL, or an SQLite file (default ~/.certpath/certpath.db). */
import { openPostgresStore } from "./postgres/open.js";
import { openSqliteStore } from "./sqlite/open.js";
import { isPostgresUrl, type Store } from "./store.js";

export async function openStore(target?: string): Promise<Store> {
  if (target && isPostgresUrl(target)) return openPostgresStore(target);
  return openSqliteStore(target);
}
