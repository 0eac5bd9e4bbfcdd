/**
 * The response file of `certpath calibrate`: CSV with the header `person,<item ids…>` and one row
 * per person, each cell 1 (correct), 0 (incorrect) or empty (not seen; missing, not wrong). Every
 * problem is refused with one sentence naming the file and line: a duplicate item column or person,
 * a bad cell, a ragged row, an item nobody answered or everybody answered the same way.
 */
import { readCsv } from "../../formats/csv.js";
import { InputError } from "../../input-error.js";
import { type ResponseMatrix, responseMatrix } from "./response-matrix.js";

export interface ResponseFile {
  matrix: ResponseMatrix;
  /** Items left out for having fewer responses than asked (`minResponses`). */
  skipped: { id: string; responses: number }[];
  /** Rows with no response to any calibrated item, left out. */
  emptyRows: number;
}

export function parseResponseFile(
  text: string,
  file: string,
  options: { minResponses?: number } = {},
): ResponseFile {
  const minResponses = options.minResponses ?? 1;
  if (text.trim() === "") throw new InputError("the response file is empty", { file });
  const rows = readCsv(text);
  const headerRow = rows[0]!;
  const header = headerRow.cells.map((h) => h.trim());
  const at = { file, line: headerRow.line };
  if (header[0]?.toLowerCase() !== "person")
    throw new InputError(`the header must start with "person" followed by item ids (got "${header[0]}")`, at);
  const items = header.slice(1);
  if (items.length === 0) throw new InputError("the header names no items", at);
  const firstColumn = new Map<string, number>();
  items.forEach((id, k) => {
    if (id === "") throw new InputError(`column ${k + 2} of the header has no item id`, at);
    const before = firstColumn.get(id);
    if (before !== undefined)
      throw new InputError(
        `item "${id}" appears twice in the header (columns ${before + 2} and ${k + 2})`,
        at,
      );
    firstColumn.set(id, k);
  });
  if (rows.length < 2) throw new InputError("the response file has a header but no rows", at);

  const seenPerson = new Map<string, number>();
  const parsed = rows.slice(1).map((row) => {
    const where = { file, line: row.line };
    if (row.cells.length !== header.length)
      throw new InputError(`has ${row.cells.length} cells, the header has ${header.length}`, where);
    const person = row.cells[0]!.trim();
    if (person === "") throw new InputError("the person id is empty", where);
    const first = seenPerson.get(person);
    if (first !== undefined)
      throw new InputError(`person "${person}" appears twice (first on line ${first})`, where);
    seenPerson.set(person, row.line);
    const scores = row.cells.slice(1).map((raw, k) => {
      const v = raw.trim();
      if (v === "") return null;
      if (v === "1") return 1 as const;
      if (v === "0") return 0 as const;
      throw new InputError(`the cell for item ${items[k]} must be 1, 0 or empty, not "${v}"`, where);
    });
    return { person, scores };
  });

  const responses = new Array<number>(items.length).fill(0);
  const correct = new Array<number>(items.length).fill(0);
  for (const r of parsed)
    r.scores.forEach((s, k) => {
      if (s === null) return;
      responses[k]!++;
      correct[k]! += s;
    });
  const keep: number[] = [];
  const skipped: ResponseFile["skipped"] = [];
  items.forEach((id, k) => {
    const n = responses[k]!;
    if (n === 0) throw new InputError(`item "${id}" (column ${k + 2}) has no responses`, at);
    if (n < minResponses) {
      skipped.push({ id, responses: n });
      return;
    }
    if (correct[k] === 0 || correct[k] === n)
      throw new InputError(
        `item "${id}" (column ${k + 2}) has only ${correct[k] === 0 ? "incorrect" : "correct"} responses (${n}); its parameters cannot be estimated`,
        at,
      );
    keep.push(k);
  });
  if (keep.length === 0)
    throw new InputError(`no item has at least ${minResponses} responses (--min-responses)`, at);
  let emptyRows = 0;
  const kept = parsed.flatMap((r) => {
    const scores = keep.map((k) => r.scores[k]!);
    if (scores.every((s) => s === null)) {
      emptyRows++;
      return [];
    }
    return [{ person: r.person, scores }];
  });
  return {
    matrix: responseMatrix(
      keep.map((k) => items[k]!),
      kept,
    ),
    skipped,
    emptyRows,
  };
}
