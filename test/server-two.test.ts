/**
 * Two server processes on one PostgreSQL database: the same attempt is answered through both, in
 * turn, with every command also retried through the other server. Each answer must be in the
 * database exactly once, and both servers must show the same state.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { keyAsResponse } from "../src/core/items/item.js";
import { openPostgresStore } from "../src/store/postgres/open.js";
import { deliveredKey, formByDeliveredId } from "./delivered.js";
import { content } from "./multi-user.js";
import { freshDatabase } from "./postgres.js";
import { call, type ServerProcess, startServer, stopServer } from "./serve-process.js";

const items = examSetup(content, "issmp").items;

describe("two servers on one PostgreSQL database", () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await stopServer(s, "SIGTERM");
  });

  it("answers one attempt through both servers, each answer recorded exactly once", async () => {
    const url = await freshDatabase(inject("pgUrl"), "two");
    servers.push(await startServer(url), await startServer(url));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    let attempt = await call(a, "POST", "/api/attempts", {
      exam: "issmp",
      mode: "exam",
      items: 40,
      seed: "two",
    });
    const form = await formByDeliveredId(url, attempt.id, items);
    const expected = new Map<string, unknown>();
    for (let k = 0; k < 40; k++) {
      const via = k % 2 === 0 ? a : b;
      const other = k % 2 === 0 ? b : a;
      const { item, realId } = form.get(attempt.item.id)!;
      const body = {
        seq: attempt.seq,
        command: { kind: "answer", itemId: item.id, response: deliveredKey(attempt.item, item) },
      };
      const [first, retry] = await Promise.all([
        call(via, "POST", `/api/attempts/${attempt.id}/commands`, body),
        call(other, "POST", `/api/attempts/${attempt.id}/commands`, body),
      ]);
      // Both requests succeed; exactly one of them wrote the answer.
      expect([first.duplicate, retry.duplicate].sort()).toEqual([false, true]);
      expected.set(realId, keyAsResponse(item));
      attempt = first.attempt.seq >= retry.attempt.seq ? first.attempt : retry.attempt;
      if (k < 39) {
        attempt = (
          await call(other, "POST", `/api/attempts/${attempt.id}/commands`, {
            seq: attempt.seq,
            command: { kind: "navigate", position: k + 1 },
          })
        ).attempt;
      }
    }
    const seenByA = await call(a, "GET", `/api/attempts/${attempt.id}/review`);
    const seenByB = await call(b, "GET", `/api/attempts/${attempt.id}/review`);
    expect(seenByA).toEqual(seenByB);
    expect(seenByA.items.every((i: { answered: boolean }) => i.answered)).toBe(true);

    const store = await openPostgresStore(url);
    try {
      const answers = await store.db
        .selectFrom("attempt_steps")
        .select(["body"])
        .where("attempt_id", "=", attempt.id)
        .where("kind", "=", "answer")
        .execute();
      const ids = answers.map((r) => (JSON.parse(r.body) as { itemId: string }).itemId);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      const responses = await store.db
        .selectFrom("responses")
        .selectAll()
        .where("attempt_id", "=", attempt.id)
        .execute();
      expect(new Map(responses.map((r) => [r.item_id, JSON.parse(r.response)]))).toEqual(expected);
      const servers = await store.db.selectFrom("servers").selectAll().execute();
      expect(servers).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 60_000);
});
