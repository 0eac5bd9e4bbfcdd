/**
 * Parsing JSON or YAML text into data while keeping the way back from a path in the data to a
 * line in the text, so validation errors can say "file:line: at path: reason".
 */
import { isMap, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { formatPath, InputError } from "../input-error.js";

export interface StructuredText {
  data: unknown;
  /** 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

/** Parses YAML (a superset of JSON, so JSON files work too). Throws InputError on a syntax error. */
export function parseStructuredText(text: string, file: string): StructuredText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    const message = first.message.split("\n")[0] ?? first.message;
    throw new InputError(`is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${message}`, {
      file,
      line,
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml package refuses a document whose aliases expand without bound ("billion laughs").
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    let firstAlias: number | undefined;
    visit(doc, {
      Alias(_, node) {
        firstAlias = node.range?.[0];
        return visit.BREAK;
      },
    });
    throw new InputError("is refused: its aliases (*name) expand to too much data", {
      file,
      line: firstAlias === undefined ? undefined : lineCounter.linePos(firstAlias).line,
    });
  }
  return {
    data,
    lineOf(path) {
      let node: unknown = doc.contents;
      let offset: number | undefined = rangeStart(node);
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => keyText(p.key) === String(key));
          if (!pair) break;
          offset = rangeStart(pair.key) ?? offset;
          node = pair.value;
          offset = rangeStart(node) ?? offset;
        } else if (isSeq(node) && typeof key === "number") {
          const item = node.items[key];
          if (item === undefined) break;
          node = item;
          offset = rangeStart(node) ?? offset;
        } else break;
      }
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    },
  };
}

function keyText(key: unknown): string | undefined {
  if (key && typeof key === "object" && "value" in key) return String((key as { value: unknown }).value);
  return key === null || key === undefined ? undefined : String(key);
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as { range?: [number, number, number] }).range;
    return range?.[0];
  }
  return undefined;
}

/** Validates parsed text against a schema; the first problem becomes one InputError with file and line. */
export function validateStructured<T extends z.ZodType>(
  schema: T,
  parsed: StructuredText,
  file: string,
): z.output<T> {
  const result = schema.safeParse(parsed.data, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path as PropertyKey[];
  throw new InputError(describeIssue(issue), {
    file,
    line: parsed.lineOf(path),
    path: path.length ? formatPath(path) : undefined,
  });
}

/** Parses and validates in one step. */
export function parseAndValidate<T extends z.ZodType>(schema: T, text: string, file: string): z.output<T> {
  return validateStructured(schema, parseStructuredText(text, file), file);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if ((issue as { input?: unknown }).input === undefined) return `is required (${issue.expected})`;
      return `must be ${article(issue.expected)}`;
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_value":
      if ((issue as { input?: unknown }).input === undefined) return "is required";
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
