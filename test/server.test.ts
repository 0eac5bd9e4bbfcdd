/** The HTTP API on the bundled content and a temporary SQLite store, driven with inject(). */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { requireSoundBank } from "../src/core/bank/load.js";
import { keyAsResponse } from "../src/core/items/item.js";
import { BODY_LIMIT, buildServer } from "../src/server/app.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { asDelivered, deliveredIn, deliveredKey, shownItem } from "./delivered.js";
import { storeTargets } from "./postgres.js";

const HOST = "127.0.0.1:8080";
const catalog = loadCatalog();
const authored = requireSoundBank(loadBank());
const content = { catalog: () => catalog, today: () => "2026-11-29", authored: () => authored };
/** Every item by id, instances of the computed families included. */
const byId = examSetup(content, "issmp").items;

let now = 1_800_000_000_000;
const clock = () => now;

async function server(store: Store): Promise<FastifyInstance> {
  return buildServer({ store, content, clock, allowedHosts: [HOST, "localhost:8080"] });
}

// biome-ignore lint/suspicious/noExplicitAny: test payloads
type Json = Record<string, any>;

const targets = storeTargets("server");

describe.each(targets)("the certpath API on %s", (dialect, target) => {
  let store: Store;
  let app: FastifyInstance;
  let dbFile: string;
  const get = async (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url, headers: { host: HOST, ...headers } });
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url,
      headers: { host: HOST, "content-type": "application/json", ...headers },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });
  const command = async (id: string, seq: number, cmd: Json) =>
    post(`/api/attempts/${id}/commands`, { seq, command: cmd });

  beforeAll(async () => {
    dbFile = await target();
    store = await openStore(dbFile);
    app = await server(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("answers health, catalog, compare, eligibility and advice", async () => {
    expect((await get("/api/health")).json()).toMatchObject({
      status: "ok",
      database: dialect === "SQLite" ? "sqlite" : "postgres",
    });
    const list = (await get("/api/catalog")).json();
    expect(list.certifications.map((c: Json) => c.id)).toContain("issmp");
    expect(list.certifications.find((c: Json) => c.id === "issmp").examSummary).toBe(
      "linear, 125 items in 3 h; pass 700 on 0–1000",
    );
    const liveIssmp = authored.filter(
      (i) => i.status === "live" && i.outlines[0]!.startsWith("issmp:"),
    ).length;
    expect(liveIssmp).toBeGreaterThan(400);
    expect(list.certifications.find((c: Json) => c.id === "issmp").bankItems).toBe(liveIssmp);
    expect(list.certifications.find((c: Json) => c.id === "crisc").bankItems).toBe(0);
    const issmp = (await get("/api/catalog/issmp")).json();
    expect(issmp.abbreviation).toBe("ISSMP");
    expect(issmp.inForce).toMatchObject({ outline: "current", asOf: "2026-11-29" });
    expect(issmp.inForce.warnings).toContain("The effective date of the current outline is unverified.");
    // CISM's 2026 outline applies from 2026-11-03 but is not captured: the 2022 outline is shown, with a notice.
    const cism = (await get("/api/catalog/cism")).json();
    expect(cism.inForce.outline).toBe("2022");
    expect(cism.inForce.warnings.join(" ")).toMatch(
      /certpath does not hold its details yet\. Practice uses the 2022 job practice\./,
    );
    const missing = await get("/api/catalog/nope");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('unknown certification "nope"');
    const cmp = (await get("/api/compare?ids=issmp,cism")).json();
    expect(cmp.certifications.map((c: Json) => c.id)).toEqual(["issmp", "cism"]);
    expect((await get("/api/compare?ids=issmp")).statusCode).toBe(400);
    const profile = JSON.parse(readFileSync("examples/profile.json", "utf8"));
    delete profile.$schema;
    const verdicts = (await post("/api/eligibility", { profile, ids: ["issmp"] })).json();
    expect(verdicts.verdicts[0]).toMatchObject({ certification: "issmp", status: "eligible" });
    const advice = await post("/api/advice", { profile, goal: "management" });
    expect(advice.statusCode).toBe(200);
    const bad = await post("/api/eligibility", { profile: { experience: "lots" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^profile\./);
    const doc = (await get("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/attempts/{id}/commands");
  });

  it("tells the web app its mode in one call that answers 200", async () => {
    const r = await get("/api/session");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ mode: "single-user" });
  });

  it("discards an unfinished attempt: kept in the log, out of the study queue, and not twice", async () => {
    // A tutor answer whose feedback was given is final, so it reaches the study queue until discarded.
    // Authored items only (tag "ai"), then the first single-choice one of them: forms are drawn afresh.
    let created = (
      await post("/api/attempts", { exam: "issmp", mode: "tutor", items: 6, tags: ["ai"], seed: "discard" })
    ).json();
    let item = await shownItem(store.db, created.id, byId, created.item.id);
    for (let k = 1; item.type !== "single-choice" && k < created.total; k++) {
      created = (await command(created.id, created.seq, { kind: "navigate", position: k })).json().attempt;
      item = await shownItem(store.db, created.id, byId, created.item.id);
    }
    const wrong = item.type === "single-choice" ? item.options.find((o) => o.id !== item.key)!.id : null;
    expect(wrong).not.toBeNull();
    const answered = await command(created.id, created.seq, {
      kind: "answer",
      itemId: item.id,
      response: asDelivered(created.item, item, wrong),
    });
    expect(answered.statusCode).toBe(200);
    const submitted = await command(created.id, answered.json().attempt.seq, {
      kind: "submit",
      itemId: item.id,
    });
    expect(submitted.statusCode).toBe(200);
    const queued = async () => {
      const q = (await get("/api/study?exam=issmp")).json();
      return [...q.due, ...q.upcoming].some((d: Json) => d.itemId === item.id);
    };
    const queuedBefore = await queued();
    const r = await post(`/api/attempts/${created.id}/discard`, {});
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: created.id, status: "discarded" });
    expect((await get(`/api/attempts/${created.id}`)).json()).toMatchObject({
      status: "discarded",
      item: null,
    });
    const listed = (await get("/api/attempts?limit=100"))
      .json()
      .attempts.find((a: Json) => a.id === created.id);
    expect(listed).toMatchObject({ status: "discarded", assignmentId: null });
    expect([queuedBefore, await queued()]).toEqual([true, false]);
    // No more commands, no report, no second discard; a finished attempt cannot be discarded either.
    const after = await command(created.id, 99, { kind: "finish" });
    expect(after.statusCode).toBe(409);
    expect((await get(`/api/attempts/${created.id}/report`)).statusCode).toBe(409);
    const again = await post(`/api/attempts/${created.id}/discard`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: "not-discardable",
      message: `attempt ${created.id} is discarded already`,
    });
    const done = (await post("/api/attempts", { exam: "issmp", items: 2, seed: "discard-2" })).json();
    await command(done.id, done.seq, { kind: "finish" });
    const refused = await post(`/api/attempts/${done.id}/discard`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/is finished; only an unfinished attempt can be discarded/);
    expect((await post("/api/attempts/nope/discard", {})).statusCode).toBe(404);
  });

  it("takes an exam: answers, flags, review, finish and report, with no key before the finish", async () => {
    const created = await post("/api/attempts", { exam: "issmp", mode: "exam", items: 6, seed: "api-1" });
    expect(created.statusCode).toBe(201);
    let a = created.json();
    expect(a).toMatchObject({ mode: "exam", total: 6, position: 0, status: "in-progress" });
    expect(a.timeLimitMs).toBeGreaterThan(0);
    const payloads: string[] = [created.body];
    for (let k = 0; k < 6; k++) {
      const item = await shownItem(store.db, a.id, byId, a.item.id);
      const r = await command(a.id, a.seq, {
        kind: "answer",
        itemId: item.id,
        response: deliveredKey(a.item, item),
      });
      expect(r.statusCode).toBe(200);
      payloads.push(r.body);
      a = r.json().attempt;
      if (k === 2) {
        const f = await command(a.id, a.seq, { kind: "flag", itemId: item.id, flagged: true });
        a = f.json().attempt;
        expect(a.item.flagged).toBe(true);
      }
      if (k < 5) {
        const n = await command(a.id, a.seq, { kind: "navigate", position: k + 1 });
        payloads.push(n.body);
        a = n.json().attempt;
      }
    }
    for (const body of payloads) {
      expect(body).not.toMatch(
        /"(key|rationale|rationales|explanation|references|difficulty|feedback)":(?!null)/,
      );
    }
    const review = (await get(`/api/attempts/${a.id}/review`)).json();
    expect(review.items.filter((i: Json) => i.answered)).toHaveLength(6);
    expect(review.items.filter((i: Json) => i.flagged)).toHaveLength(1);
    expect((await get(`/api/attempts/${a.id}/report`)).statusCode).toBe(409);
    const done = await command(a.id, a.seq, { kind: "finish" });
    expect(done.json().attempt.status).toBe("finished");
    const report = (await get(`/api/attempts/${a.id}/report`)).json();
    expect(report.items).toHaveLength(6);
    expect(report.items.every((i: Json) => i.credit === 1)).toBe(true);
    expect(report.items.find((i: Json) => i.options.length > 0).options[0].rationale).toBeTruthy();
    const list = (await get("/api/attempts?limit=1")).json();
    expect(list.attempts).toHaveLength(1);
    expect((await get("/api/attempts?limit=1000")).statusCode).toBe(400);
  });

  it("makes answering idempotent: a retry is a no-op and a stale command gets 409 with the state", async () => {
    const a = (await post("/api/attempts", { exam: "issmp", mode: "exam", items: 3, seed: "api-2" })).json();
    const item = await shownItem(store.db, a.id, byId, a.item.id);
    const answer = { kind: "answer", itemId: item.id, response: deliveredKey(a.item, item) };
    const first = (await command(a.id, a.seq, answer)).json();
    expect(first.duplicate).toBe(false);
    const retry = (await command(a.id, a.seq, answer)).json();
    expect(retry.duplicate).toBe(true);
    expect(retry.attempt.seq).toBe(first.attempt.seq);
    const stale = await command(a.id, a.seq, { kind: "flag", itemId: item.id, flagged: true });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "stale", attempt: { seq: first.attempt.seq } });
    // Two tabs racing with the same step number: one wins, the other is told.
    const seq = first.attempt.seq;
    const [x, y] = await Promise.all([
      command(a.id, seq, { kind: "flag", itemId: item.id, flagged: true }),
      command(a.id, seq, { kind: "navigate", position: 1 }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const steps = (await get(`/api/attempts/${a.id}`)).json().seq;
    expect(steps).toBe(seq + 1);
  });

  it("shows the key and every rationale in tutor mode only once the answer is final", async () => {
    const a = (await post("/api/attempts", { exam: "issmp", mode: "tutor", items: 2, seed: "api-3" })).json();
    expect(a.item.feedback).toBeNull();
    const item = await shownItem(store.db, a.id, byId, a.item.id);
    const answered = (
      await command(a.id, a.seq, { kind: "answer", itemId: item.id, response: deliveredKey(a.item, item) })
    ).json().attempt;
    expect(answered.item.feedback).toBeNull();
    const submitted = (await command(a.id, answered.seq, { kind: "submit", itemId: item.id })).json().attempt;
    expect(submitted.item.feedback).toMatchObject({ correct: true, task: item.outlines[0] });
    if (item.type !== "numeric") expect(submitted.item.feedback.rationales).toHaveLength(item.options.length);
  });

  it("keeps adaptive attempts forward-only with no review screen", async () => {
    const a = (await post("/api/attempts", { exam: "issmp", mode: "adaptive" })).json();
    expect(a.mode).toBe("adaptive");
    expect(a.total).toBeNull();
    expect(a.item).not.toBeNull();
    const nav = await command(a.id, a.seq, { kind: "navigate", position: 0 });
    expect(nav.statusCode).toBe(409);
    expect(nav.json().error.code).toBe("navigation");
    expect((await get(`/api/attempts/${a.id}/review`)).statusCode).toBe(409);
    const item = await shownItem(store.db, a.id, byId, a.item.id);
    const next = (
      await command(a.id, a.seq, { kind: "answer", itemId: item.id, response: deliveredKey(a.item, item) })
    ).json().attempt;
    expect(next.item.id).not.toBe(item.id);
    const again = await command(a.id, next.seq, {
      kind: "answer",
      itemId: item.id,
      response: deliveredKey(a.item, item),
    });
    expect(again.statusCode).toBe(409);
  });

  it.each([
    ["a wrong Host header", { host: "evil.example:8080" }, 421, "wrong-host"],
    ["another site's Origin", { origin: "http://evil.example" }, 403, "cross-origin"],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site" }, 403, "cross-origin"],
  ])("refuses %s", async (_what, headers, status, code) => {
    const r = await post("/api/attempts", { exam: "issmp" }, headers);
    expect(r.statusCode).toBe(status);
    expect(r.json().error.code).toBe(code);
  });

  it("refuses bad requests with one clear message", async () => {
    const form = await app.inject({
      method: "POST",
      url: "/api/attempts",
      headers: { host: HOST, "content-type": "application/x-www-form-urlencoded" },
      payload: "exam=issmp",
    });
    expect(form.statusCode).toBe(415);
    expect((await post("/api/attempts", "{not json")).statusCode).toBe(400);
    const big = await post("/api/attempts", { exam: "x".repeat(BODY_LIMIT) });
    expect(big.statusCode).toBe(413);
    const unknown = await post("/api/attempts", { exam: "issmp", colour: "blue" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("colour");
    expect((await post("/api/attempts", { exam: "nope" })).statusCode).toBe(404);
    expect((await get("/api/attempts/zzz")).statusCode).toBe(404);
    expect((await get("/api/nowhere")).statusCode).toBe(404);
    const a = (await post("/api/attempts", { exam: "issmp", items: 2, seed: "api-4" })).json();
    const wrong = await command(a.id, a.seq, { kind: "answer", itemId: a.item.id, response: "Z" });
    expect(wrong.statusCode).toBe(422);
    const other = await command(a.id, a.seq, { kind: "answer", itemId: "issmp-not-here", response: "A" });
    expect(other.statusCode).toBe(422);
  });

  it("loses nothing across a restart and charges no time for the downtime", async () => {
    const a = (await post("/api/attempts", { exam: "issmp", mode: "exam", items: 3, seed: "api-5" })).json();
    const item = await shownItem(store.db, a.id, byId, a.item.id);
    now += 60_000;
    const answered = (
      await command(a.id, a.seq, { kind: "answer", itemId: item.id, response: deliveredKey(a.item, item) })
    ).json().attempt;
    expect(answered.usedMs).toBe(60_000);
    await app.close();
    await store.close();
    now += 3_600_000; // the server is down for an hour
    store = await openStore(dbFile);
    app = await server(store);
    now += 5_000;
    const back = (await get(`/api/attempts/${a.id}`)).json();
    expect(back.item.response).toEqual(deliveredKey(a.item, item));
    expect(back.usedMs).toBe(65_000);
    expect(back.remainingMs).toBe(back.timeLimitMs - 65_000);
    // The clock steps the restart wrote do not make the client's step number stale.
    expect(back.seq).toBeGreaterThan(answered.seq);
    const flag = await command(a.id, answered.seq, { kind: "flag", itemId: item.id, flagged: true });
    expect(flag.statusCode).toBe(200);
    expect(flag.json()).toMatchObject({ duplicate: false, attempt: { item: { flagged: true } } });
  });

  it("keeps the item version an attempt saw when the content changes, and delivers the new version to new attempts", async () => {
    // Seeds are the server's own: start attempts until one opens on an authored (not generated) item.
    let a: Json = {};
    for (let tries = 0; tries < 20 && !(a.item && !a.item.id.startsWith("gen-")); tries++)
      a = (await post("/api/attempts", { exam: "issmp", mode: "exam", items: 3, seed: "api-6" })).json();
    const original = a.item;
    expect(byId.get(original.id)?.generated).toBeFalsy();
    await app.close();
    const revised = authored.map((i) =>
      i.id === original.id ? { ...i, stem: `${i.stem} (Revised wording.)` } : i,
    );
    app = await buildServer({
      store,
      content: { ...content, authored: () => revised },
      clock,
      allowedHosts: [HOST, "localhost:8080"],
    });
    const old = (await get(`/api/attempts/${a.id}`)).json();
    expect(old.item.stem).toBe(original.stem);
    const rows = await store.db
      .selectFrom("item_versions")
      .select(["version"])
      .where("item_id", "=", original.id)
      .orderBy("version")
      .execute();
    expect(rows.map((r) => Number(r.version))).toEqual([
      byId.get(original.id)!.version,
      byId.get(original.id)!.version + 1,
    ]);
    // The task's items that may share a form with the revised one (enemies never do), so it is on it.
    const task = byId.get(original.id)!.outlines[0]!;
    const together = [original.id];
    for (const i of authored)
      if (
        i.status === "live" &&
        i.outlines.includes(task) &&
        !together.includes(i.id) &&
        together.every((t) => !(i.enemies ?? []).includes(t) && !(byId.get(t)?.enemies ?? []).includes(i.id))
      )
        together.push(i.id);
    let fresh: Json = {};
    let review: Json = { items: [] };
    for (let tries = 0; tries < 20 && !review.items.some((i: Json) => i.itemId === original.id); tries++) {
      fresh = (
        await post("/api/attempts", {
          exam: "issmp",
          mode: "exam",
          items: together.length,
          tasks: [task],
          seed: "api-7",
        })
      ).json();
      expect(fresh.error?.message).toBeUndefined();
      review = (await get(`/api/attempts/${fresh.id}/review`)).json();
    }
    expect(review.items.map((i: Json) => i.itemId)).toContain(original.id);
    let view = fresh;
    while (view.item.id !== original.id)
      view = (await command(fresh.id, view.seq, { kind: "navigate", position: view.position + 1 })).json()
        .attempt;
    expect(view.item.stem).toContain("(Revised wording.)");
  });

  it("builds the study queue from the answers and practises what is due", async () => {
    // Authored items (tag "ai": no generated ones), the first single-choice one of them answered wrong.
    const a = (
      await post("/api/attempts", { exam: "issmp", mode: "exam", items: 6, tags: ["ai"], seed: "api-8" })
    ).json();
    const review = (await get(`/api/attempts/${a.id}/review`)).json();
    let seq = a.seq;
    const ids: string[] = review.items.map((i: Json) => i.itemId);
    const missedAt = ids.findIndex((id) => byId.get(id)!.type === "single-choice");
    expect(missedAt).toBeGreaterThanOrEqual(0);
    for (const [k, id] of ids.entries()) {
      const item = byId.get(id)!;
      const wrong =
        item.type === "single-choice" ? item.options.find((o) => o.id !== item.key)!.id : undefined;
      const authoredResponse = k === missedAt && wrong ? wrong : keyAsResponse(item);
      const response = await deliveredIn(store.db, a.id, byId, id, authoredResponse);
      seq = (await command(a.id, seq, { kind: "answer", itemId: id, response })).json().attempt.seq;
    }
    await command(a.id, seq, { kind: "finish" });
    now += 2 * 86_400_000;
    const q = (await get("/api/study?exam=issmp")).json();
    const missed = ids[missedAt]!;
    expect(q.due.map((d: Json) => d.itemId)).toContain(missed);
    expect(q.due.find((d: Json) => d.itemId === missed)).toMatchObject({ lastCorrect: false });
    const practice = await post("/api/study/practice", { exam: "issmp", items: 1 });
    expect(practice.statusCode).toBe(201);
    expect(practice.json()).toMatchObject({ mode: "tutor", total: 1, item: { id: q.due[0].itemId } });
  });
});
