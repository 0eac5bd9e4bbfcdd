/**
 * Crash test of the server: a scripted client answers a full 125-item ISSMP exam over HTTP while the
 * server process is killed with SIGKILL at several random moments and restarted. Every answer the
 * server acknowledged must be in the report at the end, and the client carries on with the same
 * step numbers after each restart (a retried answer is a no-op).
 */
import { describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { keyAsResponse } from "../src/core/items/item.js";
import { seededRandom } from "../src/core/random/seeded.js";
import { asDelivered, formByDeliveredId } from "./delivered.js";
import { content } from "./multi-user.js";
import { storeTargets } from "./postgres.js";
import { call, startServer, stopServer } from "./serve-process.js";

const items = examSetup(content, "issmp").items;

// biome-ignore lint/suspicious/noExplicitAny: API payloads
type Json = Record<string, any>;

const targets = storeTargets("crash");

describe.each(targets)("server crash safety on %s", (_dialect, target) => {
  it("loses no acknowledged answer when the server is killed with SIGKILL and restarted", async () => {
    const seed = process.env.CRASH_SEED ?? "server-crash";
    const rng = seededRandom(seed);
    const db = await target();
    let server = await startServer(db);
    const api = (method: string, path: string, body?: unknown) => call(server, method, path, body);
    // Kill points: after these many acknowledged commands (answers and moves together).
    const killAt = new Set<number>();
    while (killAt.size < 4) killAt.add(10 + rng.int(230));
    let attempt = await api("POST", "/api/attempts", { exam: "issmp", mode: "exam", seed });
    expect(attempt.total).toBe(125);
    const form = await formByDeliveredId(db, attempt.id, items);
    const acknowledged = new Map<string, unknown>();
    let acks = 0;
    let restarts = 0;
    /** Sends a command; if the server dies first, restarts it and sends the same command again. */
    const send = async (command: Json): Promise<Json> => {
      for (;;) {
        const request = api("POST", `/api/attempts/${attempt.id}/commands`, { seq: attempt.seq, command });
        if (killAt.has(acks + 1) && !killAt.has(-(acks + 1))) {
          killAt.add(-(acks + 1));
          const settled = request.catch(() => undefined);
          // Kill while the request is in flight or just after: either way the retry must be safe.
          await new Promise((r) => setTimeout(r, rng.int(3)));
          await stopServer(server);
          restarts++;
          await settled;
          server = await startServer(db);
          continue;
        }
        try {
          const r = await request;
          acks++;
          return r.attempt;
        } catch (e) {
          if ((e as { status?: number }).status) throw e;
          server = await startServer(db);
        }
      }
    };
    for (let position = 0; position < 125; position++) {
      const { item, realId } = form.get(attempt.item.id)!;
      // Answer about two items in three by the key, the rest with another valid response.
      const authoredResponse =
        rng.next() < 0.67 || item.type !== "single-choice"
          ? keyAsResponse(item)
          : item.options.find((o) => o.text === attempt.item.options[0].text)!.id;
      const response = asDelivered(attempt.item, item, authoredResponse);
      attempt = await send({ kind: "answer", itemId: item.id, response });
      expect(attempt.item.response).toEqual(response);
      // The report gives the responses in the authored ids.
      acknowledged.set(realId, authoredResponse);
      if (position < 124) attempt = await send({ kind: "navigate", position: position + 1 });
    }
    expect(restarts).toBe(4);
    attempt = await send({ kind: "finish" });
    expect(attempt.status).toBe("finished");
    const report = await api("GET", `/api/attempts/${attempt.id}/report`);
    const answers = new Map(report.items.map((i: Json) => [i.id, i.response]));
    expect(answers.size).toBe(125);
    for (const [id, response] of acknowledged) expect(answers.get(id), id).toEqual(response);
    await stopServer(server);
  }, 120_000);
});
