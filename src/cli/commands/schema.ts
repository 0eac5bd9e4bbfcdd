/** `certpath schema profile`: prints the JSON Schema of the candidate profile. */
import { z } from "zod";
import { profileSchema } from "../../core/eligibility/profile.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";

export function profileJsonSchema(): object {
  return {
    title: "certpath candidate profile",
    ...z.toJSONSchema(profileSchema, { io: "input", unrepresentable: "any" }),
  };
}

export function schema(ctx: CommandContext, name: string): number {
  if (name !== "profile") throw new UsageError(`unknown schema "${name}"; known: profile`);
  ctx.out(JSON.stringify(profileJsonSchema(), null, 2));
  return 0;
}
