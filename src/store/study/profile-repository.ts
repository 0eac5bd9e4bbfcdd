/**
 * Study profiles in the store (core/study/profile.ts): one row per user, "local" in single-user
 * mode. A patch is read, applied and written in one transaction, so two saves never lose each
 * other's part. What is stored was checked on the way in and is checked again on the way out: a row
 * that no longer parses (edited by hand, or from a newer certpath) reads as an error, not as data.
 */
import { type Kysely, PostgresAdapter } from "kysely";
import { profileSchema } from "../../core/eligibility/profile.js";
import {
  applyStudyProfilePatch,
  emptyStudyProfile,
  type StudyProfile,
  type StudyProfilePatch,
  studyGoalSchema,
} from "../../core/study/profile.js";
import type { Database, StudyProfilesTable } from "../schema.js";

/** The owner key of the single user of single-user mode. */
export const LOCAL_OWNER = "local";

function parsePart<T>(text: string | null, parse: (v: unknown) => T, what: string, owner: string): T | null {
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch (e) {
    throw new Error(`the stored ${what} of study profile "${owner}" is not valid: ${(e as Error).message}`);
  }
}

function fromRow(row: StudyProfilesTable): StudyProfile {
  return {
    goal: parsePart(row.goal, (v) => studyGoalSchema.parse(v), "goal", row.owner),
    eligibility: parsePart(row.eligibility, (v) => profileSchema.parse(v), "eligibility profile", row.owner),
    updatedAt: Number(row.updated_at) || null,
  };
}

export class StudyProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(owner: string): Promise<StudyProfile> {
    const row = await this.db
      .selectFrom("study_profiles")
      .selectAll()
      .where("owner", "=", owner)
      .executeTakeFirst();
    return row ? fromRow(row) : emptyStudyProfile;
  }

  /** Applies a patch (parts left out stay); returns the profile saved. */
  async patch(owner: string, patch: StudyProfilePatch, now: number): Promise<StudyProfile> {
    return this.db.transaction().execute(async (trx) => {
      // The row exists first (a concurrent first save waits on it), then is read locked and rewritten.
      await trx
        .insertInto("study_profiles")
        .values({ owner, goal: null, eligibility: null, updated_at: 0 })
        .onConflict((oc) => oc.column("owner").doNothing())
        .execute();
      let read = trx.selectFrom("study_profiles").selectAll().where("owner", "=", owner);
      if (trx.getExecutor().adapter instanceof PostgresAdapter) read = read.forUpdate();
      const row = await read.executeTakeFirstOrThrow();
      const next = applyStudyProfilePatch(fromRow(row), patch, now);
      await trx
        .updateTable("study_profiles")
        .set({
          goal: next.goal ? JSON.stringify(next.goal) : null,
          eligibility: next.eligibility ? JSON.stringify(next.eligibility) : null,
          updated_at: now,
        })
        .where("owner", "=", owner)
        .execute();
      return next;
    });
  }
}
