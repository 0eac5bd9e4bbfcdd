/**
 * A process's cache of live attempts against the store: incremental reads, and a cached state that
 * another writer (another repository on the same database, as a second server would be) moved on is
 * refused by the append's guard and caught up, never trusted.
 */
import type { LogEvent } from "kysely";
import { describe, expect, it } from "vitest";
import { storeTargets } from "../../../test/postgres.js";
import { replay } from "../../core/exam/attempt.js";
import type { Step } from "../../core/exam/steps.js";
import { openStore } from "../open.js";
import { AttemptCache } from "./attempt-cache.js";
import { AttemptRepository, StaleAttemptError } from "./attempt-repository.js";
import { AttemptSession } from "./attempt-session.js";
import { startStep } from "./test-steps.js";

const start = startStep(["i1", "i2", "i3"], 1, 60 * 60_000);

/** Two stores on one database (two processes' connections), the first counting its statements. */
async function twoStores(target: string) {
  const counted = { n: 0 };
  const log = (e: LogEvent) => {
    if (e.level === "query") counted.n++;
  };
  const a = await openStore(target, { log });
  const b = await openStore(target);
  return { a, b, counted, close: async () => Promise.all([a.close(), b.close()]) };
}

describe.each(storeTargets("attempt-cache"))("the attempt cache (%s)", (dialect, target) => {
  it("reads exactly the steps since those it holds, in one statement", async () => {
    const { a, b, counted, close } = await twoStores(await target());
    try {
      const repoA = new AttemptRepository(a.db);
      const repoB = new AttemptRepository(b.db);
      await repoB.create("c1", start);
      const cache = new AttemptCache(repoA);
      expect((await cache.load("c1")).log).toEqual([start]);
      const more: Step[] = [
        { seq: 1, at: 1001, kind: "open" },
        { seq: 2, at: 1002, kind: "flag", itemId: "i2", flagged: true },
        { seq: 3, at: 1003, kind: "navigate", position: 2 },
      ];
      await repoB.append("c1", 1, more);
      expect(await repoA.stepsSince("c1", 2)).toEqual(more.slice(1));
      expect(await repoA.stepsSince("c1", 4)).toEqual([]);
      // The cache does not see them until it asks; then it reads only those.
      expect(cache.peek("c1")!.log).toHaveLength(1);
      counted.n = 0;
      const fresh = await cache.refresh("c1");
      expect(counted.n).toBe(1);
      expect(fresh.log).toEqual([start, ...more]);
      expect(fresh.state).toEqual(replay([start, ...more]));
      // Nothing new: still one statement, and nothing changes.
      counted.n = 0;
      expect((await cache.refresh("c1")).log).toHaveLength(4);
      expect(counted.n).toBe(1);
    } finally {
      await close();
    }
  });

  it("holds an attempt this process creates from its first steps, so its first use reads nothing", async () => {
    const { a, counted, close } = await twoStores(await target());
    try {
      const repo = new AttemptRepository(a.db);
      const cache = new AttemptCache(repo);
      const kind = { userId: null, behaviour: "exam", assignmentId: null, parameterVersion: null };
      const { seq: _seq, at: _at, ...body } = start;
      const session = await AttemptSession.start(
        repo,
        "c0",
        body,
        new Map(),
        () => 7000,
        undefined,
        null,
        null,
        null,
        cache.created("c0", kind),
      );
      counted.n = 0;
      const held = cache.peek("c0")!;
      expect(await cache.kind("c0")).toEqual(kind);
      expect(counted.n).toBe(0);
      // Exactly the log the store holds (the start step, then the open step), and the state after it.
      const stored = await repo.steps("c0", true);
      expect(stored.map((s) => s.kind)).toEqual(["start", "open"]);
      expect(held.log).toEqual(stored);
      expect(held.state).toEqual(replay(stored));
      expect(held.state).toEqual(session.state);
      expect(await repo.kind("c0")).toEqual(kind);
    } finally {
      await close();
    }
  });

  it("refuses a write from a cached state another writer moved on, catches up, and writes on the store's state", async () => {
    const { a, b, close } = await twoStores(await target());
    try {
      const repoA = new AttemptRepository(a.db);
      const repoB = new AttemptRepository(b.db);
      const clock = () => 5000;
      await repoA.create("c2", start);
      const cache = new AttemptCache(repoA);
      const held = await cache.load("c2");
      // The other "server" opens it and flags an item.
      const theirs: Step[] = [
        { seq: 1, at: 1001, kind: "open" },
        { seq: 2, at: 1002, kind: "flag", itemId: "i1", flagged: true },
      ];
      await repoB.append("c2", 1, theirs);
      const session = AttemptSession.fromState(repoA, "c2", held.state, new Map(), clock).onSteps(
        (steps, after) => cache.learn("c2", steps, after),
      );
      const refused = await session.send({ kind: "flag", itemId: "i3", flagged: true }).catch((e) => e);
      expect(refused).toBeInstanceOf(StaleAttemptError);
      if (dialect === "PostgreSQL") expect((refused as StaleAttemptError).newer).toEqual(theirs);
      // Nothing of the refused write is in the store; the session and the cache hold the store's log.
      const log = await repoB.steps("c2");
      expect(log).toEqual([start, ...theirs]);
      expect(session.state).toEqual(replay(log));
      expect(cache.peek("c2")!.log).toEqual(log);
      expect(cache.peek("c2")!.state).toEqual(replay(log));
      // Made again on that state, the write goes through after their steps.
      await session.send({ kind: "flag", itemId: "i3", flagged: true });
      const after = await repoB.steps("c2");
      expect(after.map((s) => s.kind)).toEqual(["start", "open", "flag", "flag"]);
      expect([...session.state.flags].sort()).toEqual(["i1", "i3"]);
      expect(cache.peek("c2")!.log).toEqual(after);
      expect(cache.peek("c2")!.state).toEqual(replay(after));
    } finally {
      await close();
    }
  });

  it("keeps a bounded number of attempts and steps, letting the least recently used go", async () => {
    const { a, close } = await twoStores(await target());
    try {
      const repo = new AttemptRepository(a.db);
      for (const id of ["x1", "x2", "x3"]) await repo.create(id, start);
      const cache = new AttemptCache(repo, { attempts: 2, steps: 4 });
      await cache.load("x1");
      await cache.load("x2");
      cache.peek("x1");
      await cache.load("x3");
      expect(cache.size).toEqual({ attempts: 2, steps: 2 });
      expect(cache.peek("x2")).toBeUndefined();
      expect(cache.peek("x1")).toBeDefined();
      expect((await cache.refresh("x2")).log).toEqual([start]);
      // x2's log grows past the step limit: the others go, it stays.
      const more: Step[] = [1, 2, 3, 4].map((seq) => ({ seq, at: 1000 + seq, kind: "heartbeat" }));
      await repo.append("x2", 1, more);
      expect((await cache.refresh("x2")).log).toHaveLength(5);
      expect(cache.size).toEqual({ attempts: 1, steps: 5 });
      expect(cache.peek("x1")).toBeUndefined();
    } finally {
      await close();
    }
  });
});
