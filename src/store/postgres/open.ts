/**
 * The shared store: a PostgreSQL database given by URL (`postgres://user:pass@host:5432/db`). A
 * commit is durable before it returns (synchronous_commit stays on); bigint columns come back as
 * numbers (milliseconds fit exactly in a double).
 */
import { Kysely, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import { InputError } from "../../core/input-error.js";
import { migrations } from "../migrations/index.js";
import type { Database } from "../schema.js";
import type { Store } from "../store.js";

const INT8 = 20;

/** The URL as shown in messages and logs: no password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<Store> {
  const shown = redactUrl(url);
  let pool: pg.Pool;
  try {
    new URL(url);
    pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: 5000,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text")) as never,
      },
    });
    const client = await pool.connect();
    client.release();
  } catch (e) {
    throw new InputError(`cannot connect to the database (${(e as Error).message})`, { file: shown });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new InputError(`cannot migrate the database: ${(error as Error).message}`, { file: shown });
  }
  return { db, dialect: "postgres", path: shown, close: () => db.destroy() };
}
