/**
 * Writing fields into the item files: blind-review records and difficulty priors. The files are edited as text, one line per
 * item, so comments and layout survive; every edited file is re-read and validated before any file
 * is replaced, and each is replaced by an atomic rename.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { isMap, isSeq, parseDocument, stringify } from "yaml";
import { buildBank } from "../../core/bank/load.js";
import type { ReviewOutcome } from "../../core/bank/review.js";
import { InputError } from "../../core/input-error.js";

export interface ReviewRecordOptions {
  date: string;
  reviewer?: string;
  /** Options-only answers go into `review.optionsOnly`; the full review beside them is kept. */
  optionsOnly?: boolean;
}

interface Located {
  file: string;
  exam: string;
}

/** Adds or replaces `review:` on each reviewed item; returns the files changed. */
export function recordReviews(
  outcomes: readonly ReviewOutcome[],
  locations: ReadonlyMap<string, Located>,
  options: ReviewRecordOptions,
): string[] {
  return editItemFiles(
    outcomes.map((outcome) => ({
      id: outcome.id,
      key: "review",
      value: (before) => reviewRecord(outcome, before, options),
    })),
    locations,
  );
}

/**
 * Sets fields of items in their files; returns the files changed. Every edited file is re-read and
 * validated before any file is replaced, and each is replaced by an atomic rename, so a failed
 * edit leaves every file as it was.
 */
export function editItemFiles(
  fieldEdits: readonly ItemFieldEdit[],
  locations: ReadonlyMap<string, Located>,
): string[] {
  const byFile = new Map<string, { exam: string; edits: ItemFieldEdit[] }>();
  for (const edit of fieldEdits) {
    const where = locations.get(edit.id);
    if (!where) throw new InputError(`item "${edit.id}" has no source file`);
    const entry = byFile.get(where.file) ?? { exam: where.exam, edits: [] };
    entry.edits.push(edit);
    byFile.set(where.file, entry);
  }
  const edited: { file: string; text: string }[] = [];
  for (const [file, { exam, edits }] of byFile) {
    const text = withItemFields(readFileSync(file, "utf8"), file, edits);
    const check = buildBank([{ file, text, exam }]);
    if (check.fileErrors[0]) throw check.fileErrors[0];
    edited.push({ file, text });
  }
  for (const { file, text } of edited) {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, file);
  }
  return edited.map((e) => e.file);
}

/** The text of an item file with a review line set on each reviewed item. */
export function withReviews(
  text: string,
  file: string,
  outcomes: readonly ReviewOutcome[],
  options: ReviewRecordOptions,
): string {
  return withItemFields(
    text,
    file,
    outcomes.map((outcome) => ({
      id: outcome.id,
      key: "review",
      value: (before) => reviewRecord(outcome, before, options),
    })),
  );
}

function reviewRecord(
  outcome: ReviewOutcome,
  existing: unknown,
  options: ReviewRecordOptions,
): Record<string, unknown> {
  const before = (existing && typeof existing === "object" ? existing : {}) as Record<string, unknown>;
  if (options.optionsOnly) {
    // The full review stays as it is; only the options-only answer is set.
    const { optionsOnly: _old, ...full } = before;
    const answer: Record<string, unknown> = { answer: outcome.answer };
    if (options.reviewer) answer.reviewer = options.reviewer;
    answer.date = options.date;
    return { ...full, optionsOnly: answer };
  }
  const record: Record<string, unknown> = { blind: true, date: options.date, answer: outcome.answer };
  if (options.reviewer) record.reviewer = options.reviewer;
  if (outcome.rating !== undefined) record.rating = outcome.rating;
  if (outcome.confidence !== undefined) record.confidence = outcome.confidence;
  const note = [outcome.flag && `[${outcome.flag}]`, outcome.note].filter(Boolean).join(" ");
  if (note) record.note = note;
  // An options-only answer recorded earlier stays beside the new full review.
  if (before.optionsOnly !== undefined) record.optionsOnly = before.optionsOnly;
  return record;
}

/** One field to set on one item: its new value, from the value it has now (undefined when absent). */
export interface ItemFieldEdit {
  id: string;
  key: string;
  value: (existing: unknown) => unknown;
}

/**
 * The text of an item file with one top-level field of some items set, each written on one line
 * (replacing the field where the item has it, appended to the item where it has not), so that
 * comments and the layout of everything else survive.
 */
export function withItemFields(text: string, file: string, fieldEdits: readonly ItemFieldEdit[]): string {
  const doc = parseDocument(text);
  const root = doc.contents;
  let list: unknown;
  if (isMap(root))
    list = root.has("scenario") ? doc.getIn(["scenario", "items"], true) : root.get("items", true);
  if (!isSeq(list)) throw new InputError("is not an item file", { file });
  const nodes = new Map<string, import("yaml").YAMLMap>();
  for (const node of list.items) {
    if (isMap(node)) nodes.set(String(node.get("id")), node);
  }
  // Edits from the end of the file backwards, so earlier offsets stay valid.
  const edits: { start: number; end: number; insert: string }[] = [];
  for (const edit of fieldEdits) {
    const node = nodes.get(edit.id);
    if (!node?.range) throw new InputError(`does not hold item "${edit.id}"`, { file });
    const existing = node.items.find((p) => String((p.key as { value?: unknown })?.value) === edit.key);
    const before = existing
      ? isMap(existing.value) || isSeq(existing.value)
        ? existing.value.toJSON()
        : (existing.value as { value?: unknown } | null)?.value
      : undefined;
    const value = edit.value(before);
    const line = `${edit.key}: ${stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trim()}`;
    if (existing) {
      const start = (existing.key as { range?: number[] }).range![0]!;
      const end = (existing.value as { range?: number[] }).range![1]!;
      edits.push({ start, end, insert: line });
    } else {
      const first = node.items[0]!.key as { range?: number[] };
      const lineStart = text.lastIndexOf("\n", first.range![0]! - 1) + 1;
      const indent = " ".repeat(first.range![0]! - lineStart);
      const last = node.items[node.items.length - 1]!;
      // A block collection's range runs past its last line break: append after its last character.
      let end = (last.value as { range?: number[] }).range![1]!;
      while (end > 0 && /\s/.test(text[end - 1]!)) end--;
      edits.push({ start: end, end, insert: `\n${indent}${line}` });
    }
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.insert + out.slice(edit.end);
  }
  return out;
}
