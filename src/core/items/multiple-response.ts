/** Multiple-response items ("choose TWO"): the key is a set of option ids; scored all or nothing. */
import { z } from "zod";
import { dichotomous, type Grade, itemBase, optionId, optionSchema, UNANSWERED } from "./common.js";

export const multipleResponseSchema = z.strictObject({
  ...itemBase,
  type: z.literal("multiple-response"),
  options: z.array(optionSchema).min(3).max(8),
  key: z.array(optionId).min(2),
});
export type MultipleResponseItem = z.output<typeof multipleResponseSchema>;

export const multipleResponseResponse = z.array(optionId);

/** Right only when exactly the keyed options are chosen; `partial` is the Jaccard overlap. */
export function gradeMultipleResponse(
  item: MultipleResponseItem,
  response: readonly string[] | null | undefined,
): Grade {
  if (!response || response.length === 0) return UNANSWERED;
  const chosen = new Set(response);
  const key = new Set(item.key);
  let hits = 0;
  for (const c of chosen) if (key.has(c)) hits++;
  const union = chosen.size + key.size - hits;
  return dichotomous(hits === key.size && chosen.size === key.size, hits / union);
}
