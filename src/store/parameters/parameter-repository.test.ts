/** Parameter versions on SQLite and PostgreSQL: written once with their items, read back exactly. */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "../../../test/postgres.js";
import type { NewParameterVersion } from "../../core/irt/calibration/parameter-version.js";
import { AttemptRepository } from "../attempts/attempt-repository.js";
import { startStep } from "../attempts/test-steps.js";
import { backupStore, restoreStore } from "../backup.js";
import { openPostgresStore } from "../postgres/open.js";
import { openSqliteStore } from "../sqlite/open.js";
import type { Store } from "../store.js";
import { ParameterRepository } from "./parameter-repository.js";

const stores: [string, () => Promise<Store>][] = [
  ["SQLite", () => openSqliteStore(":memory:")],
  ["PostgreSQL", async () => openPostgresStore(await freshDatabase(inject("pgUrl"), "params"))],
];

const version = (exam: string, createdAt: number, shift = 0): NewParameterVersion => ({
  exam,
  model: "2pl",
  method: "mml",
  createdAt,
  attempts: 412,
  converged: true,
  iterations: 37,
  logLik: -5123.456789012,
  notes: ["S-X² from 2 form(s)"],
  items: [
    {
      id: "i1",
      a: 1.2345678901234,
      b: -0.3333333333333 + shift,
      c: 0,
      seA: 0.1,
      seB: 0.05,
      responses: 400,
      pValue: 0.61,
      fit: { sx2: 12.5, df: 9, p: 0.187 },
    },
    {
      id: "i2",
      a: 0.8,
      b: 1.5 + shift,
      c: 0,
      responses: 250,
      pValue: 0.3,
      fit: { sx2: 30.1, df: 9, p: 0.0004, flag: "S-X² p < 0.01" },
    },
  ],
});

describe.each(stores)("parameter versions (%s)", (_name, open) => {
  it("writes a version with its items and reads it back exactly; the newest per exam is current", async () => {
    const store = await open();
    try {
      const repo = new ParameterRepository(store.db);
      expect(await repo.latestId("issmp")).toBeUndefined();
      const v1 = await repo.write(version("issmp", 1000));
      const other = await repo.write(version("cissp", 1500));
      const v2 = await repo.write(version("issmp", 2000, 0.5));
      expect(new Set([v1, other, v2]).size).toBe(3);
      expect(await repo.latestId("issmp")).toBe(v2);
      expect(await repo.latestId("cissp")).toBe(other);
      expect(await repo.get(v1)).toEqual({ id: v1, ...version("issmp", 1000) });
      expect((await repo.get(v2))!.items.map((i) => i.b)).toEqual([-0.3333333333333 + 0.5, 2]);
      expect(await repo.get(9999)).toBeUndefined();
      const list = await repo.list("issmp");
      expect(list.map((v) => [v.id, v.itemCount, v.createdAt])).toEqual([
        [v1, 2, 1000],
        [v2, 2, 2000],
      ]);
    } finally {
      await store.close();
    }
  });

  it("records on each attempt the version it started with, and a backup carries both", async () => {
    const store = await open();
    try {
      const versions = new ParameterRepository(store.db);
      const v1 = await versions.write(version("issmp", 1000));
      const attempts = new AttemptRepository(store.db);
      await attempts.create("before", startStep(["i1"], 1, 60_000));
      await attempts.create("after", startStep(["i1"], 1, 60_000), null, null, v1);
      expect((await attempts.kind("before")).parameterVersion).toBeNull();
      expect((await attempts.kind("after")).parameterVersion).toBe(v1);
      // A newer version changes neither.
      await versions.write(version("issmp", 2000, 1));
      expect((await attempts.kind("after")).parameterVersion).toBe(v1);

      const file = join(mkdtempSync(join(tmpdir(), "certpath-params-")), "b.gz");
      const summary = await backupStore(store, file, new Date(3000));
      expect(summary.rows.parameter_versions).toBe(2);
      expect(summary.rows.item_parameters).toBe(4);
      const copy = await openSqliteStore(":memory:");
      try {
        await restoreStore(copy, file);
        expect(await new ParameterRepository(copy.db).get(v1)).toEqual({ id: v1, ...version("issmp", 1000) });
        expect((await new AttemptRepository(copy.db).kind("after")).parameterVersion).toBe(v1);
      } finally {
        await copy.close();
      }
    } finally {
      await store.close();
    }
  });
});
