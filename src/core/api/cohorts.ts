/**
 * The cohort endpoints: an instructor's cohorts, assignments and results, and the candidate's side
 * (the assignments of their cohorts, started once each).
 */
import { z } from "zod";
import { emailAddress } from "../accounts/email.js";
import { attemptViewSchema, createAttemptSchema, reportSchema } from "./attempts.js";
import { recordParams } from "./common.js";
import { endpoint } from "./endpoint.js";

const INSTRUCTORS = ["instructor"] as const;
const emails = z.array(emailAddress).max(500);

/** An assignment's settings: an attempt's, without a seed (each candidate gets their own). */
export const assignmentSettingsSchema = createAttemptSchema.omit({ seed: true });
export type AssignmentSettings = z.output<typeof assignmentSettingsSchema>;

export const cohortSchema = z.object({
  id: z.string(),
  name: z.string(),
  instructorId: z.string(),
  createdAt: z.number(),
});

export const assignmentSchema = z.object({
  id: z.string(),
  cohortId: z.string(),
  title: z.string(),
  settings: assignmentSettingsSchema,
  /** The end of the due day (UTC), or null. */
  dueAt: z.number().nullable(),
  createdAt: z.number(),
});
export type Assignment = z.output<typeof assignmentSchema>;

const memberAttempt = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  status: z.string(),
  createdAt: z.number(),
});

export const candidateResultSchema = z.object({
  email: z.string(),
  attempts: z.number().int(),
  finished: z.number().int(),
  inProgress: z.array(z.string()),
  latest: z
    .object({
      attempt: z.string(),
      scaled: z.number(),
      passed: z.boolean(),
      band: z.tuple([z.number(), z.number()]),
      /** "PASS"/"FAIL" for a full-length or adaptive attempt, else what the likely range says. */
      verdict: z.string(),
      correct: z.number().int(),
      scored: z.number().int(),
      domains: z.array(
        z.object({
          id: z.string(),
          correct: z.number().int(),
          scored: z.number().int(),
          proficiency: z.enum(["Above", "Near", "Below"]),
        }),
      ),
    })
    .nullable(),
});
export type CandidateResult = z.output<typeof candidateResultSchema>;

export const cohortResultsSchema = z.object({
  cohort: z.string(),
  assignments: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dueAt: z.number().nullable(),
      candidates: z.array(candidateResultSchema),
    }),
  ),
  /** Each scored item's share answered right (p), hardest first. */
  items: z.array(
    z.object({ itemId: z.string(), answered: z.number().int(), correct: z.number().int(), p: z.number() }),
  ),
});
export type CohortResults = z.output<typeof cohortResultsSchema>;

const memberAttemptParams = z.strictObject({
  id: z.string().min(1).max(64),
  attemptId: z.string().min(1).max(64),
});

export const cohortEndpoints = {
  listCohorts: endpoint({
    method: "GET",
    url: "/api/cohorts",
    summary: "The instructor's cohorts",
    auth: INSTRUCTORS,
    accounts: true,
    response: z.object({ cohorts: z.array(cohortSchema.extend({ members: z.number().int() })) }),
  }),
  createCohort: endpoint({
    method: "POST",
    url: "/api/cohorts",
    summary: "Create a cohort",
    auth: INSTRUCTORS,
    status: 201,
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    accounts: true,
    response: cohortSchema,
  }),
  getCohort: endpoint({
    method: "GET",
    url: "/api/cohorts/:id",
    summary: "A cohort with its members and assignments",
    auth: INSTRUCTORS,
    params: recordParams,
    accounts: true,
    response: cohortSchema.extend({
      members: z.array(z.object({ email: z.string() })),
      assignments: z.array(assignmentSchema),
    }),
  }),
  changeMembers: endpoint({
    method: "PUT",
    url: "/api/cohorts/:id/members",
    summary:
      "Add and remove members by email; whoever has an account with a member's email is a member (the answer is the same whether or not it has one)",
    auth: INSTRUCTORS,
    params: recordParams,
    body: z.strictObject({ add: emails.default([]), remove: emails.default([]) }),
    accounts: true,
    response: z.object({ changed: z.boolean() }),
  }),
  createAssignment: endpoint({
    method: "POST",
    url: "/api/cohorts/:id/assignments",
    summary: "Set an assignment: an exam or practice set with a due date",
    auth: INSTRUCTORS,
    params: recordParams,
    status: 201,
    body: z.strictObject({
      title: z.string().trim().min(1).max(200),
      settings: assignmentSettingsSchema,
      due: z.iso.date().optional(),
    }),
    accounts: true,
    response: assignmentSchema,
  }),
  cohortResults: endpoint({
    method: "GET",
    url: "/api/cohorts/:id/results",
    summary: "Results by candidate and domain for each assignment, and the cohort's item statistics",
    auth: INSTRUCTORS,
    params: recordParams,
    accounts: true,
    response: cohortResultsSchema,
  }),
  memberReport: endpoint({
    method: "GET",
    url: "/api/cohorts/:id/attempts/:attemptId/report",
    summary:
      "The full report of a member's finished attempt at one of this cohort's assignments (not their own practice)",
    auth: INSTRUCTORS,
    params: memberAttemptParams,
    accounts: true,
    response: reportSchema,
  }),
  grantTime: endpoint({
    method: "POST",
    url: "/api/cohorts/:id/attempts/:attemptId/time",
    summary: "Give time back to a cohort member's timed attempt in progress",
    auth: INSTRUCTORS,
    params: memberAttemptParams,
    body: z.strictObject({ minutes: z.number().int().min(1).max(240) }),
    accounts: true,
    response: z.object({ attempt: z.string(), remainingMs: z.number().nullable() }),
  }),
  myAssignments: endpoint({
    method: "GET",
    url: "/api/assignments",
    summary: "The assignments of the cohorts one belongs to, with one's attempts at them",
    accounts: true,
    response: z.object({
      assignments: z.array(
        assignmentSchema.extend({ cohortName: z.string(), attempts: z.array(memberAttempt) }),
      ),
    }),
  }),
  startAssignment: endpoint({
    method: "POST",
    url: "/api/assignments/:id/start",
    summary:
      "Start one's one attempt at an assignment of one's cohort (201); while it is open, the same attempt (200); once finished, 409",
    params: recordParams,
    accounts: true,
    response: attemptViewSchema,
  }),
} as const;
