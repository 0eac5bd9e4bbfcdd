/**
 * The steps of an attempt: an append-only log with a closed set of kinds. Everything about an
 * attempt — answers, flags, strike-throughs, navigation, time, the shuffles — is a step, so its state
 * is derived by replaying them, a resumed attempt looks exactly the same, and a regrade is a replay.
 */
import { z } from "zod";
import { behaviourNames } from "./behaviour.js";

/** How sure a candidate is of an answer. */
export const confidenceLevels = ["sure", "unsure", "guessed"] as const;
export type ConfidenceLevel = (typeof confidenceLevels)[number];

export const problemCategories = ["wrong-key", "two-right-answers", "unclear", "outdated", "other"] as const;
export type ProblemCategory = (typeof problemCategories)[number];

const formEntry = z.strictObject({
  id: z.string(),
  domain: z.string(),
  subdomain: z.string(),
  task: z.string(),
  pretest: z.boolean(),
  /** Option ids in the delivered (shuffled) order; empty for numeric items. */
  order: z.array(z.string()),
  /** The item version the attempt saw. */
  version: z.number().int().positive(),
});
export type FormEntry = z.output<typeof formEntry>;

const stepBody = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("start"),
    exam: z.string(),
    behaviour: z.enum(behaviourNames),
    seed: z.string(),
    form: z.array(formEntry),
    /** Time limit in milliseconds, or null for untimed. */
    timeLimitMs: z.number().int().positive().nullable(),
    /** For adaptive attempts: the most items the engine may deliver. */
    maxItems: z.number().int().positive().optional(),
    /** For adaptive attempts: which rules the engine follows (the exam's own, or practice rules). */
    catRules: z.enum(["exam", "practice"]).optional(),
  }),
  /** A certpath process opened the attempt: the clock runs from here. */
  z.strictObject({ kind: z.literal("open") }),
  /** The process is still holding the attempt (written periodically so a crash loses little time). */
  z.strictObject({ kind: z.literal("heartbeat") }),
  /** The process let go of the attempt: the clock stops until the next open. */
  z.strictObject({ kind: z.literal("close") }),
  z.strictObject({ kind: z.literal("answer"), itemId: z.string(), response: z.unknown() }),
  /** The answer to an item is final (tutor and adaptive). */
  z.strictObject({ kind: z.literal("submit"), itemId: z.string() }),
  z.strictObject({ kind: z.literal("flag"), itemId: z.string(), flagged: z.boolean() }),
  /** How sure the candidate is of an answer (tutor and practice): spaced review treats a right guess as not known. */
  z.strictObject({ kind: z.literal("confidence"), itemId: z.string(), level: z.enum(confidenceLevels) }),
  z.strictObject({
    kind: z.literal("strike"),
    itemId: z.string(),
    optionId: z.string(),
    struck: z.boolean(),
  }),
  z.strictObject({ kind: z.literal("navigate"), position: z.number().int().nonnegative() }),
  z.strictObject({ kind: z.literal("break"), state: z.enum(["start", "end"]) }),
  /** Time given back by an instructor (the clock kept running while the candidate was away). */
  z.strictObject({
    kind: z.literal("grant"),
    ms: z
      .number()
      .int()
      .positive()
      .max(24 * 3_600_000),
    by: z.string(),
  }),
  /** Adaptive: the engine chose the next item; its estimate before that item is kept for the report. */
  z.strictObject({
    kind: z.literal("select"),
    entry: formEntry,
    theta: z.number(),
    se: z.number(),
  }),
  z.strictObject({
    kind: z.literal("report"),
    itemId: z.string(),
    category: z.enum(problemCategories),
    comment: z.string().max(2000),
  }),
  /**
   * The candidate gave up an unfinished attempt: it ends unscored and counts in no history or
   * readiness, while its log stays whole (nothing is deleted).
   */
  z.strictObject({ kind: z.literal("discard") }),
  z.strictObject({
    kind: z.literal("finish"),
    reason: z.enum(["candidate", "time-out", "adaptive-stop", "all-answered"]),
    detail: z.string().optional(),
    /** The adaptive engine's pass/fail decision, when it ended the test. */
    passed: z.boolean().optional(),
  }),
]);

export const stepSchema = z.intersection(
  z.strictObject({ seq: z.number().int().nonnegative(), at: z.number().int() }),
  stepBody,
);
export type Step = z.output<typeof stepSchema>;
export type StepBody = z.output<typeof stepBody>;
export type StartStep = Extract<Step, { kind: "start" }>;
