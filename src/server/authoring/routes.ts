/**
 * The item bank for authors: browse and search, read an item with its lint findings, create and
 * edit working copies, submit for review, approve (a second author), retire; and the queue of
 * problems candidates reported on items, each resolved with a note.
 */

import { authoredPart, authoringWorkflow, type Transact } from "../../app/authoring/workflow.js";
import { endpoints } from "../../core/api/index.js";
import { cueAudit } from "../../core/bank/cues.js";
import { type Finding, lintBank } from "../../core/bank/lint.js";
import type { Bank } from "../../core/bank/load.js";
import type { Catalog } from "../../core/catalog/catalog.js";
import { taskExam, taskParts } from "../../core/catalog/task-id.js";
import { InputError } from "../../core/input-error.js";
import { authoredItemSchema, type BankItem } from "../../core/items/item.js";
import type { Clock } from "../../core/time/clock.js";
import type { AuthoringRepository, StoredBankItem } from "../../store/items/authoring-repository.js";
import { HttpError } from "../errors.js";
import { type RouteDef, route } from "../openapi.js";

import type { BankSource } from "./bank-source.js";

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
  function lintOne(item: BankItem): { errors: Finding[]; warnings: Finding[] } {
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
    route(endpoints.listBank, async ({ query }) => {
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
            task: item.outlines[0]!,
            stem: item.stem.length > 160 ? `${item.stem.slice(0, 157)}…` : item.stem,
            tags: item.tags,
            source,
            pendingEdit: stored ? stored.published !== null && stored.status !== "live" : false,
          })),
      };
    }),
    route(endpoints.getItem, async ({ params }) => {
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
    }),
    route(endpoints.cueAudit, async ({ query }) => {
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
    }),
    route(endpoints.lintItem, async ({ body }) => {
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
    }),
    route(endpoints.createItem, async ({ body, user }) => {
      const item = parseItem(body.item, null);
      await bank.refresh();
      const saved = await workflow.create(item, examOf(item), user);
      return { item: saved.body, status: saved.status, updatedAt: saved.updatedAt, lint: lintOne(item) };
    }),
    route(endpoints.editItem, async ({ params, body, user }) => {
      await bank.refresh();
      const item = parseItem(body.item, params.id);
      const saved = await workflow.edit(params.id, item, body.updatedAt, user);
      return { item: saved.body, status: saved.status, updatedAt: saved.updatedAt, lint: lintOne(item) };
    }),
    route(endpoints.submitItem, async ({ params, user }) => {
      const saved = await workflow.submit(params.id, user);
      return { status: saved.status, updatedAt: saved.updatedAt };
    }),
    route(endpoints.approveItem, async ({ params, user }) => {
      const saved = await workflow.approve(params.id, user);
      await onPublish();
      return { status: saved.status, updatedAt: saved.updatedAt };
    }),
    route(endpoints.retireItem, async ({ params, user }) => {
      await bank.refresh();
      const saved = await workflow.retire(params.id, user);
      await onPublish();
      return { status: saved.status, updatedAt: saved.updatedAt };
    }),
    route(endpoints.itemReports, async ({ query }) => ({
      reports: await authoring.reports(query.status, query.limit, query.offset),
    })),
    route(endpoints.resolveReport, async ({ params, body, user }) => {
      await workflow.resolveReport(params.id, body.status, body.note, user);
      return { id: params.id, status: body.status };
    }),
  ];
}
