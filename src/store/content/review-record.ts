/**
 * Writing blind-review records into the item files. The files are edited as text, one line per
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
  const byFile = new Map<string, { exam: string; outcomes: ReviewOutcome[] }>();
  for (const outcome of outcomes) {
    const where = locations.get(outcome.id);
    if (!where) throw new InputError(`item "${outcome.id}" has no source file`);
    const entry = byFile.get(where.file) ?? { exam: where.exam, outcomes: [] };
    entry.outcomes.push(outcome);
    byFile.set(where.file, entry);
  }
  const edited: { file: string; text: string }[] = [];
  for (const [file, { exam, outcomes: inFile }] of byFile) {
    const text = withReviews(readFileSync(file, "utf8"), file, inFile, options);
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
  for (const outcome of outcomes) {
    const node = nodes.get(outcome.id);
    if (!node?.range) throw new InputError(`does not hold item "${outcome.id}"`, { file });
    const existing = node.items.find((p) => String((p.key as { value?: unknown })?.value) === "review");
    const before = (isMap(existing?.value) ? existing.value.toJSON() : {}) as Record<string, unknown>;
    let record: Record<string, unknown>;
    if (options.optionsOnly) {
      // The full review stays as it is; only the options-only answer is set.
      const { optionsOnly: _old, ...full } = before;
      const answer: Record<string, unknown> = { answer: outcome.answer };
      if (options.reviewer) answer.reviewer = options.reviewer;
      answer.date = options.date;
      record = { ...full, optionsOnly: answer };
    } else {
      record = { blind: true, date: options.date, answer: outcome.answer };
      if (options.reviewer) record.reviewer = options.reviewer;
      if (outcome.rating !== undefined) record.rating = outcome.rating;
      if (outcome.confidence !== undefined) record.confidence = outcome.confidence;
      const note = [outcome.flag && `[${outcome.flag}]`, outcome.note].filter(Boolean).join(" ");
      if (note) record.note = note;
      // An options-only answer recorded earlier stays beside the new full review.
      if (before.optionsOnly !== undefined) record.optionsOnly = before.optionsOnly;
    }
    const line = `review: ${stringify(record, { collectionStyle: "flow", lineWidth: 0 }).trim()}`;
    if (existing) {
      const start = (existing.key as { range?: number[] }).range![0]!;
      const end = (existing.value as { range?: number[] }).range![1]!;
      edits.push({ start, end, insert: line });
    } else {
      const first = node.items[0]!.key as { range?: number[] };
      const lineStart = text.lastIndexOf("\n", first.range![0]! - 1) + 1;
      const indent = " ".repeat(first.range![0]! - lineStart).replace(/-/g, " ");
      const last = node.items[node.items.length - 1]!;
      const end = (last.value as { range?: number[] }).range![1]!;
      edits.push({ start: end, end, insert: `\n${indent.replace(/[^ ]/g, " ")}${line}` });
    }
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.insert + out.slice(edit.end);
  }
  return out;
}
