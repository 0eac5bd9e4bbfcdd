/**
 * The embedded store: one SQLite file (default ~/.certpath/certpath.db; CERTPATH_HOME moves the folder,
 * --db names the file). WAL with synchronous=FULL, so a committed step survives a crash or kill -9.
 */
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, type LogConfig, Migrator, SqliteDialect } from "kysely";
import { InputError } from "../../core/input-error.js";
import { migrations } from "../migrations/index.js";
import type { Database } from "../schema.js";
import type { Store } from "../store.js";

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.CERTPATH_HOME ? resolve(env.CERTPATH_HOME) : join(homedir(), ".certpath");
  return join(home, "certpath.db");
}

export type { Store } from "../store.js";

export async function openSqliteStore(
  path: string = defaultDatabasePath(),
  options: { log?: LogConfig } = {},
): Promise<Store> {
  let raw: SqliteDatabase.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    raw = new SqliteDatabase(path);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL");
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 5000");
  } catch (e) {
    throw new InputError(`cannot open the database (${(e as Error).message})`, { file: path });
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    ...(options.log ? { log: options.log } : {}),
  });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new InputError(`cannot migrate the database: ${(error as Error).message}`, { file: path });
  }
  return { db, dialect: "sqlite", path, close: () => db.destroy() };
}
