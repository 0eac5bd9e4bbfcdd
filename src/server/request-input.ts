/**
 * What every request input must be, whichever route reads it and whichever database stores it:
 * text without the NUL character (PostgreSQL's text cannot hold it). Checked here, at the edge,
 * before the endpoint's own schema, so SQLite and PostgreSQL answer the same 400. (Row ids within
 * the range of an integer column are the contract's `rowId`.)
 */
import { HttpError } from "./errors.js";

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

/** Refuses one part of a request (params, query or body) that holds a NUL character, naming where. */
export function refuseNul(raw: unknown): void {
  const where = nulPath(raw);
  if (where !== null)
    throw new HttpError(400, "invalid-request", `${where}: text must not contain the NUL character (U+0000)`);
}
