/**
 * What every item type shares: identity, status, the task statements it measures, its metadata,
 * and the shape of a grade. Each type lives in its own module beside this one.
 */
import { z } from "zod";

export const itemStatuses = ["draft", "review", "live", "retired"] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export const itemId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    "must be a lowercase id of letters, digits, dots and dashes, e.g. issmp-3.3-001",
  );
export const taskRef = z
  .string()
  .regex(/^[a-z0-9-]+:\d+\.(\d+|[A-Z])\.\d+$/, 'must be a task statement id such as "issmp:3.3.2"');
export const optionId = z.string().regex(/^[A-Z]$/, "must be a capital letter A, B, C…");
const text = z.string().trim().min(1, "must not be empty");

export const optionSchema = z.strictObject({
  id: optionId,
  text,
  /** Why this option is right, or the misconception that makes it attractive and wrong. */
  rationale: text,
});
export type ItemOption = z.output<typeof optionSchema>;

/** A rating from 1 to 5. */
const oneToFive = z.number().int().min(1, "must be 1 to 5").max(5, "must be 1 to 5");

/**
 * A reviewer's record. A full blind review: a reviewer who did not write the item answered it without
 * the key, and may rate its difficulty against the real exam (1 = far easier, 3 = a typical real item,
 * 5 = far harder) and their confidence in their answer (1–5). An options-only review: a reviewer
 * answered from the options alone, without the stem or case study (near chance for a good item).
 */
export const reviewSchema = z
  .strictObject({
    blind: z.boolean().optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /** The reviewer's own answer, in the same form as the key. */
    answer: z.unknown().optional(),
    reviewer: z.string().optional(),
    /** Difficulty against the real exam, 1 (far easier) to 5 (far harder); 3 is a typical real item. */
    rating: oneToFive.optional(),
    /** The reviewer's confidence in their answer, 1 (a guess) to 5 (certain). */
    confidence: oneToFive.optional(),
    note: z.string().optional(),
    /** An answer given from the options alone, without the stem or case study. */
    optionsOnly: z
      .strictObject({
        answer: z.unknown(),
        reviewer: z.string().optional(),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      })
      .optional(),
  })
  .refine((r) => {
    const full = r.blind !== undefined || r.date !== undefined || r.answer !== undefined;
    const complete = r.blind !== undefined && r.date !== undefined && r.answer !== undefined;
    return full ? complete : r.optionsOnly !== undefined;
  }, "a review needs blind, date and answer (a full review), optionsOnly, or both");
export type ItemReview = z.output<typeof reviewSchema>;

/** Fields every item has, whatever its type. */
export const itemBase = {
  id: itemId,
  version: z.number().int().positive().default(1),
  status: z.enum(itemStatuses),
  /** Task statements measured, e.g. ["issmp:3.3.2"]; several for cross-exam items. */
  outlines: z.array(taskRef).min(1),
  stem: text,
  explanation: text.optional(),
  references: z.array(text).default([]),
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "tags are lowercase words with dashes")).default([]),
  /** The author's prior for the IRT difficulty b, in logits (about −3 to 3). */
  difficulty: z.number().min(-4).max(4).default(0),
  /** Items that must not share a form with this one. */
  enemies: z.array(itemId).default([]),
  /** Expected time to answer, in seconds. */
  timeSeconds: z.number().int().positive().max(1800).default(72),
  /** Whether delivery may shuffle the options. */
  shuffle: z.boolean().default(true),
  review: reviewSchema.optional(),
};

/** The result of grading one response: the credit and a state for feedback. */
export interface Grade {
  /** Credit in [0, 1]. Scoring is dichotomous: 1 only for a fully right response. */
  credit: 0 | 1;
  state: "correct" | "incorrect" | "partial" | "unanswered";
  /** Share of the response that was right (selections, positions, pairs), for feedback. */
  partial: number;
}

export const UNANSWERED: Grade = { credit: 0, state: "unanswered", partial: 0 };

export function dichotomous(right: boolean, partial: number): Grade {
  if (right) return { credit: 1, state: "correct", partial: 1 };
  return { credit: 0, state: partial > 0 ? "partial" : "incorrect", partial };
}

/** Grades a one-choice response (a single-choice option, a hotspot region): right only when it is the key. */
export function gradeOneChoice(key: string, response: string | null | undefined): Grade {
  if (response === null || response === undefined) return UNANSWERED;
  const right = response === key;
  return dichotomous(right, right ? 1 : 0);
}
