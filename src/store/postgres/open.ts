/**
 * The shared store: a PostgreSQL database given by URL (`postgres://user:pass@host:5432/db`). A
 * commit is durable before it returns (synchronous_commit stays on); bigint columns come back as
 * numbers (milliseconds fit exactly in a double).
 */
import { Kysely, type LogConfig, Migrator, PostgresDialect } from "kysely";
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

/**
 * Which statement texts run as named prepared statements: a statement is named the third time its
 * text is seen, so PostgreSQL parses and plans it once per connection instead of on every call (the
 * append of an answer, the reads of a live attempt). At most PREPARED_MAX texts are named; texts
 * that vary (an IN list's length) stay unnamed, and the tally of texts seen is bounded too. A
 * `select *` is never named: a prepared plan cannot survive a migration adding a column.
 */
export class PreparedNames {
  static readonly PREPARED_MAX = 200;
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();

  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= PreparedNames.PREPARED_MAX) return name;
    // Data statements only, and none whose result columns a later migration could change (`*`).
    if (!/^\s*(select|insert|update|delete|with)\b/i.test(text) || /(select|returning)\s+\*|\.\*/i.test(text))
      return undefined;
    const times = (this.seen.get(text) ?? 0) + 1;
    if (times < 3) {
      if (this.seen.size >= 10_000) this.seen.clear();
      this.seen.set(text, times);
      return undefined;
    }
    this.seen.delete(text);
    const named = `certpath_${this.names.size + 1}`;
    this.names.set(text, named);
    return named;
  }
}

/** Sends the statements `names` names as named (prepared) statements on this connection. */
function prepareOften(client: pg.PoolClient, names: PreparedNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === "string" && Array.isArray(values) && values.length > 0) {
      const name = names.nameFor(text);
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  }) as typeof client.query;
}

export async function openPostgresStore(
  url: string,
  options: { max?: number; log?: LogConfig } = {},
): Promise<Store> {
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
    const names = new PreparedNames();
    pool.on("connect", (client) => prepareOften(client, names));
    const client = await pool.connect();
    client.release();
  } catch (e) {
    throw new InputError(`cannot connect to the database (${(e as Error).message})`, { file: shown });
  }
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(options.log ? { log: options.log } : {}),
  });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new InputError(`cannot migrate the database: ${(error as Error).message}`, { file: shown });
  }
  return { db, dialect: "postgres", path: shown, close: () => db.destroy() };
}
