/** `GET /api/bank/cues`: the cue audit for authors, on SQLite and PostgreSQL. */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cueAudit } from "../src/core/bank/cues.js";
import { buildServer } from "../src/server/app.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { authored, content, type MultiUser, multiUserServer } from "./multi-user.js";
import { storeTargets } from "./postgres.js";

const HOST = "127.0.0.1:8080";
const targets = storeTargets("cues");

describe.each(targets)("the cue audit over HTTP on %s", (_dialect, target) => {
  let store: Store;
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: "GET", url, headers: { host: HOST } });

  beforeAll(async () => {
    store = await openStore(await target());
    app = await buildServer({ store, content, allowedHosts: [HOST] });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("returns the audit of the bank in force, the same as the CLI's, and is in the OpenAPI document", async () => {
    const r = await get("/api/bank/cues?exam=issmp");
    expect(r.statusCode).toBe(200);
    const expected = cueAudit(
      authored.filter((i) => i.outlines.some((t) => t.startsWith("issmp:"))),
      { exam: "issmp" },
    );
    expect(r.json()).toEqual({ audit: expected, reason: null });
    const seeded = await get("/api/bank/cues?exam=issmp&seed=other");
    expect(seeded.json().audit.items).toBe(expected.items);
    const doc = (await get("/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toContain("/api/bank/cues");
  });

  it("says why an exam cannot be audited, and refuses an unknown or missing exam", async () => {
    const few = await get("/api/bank/cues?exam=cism");
    expect(few.statusCode).toBe(200);
    expect(few.json()).toEqual({
      audit: null,
      reason: "cism has 0 live single-choice or multiple-response item(s); a cue audit needs at least 10",
    });
    const unknown = await get("/api/bank/cues?exam=nope");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('exam: unknown certification "nope"');
    expect((await get("/api/bank/cues")).statusCode).toBe(400);
  });
});

describe("the cue audit is for authors", () => {
  let m: MultiUser;
  beforeAll(async () => {
    m = await multiUserServer("cues-roles");
    await m.person("ann", "author");
    await m.person("cat", "candidate");
  });
  afterAll(() => m.close());

  it("answers authors and refuses candidates and strangers", async () => {
    expect((await m.send("ann", "GET", "/api/bank/cues?exam=issmp")).statusCode).toBe(200);
    expect((await m.send("cat", "GET", "/api/bank/cues?exam=issmp")).statusCode).toBe(403);
    expect((await m.send("", "GET", "/api/bank/cues?exam=issmp")).statusCode).toBe(401);
  });
});
