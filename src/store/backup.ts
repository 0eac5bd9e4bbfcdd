/**
 * Backup and restore of a whole store, on either database: one consistent snapshot (a single
 * read transaction, REPEATABLE READ on PostgreSQL) written as gzipped JSON lines — a header, then
 * one line per row — and restored into an empty store in one transaction. The format is the same
 * for both databases, so a backup of an SQLite store restores into PostgreSQL and back.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { type Kysely, sql } from "kysely";
import { InputError } from "../core/input-error.js";
import { migrations } from "./migrations/index.js";
import type { Database } from "./schema.js";
import type { Store } from "./store.js";

export const BACKUP_FORMAT = "certpath-backup";
export const BACKUP_VERSION = 1;

/**
 * Tables in the order rows must be restored (parents first), with the columns that order them.
 * Transient state is left out: servers' heartbeats, sign-in throttling (login_failures) and
 * starts in progress (start_locks).
 */
const TABLES: { name: keyof Database; order: string[]; serial?: string }[] = [
  { name: "users", order: ["id"] },
  { name: "sessions", order: ["id"] },
  { name: "study_profiles", order: ["owner"] },
  { name: "cohorts", order: ["id"] },
  { name: "cohort_members", order: ["cohort_id", "email"] },
  { name: "assignments", order: ["id"] },
  { name: "parameter_versions", order: ["id"], serial: "id" },
  { name: "item_parameters", order: ["version_id", "item_id"] },
  { name: "attempts", order: ["id"] },
  { name: "attempt_steps", order: ["attempt_id", "seq"] },
  { name: "responses", order: ["attempt_id", "item_id"] },
  { name: "item_reports", order: ["id"], serial: "id" },
  { name: "audit_log", order: ["id"], serial: "id" },
  { name: "item_versions", order: ["item_id", "version"] },
  { name: "bank_items", order: ["id"] },
];
const PAGE = 2000;

export interface BackupSummary {
  rows: Record<string, number>;
  createdAt: string;
}

export async function backupStore(store: Store, file: string, now: Date): Promise<BackupSummary> {
  const temp = `${file}.${process.pid}.tmp`;
  const gzip = createGzip();
  const out = createWriteStream(temp);
  gzip.pipe(out);
  const write = async (line: unknown) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, "drain");
  };
  const rows: Record<string, number> = {};
  const createdAt = now.toISOString();
  try {
    let tx = store.db.transaction();
    if (store.dialect === "postgres") tx = tx.setIsolationLevel("repeatable read");
    await tx.execute(async (trx) => {
      await write({
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt,
        dialect: store.dialect,
        migrations: Object.keys(migrations),
        tables: TABLES.map((t) => t.name),
      });
      for (const table of TABLES) {
        rows[table.name] = 0;
        for (let offset = 0; ; offset += PAGE) {
          let query = loose(trx).selectFrom(table.name).selectAll();
          for (const column of table.order) query = query.orderBy(column);
          const page = await query.limit(PAGE).offset(offset).execute();
          for (const row of page) await write({ table: table.name, row });
          rows[table.name] = (rows[table.name] ?? 0) + page.length;
          if (page.length < PAGE) break;
        }
      }
    });
    gzip.end();
    await once(out, "close");
    renameSync(temp, file);
  } catch (e) {
    gzip.destroy();
    out.destroy();
    rmSync(temp, { force: true });
    throw e;
  }
  return { rows, createdAt };
}

/** Restores a backup into an empty store (migrated to the same or a later schema); all or nothing. */
export async function restoreStore(store: Store, file: string): Promise<BackupSummary> {
  const rows: Record<string, number> = {};
  type Header = { format?: string; version?: number; createdAt?: string; migrations?: string[] };
  const read: { header?: Header } = {};
  let lineNo = 0;
  const known = new Set(TABLES.map((t) => t.name as string));
  try {
    await store.db.transaction().execute(async (trx) => {
      for (const table of TABLES) {
        const any = await loose(trx)
          .selectFrom(table.name)
          .select(sql<number>`1`.as("one"))
          .limit(1)
          .execute();
        if (any.length)
          throw new InputError(
            `the target store is not empty (table ${table.name} has rows); restore needs an empty store`,
          );
      }
      let batch: { table: string; row: Record<string, unknown> }[] = [];
      const flush = async () => {
        for (const [table, group] of groupBy(batch)) {
          await loose(trx).insertInto(table).values(group).execute();
        }
        batch = [];
      };
      // Opened here, right before reading: a readline interface drops lines emitted before iteration starts.
      const lines = createInterface({
        input: createReadStream(file).pipe(createGunzip()),
        crlfDelay: Infinity,
      });
      for await (const text of lines) {
        lineNo++;
        if (!text.trim()) continue;
        let line: unknown;
        try {
          line = JSON.parse(text);
        } catch {
          throw new InputError("is not a certpath backup (a line is not JSON)", { file, line: lineNo });
        }
        const header = read.header;
        if (!header) {
          const first = line as Header;
          read.header = first;
          if (first?.format !== BACKUP_FORMAT)
            throw new InputError("is not a certpath backup", { file, line: 1 });
          if (first.version !== BACKUP_VERSION)
            throw new InputError(
              `is a backup of format version ${first.version}; this certpath reads ${BACKUP_VERSION}`,
              { file },
            );
          const ours = Object.keys(migrations);
          const missing = (first.migrations ?? []).filter((m) => !ours.includes(m));
          if (missing.length)
            throw new InputError(
              `comes from a newer certpath (migrations ${missing.join(", ")}); upgrade first`,
              { file },
            );
          continue;
        }
        const { table, row } = line as { table?: string; row?: Record<string, unknown> };
        if (!table || !known.has(table) || !row || typeof row !== "object")
          throw new InputError("has a line that is not a row of a known table", { file, line: lineNo });
        batch.push({ table, row });
        rows[table] = (rows[table] ?? 0) + 1;
        if (batch.length >= 500) await flush();
      }
      await flush();
      if (!read.header) throw new InputError("is empty", { file });
      if (store.dialect === "postgres") {
        for (const t of TABLES.filter((x) => x.serial)) {
          await sql`SELECT setval(pg_get_serial_sequence(${t.name}, ${t.serial!}), COALESCE((SELECT MAX(${sql.ref(t.serial!)}) FROM ${sql.table(t.name)}), 0) + 1, false)`.execute(
            trx,
          );
        }
      }
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new InputError("cannot read the backup (no such file)", { file });
    if (
      (e as NodeJS.ErrnoException).code === "Z_DATA_ERROR" ||
      (e as Error).message?.includes("incorrect header check")
    )
      throw new InputError("is not a certpath backup (not gzip data)", { file });
    throw e;
  }
  return { rows, createdAt: read.header?.createdAt ?? "" };
}

/** The store's database without its table types, for code that walks every table by name. */
function loose(db: unknown): Kysely<Record<string, Record<string, unknown>>> {
  return db as Kysely<Record<string, Record<string, unknown>>>;
}

function groupBy(
  batch: { table: string; row: Record<string, unknown> }[],
): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const { table, row } of batch) {
    const list = out.get(table) ?? [];
    list.push(row);
    out.set(table, list);
  }
  return out;
}
