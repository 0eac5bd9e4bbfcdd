/** Ordering items: put the steps of a process in order. The key is the option ids in the right order. */
import { z } from "zod";
import { dichotomous, type Grade, itemBase, optionId, optionSchema, UNANSWERED } from "./common.js";

export const orderingSchema = z.strictObject({
  ...itemBase,
  type: z.literal("ordering"),
  options: z.array(optionSchema).min(3).max(8),
  key: z.array(optionId).min(3),
});
export type OrderingItem = z.output<typeof orderingSchema>;

export const orderingResponse = z.array(optionId);

/** Right only in exactly the keyed order; `partial` is the share of positions that are right. */
export function gradeOrdering(item: OrderingItem, response: readonly string[] | null | undefined): Grade {
  if (!response || response.length === 0) return UNANSWERED;
  let same = 0;
  for (let i = 0; i < item.key.length; i++) if (response[i] === item.key[i]) same++;
  const right = same === item.key.length && response.length === item.key.length;
  return dichotomous(right, same / item.key.length);
}
