/**
 * Migrations, in order. Each is applied once (Kysely's migrator records them); written in Kysely's
 * schema builder so the same migrations serve SQLite and PostgreSQL.
 */
import { type Kysely, type Migration, PostgresAdapter } from "kysely";

/** Whether the migration runs on PostgreSQL (types and identity columns differ slightly). */
function onPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export const migrations: Record<string, Migration> = {
  "0001-attempts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("attempts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("exam", "text", (c) => c.notNull())
        .addColumn("behaviour", "text", (c) => c.notNull())
        .addColumn("seed", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("finished_at", "bigint")
        .addColumn("step_count", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("attempt_steps")
        .addColumn("attempt_id", "text", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("attempt_steps_pk", ["attempt_id", "seq"])
        .execute();
      await db.schema
        .createTable("responses")
        .addColumn("attempt_id", "text", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("item_version", "integer", (c) => c.notNull())
        .addColumn("response", "text", (c) => c.notNull())
        .addColumn("answered_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("responses_pk", ["attempt_id", "item_id"])
        .execute();
      await db.schema
        .createTable("item_reports")
        .addColumn("id", onPostgres(db) ? "serial" : "integer", (c) =>
          onPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("attempt_id", "text", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("category", "text", (c) => c.notNull())
        .addColumn("comment", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("item_reports_item").on("item_reports").column("item_id").execute();
      await db.schema.createIndex("attempts_created").on("attempts").column("created_at").execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ["item_reports", "responses", "attempt_steps", "attempts"])
        await db.schema.dropTable(t).execute();
    },
  },
  "0002-servers": {
    async up(db: Kysely<unknown>) {
      // Each running server process beats here; a start that finds no live beat knows the service
      // was down, and since when, so it can leave that time off the open attempts' clocks.
      await db.schema
        .createTable("servers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("beat_at", "bigint", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("servers").execute();
    },
  },
};
