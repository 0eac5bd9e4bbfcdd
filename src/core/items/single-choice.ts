/** Single-choice items: four options, one key. The exam's main format. */
import { z } from "zod";
import { type Grade, gradeOneChoice, itemBase, optionId, optionSchema } from "./common.js";

export const singleChoiceSchema = z.strictObject({
  ...itemBase,
  type: z.literal("single-choice"),
  options: z.array(optionSchema).min(2).max(6),
  key: optionId,
});
export type SingleChoiceItem = z.output<typeof singleChoiceSchema>;

/** A response is the chosen option id. */
export const singleChoiceResponse = optionId;

export function gradeSingleChoice(item: SingleChoiceItem, response: string | null | undefined): Grade {
  return gradeOneChoice(item.key, response);
}
