/**
 * One start at a time per user, across every process on the store. Starting an attempt reads the
 * user's other attempts (the items they hold back, an assignment already taken) and then inserts
 * the new one; two starts interleaving there would both pass the check. The lock is a row per user
 * (table start_locks), taken by one statement that inserts it, or takes it over once its lease has
 * run out (a process that died holding it), and returns who holds it. It works alike on SQLite and
 * PostgreSQL, where the second of two concurrent statements waits for the first's row and then sees
 * a lease that has not run out.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as wait } from "node:timers/promises";
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface StartLockOptions {
  /** How long a lock holds without its holder letting go (a crashed process): 10 s. */
  leaseMs?: number;
  /** How long a start waits for another start of the same user before giving up: 3 s. */
  maxWaitMs?: number;
  /** The clock of the leases (milliseconds); the wall clock by default, so every process agrees. */
  now?: () => number;
}

/** Another start of the same user held the lock for longer than a start may wait. */
export class StartLockBusyError extends Error {
  constructor() {
    super("another start of yours is in progress; try again");
    this.name = "StartLockBusyError";
  }
}

export class StartLock {
  private readonly leaseMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    options: StartLockOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.maxWaitMs = options.maxWaitMs ?? 3_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes the user's lock for `holder` if it is free or its lease has run out; whether it was taken. */
  async acquire(userId: string, holder: string): Promise<boolean> {
    const now = this.now();
    const row = await this.db
      .insertInto("start_locks")
      .values({ user_id: userId, holder, expires_at: now + this.leaseMs })
      .onConflict((oc) =>
        oc
          .column("user_id")
          .doUpdateSet((eb) => ({
            holder: eb.ref("excluded.holder"),
            expires_at: eb.ref("excluded.expires_at"),
          }))
          .where("start_locks.expires_at", "<", now),
      )
      .returning("holder")
      .executeTakeFirst();
    return row?.holder === holder;
  }

  /** Lets go of the user's lock if `holder` still holds it (a lease taken over stays with its new holder). */
  async release(userId: string, holder: string): Promise<void> {
    await this.db
      .deleteFrom("start_locks")
      .where("user_id", "=", userId)
      .where("holder", "=", holder)
      .execute();
  }

  /**
   * Runs `start` holding the user's lock, waiting (a bounded while, with short pauses) for another
   * start of theirs to finish first; StartLockBusyError when it does not in time.
   */
  async holding<T>(userId: string, start: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const deadline = performance.now() + this.maxWaitMs;
    let pause = 5;
    while (!(await this.acquire(userId, holder))) {
      const left = deadline - performance.now();
      if (left <= 0) throw new StartLockBusyError();
      await wait(Math.min(pause, left));
      pause = Math.min(pause * 2, 100);
    }
    try {
      return await start();
    } finally {
      await this.release(userId, holder);
    }
  }
}
