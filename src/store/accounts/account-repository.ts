/**
 * Accounts in the store: users with their password hashes and roles, login sessions (stored by the
 * hash of their token), the lock-out counters, and the audit log of privileged actions.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql, type Transaction } from "kysely";
import { type Role, roles } from "../../core/accounts/roles.js";
import type { Database } from "../schema.js";

export { type Role, roles };

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: number;
  lastLoginAt: number | null;
}

export interface UserWithSecret extends User {
  passwordHash: string;
  failedLogins: number;
  lockedUntil: number | null;
}

export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`a user with the email ${email} already exists`);
    this.name = "DuplicateEmailError";
  }
}

export class LastAdminError extends Error {
  constructor() {
    super("this is the only admin account; make another user an admin first");
    this.name = "LastAdminError";
  }
}

/**
 * The lock-out policy: after `after` failures in a row, the account locks for `firstMs`, doubling
 * with each further failure up to `maxMs`; a count is forgiven `forgetMs` after its last failure.
 */
export interface LockPolicy {
  after: number;
  firstMs: number;
  maxMs: number;
  forgetMs: number;
}

/**
 * A sign-in attempt counted before its password is checked: `failures` includes this attempt, and
 * `lockedUntil` is set when this attempt reached the lock-out (cleared again if it succeeds). Or,
 * when a lock is in force, no attempt and when the lock ends.
 */
export type AttemptClaim =
  | { allowed: true; failures: number; lockedUntil: number | null }
  | { allowed: false; lockedUntil: number };

/** The new lock of a count of failures as one SQL expression (the same on SQLite and PostgreSQL). */
function lockExpression(
  failures: RawBuilder<number>,
  now: number,
  policy: LockPolicy,
): RawBuilder<number | null> {
  const steps: RawBuilder<unknown>[] = [];
  for (let k = 0; policy.firstMs * 2 ** k < policy.maxMs; k++)
    steps.push(sql`WHEN ${sql.lit(policy.after + k)} THEN ${sql.lit(policy.firstMs * 2 ** k)}`);
  return sql<
    number | null
  >`CASE WHEN ${failures} >= ${sql.lit(policy.after)} THEN CAST(${now} AS bigint) + (CASE ${failures} ${sql.join(steps, sql` `)} ELSE ${sql.lit(policy.maxMs)} END) ELSE NULL END`;
}

type UserRow = Database["users"] extends infer T ? { [K in keyof T]: unknown } : never;

function toUser(r: UserRow): UserWithSecret {
  return {
    id: r.id as string,
    email: r.email as string,
    role: r.role as Role,
    createdAt: Number(r.created_at),
    lastLoginAt: r.last_login_at === null ? null : Number(r.last_login_at),
    passwordHash: r.password_hash as string,
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
  };
}

export function publicUser(u: UserWithSecret): User {
  return { id: u.id, email: u.email, role: u.role, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt };
}

export class AccountRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(user: {
    id: string;
    email: string;
    role: Role;
    passwordHash: string;
    at: number;
  }): Promise<void> {
    const existing = await this.byEmail(user.email);
    if (existing) throw new DuplicateEmailError(user.email);
    await this.db
      .insertInto("users")
      .values({
        id: user.id,
        email: user.email.toLowerCase(),
        password_hash: user.passwordHash,
        role: user.role,
        created_at: user.at,
        locked_until: null,
        last_login_at: null,
      })
      .execute();
  }

  async byEmail(email: string): Promise<UserWithSecret | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email.toLowerCase())
      .executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async byId(id: string): Promise<UserWithSecret | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async list(limit: number, offset: number): Promise<User[]> {
    const rows = await this.db
      .selectFrom("users")
      .selectAll()
      .orderBy("email")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => publicUser(toUser(r)));
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db
      .updateTable("users")
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, failed_at: null })
      .where("id", "=", id)
      .execute();
    await this.db.deleteFrom("sessions").where("user_id", "=", id).execute();
  }

  /** Changes a role; refuses (LastAdminError) to take the role from the only admin. */
  async setRole(id: string, role: Role): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (role !== "admin") await this.keepAnAdmin(trx, id);
      await trx.updateTable("users").set({ role }).where("id", "=", id).execute();
    });
  }

  /**
   * Throws LastAdminError when `id` is the only admin. On PostgreSQL the admins' rows are locked
   * until the transaction ends, so two admins removing themselves at once cannot both pass; SQLite
   * runs one writing transaction at a time.
   */
  private async keepAnAdmin(trx: Transaction<Database>, id: string): Promise<void> {
    let admins = trx.selectFrom("users").select(["id"]).where("role", "=", "admin");
    if (trx.getExecutor().adapter instanceof PostgresAdapter) admins = admins.forUpdate();
    const rows = await admins.execute();
    if (rows.length <= 1 && rows.some((r) => r.id === id)) throw new LastAdminError();
  }

  /**
   * Counts a sign-in attempt at an account before its password is checked, in one statement, so
   * parallel attempts each see the count of those before them: at most `policy.after` are let
   * through before the lock (undefined when there is no such account).
   */
  async claimAttempt(id: string, now: number, policy: LockPolicy): Promise<AttemptClaim | undefined> {
    const failures = sql<number>`(CASE WHEN failed_at IS NOT NULL AND failed_at < ${now - policy.forgetMs} THEN 1 ELSE failed_logins + 1 END)`;
    const row = await this.db
      .updateTable("users")
      .set({ failed_logins: failures, locked_until: lockExpression(failures, now, policy), failed_at: now })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .returning(["failed_logins", "locked_until"])
      .executeTakeFirst();
    if (row) return claimed(row.failed_logins, row.locked_until);
    const user = await this.db
      .selectFrom("users")
      .select("locked_until")
      .where("id", "=", id)
      .executeTakeFirst();
    if (!user) return undefined;
    return { allowed: false, lockedUntil: Number(user.locked_until ?? now) };
  }

  /** The same count for an email that has no account, so a sign-in answers alike for both. */
  async claimUnknownAttempt(email: string, now: number, policy: LockPolicy): Promise<AttemptClaim> {
    const key = email.toLowerCase();
    const failures = sql<number>`(CASE WHEN login_failures.updated_at < ${now - policy.forgetMs} THEN 1 ELSE login_failures.failures + 1 END)`;
    const row = await this.db
      .insertInto("login_failures")
      .values({
        email: key,
        failures: 1,
        locked_until: policy.after <= 1 ? now + policy.firstMs : null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .column("email")
          .doUpdateSet({ failures, locked_until: lockExpression(failures, now, policy), updated_at: now })
          .where((eb) =>
            eb.or([
              eb("login_failures.locked_until", "is", null),
              eb("login_failures.locked_until", "<=", now),
            ]),
          ),
      )
      .returning(["failures", "locked_until"])
      .executeTakeFirst();
    if (row) return claimed(row.failures, row.locked_until);
    const held = await this.db
      .selectFrom("login_failures")
      .select("locked_until")
      .where("email", "=", key)
      .executeTakeFirst();
    return { allowed: false, lockedUntil: Number(held?.locked_until ?? now) };
  }

  /** Forgets the failed sign-ins of emails without an account last tried before `before`. */
  async pruneUnknownAttempts(before: number): Promise<void> {
    await this.db.deleteFrom("login_failures").where("updated_at", "<", before).execute();
  }

  /** A password was right: the attempt counted for it, and any before, are forgiven. */
  async clearFailures(id: string): Promise<void> {
    await this.db
      .updateTable("users")
      .set({ failed_logins: 0, locked_until: null, failed_at: null })
      .where("id", "=", id)
      .execute();
  }

  async loginSucceeded(id: string, at: number): Promise<void> {
    await this.db
      .updateTable("users")
      .set({ failed_logins: 0, locked_until: null, failed_at: null, last_login_at: at })
      .where("id", "=", id)
      .execute();
  }

  /**
   * Deletes a user with every attempt, response, report and session of theirs, in one transaction;
   * refuses (LastAdminError) to delete the only admin.
   */
  async deleteUser(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.keepAnAdmin(trx, id);
      const attempts = trx.selectFrom("attempts").select("id").where("user_id", "=", id);
      await trx.deleteFrom("item_reports").where("attempt_id", "in", attempts).execute();
      await trx.deleteFrom("responses").where("attempt_id", "in", attempts).execute();
      await trx.deleteFrom("attempt_steps").where("attempt_id", "in", attempts).execute();
      await trx.deleteFrom("attempts").where("user_id", "=", id).execute();
      await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
      const email = trx.selectFrom("users").select("email").where("id", "=", id);
      await trx.deleteFrom("cohort_members").where("email", "in", email).execute();
      const cohorts = trx.selectFrom("cohorts").select("id").where("instructor_id", "=", id);
      await trx.deleteFrom("assignments").where("cohort_id", "in", cohorts).execute();
      await trx.deleteFrom("cohort_members").where("cohort_id", "in", cohorts).execute();
      await trx.deleteFrom("cohorts").where("instructor_id", "=", id).execute();
      await trx.deleteFrom("users").where("id", "=", id).execute();
    });
  }

  async createSession(s: {
    id: string;
    userId: string;
    csrf: string;
    at: number;
    expiresAt: number;
  }): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ id: s.id, user_id: s.userId, csrf: s.csrf, created_at: s.at, expires_at: s.expiresAt })
      .execute();
  }

  async session(id: string, now: number): Promise<{ user: UserWithSecret; csrf: string } | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .selectAll("users")
      .select(["sessions.csrf", "sessions.expires_at"])
      .where("sessions.id", "=", id)
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= now) return undefined;
    return { user: toUser(row), csrf: row.csrf };
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", id).execute();
  }

  async audit(entry: {
    at: number;
    actor: string | null;
    action: string;
    target?: string | null;
    detail?: unknown;
  }) {
    await this.db
      .insertInto("audit_log")
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The audit log, newest first; actors and targets that are users (still) come with their email. */
  async auditLog(limit: number, offset: number) {
    const rows = await this.db
      .selectFrom("audit_log")
      .leftJoin("users as actor_user", "actor_user.id", "audit_log.actor")
      .leftJoin("users as target_user", "target_user.id", "audit_log.target")
      .selectAll("audit_log")
      .select(["actor_user.email as actor_email", "target_user.email as target_email"])
      .orderBy("audit_log.id", "desc")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      actor: r.actor,
      actorEmail: r.actor_email ?? null,
      action: r.action,
      target: r.target,
      targetEmail: r.target_email ?? null,
      detail: JSON.parse(r.detail) as unknown,
    }));
  }
}

function claimed(failures: unknown, lockedUntil: unknown): AttemptClaim {
  return {
    allowed: true,
    failures: Number(failures),
    lockedUntil: lockedUntil === null ? null : Number(lockedUntil),
  };
}
