/** Study profiles on SQLite and PostgreSQL: patches keep each other's parts, even when concurrent. */
import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "../../../test/postgres.js";
import { type StudyProfilePatch, studyProfilePatchSchema } from "../../core/study/profile.js";
import { backupStore, restoreStore } from "../backup.js";
import { openPostgresStore } from "../postgres/open.js";
import { openSqliteStore } from "../sqlite/open.js";
import type { Store } from "../store.js";
import { LOCAL_OWNER, StudyProfileRepository } from "./profile-repository.js";

const stores: [string, () => Promise<Store>][] = [
  ["SQLite", () => openSqliteStore(":memory:")],
  ["PostgreSQL", async () => openPostgresStore(await freshDatabase(inject("pgUrl"), "profiles"))],
];

const goal = { exam: "cissp", examDate: "2027-03-01", hoursPerWeek: 8 };
const eligibility = studyProfilePatchSchema.parse({
  eligibility: { credentials: [{ id: "cism", status: "active" }] },
}).eligibility!;

describe.each(stores)("study profiles on %s", (_name, open) => {
  it("reads an unsaved profile as empty, and each owner's own profile after a save", async () => {
    const store = await open();
    try {
      const repo = new StudyProfileRepository(store.db);
      expect(await repo.get(LOCAL_OWNER)).toEqual({ goal: null, eligibility: null, updatedAt: null });
      await repo.patch("u1", { goal }, 100);
      expect(await repo.get("u1")).toEqual({ goal, eligibility: null, updatedAt: 100 });
      expect((await repo.get("u2")).goal).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("keeps both parts when two first saves of one owner run at once", async () => {
    const store = await open();
    try {
      const repo = new StudyProfileRepository(store.db);
      const patches: StudyProfilePatch[] = [{ goal }, { eligibility }];
      await Promise.all(patches.map((p, i) => repo.patch("both", p, 200 + i)));
      const saved = await repo.get("both");
      expect(saved.goal).toEqual(goal);
      expect(saved.eligibility).toEqual(eligibility);
    } finally {
      await store.close();
    }
  });

  it("refuses to read a stored row that no longer parses, and a backup carries the profiles", async () => {
    const store = await open();
    try {
      const repo = new StudyProfileRepository(store.db);
      await repo.patch("kept", { goal, eligibility }, 300);
      const copy = await openSqliteStore(":memory:");
      try {
        const file = `${process.env.TMPDIR ?? "/tmp"}/certpath-profiles-${process.pid}-${_name}.gz`;
        await backupStore(store, file, new Date(0));
        await restoreStore(copy, file);
        expect(await new StudyProfileRepository(copy.db).get("kept")).toEqual({
          goal,
          eligibility,
          updatedAt: 300,
        });
      } finally {
        await copy.close();
      }
      await store.db
        .updateTable("study_profiles")
        .set({ goal: '{"exam":"cissp"}' })
        .where("owner", "=", "kept")
        .execute();
      await expect(repo.get("kept")).rejects.toThrow(/stored goal of study profile "kept" is not valid/);
    } finally {
      await store.close();
    }
  });
});
