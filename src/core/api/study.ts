/** The study endpoints: the review queue (FSRS over one's own answers) and a tutor practice of it. */
import { z } from "zod";
import { isoDate } from "../calendar/dates.js";
import { profileSchema } from "../eligibility/profile.js";
import { MAX_HOURS_PER_WEEK, studyGoalSchema, studyProfilePatchSchema } from "../study/profile.js";
import { attemptViewSchema } from "./attempts.js";
import { endpoint } from "./endpoint.js";

export const dueItemSchema = z.object({
  itemId: z.string(),
  domain: z.string(),
  task: z.string(),
  /** When FSRS schedules the next review (ms). */
  due: z.number(),
  /** Days overdue (0 when due now). */
  overdueDays: z.number(),
  lastCorrect: z.boolean(),
  reviews: z.number().int(),
  lapses: z.number().int(),
  /** FSRS retrievability now: the estimated chance of answering it right. */
  retrievability: z.number(),
});

export const studyQueueSchema = z.object({
  exam: z.string(),
  dueCount: z.number().int(),
  /** The first 100 items due, most at risk first. */
  due: z.array(dueItemSchema),
  upcoming: z.array(z.object({ itemId: z.string(), due: z.number() })),
  domains: z.array(
    z.object({
      domain: z.string(),
      answered: z.number().int(),
      correct: z.number().int(),
      share: z.number(),
    }),
  ),
  /** Domains below the target share with at least a few answers, weakest first. */
  weakDomains: z.array(z.string()),
});
export type StudyQueueView = z.output<typeof studyQueueSchema>;

export const readinessSchema = z.object({
  exam: z.string(),
  /** P(pass the real exam today); null with no final answers yet. */
  probability: z.number().nullable(),
  /** 80% interval of that probability. */
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** False: show "not enough evidence yet" rather than the figure. */
  enoughEvidence: z.boolean(),
  parameters: z.enum(["calibrated", "priors", "mixed", "none"]),
  /** Distinct items answered (final answers only), and what they are worth once their age counts. */
  answered: z.number().int(),
  effectiveAnswers: z.number(),
  domains: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      share: z.number(),
      answered: z.number().int(),
      /** P(ability in the domain ≥ the passing standard). */
      probability: z.number(),
    }),
  ),
  drivers: z.array(z.string()),
});
export type ReadinessView = z.output<typeof readinessSchema>;

export const studyProfileSchema = z.object({
  goal: studyGoalSchema.nullable(),
  eligibility: profileSchema.nullable(),
  /** When it was last saved (ms), or null when it never was. */
  updatedAt: z.number().nullable(),
});
export type StudyProfileView = z.output<typeof studyProfileSchema>;

const planFocusSchema = z.object({
  domain: z.string(),
  name: z.string(),
  hours: z.number(),
  items: z.number().int(),
});

export const studyPlanSchema = z.object({
  exam: z.string(),
  /** What the domains' hours are weighted by, in words. */
  basis: z.string(),
  today: z.string(),
  examDate: z.string(),
  hoursPerWeek: z.number(),
  daysLeft: z.number().int(),
  weeks: z.array(
    z.object({
      week: z.number().int(),
      start: z.string(),
      end: z.string(),
      days: z.number().int(),
      focus: z.array(planFocusSchema),
      reviewMinutes: z.number(),
      simulation: z.string().nullable(),
      bufferDays: z.number().int(),
    }),
  ),
  totalHours: z.number(),
  simulations: z.number().int(),
  warnings: z.array(z.string()),
});
export type StudyPlanView = z.output<typeof studyPlanSchema>;

export const studyEndpoints = {
  studyProfile: endpoint({
    method: "GET",
    url: "/api/profile",
    summary:
      "One's saved study profile: the exam prepared, its date, hours a week, and the eligibility profile",
    response: studyProfileSchema,
  }),
  saveStudyProfile: endpoint({
    method: "PATCH",
    url: "/api/profile",
    summary:
      "Save part of one's study profile (a part left out stays; null clears it); the goal's exam must be in the catalog and its date not past",
    body: studyProfilePatchSchema,
    response: studyProfileSchema,
  }),
  studyPlan: endpoint({
    method: "GET",
    url: "/api/study/plan",
    summary:
      "A week-by-week plan from today to the exam date, weighted by the exam's weights and one's weak domains; the saved goal fills what the query leaves out",
    query: z.strictObject({
      exam: z.string().min(1).max(64).optional(),
      date: isoDate.optional(),
      hoursPerWeek: z.coerce.number().positive().max(MAX_HOURS_PER_WEEK).optional(),
    }),
    response: studyPlanSchema,
  }),
  readiness: endpoint({
    method: "GET",
    url: "/api/readiness",
    summary:
      "The chance of passing the real exam today, with its interval, by domain and why, from one's final answers (never those of an exam still open)",
    query: z.strictObject({ exam: z.string().min(1).max(64) }),
    response: readinessSchema,
  }),
  studyQueue: endpoint({
    method: "GET",
    url: "/api/study",
    summary: "The study queue: items due for review (most at risk first), what comes next, and weak domains",
    query: z.strictObject({ exam: z.string().min(1).max(64) }),
    response: studyQueueSchema,
  }),
  weakPractice: endpoint({
    method: "POST",
    url: "/api/study/weak",
    summary:
      "Start a practice of one's weak areas: items shared out by the exam's weight × one's weakness in each domain, tasks never seen first, nothing answered in the last two weeks while others remain",
    status: 201,
    body: z.strictObject({
      exam: z.string().min(1).max(64),
      items: z.number().int().min(1).max(100).default(20),
      mode: z.enum(["tutor", "exam"]).default("tutor"),
    }),
    response: attemptViewSchema,
  }),
  studyPractice: endpoint({
    method: "POST",
    url: "/api/study/practice",
    summary: "Start a tutor attempt of the items due for review, most at risk first",
    status: 201,
    body: z.strictObject({
      exam: z.string().min(1).max(64),
      items: z.number().int().min(1).max(100).default(20),
    }),
    response: attemptViewSchema,
  }),
} as const;
