/**
 * Items authored through the server, and the queue of problems candidates reported on items. The
 * working copy of an item moves draft → review → live; `published` is what the bank delivers, so a
 * live item stays live, unchanged, while its next edit waits for approval.
 */

import type { Kysely } from "kysely";
import type { ProblemCategory } from "../../core/exam/steps.js";
import { authoredItemSchema, type Item } from "../../core/items/item.js";
import type { Database } from "../schema.js";

export type WorkflowStatus = "draft" | "review" | "live" | "retired";

export interface StoredBankItem {
  id: string;
  exam: string;
  status: WorkflowStatus;
  body: Item;
  published: Item | null;
  editorId: string | null;
  approverId: string | null;
  /**
   * Everyone who saved the working copy since it was last approved (its editor among them): the
   * authors of the version awaiting approval, none of whom may approve it.
   */
  authors: string[];
  updatedAt: number;
}

export interface ItemReport {
  id: number;
  attemptId: string;
  itemId: string;
  category: ProblemCategory;
  comment: string;
  createdAt: number;
  status: "open" | "resolved" | "dismissed";
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

export class AuthoringRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async all(): Promise<StoredBankItem[]> {
    const rows = await this.db.selectFrom("bank_items").selectAll().orderBy("id").execute();
    return rows.map(toStored);
  }

  async get(id: string): Promise<StoredBankItem | undefined> {
    const row = await this.db.selectFrom("bank_items").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toStored(row) : undefined;
  }

  /** A number that changes whenever an item's published body or status changes (for bank caches). */
  async revision(): Promise<string> {
    const row = await this.db
      .selectFrom("bank_items")
      .select((eb) => [eb.fn.max("updated_at").as("at"), eb.fn.countAll().as("n")])
      .executeTakeFirst();
    return `${Number(row?.at ?? 0)}:${Number(row?.n ?? 0)}`;
  }

  /** Saves a working copy; `expectedUpdatedAt` guards against overwriting a concurrent edit. */
  async save(
    item: Omit<StoredBankItem, "authors"> & { authors?: string[] },
    expectedUpdatedAt: number | null,
  ): Promise<boolean> {
    const values = {
      exam: item.exam,
      status: item.status,
      body: JSON.stringify(item.body),
      published: item.published ? JSON.stringify(item.published) : null,
      editor_id: item.editorId,
      approver_id: item.approverId,
      authors: JSON.stringify(item.authors ?? (item.editorId === null ? [] : [item.editorId])),
      updated_at: item.updatedAt,
    };
    if (expectedUpdatedAt === null) {
      const r = await this.db
        .insertInto("bank_items")
        .values({ id: item.id, ...values })
        .onConflict((oc) => oc.column("id").doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const r = await this.db
      .updateTable("bank_items")
      .set(values)
      .where("id", "=", item.id)
      .where("updated_at", "=", expectedUpdatedAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async reports(status: string | undefined, limit: number, offset: number): Promise<ItemReport[]> {
    let q = this.db.selectFrom("item_reports").selectAll().orderBy("created_at").orderBy("id");
    if (status) q = q.where("status", "=", status);
    const rows = await q.limit(limit).offset(offset).execute();
    return rows.map((r) => ({
      id: Number(r.id),
      attemptId: r.attempt_id,
      itemId: r.item_id,
      category: r.category as ProblemCategory,
      comment: r.comment,
      createdAt: Number(r.created_at),
      status: r.status as ItemReport["status"],
      resolution: r.resolution,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    }));
  }

  async resolveReport(id: number, status: "resolved" | "dismissed", note: string, by: string, at: number) {
    const r = await this.db
      .updateTable("item_reports")
      .set({ status, resolution: note, resolved_by: by, resolved_at: at })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

function toStored(
  r: Database["bank_items"] extends infer T ? { [K in keyof T]: T[K] } : never,
): StoredBankItem {
  return {
    id: r.id,
    exam: r.exam,
    status: r.status as WorkflowStatus,
    body: parseItem(r.body),
    published: r.published ? parseItem(r.published) : null,
    editorId: r.editor_id,
    approverId: r.approver_id,
    authors: storedAuthors(r.authors, r.editor_id),
    updatedAt: Number(r.updated_at),
  };
}

/** The authors a row records; a row written before they were recorded knows its last editor only. */
function storedAuthors(json: string | null, editorId: string | null): string[] {
  const listed = json === null ? [] : (JSON.parse(json) as string[]);
  return editorId === null || listed.includes(editorId) ? listed : [...listed, editorId];
}

/** A stored item body, with the schema's defaults filled in. */
function parseItem(json: string): Item {
  // What the bank adds to an item (its scenario set, whether generated) is not authored: rows an
  // older server wrote with it are still read.
  const { scenario: _s, generated: _g, ...authored } = JSON.parse(json) as Record<string, unknown>;
  return authoredItemSchema.parse(authored) as Item;
}
