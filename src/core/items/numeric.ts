/**
 * Numeric items: the answer is a number, right within a tolerance, in a stated unit. Common wrong
 * answers can be listed with the misconception behind each, for feedback.
 */
import { z } from "zod";
import { dichotomous, type Grade, itemBase, UNANSWERED } from "./common.js";

export const numericSchema = z.strictObject({
  ...itemBase,
  type: z.literal("numeric"),
  key: z.strictObject({
    value: z.number().finite(),
    /** Absolute tolerance: a response within ±tolerance of value is right. */
    tolerance: z.number().nonnegative(),
    unit: z.string().trim().min(1),
  }),
  /** Wrong answers a candidate may reach, each with the misconception behind it. */
  misconceptions: z
    .array(z.strictObject({ value: z.number().finite(), rationale: z.string().trim().min(1) }))
    .default([]),
  /** The worked answer, shown with the key. */
  rationale: z.string().trim().min(1),
});
export type NumericItem = z.output<typeof numericSchema>;

export const numericResponse = z.number().finite();

export function gradeNumeric(item: NumericItem, response: number | null | undefined): Grade {
  if (response === null || response === undefined || !Number.isFinite(response)) return UNANSWERED;
  const right =
    Math.abs(response - item.key.value) <= item.key.tolerance + 1e-9 * Math.max(1, Math.abs(item.key.value));
  return dichotomous(right, right ? 1 : 0);
}

/** The listed misconception closest to a wrong response, when the response matches one. */
export function matchedMisconception(item: NumericItem, response: number): string | undefined {
  return item.misconceptions.find((m) => Math.abs(m.value - response) <= item.key.tolerance + 1e-9)
    ?.rationale;
}
