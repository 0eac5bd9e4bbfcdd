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

/**
 * The misconception behind a wrong response, when the response matches one the author listed
 * (within the key's tolerance); undefined for a right, missing or unlisted response.
 */
export function matchedMisconception(item: NumericItem, response: unknown): string | undefined {
  if (typeof response !== "number" || gradeNumeric(item, response).credit === 1) return undefined;
  let best: { distance: number; rationale: string } | undefined;
  for (const m of item.misconceptions) {
    const distance = Math.abs(m.value - response);
    if (
      distance <= item.key.tolerance + 1e-9 * Math.max(1, Math.abs(m.value)) &&
      (!best || distance < best.distance)
    )
      best = { distance, rationale: m.rationale };
  }
  return best?.rationale;
}
