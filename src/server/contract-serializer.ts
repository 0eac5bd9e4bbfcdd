/**
 * Responses are serialised with their endpoint's zod schema (fastify-type-provider-zod), which
 * drops any field the contract does not name: nothing a handler adds by mistake reaches a client.
 * In strict mode (the test suite turns it on) such a field is an error instead, so a handler and
 * its contract cannot drift apart unnoticed.
 */
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { serializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

/** The path of the first field `sent` has and `kept` (its serialised form) does not, or null. */
export function droppedField(sent: unknown, kept: unknown, path = ""): string | null {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    for (let i = 0; i < sent.length; i++) {
      const d = droppedField(sent[i], kept[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isPlain(sent) && isPlain(kept)) {
    for (const [k, v] of Object.entries(sent)) {
      const at = path ? `${path}.${k}` : k;
      if (v === undefined) continue;
      if (!(k in kept)) return at;
      const d = droppedField(v, kept[k], at);
      if (d) return d;
    }
  }
  return null;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function contractSerializer(strict: boolean): FastifySerializerCompiler<z.ZodType> {
  return (route) => {
    const serialize = serializerCompiler(route);
    if (!strict) return serialize;
    return (data: unknown) => {
      const kept = z.safeEncode(route.schema, data);
      if (kept.success) {
        const field = droppedField(JSON.parse(JSON.stringify(data)), kept.data);
        if (field)
          throw new Error(
            `${route.method} ${route.url}: the response has "${field}", which the endpoint's contract does not name`,
          );
      }
      return serialize(data);
    };
  };
}
