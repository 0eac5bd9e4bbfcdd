import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "../../../test/postgres.js";
import { openPostgresStore } from "../postgres/open.js";
import { openSqliteStore } from "../sqlite/open.js";
import type { Store } from "../store.js";
import { StartLock, StartLockBusyError } from "./start-lock.js";

const stores: [string, () => Promise<Store>][] = [
  ["SQLite", () => openSqliteStore(":memory:")],
  ["PostgreSQL", async () => openPostgresStore(await freshDatabase(inject("pgUrl"), "startlock"))],
];

describe.each(stores)("start lock (%s)", (_name, open) => {
  it("lets one of two acquirers hold it; the other waits until it is released", async () => {
    const store = await open();
    try {
      const lock = new StartLock(store.db);
      expect(await lock.acquire("u1", "a")).toBe(true);
      expect(await lock.acquire("u1", "b")).toBe(false);
      // Another user's starts do not wait.
      expect(await lock.acquire("u2", "b")).toBe(true);
      // A start that cannot get it within its bounded wait gives up with one sentence.
      const impatient = new StartLock(store.db, { maxWaitMs: 50 });
      let ran = false;
      await expect(
        impatient.holding("u1", async () => {
          ran = true;
        }),
      ).rejects.toThrow(new StartLockBusyError());
      expect(ran).toBe(false);
      // A start that waits runs once the holder lets go, and not before.
      let released = false;
      const waiting = lock.holding("u1", async () => released);
      await lock.release("u1", "a");
      released = true;
      expect(await waiting).toBe(true);
      // It let go when done: the lock is free again.
      expect(await lock.acquire("u1", "c")).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("serialises concurrent holders: their critical sections never overlap", async () => {
    const store = await open();
    try {
      const locks = [new StartLock(store.db), new StartLock(store.db), new StartLock(store.db)];
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      await Promise.all(
        locks.map((lock, k) =>
          lock.holding("u1", async () => {
            inside++;
            most = Math.max(most, inside);
            // Yield to the database between entering and leaving, as a real start does.
            await store.db.selectFrom("start_locks").selectAll().execute();
            order.push(k);
            inside--;
          }),
        ),
      );
      expect(most).toBe(1);
      expect(order.sort()).toEqual([0, 1, 2]);
    } finally {
      await store.close();
    }
  });

  it("lets another holder take over an expired lease, and a release frees only the holder's own lock", async () => {
    const store = await open();
    try {
      let now = 1_000_000;
      const lock = new StartLock(store.db, { leaseMs: 10_000, now: () => now });
      expect(await lock.acquire("u1", "crashed")).toBe(true);
      now += 10_000;
      expect(await lock.acquire("u1", "b")).toBe(false);
      now += 1;
      expect(await lock.acquire("u1", "b")).toBe(true);
      // The process that lost its lease lets go late: b keeps the lock.
      await lock.release("u1", "crashed");
      expect(await lock.acquire("u1", "c")).toBe(false);
      await lock.release("u1", "b");
      expect(await lock.acquire("u1", "c")).toBe(true);
    } finally {
      await store.close();
    }
  });
});
