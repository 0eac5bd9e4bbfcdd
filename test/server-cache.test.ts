/**
 * What an answer costs the server in statements, and servers that cache the attempts they serve:
 * the number of statements per answer does not grow with the attempt's length (one on PostgreSQL),
 * and a server whose cached attempt another server moved on finds out from the store, never from
 * its cache: a retry is still a duplicate, a stale command still a 409, and nothing is lost or
 * written twice. Statements are counted through Kysely's log; nothing here is timed.
 */
import type { FastifyInstance } from "fastify";
import type { LogEvent } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { buildServer } from "../src/server/app.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { deliveredKey, formByDeliveredId } from "./delivered.js";
import { content } from "./multi-user.js";
import { storeTargets } from "./postgres.js";

const HOST = "127.0.0.1:8080";
const items = examSetup(content, "issmp").items;

// biome-ignore lint/suspicious/noExplicitAny: test payloads
type Json = Record<string, any>;

interface Served {
  store: Store;
  app: FastifyInstance;
  counted: { n: number; sql: string[] };
}

async function serve(target: string): Promise<Served> {
  const counted = { n: 0, sql: [] as string[] };
  const log = (e: LogEvent) => {
    if (e.level !== "query") return;
    counted.n++;
    counted.sql.push(e.query.sql);
  };
  const store = await openStore(target, { log });
  const app = await buildServer({ store, content, allowedHosts: [HOST] });
  return { store, app, counted };
}

async function call(s: Served, method: "GET" | "POST", url: string, body?: unknown): Promise<Json> {
  const r = await s.app.inject({
    method,
    url,
    headers: { host: HOST, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: r.statusCode, ...r.json() };
}

describe.each(storeTargets("server_cache"))("answering on %s", (dialect, target) => {
  let url: string;
  const servers: Served[] = [];
  beforeAll(async () => {
    url = await target();
    servers.push(await serve(url), await serve(url));
  });
  afterAll(async () => {
    for (const s of servers) {
      await s.app.close();
      await s.store.close();
    }
  });

  it("costs the same statements per answer however long the attempt is (one on PostgreSQL)", async () => {
    const s = servers[0]!;
    let a: Json = await call(s, "POST", "/api/attempts", {
      exam: "issmp",
      mode: "exam",
      items: 60,
      seed: "n",
    });
    const form = await formByDeliveredId(url, a.id, items);
    const perAnswer: number[] = [];
    const logReads: string[] = [];
    for (let k = 0; k < 60; k++) {
      const { item } = form.get(a.item.id)!;
      s.counted.n = 0;
      s.counted.sql = [];
      const r = await call(s, "POST", `/api/attempts/${a.id}/commands`, {
        seq: a.seq,
        command: { kind: "answer", itemId: item.id, response: deliveredKey(a.item, item) },
      });
      perAnswer.push(s.counted.n);
      if (k > 0)
        logReads.push(...s.counted.sql.filter((q) => /^\s*select\b[\s\S]*\battempt_steps\b/i.test(q)));
      expect(r).toMatchObject({ status: 200, duplicate: false });
      a = r.attempt;
      if (k < 59)
        a = (
          await call(s, "POST", `/api/attempts/${a.id}/commands`, {
            seq: a.seq,
            command: { kind: "navigate", position: k + 1 },
          })
        ).attempt;
    }
    // The first answer reads the attempt into the cache; every later one only writes (no step of
    // the log is read again).
    const later = perAnswer.slice(1);
    expect(logReads).toEqual([]);
    expect(new Set(later).size).toBe(1);
    if (dialect === "PostgreSQL") expect(later[0]).toBe(1);
    expect(a.answered).toBe(60);
  });

  it("finds out from the store, not its cache, when another server moved the attempt on", async () => {
    const [s1, s2] = servers as [Served, Served];
    const created: Json = await call(s1, "POST", "/api/attempts", {
      exam: "issmp",
      mode: "exam",
      items: 5,
      seed: "two",
    });
    const form = await formByDeliveredId(url, created.id, items);
    const answer = (view: Json) => {
      const { item } = form.get(view.item.id)!;
      return { kind: "answer", itemId: item.id, response: deliveredKey(view.item, item) };
    };
    const commands = `/api/attempts/${created.id}/commands`;
    // Both servers hold the attempt in their caches.
    expect((await call(s1, "GET", `/api/attempts/${created.id}`)).seq).toBe(created.seq);
    expect((await call(s2, "GET", `/api/attempts/${created.id}`)).seq).toBe(created.seq);

    // The second server answers; the first, asked to do the same (a retry that went elsewhere),
    // writes nothing and answers with the state the second server made.
    const first = await call(s2, "POST", commands, { seq: created.seq, command: answer(created) });
    expect(first).toMatchObject({ status: 200, duplicate: false });
    const retried = await call(s1, "POST", commands, { seq: created.seq, command: answer(created) });
    expect(retried).toMatchObject({ status: 200, duplicate: true });
    expect(retried.attempt.seq).toBe(first.attempt.seq);
    expect(retried.attempt.answered).toBe(1);

    // The second server moves on; the first, asked with the new step number, applies after it.
    const moved = await call(s2, "POST", commands, {
      seq: first.attempt.seq,
      command: { kind: "navigate", position: 1 },
    });
    const flagged = await call(s1, "POST", commands, {
      seq: moved.attempt.seq,
      command: { kind: "flag", itemId: moved.attempt.item.id, flagged: true },
    });
    expect(flagged).toMatchObject({ status: 200, duplicate: false });
    expect(flagged.attempt).toMatchObject({ position: 1, answered: 1, seq: moved.attempt.seq + 1 });

    // A command made on a state the other server has changed since is refused, from either.
    const stale = await call(s2, "POST", commands, {
      seq: moved.attempt.seq,
      command: { kind: "navigate", position: 3 },
    });
    expect(stale).toMatchObject({
      status: 409,
      error: { code: "stale", attempt: { seq: flagged.attempt.seq } },
    });

    // Each reads the same state; the log holds each command once.
    const one = await call(s1, "GET", `/api/attempts/${created.id}/review`);
    const two = await call(s2, "GET", `/api/attempts/${created.id}/review`);
    expect(one).toEqual(two);
    const kinds = (
      await s1.store.db
        .selectFrom("attempt_steps")
        .select(["kind"])
        .where("attempt_id", "=", created.id)
        .orderBy("seq")
        .execute()
    ).map((r) => r.kind);
    expect(kinds.filter((k) => k === "answer")).toHaveLength(1);
    expect(kinds.filter((k) => k === "flag")).toHaveLength(1);
    expect(kinds.filter((k) => k === "navigate")).toHaveLength(1);
  });
});
