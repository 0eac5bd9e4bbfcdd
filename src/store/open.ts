/** Opening the store a target names: a PostgreSQL URL, or an SQLite file (default ~/.certpath/certpath.db). */
import type { LogConfig } from "kysely";
import { openPostgresStore } from "./postgres/open.js";
import { openSqliteStore } from "./sqlite/open.js";
import { isPostgresUrl, type Store } from "./store.js";

/** `log` sees every statement sent (Kysely's log: tests count them). */
export async function openStore(target?: string, options: { log?: LogConfig } = {}): Promise<Store> {
  if (target && isPostgresUrl(target)) return openPostgresStore(target, options);
  return openSqliteStore(target, options);
}
