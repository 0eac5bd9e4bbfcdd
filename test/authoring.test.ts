/** Authoring through the server: draft → review → live with a second author, lint, retire, and the reports queue. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replay } from "../src/core/exam/attempt.js";
import { authoredItemId } from "../src/core/exam/delivery.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import type { Store } from "../src/store/store.js";
import { authored, type MultiUser, multiUserServer } from "./multi-user.js";

const draft = {
  id: "issmp-web-001",
  outlines: ["issmp:1.2.4"],
  type: "single-choice",
  stem: "A ferry operator's new board asks who decides how much residual cyber risk the company may carry. Who should the security manager name?",
  options: [
    {
      id: "A",
      text: "The board, which sets the risk appetite and accepts residual risk",
      rationale: "Right: risk acceptance belongs to senior management.",
    },
    {
      id: "B",
      text: "The security manager, who understands the technical risks best",
      rationale: "Advises; does not own business risk.",
    },
    {
      id: "C",
      text: "The external auditor, who tests the controls every year",
      rationale: "Independent assurance, not ownership.",
    },
    {
      id: "D",
      text: "The IT operations lead, who runs the affected systems daily",
      rationale: "A custodian, not the risk owner.",
    },
  ],
  key: "A",
  explanation: "Senior management owns risk and decides what residual risk to accept.",
  references: ["ISO/IEC 27005:2022 §10", "NIST SP 800-39 §2.3"],
};

describe("authoring over HTTP", () => {
  let m: MultiUser;
  let store: Store;
  const send: MultiUser["send"] = (...args) => m.send(...args);

  beforeAll(async () => {
    m = await multiUserServer("authoring");
    store = m.store;
    await m.person("ann", "author");
    await m.person("bob", "author");
    await m.person("cat", "candidate");
  });
  afterAll(() => m.close());

  it("takes a new item from draft to live with a second author, and retires it", async () => {
    const created = await send("ann", "POST", "/api/bank/items", { item: draft });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: "draft", lint: { errors: [] } });
    expect((await send("ann", "POST", "/api/bank/items", { item: draft })).statusCode).toBe(409);
    const bad = await send("ann", "PUT", `/api/bank/items/${draft.id}`, {
      item: {
        ...draft,
        options: draft.options.map((o) => ({ ...o, rationale: o.rationale })),
        key: "A",
        references: [],
      },
      updatedAt: created.json().updatedAt,
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().lint.errors.map((e: { rule: string }) => e.rule)).toContain("references");
    const blocked = await send("ann", "POST", `/api/bank/items/${draft.id}/submit`);
    expect(blocked.statusCode).toBe(422);
    const stale = await send("bob", "PUT", `/api/bank/items/${draft.id}`, {
      item: draft,
      updatedAt: created.json().updatedAt,
    });
    expect(stale.statusCode).toBe(409);
    const fixed = await send("ann", "PUT", `/api/bank/items/${draft.id}`, {
      item: draft,
      updatedAt: bad.json().updatedAt,
    });
    expect(fixed.statusCode).toBe(200);
    expect((await send("ann", "POST", `/api/bank/items/${draft.id}/submit`)).statusCode).toBe(200);
    const self = await send("ann", "POST", `/api/bank/items/${draft.id}/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe("second-author");
    expect((await send("bob", "POST", `/api/bank/items/${draft.id}/approve`)).statusCode).toBe(200);
    // Live: a new attempt on its task can deliver it.
    const count =
      authored.filter((i) => i.status === "live" && i.outlines.includes("issmp:1.2.4")).length + 1;
    const a = (
      await send("cat", "POST", "/api/attempts", {
        exam: "issmp",
        tasks: ["issmp:1.2.4"],
        items: count,
        seed: "w",
      })
    ).json();
    const review = (await send("cat", "GET", `/api/attempts/${a.id}/review`)).json();
    expect(review.items.map((i: { itemId: string }) => i.itemId)).toContain(draft.id);
    const list = (await send("bob", "GET", "/api/bank/items?q=ferry operator")).json();
    expect(list.items).toEqual([expect.objectContaining({ id: draft.id, status: "live", source: "server" })]);
    expect((await send("bob", "POST", `/api/bank/items/${draft.id}/retire`)).statusCode).toBe(200);
    // The open exam holds its items back from new attempts: discard it first.
    expect((await send("cat", "POST", `/api/attempts/${a.id}/discard`, {})).statusCode).toBe(200);
    const after = (
      await send("cat", "POST", "/api/attempts", {
        exam: "issmp",
        tasks: ["issmp:1.2.4"],
        items: count - 1,
        seed: "x",
      })
    ).json();
    const again = (await send("cat", "GET", `/api/attempts/${after.id}/review`)).json();
    expect(again.items.map((i: { itemId: string }) => i.itemId)).not.toContain(draft.id);
    const audit = await store.db
      .selectFrom("audit_log")
      .select(["action"])
      .where("target", "=", draft.id)
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      "item.created",
      "item.edited",
      "item.edited",
      "item.submitted",
      "item.approved",
      "item.retired",
    ]);
  });

  it("keeps a bundled item live, unchanged, while its edit waits for approval", async () => {
    const original = authored.find((i) => i.type === "single-choice" && !i.scenario)!;
    const got = (await send("ann", "GET", `/api/bank/items/${original.id}`)).json();
    expect(got).toMatchObject({ status: "live", updatedAt: 0 });
    const edited = await send("ann", "PUT", `/api/bank/items/${original.id}`, {
      item: { ...got.item, stem: `${got.item.stem} Answer as the security manager.` },
      updatedAt: 0,
    });
    expect(edited.statusCode).toBe(200);
    const now = (await send("bob", "GET", `/api/bank/items/${original.id}`)).json();
    expect(now.status).toBe("draft");
    expect(now.published.stem).toBe(original.stem);
  });

  it("checks an item as it is written, without saving it", async () => {
    const ok = await send("ann", "POST", "/api/bank/lint", { item: { ...draft, id: "issmp-web-lint" } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, problems: [], lint: { errors: [] } });
    // Every schema problem at once, each with its path.
    const broken = await send("ann", "POST", "/api/bank/lint", {
      item: { ...draft, id: "Bad Id", stem: "", key: "E" },
    });
    expect(broken.statusCode).toBe(200);
    const paths = broken.json().problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["item.id", "item.stem"]));
    expect(broken.json().valid).toBe(false);
    // Lint findings: "all of the above" is an error the linter names.
    const lint = await send("ann", "POST", "/api/bank/lint", {
      item: {
        ...draft,
        id: "issmp-web-lint",
        options: draft.options.map((o, i) => (i === 3 ? { ...o, text: "All of the above" } : o)),
      },
    });
    expect(
      lint
        .json()
        .lint.errors.map((f: { message: string }) => f.message)
        .join(" "),
    ).toMatch(/all of the above/i);
    expect((await send("ann", "GET", "/api/bank/items/issmp-web-lint")).statusCode).toBe(404);
    expect((await send("cat", "POST", "/api/bank/lint", { item: draft })).statusCode).toBe(403);
  });

  it("edits an item of a scenario set, which keeps its case, and the bank stays readable", async () => {
    const inSet = authored.find((i) => i.scenario)!;
    const got = (await send("ann", "GET", `/api/bank/items/${inSet.id}`)).json();
    expect(got.item.scenario).toBeUndefined();
    expect(got.scenario).toMatchObject({ id: inSet.scenario!.id, case: inSet.scenario!.case });
    // Sent back as read, or with the scenario it was shown: both are the author's item only.
    const edited = await send("ann", "PUT", `/api/bank/items/${inSet.id}`, {
      item: { ...got.item, scenario: got.scenario, stem: `${got.item.stem} Choose the best answer.` },
      updatedAt: got.updatedAt,
    });
    expect(edited.statusCode).toBe(200);
    expect((await send("ann", "GET", "/api/catalog")).statusCode).toBe(200);
    expect((await send("ann", "GET", "/api/bank/items?limit=5")).statusCode).toBe(200);
    const again = (await send("bob", "GET", `/api/bank/items/${inSet.id}`)).json();
    expect(again.status).toBe("draft");
    expect(again.scenario.id).toBe(inSet.scenario!.id);
    expect((await send("ann", "POST", `/api/bank/items/${inSet.id}/submit`)).statusCode).toBe(200);
    expect((await send("bob", "POST", `/api/bank/items/${inSet.id}/approve`)).statusCode).toBe(200);
    // Delivered with its case, and new attempts still start.
    const a = await send("cat", "POST", "/api/attempts", { exam: "issmp", items: 5, seed: "s" });
    expect(a.statusCode).toBe(201);
    // A row an older server wrote with the scenario inside is still read (that once broke every page).
    const row = await store.db
      .selectFrom("bank_items")
      .select(["published"])
      .where("id", "=", inSet.id)
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable("bank_items")
      .set({ published: JSON.stringify({ ...JSON.parse(row.published!), scenario: inSet.scenario }) })
      .where("id", "=", inSet.id)
      .execute();
    expect((await send("ann", "GET", `/api/bank/items/${inSet.id}`)).statusCode).toBe(200);
    expect(
      (await send("cat", "POST", "/api/attempts", { exam: "issmp", items: 5, seed: "t" })).statusCode,
    ).toBe(201);
  });

  it("works through the queue of reported problems", async () => {
    const a = (await send("cat", "POST", "/api/attempts", { exam: "issmp", items: 2, seed: "r" })).json();
    await send("cat", "POST", `/api/attempts/${a.id}/commands`, {
      seq: a.seq,
      command: { kind: "report", itemId: a.item.id, category: "two-right-answers", comment: "B also works" },
    });
    const open = (await send("ann", "GET", "/api/item-reports?status=open")).json().reports;
    const mine = open.find((r: { attemptId: string }) => r.attemptId === a.id);
    // The report names the item by its real id (a generated item is delivered under an alias).
    const state = replay(await new AttemptRepository(store.db).steps(a.id));
    expect(mine).toMatchObject({
      itemId: authoredItemId(state, a.item.id),
      category: "two-right-answers",
      comment: "B also works",
    });
    const resolved = await send("ann", "PUT", `/api/item-reports/${mine.id}`, {
      status: "resolved",
      note: "Reworded B.",
    });
    expect(resolved.statusCode).toBe(200);
    const done = (await send("ann", "GET", "/api/item-reports?status=resolved")).json().reports;
    expect(done.find((r: { id: number }) => r.id === mine.id)).toMatchObject({
      resolution: "Reworded B.",
      status: "resolved",
    });
  });
});
