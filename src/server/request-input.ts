/**
 * What every request input must be, whichever route reads it and whichever database stores it:
 * text without the NUL character (PostgreSQL's text cannot hold it) and row ids within the range of
 * an integer column. Checked here, at the edge, so SQLite and PostgreSQL answer the same 400.
 */
import { z } from "zod";
import { HttpError } from "./errors.js";

/** The largest value of a 32-bit integer column (PostgreSQL `integer`, `serial`). */
export const INT4_MAX = 2_147_483_647;

/** A numeric row id in a path or query string (an integer column: 1 … 2³¹−1). */
export const rowId = () => z.coerce.number().int().min(1).max(INT4_MAX);

/** A value met while walking a request, with the way back to the root. */
interface Step {
  value: unknown;
  key: string | number | null;
  parent: Step | null;
}

/**
 * The path of the first string (value or object key) that holds a NUL character, or null. Walks
 * with its own stack, so a deeply nested body cannot exhaust the call stack.
 */
export function nulPath(value: unknown): string | null {
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return describe(step);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: step });
    } else if (typeof v === "object" && v !== null) {
      const entries = Object.entries(v);
      for (const [key] of entries)
        if (key.includes("\u0000"))
          return describe({ value: key, key: key.replaceAll("\u0000", "\\u0000"), parent: step });
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step });
    }
  }
  return null;
}

/** A step's path from the root, as the request's field name ("item.options.0.text"). */
function describe(step: Step): string {
  const keys: (string | number)[] = [];
  for (let s: Step | null = step; s !== null && s.key !== null; s = s.parent) keys.push(s.key);
  return keys.length ? keys.reverse().join(".") : "(the value)";
}

/** Parses one part of a request (params, query or body) with its schema, NUL characters refused first. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const where = nulPath(raw);
  if (where !== null)
    throw new HttpError(400, "invalid-request", `${where}: text must not contain the NUL character (U+0000)`);
  return schema.parse(raw);
}
