import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "../../../test/postgres.js";
import type { Step } from "../../core/exam/steps.js";
import { migrations } from "../migrations/index.js";
import { openPostgresStore } from "../postgres/open.js";
import { openSqliteStore } from "../sqlite/open.js";
import type { Store } from "../store.js";
import {
  AttemptRepository,
  type AttemptRepositoryOptions,
  StaleAttemptError,
  UnknownAttemptError,
} from "./attempt-repository.js";

const start: Step = {
  seq: 0,
  at: 1000,
  kind: "start",
  exam: "issmp",
  behaviour: "exam",
  seed: "s",
  form: [
    {
      id: "i1",
      domain: "1",
      subdomain: "1.1",
      task: "issmp:1.1.1",
      pretest: false,
      order: ["A", "B", "C", "D"],
      version: 3,
    },
  ],
  timeLimitMs: 60_000,
};

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
