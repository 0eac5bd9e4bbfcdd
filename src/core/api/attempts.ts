/** The attempt endpoints: starting an attempt, the player's commands, the review screen and the report. */
import { z } from "zod";
import { behaviourNames } from "../exam/behaviour.js";
import { confidenceLevels, problemCategories } from "../exam/steps.js";
import { diagramSchema, regionShapeSchema } from "../items/hotspot.js";
import { itemTypes } from "../items/item.js";
import type { Report } from "../scoring/report.js";
import { domainObject, pageQuery } from "./common.js";
import { endpoint } from "./endpoint.js";

const id = z.string().min(1).max(100);

/** What starts an attempt (exam, tutor or adaptive) and what an assignment's settings hold. */
export const createAttemptSchema = z.strictObject({
  exam: id,
  mode: z.enum(behaviourNames).default("exam"),
  /** Exam and tutor: scored items (default: the exam's full length). */
  items: z.number().int().min(1).max(500).optional(),
  domains: z.array(id).max(50).optional(),
  subdomains: z.array(id).max(100).optional(),
  tasks: z.array(id).max(300).optional(),
  tags: z.array(id).max(50).optional(),
  /**
   * Mixed into the attempt's seed, which the server derives with a secret of its own and the new
   * attempt's id: a client cannot choose a seed that reproduces another attempt's form or ids.
   */
  seed: z.string().min(1).max(64).optional(),
  /** Adaptive: the exam's own rules or practice rules. */
  rules: z.enum(["exam", "practice"]).optional(),
  /** Tutor: time the attempt at the exam's pace. */
  paced: z.boolean().optional(),
});
export type CreateAttempt = z.output<typeof createAttemptSchema>;

/** A candidate's command to an attempt, in the attempt's delivered ids. */
export const commandSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("answer"), itemId: id, response: z.unknown() }),
  z.strictObject({ kind: z.literal("submit"), itemId: id }),
  z.strictObject({ kind: z.literal("flag"), itemId: id, flagged: z.boolean() }),
  z.strictObject({ kind: z.literal("confidence"), itemId: id, level: z.enum(confidenceLevels) }),
  z.strictObject({ kind: z.literal("strike"), itemId: id, optionId: id, struck: z.boolean() }),
  z.strictObject({ kind: z.literal("navigate"), position: z.number().int().min(0).max(10_000) }),
  z.strictObject({ kind: z.literal("break"), state: z.enum(["start", "end"]) }),
  z.strictObject({
    kind: z.literal("report"),
    itemId: id,
    category: z.enum(problemCategories),
    comment: z.string().max(2000).default(""),
  }),
  z.strictObject({ kind: z.literal("finish") }),
]);
export type ApiCommand = z.input<typeof commandSchema>;

/** A command with the step number the client saw: the next step it expects to write. */
export const commandRequestSchema = z.strictObject({
  seq: z.number().int().min(0),
  command: commandSchema,
});

/** A delivered option; a hotspot region has its `shape` in the diagram as well. */
const deliveredOption = z.object({
  id: z.string(),
  label: z.string(),
  text: z.string(),
  shape: regionShapeSchema.optional(),
});

/**
 * One item as the candidate sees it: no key, no correctness and no rationale until the answer is
 * final in tutor mode (`feedback`), and every id as delivered to this attempt.
 */
export const itemViewSchema = z.object({
  id: z.string(),
  type: z.enum(itemTypes),
  stem: z.string(),
  scenario: z.object({ id: z.string(), title: z.string(), case: z.string() }).optional(),
  options: z.array(deliveredOption),
  categories: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
  /** Multiple response: how many options to choose. */
  select: z.number().int().optional(),
  /** Numeric: the unit of the answer. */
  unit: z.string().optional(),
  /** Hotspot: the diagram the regions lie on, as plain data the client draws. */
  diagram: diagramSchema.optional(),
  response: z.unknown(),
  flagged: z.boolean(),
  /** How sure the candidate said they were, or null. */
  confidence: z.enum(confidenceLevels).nullable(),
  struck: z.array(z.string()),
  final: z.boolean(),
  feedback: z
    .object({
      key: z.unknown(),
      correct: z.boolean(),
      explanation: z.string().nullable(),
      task: z.string(),
      references: z.array(z.string()),
      /** For a wrong numeric answer that matches a misconception the author listed. */
      misconception: z.string().nullable(),
      rationales: z.array(z.object({ id: z.string(), label: z.string(), rationale: z.string() })),
    })
    .nullable(),
});
export type ItemView = z.output<typeof itemViewSchema>;

/** The attempt as its candidate sees it now. Nothing here tells θ, a key or a pretest flag. */
export const attemptViewSchema = z.object({
  id: z.string(),
  exam: z.string(),
  mode: z.enum(behaviourNames),
  status: z.enum(["in-progress", "finished", "discarded"]),
  /** The next step number: sent back with each command (see the commands endpoint). */
  seq: z.number().int(),
  position: z.number().int(),
  /** Items on the form; null for adaptive attempts (their length is not shown). */
  total: z.number().int().nullable(),
  answered: z.number().int(),
  timeLimitMs: z.number().nullable(),
  remainingMs: z.number().nullable(),
  usedMs: z.number(),
  warnings: z.array(z.number()),
  onBreak: z.boolean(),
  finish: z
    .object({
      reason: z.string(),
      detail: z.string().optional(),
      passed: z.boolean().optional(),
      at: z.number(),
    })
    .nullable(),
  item: itemViewSchema.nullable(),
});
export type AttemptView = z.output<typeof attemptViewSchema>;

export const attemptSummarySchema = z.object({
  id: z.string(),
  exam: z.string(),
  behaviour: z.string(),
  createdAt: z.number(),
  status: z.string(),
  finishedAt: z.number().nullable(),
  steps: z.number().int(),
  assignmentId: z.string().nullable(),
});
export type AttemptSummary = z.output<typeof attemptSummarySchema>;

export const reviewRowSchema = z.object({
  position: z.number().int(),
  itemId: z.string(),
  answered: z.boolean(),
  flagged: z.boolean(),
});
export type ReviewRow = z.output<typeof reviewRowSchema>;

/** A finished attempt's score report (the candidate's names no pretest item). */
export const reportSchema = domainObject<Report>("Report", "the score report of a finished attempt");
export type { Report };

const attemptParams = z.strictObject({ id: z.string().min(1).max(64) });

export const attemptEndpoints = {
  listAttempts: endpoint({
    method: "GET",
    url: "/api/attempts",
    summary: "Attempts, newest first",
    query: pageQuery,
    response: z.object({ attempts: z.array(attemptSummarySchema) }),
  }),
  startAttempt: endpoint({
    method: "POST",
    url: "/api/attempts",
    summary: "Start an exam, tutor or adaptive attempt",
    body: createAttemptSchema,
    status: 201,
    response: attemptViewSchema,
  }),
  getAttempt: endpoint({
    method: "GET",
    url: "/api/attempts/:id",
    summary: "The attempt as the candidate sees it now: current item, answers, flags, time",
    params: attemptParams,
    response: attemptViewSchema,
  }),
  sendCommand: endpoint({
    method: "POST",
    url: "/api/attempts/:id/commands",
    summary: "Answer, submit, flag, strike, move, break, report or finish; idempotent by seq",
    params: attemptParams,
    body: commandRequestSchema,
    response: z.object({ duplicate: z.boolean(), attempt: attemptViewSchema }),
  }),
  discardAttempt: endpoint({
    method: "POST",
    url: "/api/attempts/:id/discard",
    summary:
      "Give up an unfinished attempt of one's own (not an assigned one): kept in its log, left out of history and readiness",
    params: attemptParams,
    response: z.object({ id: z.string(), status: z.literal("discarded"), at: z.number() }),
  }),
  reviewScreen: endpoint({
    method: "GET",
    url: "/api/attempts/:id/review",
    summary: "The review screen: answered, unanswered and flagged items",
    params: attemptParams,
    response: z.object({ id: z.string(), items: z.array(reviewRowSchema) }),
  }),
  attemptReport: endpoint({
    method: "GET",
    url: "/api/attempts/:id/report",
    summary: "The score report of a finished attempt, with keys and rationales",
    params: attemptParams,
    response: reportSchema,
  }),
} as const;
