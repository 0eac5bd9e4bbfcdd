/**
 * Item parameter files: CSV with the header `id,a,b,c` (`c` and a fourth-parameter `d` optional), or
 * JSON (an array of `{id, a, b, c?, d?}` or an object keyed by id). Response matrices: CSV with the
 * header `person,<item ids…>` and cells 1, 0 or empty (missing).
 */
import { InputError } from "../input-error.js";
import type { ItemParameters } from "../irt/models.js";
import { readCsv } from "./csv.js";

export interface NamedParameters {
  id: string;
  params: ItemParameters;
}

function checkParams(
  p: { a: number; b: number; c: number; d: number },
  where: { file: string; line?: number; path?: string },
) {
  const bad = (field: string, why: string) => {
    throw new InputError(`${field} ${why}`, where);
  };
  for (const [k, v] of Object.entries(p)) if (!Number.isFinite(v)) bad(k, `must be a number, not "${v}"`);
  if (p.a < 0) bad("a", `must not be negative (got ${p.a})`);
  if (p.c < 0 || p.c >= 1) bad("c", `must lie in [0, 1) (got ${p.c})`);
  if (p.d <= p.c || p.d > 1) bad("d", `must lie in (c, 1] (got ${p.d})`);
}

export function parseParameters(text: string, file: string): NamedParameters[] {
  const trimmed = text.trim();
  if (trimmed === "") throw new InputError("the parameter file is empty", { file });
  const out =
    trimmed.startsWith("[") || trimmed.startsWith("{") ? parseJson(trimmed, file) : parseCsv(text, file);
  const seen = new Set<string>();
  for (const p of out) {
    if (seen.has(p.id)) throw new InputError(`item "${p.id}" appears twice`, { file });
    seen.add(p.id);
  }
  if (out.length === 0) throw new InputError("the parameter file lists no items", { file });
  return out;
}

function parseCsv(text: string, file: string): NamedParameters[] {
  const rows = readCsv(text);
  const header = rows[0]!.cells.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col("id") !== 0 || col("a") < 0 || col("b") < 0) {
    throw new InputError(`the header must be "id,a,b" or "id,a,b,c" (got "${rows[0]!.cells.join(",")}")`, {
      file,
      line: rows[0]!.line,
    });
  }
  const known = new Set(["id", "a", "b", "c", "d"]);
  const extra = header.find((h) => !known.has(h));
  if (extra !== undefined)
    throw new InputError(`unknown column "${extra}" in the header (expected id,a,b,c)`, {
      file,
      line: rows[0]!.line,
    });
  return rows.slice(1).map((row) => {
    if (row.cells.length !== header.length) {
      throw new InputError(`has ${row.cells.length} cells, the header has ${header.length}`, {
        file,
        line: row.line,
      });
    }
    const num = (name: string, fallback: number) => {
      const i = col(name);
      if (i < 0) return fallback;
      const raw = row.cells[i]!.trim();
      if (raw === "" && name !== "a" && name !== "b") return fallback;
      const v = Number(raw);
      if (raw === "" || !Number.isFinite(v))
        throw new InputError(`${name} must be a number, not "${raw}"`, { file, line: row.line });
      return v;
    };
    const id = row.cells[0]!.trim();
    if (!id) throw new InputError("the item id is empty", { file, line: row.line });
    const params = { a: num("a", 1), b: num("b", 0), c: num("c", 0), d: num("d", 1) };
    checkParams(params, { file, line: row.line });
    return { id, params };
  });
}

function parseJson(text: string, file: string): NamedParameters[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`is not valid JSON: ${(e as Error).message}`, { file });
  }
  const entries: [string, unknown][] = Array.isArray(data)
    ? data.map((x, i) => [String((x as { id?: unknown })?.id ?? `#${i}`), x])
    : Object.entries(data as Record<string, unknown>);
  return entries.map(([id, raw], i) => {
    const path = Array.isArray(data) ? `[${i}]` : id;
    if (!raw || typeof raw !== "object")
      throw new InputError("must be an object with a, b and optionally c", { file, path });
    const r = raw as Record<string, unknown>;
    if (Array.isArray(data) && typeof r.id !== "string")
      throw new InputError("needs a string id", { file, path });
    const get = (k: string, fallback?: number) => {
      if (r[k] === undefined && fallback !== undefined) return fallback;
      if (typeof r[k] !== "number")
        throw new InputError(`${k} must be a number, not ${JSON.stringify(r[k])}`, { file, path });
      return r[k] as number;
    };
    const params = { a: get("a"), b: get("b"), c: get("c", 0), d: get("d", 1) };
    checkParams(params, { file, path });
    return { id, params };
  });
}

export interface ResponseRow {
  person: string;
  /** Score per item column: 1, 0 or null (missing). */
  scores: (0 | 1 | null)[];
}

export interface ResponseMatrix {
  items: string[];
  rows: ResponseRow[];
}

export function parseResponses(text: string, file: string, knownItems: ReadonlySet<string>): ResponseMatrix {
  if (text.trim() === "") throw new InputError("the response file is empty", { file });
  const rows = readCsv(text);
  const header = rows[0]!.cells.map((h) => h.trim());
  if (header[0]?.toLowerCase() !== "person") {
    throw new InputError(`the header must start with "person" followed by item ids (got "${header[0]}")`, {
      file,
      line: rows[0]!.line,
    });
  }
  const items = header.slice(1);
  if (items.length === 0) throw new InputError("the header names no items", { file, line: rows[0]!.line });
  // A repeated item column would count the item's answers twice.
  const firstColumn = new Map<string, number>();
  items.forEach((id, i) => {
    const seen = firstColumn.get(id);
    if (seen !== undefined)
      throw new InputError(
        `item "${id}" has two columns in the header (columns ${seen + 2} and ${i + 2}); each item may appear once`,
        { file, line: rows[0]!.line },
      );
    firstColumn.set(id, i);
  });
  const unknown = items.filter((i) => !knownItems.has(i));
  if (unknown.length) {
    throw new InputError(
      `the header names ${unknown.length} item(s) not in the parameter file: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? "…" : ""}`,
      { file, line: rows[0]!.line },
    );
  }
  return {
    items,
    rows: rows.slice(1).map((row) => {
      if (row.cells.length !== header.length) {
        throw new InputError(`has ${row.cells.length} cells, the header has ${header.length}`, {
          file,
          line: row.line,
        });
      }
      const scores = row.cells.slice(1).map((raw, i) => {
        const v = raw.trim();
        if (v === "") return null;
        if (v === "1") return 1 as const;
        if (v === "0") return 0 as const;
        throw new InputError(`the cell for item ${items[i]} must be 1, 0 or empty, not "${v}"`, {
          file,
          line: row.line,
        });
      });
      return { person: row.cells[0]!.trim(), scores };
    }),
  };
}
