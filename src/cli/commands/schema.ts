/** `certpath schema profile`: prints the JSON Schema of the candidate profile. */
import { z } from "zod";
import { profileSchema } from "../../core/eligibility/profile.js";
import { itemFileSchema, scenarioFileSchema } from "../../core/items/item.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";

export function profileJsonSchema(): object {
  return {
    title: "certpath candidate profile",
    ...z.toJSONSchema(profileSchema, { io: "input", unrepresentable: "any" }),
  };
}

/** JSON Schemas for editors of item files: a list of items, or a scenario set. */
export function itemsJsonSchema(): object {
  const opts = { io: "input", unrepresentable: "any" } as const;
  return {
    title: "certpath item file (a list of items, or one scenario set)",
    anyOf: [z.toJSONSchema(itemFileSchema, opts), z.toJSONSchema(scenarioFileSchema, opts)],
  };
}

export const SCHEMAS: Record<string, () => object> = { profile: profileJsonSchema, items: itemsJsonSchema };

export function schema(ctx: CommandContext, name: string): number {
  const make = SCHEMAS[name];
  if (!make) throw new UsageError(`unknown schema "${name}"; known: ${Object.keys(SCHEMAS).join(", ")}`);
  ctx.out(JSON.stringify(make(), null, 2));
  return 0;
}
