import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "../../../test/postgres.js";
import { replay } from "../../core/exam/attempt.js";
import type { BankItem } from "../../core/items/item.js";
import { migrations } from "../migrations/index.js";
import { openPostgresStore } from "../postgres/open.js";
import { openSqliteStore } from "../sqlite/open.js";
import type { Store } from "../store.js";
import {
  AttemptRepository,
  type AttemptRepositoryOptions,
  NotDiscardableError,
  StaleAttemptError,
  UnknownAttemptError,
} from "./attempt-repository.js";
import { itemHistory, studyAnswers } from "./history.js";
import { startStep } from "./test-steps.js";

const start = startStep(["i1"], 3, 60_000);

const stores: [string, () => Promise<Store>, AttemptRepositoryOptions][] = [
  ["SQLite", () => openSqliteStore(":memory:"), {}],
  ["SQLite with group commit", () => openSqliteStore(":memory:"), { groupCommit: true }],
  ["PostgreSQL", async () => openPostgresStore(await freshDatabase(inject("pgUrl"), "repo")), {}],
];

describe.each(stores)("attempt repository (%s)", (_name, open, options) => {
  it("appends steps in order and refuses a stale writer without writing anything", async () => {
    const store = await open();
    try {
      const repo = new AttemptRepository(store.db, options);
      await repo.create("a1", start);
      await repo.append("a1", 1, [{ seq: 1, at: 1001, kind: "answer", itemId: "i1", response: "B" }]);
      // A second writer that saw only the start step.
      await expect(
        repo.append("a1", 1, [{ seq: 1, at: 1002, kind: "answer", itemId: "i1", response: "C" }]),
      ).rejects.toBeInstanceOf(StaleAttemptError);
      const steps = await repo.steps("a1");
      expect(steps).toHaveLength(2);
      expect(steps[1]).toMatchObject({ kind: "answer", response: "B" });
      const responses = await store.db.selectFrom("responses").selectAll().execute();
      expect(responses).toEqual([
        { attempt_id: "a1", item_id: "i1", item_version: 3, response: '"B"', answered_at: 1001 },
      ]);
    } finally {
      await store.close();
    }
  });

  it("lets exactly one of many concurrent writers append the same step", async () => {
    const store = await open();
    try {
      const repo = new AttemptRepository(store.db, options);
      await repo.create("race", start);
      const results = await Promise.allSettled(
        ["A", "B", "C", "D", "A", "B", "C", "D"].map((r, i) =>
          repo.append("race", 1, [{ seq: 1, at: 1001 + i, kind: "answer", itemId: "i1", response: r }]),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results)
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(StaleAttemptError);
      expect(await repo.steps("race")).toHaveLength(2);
      expect(
        await store.db.selectFrom("responses").selectAll().where("attempt_id", "=", "race").execute(),
      ).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("records finish and problem reports, and knows unknown attempts", async () => {
    const store = await open();
    try {
      const repo = new AttemptRepository(store.db, options);
      await repo.create("a2", start);
      await repo.append("a2", 1, [
        { seq: 1, at: 2000, kind: "report", itemId: "i1", category: "wrong-key", comment: "B is also right" },
        { seq: 2, at: 2001, kind: "finish", reason: "candidate" },
      ]);
      expect((await repo.list())[0]).toMatchObject({
        id: "a2",
        status: "finished",
        finishedAt: 2001,
        steps: 3,
      });
      expect(await repo.reports()).toEqual([
        { itemId: "i1", category: "wrong-key", comment: "B is also right", createdAt: 2000, attemptId: "a2" },
      ]);
      await expect(repo.steps("zzz")).rejects.toBeInstanceOf(UnknownAttemptError);
    } finally {
      await store.close();
    }
  });

  it("discards an unfinished attempt with a final step, keeps its log, and leaves it out of history", async () => {
    const store = await open();
    try {
      const repo = new AttemptRepository(store.db, options);
      await repo.create("d1", start);
      await repo.append("d1", 1, [{ seq: 1, at: 1001, kind: "answer", itemId: "i1", response: "B" }]);
      const step = await repo.discard("d1", 1500);
      expect(step).toEqual({ seq: 2, at: 1500, kind: "discard" });
      const steps = await repo.steps("d1");
      expect(steps.map((s) => s.kind)).toEqual(["start", "answer", "discard"]);
      expect(replay(steps).status).toBe("discarded");
      expect((await repo.list()).find((a) => a.id === "d1")).toMatchObject({ status: "discarded", steps: 3 });
      // Its answer still exists, but no history or study queue counts it.
      expect(
        await store.db.selectFrom("responses").selectAll().where("attempt_id", "=", "d1").execute(),
      ).toHaveLength(1);
      const item = { id: "i1", outlines: ["issmp:1.1.1"] } as unknown as BankItem;
      expect(await studyAnswers(store.db, "issmp", null, new Map([["i1", item]]))).toEqual([]);
      expect((await itemHistory(repo, "issmp", new Map())).lastSeen.size).toBe(0);
      // Not twice, not a finished attempt, not an instructor's assignment; unknown ids are unknown.
      await expect(repo.discard("d1", 1600)).rejects.toMatchObject({ reason: "discarded" });
      await repo.create("d2", start);
      await repo.append("d2", 1, [{ seq: 1, at: 1001, kind: "finish", reason: "candidate" }]);
      await expect(repo.discard("d2", 1600)).rejects.toBeInstanceOf(NotDiscardableError);
      await expect(repo.discard("d2", 1600)).rejects.toMatchObject({ reason: "finished" });
      await repo.create("d3", start, null, "an-assignment");
      await expect(repo.discard("d3", 1600)).rejects.toMatchObject({ reason: "assigned" });
      expect((await repo.steps("d3")).map((s) => s.kind)).toEqual(["start"]);
      await expect(repo.discard("zzz", 1600)).rejects.toBeInstanceOf(UnknownAttemptError);
    } finally {
      await store.close();
    }
  });
});

describe("opening stores", () => {
  it("names the file when it is not a database", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "certpath-notdb-")), "notes.db");
    writeFileSync(file, "these are my notes, not a database\n".repeat(100));
    await expect(openSqliteStore(file)).rejects.toThrow(
      /notes\.db: cannot open the database \(file is not a database\)/,
    );
  });

  it("names the server, without its password, when PostgreSQL cannot be reached", async () => {
    await expect(openPostgresStore("postgres://certpath:s3cret@127.0.0.1:1/none")).rejects.toThrow(
      /postgres:\/\/certpath:\*\*\*@127\.0\.0\.1:1\/none: cannot connect to the database/,
    );
  });

  it.each([
    ["SQLite", async () => openSqliteStore(":memory:")],
    ["PostgreSQL", async () => openPostgresStore(await freshDatabase(inject("pgUrl"), "upgrade"))],
  ])("applies every migration to an empty %s database", async (_name, open) => {
    const store = await open();
    try {
      const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
      expect(tables).toEqual(
        expect.arrayContaining(["attempt_steps", "attempts", "item_reports", "responses"]),
      );
      const applied = await store.db
        .selectFrom("kysely_migration" as never)
        .select("name" as never)
        .execute();
      expect(applied.map((r) => (r as { name: string }).name)).toEqual(Object.keys(migrations));
    } finally {
      await store.close();
    }
  });
});

describe("PostgreSQL statements", () => {
  it("runs a statement it keeps sending as a prepared statement, and a select * never", async () => {
    const store = await openPostgresStore(await freshDatabase(inject("pgUrl"), "prepared"), { max: 1 });
    try {
      const repo = new AttemptRepository(store.db);
      await repo.create("p1", start);
      for (let k = 1; k <= 4; k++)
        await repo.append("p1", k, [{ seq: k, at: 1000 + k, kind: "answer", itemId: "i1", response: "B" }]);
      for (let k = 0; k < 4; k++) await repo.list();
      const prepared = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements`.execute(store.db);
      const statements = prepared.rows.map((r) => r.statement);
      expect(statements.some((s) => /insert into attempt_steps/i.test(s))).toBe(true);
      expect(statements.some((s) => /select \*/i.test(s))).toBe(false);
      expect(prepared.rows.every((r) => r.name.startsWith("certpath_"))).toBe(true);
      // And they still do their work.
      expect((await repo.steps("p1")).map((s) => s.seq)).toEqual([0, 1, 2, 3, 4]);
    } finally {
      await store.close();
    }
  });
});
