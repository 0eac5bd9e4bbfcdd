/**
 * A candidate's saved study profile: the goal (which certification, the exam date, hours a week) and
 * the eligibility profile the `eligibility` command and the web form use. One per user (the local
 * user in single-user mode), kept by the store, read by `study plan`, the start page and the
 * eligibility page. Pure: the checks that need today's date or the catalog take them as arguments.
 */
import { z } from "zod";
import { isoDate, toDay } from "../calendar/dates.js";
import type { Catalog } from "../catalog/catalog.js";
import { checkProfileAgainstCatalog, profileSchema } from "../eligibility/profile.js";
import { InputError } from "../input-error.js";
import { MAX_PLAN_DAYS } from "./plan.js";

export const MAX_HOURS_PER_WEEK = 80;

export const studyGoalSchema = z
  .strictObject({
    exam: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a lowercase certification id such as cissp")
      .describe("The certification being prepared."),
    examDate: isoDate.describe("The day of the exam, YYYY-MM-DD."),
    hoursPerWeek: z
      .number()
      .positive()
      .max(MAX_HOURS_PER_WEEK)
      .describe("Hours of study a week, above 0 and at most 80."),
  })
  .describe("What the candidate is preparing for, and by when.");
export type StudyGoal = z.output<typeof studyGoalSchema>;

/** A change to the profile: a part left out stays as it is; null clears it. */
export const studyProfilePatchSchema = z.strictObject({
  goal: studyGoalSchema.nullable().optional(),
  eligibility: profileSchema.nullable().optional(),
});
export type StudyProfilePatch = z.output<typeof studyProfilePatchSchema>;

export interface StudyProfile {
  goal: StudyGoal | null;
  eligibility: z.output<typeof profileSchema> | null;
  /** When it was last saved (ms), or null when it never was. */
  updatedAt: number | null;
}

/**
 * The saved goal a request may fill its gaps from: the goal itself when the request names no exam or
 * the goal's exam; none when it names another exam (a goal for one exam lends another nothing).
 */
export function goalFor(saved: StudyGoal | null, exam: string | undefined): StudyGoal | null {
  return saved && (!exam || exam.toLowerCase() === saved.exam) ? saved : null;
}

export const emptyStudyProfile: StudyProfile = { goal: null, eligibility: null, updatedAt: null };

/**
 * Checks a patch against the catalog and today: the goal's certification must have an exam in the
 * catalog and its date must not be past; every domain the eligibility profile names must exist.
 * Throws an InputError naming the field.
 */
export function checkStudyProfilePatch(patch: StudyProfilePatch, catalog: Catalog, today: string): void {
  const goal = patch.goal;
  if (goal) {
    const cert = catalog.certifications.find((c) => c.id === goal.exam);
    if (!cert)
      throw new InputError(
        `unknown certification "${goal.exam}" (known: ${catalog.certifications.map((c) => c.id).join(", ")})`,
        { path: "goal.exam" },
      );
    if (toDay(goal.examDate) < toDay(today))
      throw new InputError(`the exam date ${goal.examDate} is past (today is ${today})`, {
        path: "goal.examDate",
      });
    if (toDay(goal.examDate) - toDay(today) > MAX_PLAN_DAYS)
      throw new InputError(
        `the exam date ${goal.examDate} is more than two years after today (${today}): set a date within ${MAX_PLAN_DAYS} days`,
        { path: "goal.examDate" },
      );
  }
  if (patch.eligibility) {
    try {
      checkProfileAgainstCatalog(patch.eligibility, catalog);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(e.reason, { path: `eligibility.${e.location.path ?? ""}`.replace(/\.$/, "") });
    }
  }
}

/** The profile after a patch. */
export function applyStudyProfilePatch(
  profile: StudyProfile,
  patch: StudyProfilePatch,
  now: number,
): StudyProfile {
  return {
    goal: patch.goal === undefined ? profile.goal : patch.goal,
    eligibility: patch.eligibility === undefined ? profile.eligibility : patch.eligibility,
    updatedAt: now,
  };
}
