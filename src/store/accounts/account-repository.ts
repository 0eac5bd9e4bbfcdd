/**
 * Accounts in the store: users with their password hashes and roles, login sessions (stored by the
 * hash of their token), the lock-out counters, and the audit log of privileged actions.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export const roles = ["admin", "instructor", "author", "candidate"] as const;
export type Role = (typeof roles)[number];

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
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
      .where("id", "=", id)
      .execute();
    await this.db.deleteFrom("sessions").where("user_id", "=", id).execute();
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.db.updateTable("users").set({ role }).where("id", "=", id).execute();
  }

  /** Records a failed login; returns the new count. The caller decides the lock-out. */
  async loginFailed(id: string, lockedUntil: number | null): Promise<void> {
    await this.db
      .updateTable("users")
      .set((eb) => ({ failed_logins: eb("failed_logins", "+", 1), locked_until: lockedUntil }))
      .where("id", "=", id)
      .execute();
  }

  async loginSucceeded(id: string, at: number): Promise<void> {
    await this.db
      .updateTable("users")
      .set({ failed_logins: 0, locked_until: null, last_login_at: at })
      .where("id", "=", id)
      .execute();
  }

  /** Deletes a user with every attempt, response, report and session of theirs, in one transaction. */
  async deleteUser(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const attempts = trx.selectFrom("attempts").select("id").where("user_id", "=", id);
      await trx.deleteFrom("item_reports").where("attempt_id", "in", attempts).execute();
      await trx.deleteFrom("responses").where("attempt_id", "in", attempts).execute();
      await trx.deleteFrom("attempt_steps").where("attempt_id", "in", attempts).execute();
      await trx.deleteFrom("attempts").where("user_id", "=", id).execute();
      await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
      await trx.deleteFrom("cohort_members").where("user_id", "=", id).execute();
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
