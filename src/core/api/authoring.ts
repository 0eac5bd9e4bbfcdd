/** The authoring endpoints: the bank for authors, the review workflow, lint and cue audits, and item reports. */
import { z } from "zod";
import type { CueAudit } from "../bank/cues.js";
import { problemCategories } from "../exam/steps.js";
import { type Item, itemTypes } from "../items/item.js";
import { domainObject, rowId } from "./common.js";
import { endpoint } from "./endpoint.js";

const AUTHORS = ["author"] as const;
const itemParams = z.strictObject({ id: z.string().min(1).max(100) });
const itemStatuses = ["draft", "review", "live", "retired"] as const;

/**
 * An item as its author writes it: the JSON form of the item format (docs/item-format.md,
 * schemas/items.schema.json), every type's fields optional so an editor can hold any of them;
 * fields an editor does not show are kept.
 */
export interface AuthoredItemJson {
  id: string;
  type: Item["type"];
  outlines: string[];
  stem: string;
  explanation?: string;
  references?: string[];
  tags?: string[];
  difficulty?: number;
  timeSeconds?: number;
  shuffle?: boolean;
  options?: { id: string; text: string; rationale: string }[];
  categories?: { id: string; text: string }[];
  key?: unknown;
  rationale?: string;
  misconceptions?: { value: number; rationale: string }[];
  scenario?: { id: string; title: string; case: string };
  [other: string]: unknown;
}

export const authoredItemBody = domainObject<AuthoredItemJson>("AuthoredItem", "an item in the item format");

export const findingSchema = z.object({
  severity: z.enum(["error", "warning"]),
  rule: z.string(),
  message: z.string(),
  itemId: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
});
export type Finding = z.output<typeof findingSchema>;

export const itemLintSchema = z.object({ errors: z.array(findingSchema), warnings: z.array(findingSchema) });

/** What saving or checking an item answers: the saved copy, its status and its lint findings. */
const saved = z.object({
  item: authoredItemBody,
  status: z.enum(itemStatuses),
  updatedAt: z.number(),
  lint: itemLintSchema,
});

const statusChange = z.object({ status: z.enum(itemStatuses), updatedAt: z.number() });

export const bankRowSchema = z.object({
  id: z.string(),
  exam: z.string(),
  type: z.enum(itemTypes),
  status: z.string(),
  task: z.string(),
  /** The stem's first 160 characters. */
  stem: z.string(),
  tags: z.array(z.string()),
  source: z.enum(["file", "server"]),
  /** A live item with an edited working copy not yet approved. */
  pendingEdit: z.boolean(),
});
export type BankRow = z.output<typeof bankRowSchema>;

export const itemReportSchema = z.object({
  id: z.number().int(),
  attemptId: z.string(),
  itemId: z.string(),
  category: z.enum(problemCategories),
  comment: z.string(),
  createdAt: z.number(),
  status: z.enum(["open", "resolved", "dismissed"]),
  resolution: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
});
export type ItemReportRow = z.output<typeof itemReportSchema>;

export const lintCheckSchema = z.object({
  valid: z.boolean(),
  /** Schema problems, each with the field's path ("item.options.0.text"). */
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  lint: itemLintSchema,
});
export type LintCheck = z.output<typeof lintCheckSchema>;
export type { CueAudit };

export const authoringEndpoints = {
  listBank: endpoint({
    method: "GET",
    url: "/api/bank/items",
    summary: "Browse and search the bank by exam, domain, task, type, status, tag and text (authors)",
    auth: AUTHORS,
    query: z.strictObject({
      exam: z.string().max(64).optional(),
      domain: z.string().max(16).optional(),
      task: z.string().max(64).optional(),
      type: z.enum(itemTypes).optional(),
      status: z.enum(itemStatuses).optional(),
      tag: z.string().max(64).optional(),
      q: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ total: z.number().int(), items: z.array(bankRowSchema) }),
  }),
  getItem: endpoint({
    method: "GET",
    url: "/api/bank/items/:id",
    summary: "One item's working copy with its lint findings, and the published version (authors)",
    auth: AUTHORS,
    params: itemParams,
    response: z.object({
      item: authoredItemBody,
      /** The scenario set the item belongs to, if any (edited in its file, shown for context). */
      scenario: z.object({ id: z.string(), title: z.string(), case: z.string() }).nullable(),
      status: z.enum(itemStatuses),
      published: authoredItemBody.nullable(),
      updatedAt: z.number(),
      editorId: z.string().nullable(),
      approverId: z.string().nullable(),
      /** Who wrote the working copy since its last approval: none of them may approve it. */
      authors: z.array(z.string()),
      lint: itemLintSchema,
    }),
  }),
  cueAudit: endpoint({
    method: "GET",
    url: "/api/bank/cues",
    summary:
      "The cue audit of an exam's live items: how often the options' surface alone finds the key, held out, beside chance (authors)",
    auth: AUTHORS,
    query: z.strictObject({ exam: z.string().min(1).max(64), seed: z.string().max(64).optional() }),
    response: z.object({
      audit: domainObject<CueAudit>("CueAudit", "a cue audit").nullable(),
      /** Why there is no audit (too few items), or null. */
      reason: z.string().nullable(),
    }),
  }),
  lintItem: endpoint({
    method: "POST",
    url: "/api/bank/lint",
    summary:
      "Check an item as it is being written, without saving it: every schema problem, then the lint findings (authors)",
    auth: AUTHORS,
    body: z.strictObject({ item: z.unknown() }),
    response: lintCheckSchema,
  }),
  createItem: endpoint({
    method: "POST",
    url: "/api/bank/items",
    summary: "Create an item as a draft (authors)",
    auth: AUTHORS,
    status: 201,
    body: z.strictObject({ item: z.unknown() }),
    response: saved,
  }),
  editItem: endpoint({
    method: "PUT",
    url: "/api/bank/items/:id",
    summary:
      "Edit an item's working copy; it becomes a draft again, the published version stays live (authors)",
    auth: AUTHORS,
    params: itemParams,
    body: z.strictObject({ item: z.unknown(), updatedAt: z.number().int().min(0) }),
    response: saved,
  }),
  submitItem: endpoint({
    method: "POST",
    url: "/api/bank/items/:id/submit",
    summary: "Submit a draft for review; refused while lint finds errors (authors)",
    auth: AUTHORS,
    params: itemParams,
    response: statusChange,
  }),
  approveItem: endpoint({
    method: "POST",
    url: "/api/bank/items/:id/approve",
    summary:
      "Approve an item in review, by an author who wrote no part of it since its last approval; it goes live (authors)",
    auth: AUTHORS,
    params: itemParams,
    response: statusChange,
  }),
  retireItem: endpoint({
    method: "POST",
    url: "/api/bank/items/:id/retire",
    summary: "Retire an item: no new attempt delivers it (authors)",
    auth: AUTHORS,
    params: itemParams,
    response: statusChange,
  }),
  itemReports: endpoint({
    method: "GET",
    url: "/api/item-reports",
    summary: "Problems candidates reported on items (authors)",
    auth: AUTHORS,
    query: z.strictObject({
      status: z.enum(["open", "resolved", "dismissed"]).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ reports: z.array(itemReportSchema) }),
  }),
  resolveReport: endpoint({
    method: "PUT",
    url: "/api/item-reports/:id",
    summary: "Resolve or dismiss a reported problem, with a note (authors)",
    auth: AUTHORS,
    params: z.strictObject({ id: rowId() }),
    body: z.strictObject({
      status: z.enum(["resolved", "dismissed"]),
      note: z.string().trim().min(1).max(2000),
    }),
    response: z.object({ id: z.number().int(), status: z.enum(["resolved", "dismissed"]) }),
  }),
} as const;
