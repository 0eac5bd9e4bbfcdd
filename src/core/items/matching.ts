/** Matching items: map each option to one of the listed categories. The key maps option id → category id. */
import { z } from "zod";
import { dichotomous, type Grade, itemBase, optionId, optionSchema, UNANSWERED } from "./common.js";

const categoryId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a lowercase category id");

export const matchingSchema = z.strictObject({
  ...itemBase,
  type: z.literal("matching"),
  options: z.array(optionSchema).min(3).max(8),
  categories: z
    .array(z.strictObject({ id: categoryId, text: z.string().trim().min(1) }))
    .min(2)
    .max(6),
  key: z.record(optionId, categoryId),
});
export type MatchingItem = z.output<typeof matchingSchema>;

export const matchingResponse = z.record(optionId, categoryId);

/** Right only when every option is mapped as keyed; `partial` is the share of right pairs. */
export function gradeMatching(
  item: MatchingItem,
  response: Readonly<Record<string, string>> | null | undefined,
): Grade {
  if (!response || Object.keys(response).length === 0) return UNANSWERED;
  const ids = Object.keys(item.key);
  let same = 0;
  for (const id of ids) if (response[id] === item.key[id]) same++;
  return dichotomous(same === ids.length, same / ids.length);
}
