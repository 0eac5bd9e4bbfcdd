/**
 * The candidate's saved study profile (core/study/profile.ts) for the CLI and the server alike:
 * read it, and save a patch checked against the catalog and today's date, in one transaction.
 */
import type { Kysely } from "kysely";
import type { Catalog } from "../../core/catalog/catalog.js";
import {
  checkStudyProfilePatch,
  type StudyProfile,
  type StudyProfilePatch,
} from "../../core/study/profile.js";
import type { Database } from "../../store/schema.js";
import { LOCAL_OWNER, StudyProfileRepository } from "../../store/study/profile-repository.js";

/** Whose profile: the signed-in user's, or the local one in single-user mode. */
export function profileOwner(userId: string | null): string {
  return userId ?? LOCAL_OWNER;
}

export function loadStudyProfile(db: Kysely<Database>, userId: string | null): Promise<StudyProfile> {
  return new StudyProfileRepository(db).get(profileOwner(userId));
}

/** Checks the patch (an InputError naming the field when it is wrong), then saves it. */
export function saveStudyProfile(
  db: Kysely<Database>,
  catalog: Catalog,
  userId: string | null,
  patch: StudyProfilePatch,
  clock: { now: number; today: string },
): Promise<StudyProfile> {
  checkStudyProfilePatch(patch, catalog, clock.today);
  return new StudyProfileRepository(db).patch(profileOwner(userId), patch, clock.now);
}
