/** The authoring workflow in src/app: each step's item write and audit row commit together or not at all. */
import { afterEach, describe, expect, it } from "vitest";
import {
  authoringWorkflow,
  type Transact,
  transactOn,
  WorkflowError,
} from "../src/app/authoring/workflow.js";
import { authoredItemSchema, type BankItem } from "../src/core/items/item.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { AuthoringRepository } from "../src/store/items/authoring-repository.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { storeTargets } from "./postgres.js";

const item = authoredItemSchema.parse({
  id: "wf-001",
  status: "draft",
  outlines: ["issmp:3.3.2"],
  type: "single-choice",
  stem: "Which analysis lets the board weigh the cost of a breach against the cost of its controls?",
  options: [
    { id: "A", text: "Quantitative analysis", rationale: "Right: it puts both in money." },
    { id: "B", text: "Qualitative ranking", rationale: "Ranks, but in no common unit." },
    { id: "C", text: "Control self-assessment", rationale: "Measures controls, not losses." },
    { id: "D", text: "Penetration testing", rationale: "Finds weaknesses, prices nothing." },
  ],
  key: "A",
  references: ["NIST SP 800-30 Rev. 1 §2.3"],
}) as BankItem;

describe.each(storeTargets("workflow"))("the authoring workflow on %s", (_name, target) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  function workflow(transact: Transact, now = 1_000) {
    return authoringWorkflow({
      transact,
      clock: () => now,
      fileItem: () => undefined,
      lint: () => ({ errors: [], warnings: [] }),
    });
  }

  it("writes the item and its audit row together, and neither when the audit row fails", async () => {
    store = await openStore(await target());
    const db = store.db;
    // A unit whose audit insert fails after the item was saved in the same transaction.
    const failingAudit: Transact = (fn) =>
      db.transaction().execute((trx) => {
        const accounts = new AccountRepository(trx);
        accounts.audit = async () => {
          throw new Error("the audit log is unavailable");
        };
        return fn({ authoring: new AuthoringRepository(trx), accounts });
      });
    await expect(workflow(failingAudit).create(item, "issmp", { id: "author-1" })).rejects.toThrow(
      "the audit log is unavailable",
    );
    expect(await new AuthoringRepository(db).get(item.id)).toBeUndefined();
    expect(await new AccountRepository(db).auditLog(10, 0)).toEqual([]);

    const saved = await workflow(transactOn(db)).create(item, "issmp", { id: "author-1" });
    expect(saved).toMatchObject({ status: "draft", authors: ["author-1"] });
    expect((await new AuthoringRepository(db).get(item.id))?.status).toBe("draft");
    const log = await new AccountRepository(db).auditLog(10, 0);
    expect(log.map((l) => [l.action, l.target])).toEqual([["item.created", item.id]]);

    // A later step that fails its audit leaves the item where it was.
    await expect(workflow(failingAudit, 2_000).submit(item.id, { id: "author-1" })).rejects.toThrow();
    expect((await new AuthoringRepository(db).get(item.id))?.status).toBe("draft");
  });

  it("refuses a second save of the same version, an approval by an author, and a duplicate id", async () => {
    store = await openStore(await target());
    const wf = workflow(transactOn(store.db));
    const created = await wf.create(item, "issmp", { id: "author-1" });
    await wf.edit(item.id, item, created.updatedAt, { id: "author-2" });
    const stale = await wf.edit(item.id, item, created.updatedAt, { id: "author-3" }).catch((e) => e);
    expect(stale).toBeInstanceOf(WorkflowError);
    expect(stale).toMatchObject({ kind: "conflict", code: "edited-meanwhile" });
    await wf.submit(item.id, { id: "author-2" });
    for (const who of ["author-1", "author-2"])
      await expect(wf.approve(item.id, { id: who })).rejects.toMatchObject({ code: "second-author" });
    expect((await wf.approve(item.id, { id: "author-3" })).status).toBe("live");
    await expect(wf.create(item, "issmp", { id: "author-3" })).rejects.toMatchObject({
      code: "duplicate-id",
    });
  });
});
