/**
 * Migrations, in order. Each is applied once (Kysely's migrator records them); written in Kysely's
 * schema builder so the same migrations serve SQLite and PostgreSQL.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

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
  "0003-accounts": {
    async up(db: Kysely<unknown>) {
      const pg = onPostgres(db);
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("failed_logins", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("locked_until", "bigint")
        .addColumn("last_login_at", "bigint")
        .execute();
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("csrf", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
      await db.schema
        .createTable("audit_log")
        .addColumn("id", pg ? "serial" : "integer", (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("actor", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target", "text")
        .addColumn("detail", "text", (c) => c.notNull())
        .execute();
      // The candidate an attempt belongs to; null in single-user mode.
      await db.schema.alterTable("attempts").addColumn("user_id", "text").execute();
      await db.schema.createIndex("attempts_user").on("attempts").column("user_id").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("attempts_user").execute();
      await db.schema.alterTable("attempts").dropColumn("user_id").execute();
      for (const t of ["audit_log", "sessions", "users"]) await db.schema.dropTable(t).execute();
    },
  },
  "0004-item-versions": {
    async up(db: Kysely<unknown>) {
      // Every version of every item the server has delivered from, so an attempt shows and scores
      // the version it saw even after the content changes.
      await db.schema
        .createTable("item_versions")
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("item_versions_pk", ["item_id", "version"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("item_versions").execute();
    },
  },
  "0005-authoring": {
    async up(db: Kysely<unknown>) {
      // Items written in the browser: a working copy that goes draft → review → live (approved by a
      // second author), beside the published body the bank delivers while the next edit is pending.
      await db.schema
        .createTable("bank_items")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("exam", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("published", "text")
        .addColumn("editor_id", "text")
        .addColumn("approver_id", "text")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.alterTable("item_reports").addColumn("resolution", "text").execute();
      await db.schema.alterTable("item_reports").addColumn("resolved_by", "text").execute();
      await db.schema.alterTable("item_reports").addColumn("resolved_at", "bigint").execute();
    },
    async down(db: Kysely<unknown>) {
      for (const c of ["resolution", "resolved_by", "resolved_at"])
        await db.schema.alterTable("item_reports").dropColumn(c).execute();
      await db.schema.dropTable("bank_items").execute();
    },
  },
  "0006-cohorts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("cohorts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("instructor_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("cohort_members")
        .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("cohort_members_pk", ["cohort_id", "user_id"])
        .execute();
      await db.schema
        .createTable("assignments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("settings", "text", (c) => c.notNull())
        .addColumn("due_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.alterTable("attempts").addColumn("assignment_id", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("attempts").dropColumn("assignment_id").execute();
      for (const t of ["assignments", "cohort_members", "cohorts"]) await db.schema.dropTable(t).execute();
    },
  },
  "0007-login-failures": {
    async up(db: Kysely<unknown>) {
      // Failed sign-ins for emails that have no account, counted and locked out exactly as an
      // account's are, so the answers to a sign-in do not tell which emails have accounts. Only
      // throttling state: not backed up, pruned when stale.
      await db.schema
        .createTable("login_failures")
        .addColumn("email", "text", (c) => c.primaryKey())
        .addColumn("failures", "integer", (c) => c.notNull())
        .addColumn("locked_until", "bigint")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("login_failures_updated")
        .on("login_failures")
        .column("updated_at")
        .execute();
      // When an account's last failed sign-in was, so its count is forgiven after a quiet day as the
      // rows above are pruned.
      await db.schema.alterTable("users").addColumn("failed_at", "bigint").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("users").dropColumn("failed_at").execute();
      await db.schema.dropTable("login_failures").execute();
    },
  },
  "0008-item-authors": {
    async up(db: Kysely<unknown>) {
      // Everyone who saved a version of an item's working copy since it was last approved (a JSON
      // list): none of them may approve it. Null on older rows, which know their last editor only.
      await db.schema.alterTable("bank_items").addColumn("authors", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("bank_items").dropColumn("authors").execute();
    },
  },
  "0009-cohort-members-by-email": {
    async up(db: Kysely<unknown>) {
      // A cohort lists emails, and whoever has an account with one is a member: adding an email,
      // listing a cohort and its results look the same whether or not that email has an account,
      // so an instructor cannot use a cohort to learn which emails have accounts.
      await db.schema
        .createTable("cohort_member_emails")
        .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
        .addColumn("email", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("cohort_member_emails_pk", ["cohort_id", "email"])
        .execute();
      await sql`insert into cohort_member_emails (cohort_id, email)
        select m.cohort_id, u.email from cohort_members m join users u on u.id = m.user_id`.execute(db);
      await db.schema.dropTable("cohort_members").execute();
      await db.schema.alterTable("cohort_member_emails").renameTo("cohort_members").execute();
      await db.schema.createIndex("cohort_members_email").on("cohort_members").column("email").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("cohort_members_email").execute();
      await db.schema.alterTable("cohort_members").renameTo("cohort_member_emails").execute();
      await db.schema
        .createTable("cohort_members")
        .addColumn("cohort_id", "text", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("cohort_members_pk", ["cohort_id", "user_id"])
        .execute();
      await sql`insert into cohort_members (cohort_id, user_id)
        select m.cohort_id, u.id from cohort_member_emails m join users u on u.email = m.email`.execute(db);
      await db.schema.dropTable("cohort_member_emails").execute();
    },
  },
  "0010-start-locks": {
    async up(db: Kysely<unknown>) {
      // One start at a time per user, across every server on the store: a start checks the user's
      // other attempts (items held back, an assignment already taken) and then inserts the new one,
      // holding this row between. A lease (expires_at) frees the lock of a process that died holding
      // it. Only transient state: not backed up.
      await db.schema
        .createTable("start_locks")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("start_locks").execute();
    },
  },
  "0011-parameter-versions": {
    async up(db: Kysely<unknown>) {
      // Item parameters calibrated from an exam's finished attempts (`certpath calibrate --exam`):
      // each run is a new version, never changed; its items' parameters, standard errors and fit.
      const pg = onPostgres(db);
      await db.schema
        .createTable("parameter_versions")
        .addColumn("id", pg ? "serial" : "integer", (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("exam", "text", (c) => c.notNull())
        .addColumn("model", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("converged", "integer", (c) => c.notNull())
        .addColumn("iterations", "integer", (c) => c.notNull())
        .addColumn("log_lik", "double precision", (c) => c.notNull())
        .addColumn("notes", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("parameter_versions_exam")
        .on("parameter_versions")
        .column("exam")
        .execute();
      await db.schema
        .createTable("item_parameters")
        .addColumn("version_id", "integer", (c) =>
          c.notNull().references("parameter_versions.id").onDelete("cascade"),
        )
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("a", "double precision", (c) => c.notNull())
        .addColumn("b", "double precision", (c) => c.notNull())
        .addColumn("c", "double precision", (c) => c.notNull())
        .addColumn("se_a", "double precision")
        .addColumn("se_b", "double precision")
        .addColumn("se_c", "double precision")
        .addColumn("responses", "double precision", (c) => c.notNull())
        .addColumn("p_value", "double precision", (c) => c.notNull())
        .addColumn("fit", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("item_parameters_pk", ["version_id", "item_id"])
        .execute();
      // The parameter version current when the attempt started (null: the authors' priors). Its
      // scoring, report, resumption and CAT keep using that version when a newer one is written.
      await db.schema.alterTable("attempts").addColumn("parameter_version", "integer").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("attempts").dropColumn("parameter_version").execute();
      await db.schema.dropTable("item_parameters").execute();
      await db.schema.dropTable("parameter_versions").execute();
    },
  },
  "0012-study-profiles": {
    async up(db: Kysely<unknown>) {
      // Each user's study profile (core/study/profile.ts): the goal (exam, date, hours a week) and the
      // eligibility profile, as JSON checked on the way in. `owner` is the user's id, or "local" for
      // the one person of single-user mode.
      await db.schema
        .createTable("study_profiles")
        .addColumn("owner", "text", (c) => c.primaryKey())
        .addColumn("goal", "text")
        .addColumn("eligibility", "text")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("study_profiles").execute();
    },
  },
};
