/**
 * A store: a Kysely database of the certpath schema, on SQLite (embedded, one file) or PostgreSQL
 * (a shared server). The same repositories and migrations serve both.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  path: string;
  close(): Promise<void>;
}

/** Whether a database target names a PostgreSQL server rather than an SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}
