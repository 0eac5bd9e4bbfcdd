/**
 * The item bank for authors: browse and search, read an item with its lint findings, create and
 * edit working copies, submit for review, approve (a second author), retire; and the queue of
 * problems candidates reported on items, each resolved with a note.
 */

import { z } from "zod";
import { authoredPart, authoringWorkflow, type Transact } from "../../app/authoring/workflow.js";
import { cueAudit } from "../../core/bank/cues.js";
import { lintBank } from "../../core/bank/lint.js";
import type { Bank } from "../../core/bank/load.js";
import type { Catalog } from "../../core/catalog/catalog.js";
import { taskExam, taskParts } from "../../core/catalog/task-id.js";
import { InputError } from "../../core/input-error.js";
import { authoredItemSchema, type BankItem, itemTypes } from "../../core/items/item.js";
import type { Clock } from "../../core/time/clock.js";
import type { AuthoringRepository, StoredBankItem } from "../../store/items/authoring-repository.js";
import { HttpError } from "../errors.js";
import type { RouteDef } from "../openapi.js";
import { rowId } from "../request-input.js";
import type { BankSource } from "./bank-source.js";

const AUTHORS = ["author"] as const;
const itemParams = z.strictObject({ id: z.string().min(1).max(100) });
const listQuery = z.strictObject({
  exam: z.string().max(64).optional(),
  domain: z.string().max(16).optional(),
  task: z.string().max(64).optional(),
  type: z.enum(itemTypes).optional(),
  status: z.enum(["draft", "review", "live", "retired"]).optional(),
  tag: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function examOf(item: { outlines: string[] }): string {
  return taskExam(item.outlines[0]!);
}

export function authoringRoutes(deps: {
  authoring: AuthoringRepository;
  bank: BankSource;
  /** One transaction per workflow step: the item and its audit row are written together. */
  transact: Transact;
  clock: Clock;
  catalog: () => Catalog;
  onPublish: () => Promise<void>;
}): RouteDef[] {
  const { authoring, bank, clock, catalog, onPublish } = deps;
  const workflow = authoringWorkflow({
    transact: deps.transact,
    clock,
    fileItem: (id) => bank.fileItem(id),
    lint: (item) => lintOne(item),
  });

  /** Every item an author can see: stored working copies, and file items not overridden. */
  async function entries(): Promise<
    { item: BankItem; status: string; source: "file" | "server"; stored?: StoredBankItem }[]
  > {
    await bank.refresh();
    const stored = await authoring.all();
    const byId = new Map(stored.map((s) => [s.id, s]));
    const out: { item: BankItem; status: string; source: "file" | "server"; stored?: StoredBankItem }[] = [];
    for (const item of bank.current())
      if (!byId.has(item.id)) out.push({ item, status: item.status, source: "file" });
    for (const s of stored)
      out.push({ item: s.body as BankItem, status: s.status, source: "server", stored: s });
    return out.sort((a, b) => a.item.id.localeCompare(b.item.id));
  }

  /** The lint findings of one working copy, judged against the bank it would join. */
  function lintOne(item: BankItem): { errors: unknown[]; warnings: unknown[] } {
    const others = bank.current().filter((i) => i.id !== item.id);
    const lintable = {
      ...item,
      status: item.status === "draft" ? ("review" as const) : item.status,
    } as BankItem;
    const b: Bank = {
      items: [...others, lintable],
      locations: new Map(
        [...others, lintable].map((i) => [i.id, { file: "server", line: undefined, exam: examOf(i) }]),
      ),
      fileErrors: [],
    };
    const result = lintBank(b, catalog());
    const mine = (f: { itemId?: string }) => f.itemId === item.id;
    return { errors: result.errors.filter(mine), warnings: result.warnings.filter(mine) };
  }

  function parseItem(raw: unknown, id: string | null): BankItem {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      throw new HttpError(400, "invalid-item", "item must be an object");
    // An item read with GET comes back with its scenario set: that is the bank's, not the author's.
    const parsed = authoredItemSchema.safeParse({ ...authoredPart(raw), status: "draft" });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, "invalid-item", `item.${issue.path.join(".")}: ${issue.message}`);
    }
    if (id !== null && parsed.data.id !== id)
      throw new HttpError(400, "invalid-item", "item.id must match the URL");
    if (!catalog().certifications.some((c) => c.id === examOf(parsed.data)))
      throw new HttpError(400, "invalid-item", `item.outlines: unknown exam "${examOf(parsed.data)}"`);
    return parsed.data as BankItem;
  }

  return [
    {
      method: "GET",
      url: "/api/bank/items",
      summary: "Browse and search the bank by exam, domain, task, type, status, tag and text (authors)",
      auth: AUTHORS,
      query: listQuery,
      handler: async ({ query }) => {
        const q = query.q?.toLowerCase();
        const list = (await entries()).filter(({ item, status }) => {
          const task = item.outlines[0] ?? "";
          return (
            (!query.exam || examOf(item) === query.exam) &&
            (!query.domain || taskParts(task).domain === query.domain) &&
            (!query.task || item.outlines.includes(query.task)) &&
            (!query.type || item.type === query.type) &&
            (!query.status || status === query.status) &&
            (!query.tag || item.tags.includes(query.tag)) &&
            (!q || item.stem.toLowerCase().includes(q) || item.id.includes(q))
          );
        });
        return {
          total: list.length,
          items: list
            .slice(query.offset, query.offset + query.limit)
            .map(({ item, status, source, stored }) => ({
              id: item.id,
              exam: examOf(item),
              type: item.type,
              status,
              task: item.outlines[0],
              stem: item.stem.length > 160 ? `${item.stem.slice(0, 157)}…` : item.stem,
              tags: item.tags,
              source,
              pendingEdit: stored ? stored.published !== null && stored.status !== "live" : false,
            })),
        };
      },
    },
    {
      method: "GET",
      url: "/api/bank/items/:id",
      summary: "One item's working copy with its lint findings, and the published version (authors)",
      auth: AUTHORS,
      params: itemParams,
      handler: async ({ params }) => {
        await bank.refresh();
        const s = await workflow.storedOrFile(params.id);
        return {
          item: s.body,
          /** The scenario set the item belongs to, if any (edited in its file, shown for context). */
          scenario: bank.fileItem(params.id)?.scenario ?? null,
          status: s.status,
          published: s.published,
          updatedAt: s.updatedAt,
          editorId: s.editorId,
          approverId: s.approverId,
          /** Who wrote the working copy since its last approval: none of them may approve it. */
          authors: s.authors,
          lint: lintOne({ ...(s.body as BankItem), status: s.status === "retired" ? "retired" : "review" }),
        };
      },
    },
    {
      method: "GET",
      url: "/api/bank/cues",
      summary:
        "The cue audit of an exam's live items: how often the options' surface alone finds the key, held out, beside chance (authors)",
      auth: AUTHORS,
      query: z.strictObject({
        exam: z.string().min(1).max(64),
        seed: z.string().max(64).optional(),
      }),
      handler: async ({ query }) => {
        if (!catalog().certifications.some((c) => c.id === query.exam))
          throw new HttpError(400, "unknown-exam", `exam: unknown certification "${query.exam}"`);
        await bank.refresh();
        const items = bank.current().filter((i) => i.outlines.some((t) => t.startsWith(`${query.exam}:`)));
        try {
          return { audit: cueAudit(items, { exam: query.exam, seed: query.seed }), reason: null };
        } catch (error) {
          // Too few items to audit is an answer, not a failure of the request.
          if (error instanceof InputError) return { audit: null, reason: error.message };
          throw error;
        }
      },
    },
    {
      method: "POST",
      url: "/api/bank/lint",
      summary:
        "Check an item as it is being written, without saving it: every schema problem, then the lint findings (authors)",
      auth: AUTHORS,
      body: z.strictObject({ item: z.unknown() }),
      handler: async ({ body }) => {
        if (typeof body.item !== "object" || body.item === null || Array.isArray(body.item))
          throw new HttpError(400, "invalid-item", "item must be an object");
        const parsed = authoredItemSchema.safeParse({ ...authoredPart(body.item), status: "draft" });
        if (!parsed.success)
          return {
            valid: false,
            problems: parsed.error.issues.slice(0, 50).map((i) => ({
              path: `item.${i.path.join(".")}`,
              message: i.message,
            })),
            lint: { errors: [], warnings: [] },
          };
        const item = parsed.data as BankItem;
        const known = catalog().certifications.some((c) => c.id === examOf(item));
        if (!known)
          return {
            valid: false,
            problems: [{ path: "item.outlines", message: `unknown exam "${examOf(item)}"` }],
            lint: { errors: [], warnings: [] },
          };
        await bank.refresh();
        return { valid: true, problems: [], lint: lintOne(item) };
      },
    },
    {
      method: "POST",
      url: "/api/bank/items",
      summary: "Create an item as a draft (authors)",
      auth: AUTHORS,
      status: 201,
      body: z.strictObject({ item: z.unknown() }),
      handler: async ({ body, user }) => {
        const item = parseItem(body.item, null);
        await bank.refresh();
        const saved = await workflow.create(item, examOf(item), user);
        return { item: saved.body, status: saved.status, updatedAt: saved.updatedAt, lint: lintOne(item) };
      },
    },
    {
      method: "PUT",
      url: "/api/bank/items/:id",
      summary:
        "Edit an item's working copy; it becomes a draft again, the published version stays live (authors)",
      auth: AUTHORS,
      params: itemParams,
      body: z.strictObject({ item: z.unknown(), updatedAt: z.number().int().min(0) }),
      handler: async ({ params, body, user }) => {
        await bank.refresh();
        const item = parseItem(body.item, params.id);
        const saved = await workflow.edit(params.id, item, body.updatedAt, user);
        return { item: saved.body, status: saved.status, updatedAt: saved.updatedAt, lint: lintOne(item) };
      },
    },
    {
      method: "POST",
      url: "/api/bank/items/:id/submit",
      summary: "Submit a draft for review; refused while lint finds errors (authors)",
      auth: AUTHORS,
      params: itemParams,
      handler: async ({ params, user }) => {
        const saved = await workflow.submit(params.id, user);
        return { status: saved.status, updatedAt: saved.updatedAt };
      },
    },
    {
      method: "POST",
      url: "/api/bank/items/:id/approve",
      summary:
        "Approve an item in review, by an author who wrote no part of it since its last approval; it goes live (authors)",
      auth: AUTHORS,
      params: itemParams,
      handler: async ({ params, user }) => {
        const saved = await workflow.approve(params.id, user);
        await onPublish();
        return { status: saved.status, updatedAt: saved.updatedAt };
      },
    },
    {
      method: "POST",
      url: "/api/bank/items/:id/retire",
      summary: "Retire an item: no new attempt delivers it (authors)",
      auth: AUTHORS,
      params: itemParams,
      handler: async ({ params, user }) => {
        await bank.refresh();
        const saved = await workflow.retire(params.id, user);
        await onPublish();
        return { status: saved.status, updatedAt: saved.updatedAt };
      },
    },
    {
      method: "GET",
      url: "/api/item-reports",
      summary: "Problems candidates reported on items (authors)",
      auth: AUTHORS,
      query: z.strictObject({
        status: z.enum(["open", "resolved", "dismissed"]).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      handler: async ({ query }) => ({
        reports: await authoring.reports(query.status, query.limit, query.offset),
      }),
    },
    {
      method: "PUT",
      url: "/api/item-reports/:id",
      summary: "Resolve or dismiss a reported problem, with a note (authors)",
      auth: AUTHORS,
      params: z.strictObject({ id: rowId() }),
      body: z.strictObject({
        status: z.enum(["resolved", "dismissed"]),
        note: z.string().trim().min(1).max(2000),
      }),
      handler: async ({ params, body, user }) => {
        await workflow.resolveReport(params.id, body.status, body.note, user);
        return { id: params.id, status: body.status };
      },
    },
  ];
}
