/**
 * A candidate trying to cheat: during open exam, tutor, adaptive and assigned attempts, every GET
 * route of the API (taken from the OpenAPI document, so a new route is walked too) and every answer
 * the API gives are searched for a key, a rationale, correctness, θ, a seed, a pretest flag or an
 * authored option id of an item whose answer is not final. On SQLite and PostgreSQL.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { replay } from "../src/core/exam/attempt.js";
import { deliveredItemId } from "../src/core/exam/delivery.js";
import type { Step } from "../src/core/exam/steps.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { deliveredKey, shownItem } from "./delivered.js";
import { content, type MultiUser, multiUserServer } from "./multi-user.js";
import { storeTargets } from "./postgres.js";

const items = examSetup(content, "issmp").items;
const now = 1_800_000_000_000;
const clock = () => now;

// biome-ignore lint/suspicious/noExplicitAny: test payloads
type Json = Record<string, any>;

/** Fields that tell an answer (or could) when they carry a value. */
const TELLING = new Set([
  "key",
  "correct",
  "credit",
  "theta",
  "se",
  "pretest",
  // An item's parameter source: unscored items are never calibrated, so it could single them out.
  "parameterSource",
  "rationale",
  "rationales",
  "explanation",
  "misconceptions",
  "seed",
  "difficulty",
  "passed",
]);
const AUTHORED_ID = /^[A-Z]$/;

interface Secrets {
  /** Text that must not appear in any response → what it is. */
  strings: Map<string, string>;
  /** Items whose tutor feedback was given: their feedback may show. */
  finalTutor: Set<string>;
}

/**
 * Routes of published content (the catalog, the API description), where field names such as "key"
 * mean something else: only the secrets themselves are searched for there.
 */
const PUBLISHED = /^\/api\/(catalog|compare|openapi\.json)\b/;

/** Every way the body of `url` tells something it must not. */
function leaksIn(url: string, body: string, secrets: Secrets): string[] {
  const out: string[] = [];
  for (const [s, what] of secrets.strings) if (body.includes(s)) out.push(what);
  if (body.includes("θ")) out.push("a θ");
  if (PUBLISHED.test(url)) return out;
  const authored = (v: unknown): boolean =>
    typeof v === "string"
      ? AUTHORED_ID.test(v)
      : Array.isArray(v)
        ? v.some(authored)
        : typeof v === "object" && v !== null
          ? Object.entries(v).some(([k, c]) => AUTHORED_ID.test(k) || authored(c))
          : false;
  const walk = (x: unknown, path: string): void => {
    if (Array.isArray(x)) {
      for (const [i, v] of x.entries()) walk(v, `${path}[${i}]`);
      return;
    }
    if (typeof x !== "object" || x === null) return;
    const o = x as Json;
    const mayShow = typeof o.id === "string" && o.final === true && secrets.finalTutor.has(o.id);
    for (const [k, v] of Object.entries(o)) {
      if (k === "feedback" && mayShow) continue;
      if ((TELLING.has(k) || k === "feedback") && v !== null && v !== undefined) out.push(`${path}.${k}`);
      if ((k === "response" || k === "optionId" || k === "order") && authored(v))
        out.push(`${path}.${k} in authored ids`);
      if (k === "options" && Array.isArray(v) && v.some((opt: Json) => AUTHORED_ID.test(opt?.id)))
        out.push(`${path}.options with authored ids`);
      walk(v, `${path}.${k}`);
    }
  };
  walk(JSON.parse(body), "$");
  return out;
}

const targets = storeTargets("leaks");

describe.each(targets)("nothing tells an answer before it is final, on %s", (_dialect, target) => {
  let m: MultiUser;
  const send: MultiUser["send"] = (...args) => m.send(...args);
  const person = (name: string, role: "candidate" | "instructor") => m.person(name, role);
  /** Sends a command as `who` and returns the attempt it leaves, failing on an error. */
  const command = async (who: string, a: Json, cmd: Json, seen?: LightMyRequestResponse[]) => {
    const r = await send(who, "POST", `/api/attempts/${a.id}/commands`, { seq: a.seq, command: cmd });
    expect(r.statusCode, r.body).toBe(200);
    seen?.push(r);
    return r.json().attempt as Json;
  };
  const answerWithKey = async (who: string, a: Json, seen?: LightMyRequestResponse[]) =>
    command(
      who,
      a,
      {
        kind: "answer",
        itemId: a.item.id,
        response: deliveredKey(a.item, await shownItem(m.store.db, a.id, items, a.item.id)),
      },
      seen,
    );
  const stepsOf = (id: string): Promise<Step[]> => new AttemptRepository(m.store.db).steps(id);

  beforeAll(async () => {
    m = await multiUserServer("leaks", await target(), { clock });
    for (const [who, role] of [
      ["ivy", "instructor"],
      ["cam", "candidate"],
      ["dee", "candidate"],
      ["eve", "candidate"],
      ["fay", "candidate"],
    ] as const)
      await person(who, role);
  });
  afterAll(() => m.close());

  it("walks every GET route and every answer during open exam, tutor, adaptive and assigned attempts", async () => {
    const seen: LightMyRequestResponse[] = [];
    const cohort = (await send("ivy", "POST", "/api/cohorts", { name: "Leaks" })).json();
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: ["cam@example.org"] });
    const assignment = (
      await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
        title: "Mock",
        settings: { exam: "issmp", mode: "exam", items: 5 },
      })
    ).json();
    const studyBefore = (await send("cam", "GET", "/api/study?exam=issmp")).body;

    const started = async (url: string, body?: unknown) => {
      const r = await send("cam", "POST", url, body);
      expect(r.statusCode, r.body).toBe(201);
      seen.push(r);
      return r.json() as Json;
    };
    // Exam: every item answered by the key, moving on after each.
    let exam = await started("/api/attempts", { exam: "issmp", mode: "exam", items: 5, seed: "walk" });
    for (let k = 0; k < 5; k++) {
      exam = await answerWithKey("cam", exam, seen);
      // Strike an option where the item has options (a numeric item has none).
      const struck = exam.item.options[0]?.id;
      if (struck !== undefined) {
        exam = await command(
          "cam",
          exam,
          { kind: "strike", itemId: exam.item.id, optionId: struck, struck: true },
          seen,
        );
        expect(exam.item.struck).toEqual([struck]);
      }
      if (k < 4) exam = await command("cam", exam, { kind: "navigate", position: k + 1 }, seen);
    }
    // Tutor: the first answer submitted (its feedback may show), the second left open.
    let tutor = await started("/api/attempts", { exam: "issmp", mode: "tutor", items: 3, seed: "walk" });
    // Unsure of it: a right answer the study queue then reviews (a sure one it would leave alone).
    tutor = await command("cam", tutor, { kind: "confidence", itemId: tutor.item.id, level: "unsure" }, seen);
    tutor = await answerWithKey("cam", tutor, seen);
    tutor = await command("cam", tutor, { kind: "submit", itemId: tutor.item.id }, seen);
    expect(tutor.item.feedback).toMatchObject({ correct: true });
    tutor = await command("cam", tutor, { kind: "navigate", position: 1 }, seen);
    tutor = await answerWithKey("cam", tutor, seen);
    // Adaptive: three answers by the key.
    let adaptive = await started("/api/attempts", { exam: "issmp", mode: "adaptive", seed: "walk" });
    for (let k = 0; k < 3; k++) adaptive = await answerWithKey("cam", adaptive, seen);
    // The instructor's assignment: answered by the key, not finished.
    let assigned = await started(`/api/assignments/${assignment.id}/start`);
    for (let k = 0; k < 5; k++) {
      assigned = await answerWithKey("cam", assigned, seen);
      if (k < 4) assigned = await command("cam", assigned, { kind: "navigate", position: k + 1 }, seen);
    }

    // What the candidate must not learn, read from the store and the bank.
    const secrets: Secrets = { strings: new Map(), finalTutor: new Set() };
    const attempts = [exam, tutor, adaptive, assigned];
    const states = await Promise.all(attempts.map(async (a) => replay(await stepsOf(a.id))));
    for (const s of states)
      if (s.behaviour.name === "tutor")
        for (const id of s.final) secrets.finalTutor.add(id).add(deliveredItemId(s.seed, id));
    for (const [k, s] of states.entries()) {
      expect(s.status).toBe("in-progress");
      secrets.strings.set(s.seed, `the seed of attempt ${attempts[k]!.id}`);
      for (const f of s.form) {
        // A generated item's real id rebuilds it, key and rationales included, from the public source.
        if (items.get(f.id)?.generated) secrets.strings.set(f.id, `the real id of generated item ${f.id}`);
        if (secrets.finalTutor.has(f.id)) continue;
        const item = items.get(f.id)!;
        const texts = [
          item.explanation,
          item.type === "numeric" ? item.rationale : undefined,
          ...(item.type === "numeric"
            ? item.misconceptions.map((m) => m.rationale)
            : item.options.map((o) => o.rationale)),
        ];
        for (const t of texts) if (t && t.length >= 12) secrets.strings.set(t, `a rationale of ${f.id}`);
      }
    }
    expect(
      new Set([...secrets.finalTutor].filter((id) => !id.startsWith("gen-") || /-.*-/.test(id))).size,
    ).toBe(1);
    expect(secrets.strings.size).toBeGreaterThan(30);

    // Every GET route, with every id the candidate knows in each path parameter.
    const doc = (await send("cam", "GET", "/api/openapi.json")).json();
    const ids = [...attempts.map((a) => a.id), cohort.id, assignment.id, "issmp"];
    const queryValues: Record<string, string> = { exam: "issmp", ids: "issmp,cism" };
    let walked = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Json>)) {
      const get = ops.get as Json | undefined;
      if (!get) continue;
      const names = (get.parameters as Json[]).filter((p) => p.in === "path").map((p) => p.name as string);
      const query = (get.parameters as Json[])
        .filter((p) => p.in === "query" && p.required)
        .map((p) => `${p.name}=${queryValues[p.name] ?? "x"}`)
        .join("&");
      let urls = [path];
      for (const name of names)
        urls = urls.flatMap((u) => ids.map((id) => u.replace(`{${name}}`, encodeURIComponent(id))));
      for (const url of urls) {
        const r = await send("cam", "GET", query ? `${url}?${query}` : url);
        walked++;
        if (path === "/api/study") {
          // The queue may not move with an open attempt's answers (a tutor answer whose feedback
          // was given is final, so its due date may); compare it without that item.
          continue;
        }
        seen.push(r);
      }
    }
    expect(walked).toBeGreaterThan(40);
    // The export holds all four attempts, with their answers.
    const exported = (await send("cam", "GET", "/api/me/export")).json();
    expect(exported.attempts).toHaveLength(4);
    expect(
      exported.attempts.flatMap((a: Json) => a.steps).filter((s: Json) => s.kind === "answer").length,
    ).toBe(5 + 2 + 3 + 5);

    for (const r of seen) {
      const leaks = leaksIn(r.raw.req.url ?? "", r.body, secrets);
      expect(leaks, `${r.raw.req.method} ${r.raw.req.url}: ${r.body.slice(0, 300)}`).toEqual([]);
    }

    // The study queue moved only with the tutor answer whose feedback was given.
    const study = (await send("cam", "GET", "/api/study?exam=issmp")).json();
    const before = JSON.parse(studyBefore);
    const tutorItem = [...secrets.finalTutor][0]!;
    const known = [...study.due, ...study.upcoming].map((d: Json) => d.itemId);
    expect(known).toEqual([tutorItem]);
    const answered = study.domains.reduce((n: number, d: Json) => n + (d.answered ?? 0), 0);
    const answeredBefore = before.domains.reduce((n: number, d: Json) => n + (d.answered ?? 0), 0);
    expect(answered - answeredBefore).toBe(1);
  });

  it("keeps the study queue and readiness still while an exam attempt is open, and counts it once finished", async () => {
    const before = (await send("dee", "GET", "/api/study?exam=issmp")).body;
    const readyBefore = (await send("dee", "GET", "/api/readiness?exam=issmp")).body;
    let a = (await send("dee", "POST", "/api/attempts", { exam: "issmp", mode: "exam", items: 3 })).json();
    for (let k = 0; k < 3; k++) {
      // Unsure of each: right answers that become review cards once the attempt is finished.
      a = await command("dee", a, { kind: "confidence", itemId: a.item.id, level: "unsure" });
      a = await answerWithKey("dee", a);
      if (k < 2) a = await command("dee", a, { kind: "navigate", position: k + 1 });
    }
    expect((await send("dee", "GET", "/api/study?exam=issmp")).body).toBe(before);
    // Readiness too: it would move with a right answer, and so tell the candidate it was right.
    expect((await send("dee", "GET", "/api/readiness?exam=issmp")).body).toBe(readyBefore);
    await command("dee", a, { kind: "finish" });
    const after = (await send("dee", "GET", "/api/study?exam=issmp")).json();
    expect([...after.due, ...after.upcoming]).toHaveLength(3);
    const ready = (await send("dee", "GET", "/api/readiness?exam=issmp")).json();
    expect(ready.answered - JSON.parse(readyBefore).answered).toBe(3);
  });

  it("delivers opaque ids, the same on every load and after a restart, and refuses authored ids by field", async () => {
    const a = (await send("eve", "POST", "/api/attempts", { exam: "issmp", mode: "exam", items: 3 })).json();
    const ids = a.item.options.map((o: Json) => o.id);
    for (const id of ids) expect(id).toMatch(/^[a-z2-9]{10}$/);
    expect((await send("eve", "GET", `/api/attempts/${a.id}`)).json().item.options).toEqual(a.item.options);
    await m.restart();
    expect((await send("eve", "GET", `/api/attempts/${a.id}`)).json().item.options).toEqual(a.item.options);
    const authored = await send("eve", "POST", `/api/attempts/${a.id}/commands`, {
      seq: (await send("eve", "GET", `/api/attempts/${a.id}`)).json().seq,
      command: { kind: "answer", itemId: a.item.id, response: a.item.type === "single-choice" ? "A" : ["A"] },
    });
    expect(authored.statusCode).toBe(422);
    expect(authored.json().error.message).toMatch(/^response(\[0\])?: item \S+ has no option "A"$/);
  });

  it("exports an adaptive attempt without seed or θ while it runs, and with them once finished", async () => {
    let a = (await send("fay", "POST", "/api/attempts", { exam: "issmp", mode: "adaptive" })).json();
    for (let k = 0; k < 3; k++) a = await answerWithKey("fay", a);
    const open = (await send("fay", "GET", "/api/me/export")).body;
    const seed = replay(await stepsOf(a.id)).seed;
    expect(open).not.toContain(seed);
    expect(open).not.toMatch(/"(seed|theta|se|pretest)":/);
    expect(JSON.parse(open).attempts[0].steps.filter((s: Json) => s.kind === "select")).toHaveLength(4);
    await command("fay", a, { kind: "finish" });
    const done = JSON.parse((await send("fay", "GET", "/api/me/export")).body).attempts[0].steps as Json[];
    expect(done[0]).toMatchObject({ kind: "start", seed });
    expect(done.filter((s) => s.kind === "select").every((s) => typeof s.theta === "number")).toBe(true);
  });

  it("lets no client seed reproduce another attempt's form, not even the seed of a finished attempt", async () => {
    const settings = { exam: "issmp", mode: "exam", items: 10, seed: "same" };
    const formOf = async (id: string) =>
      (await send("fay", "GET", `/api/attempts/${id}/review`)).json().items.map((i: Json) => i.itemId);
    const x = (await send("fay", "POST", "/api/attempts", settings)).json();
    const y = (await send("fay", "POST", "/api/attempts", settings)).json();
    expect(await formOf(y.id)).not.toEqual(await formOf(x.id));
    await command("fay", x, { kind: "finish" });
    const seed = replay(await stepsOf(x.id)).seed;
    const tutor = (
      await send("fay", "POST", "/api/attempts", { ...settings, mode: "tutor", seed: seed.slice(0, 64) })
    ).json();
    expect(await formOf(tutor.id)).not.toEqual(await formOf(x.id));
    expect(replay(await stepsOf(tutor.id)).seed).not.toBe(seed);
  });

  it("names generated items by per-attempt aliases while the attempt runs, takes commands by them, and refuses real ids", async () => {
    // Seeds are the server's own: start attempts until one holds generated items.
    let a: Json = {};
    let state = null as unknown as ReturnType<typeof replay>;
    let generated: ReturnType<typeof replay>["form"] = [];
    for (let tries = 0; tries < 10 && generated.length === 0; tries++) {
      a = (await send("eve", "POST", "/api/attempts", { exam: "issmp", mode: "exam", items: 40 })).json();
      state = replay(await stepsOf(a.id));
      generated = state.form.filter((f) => items.get(f.id)?.generated);
    }
    expect(generated.length).toBeGreaterThan(0);
    const review = (await send("eve", "GET", `/api/attempts/${a.id}/review`)).json();
    const shown = review.items.map((i: Json) => i.itemId as string);
    const exported = JSON.parse((await send("eve", "GET", "/api/me/export")).body).attempts.find(
      (x: Json) => x.id === a.id,
    );
    const logged = exported.steps[0].form.map((f: Json) => f.id as string);
    expect(logged).toEqual(shown);
    for (const [k, f] of state.form.entries()) {
      if (!items.get(f.id)?.generated) expect(shown[k]).toBe(f.id);
      else expect(shown[k]).toMatch(/^gen-[0-9a-f]{16}$/);
    }
    for (const f of generated) expect(JSON.stringify([review, exported])).not.toContain(f.id);
    // The view, and a command by the alias (and back in the log as the alias); the real id names nothing.
    const k = state.form.indexOf(generated[0]!);
    let b = await command("eve", a, { kind: "navigate", position: k });
    expect(b.item.id).toBe(shown[k]);
    b = await command("eve", b, { kind: "flag", itemId: shown[k], flagged: true });
    expect(b.item.flagged).toBe(true);
    expect((await stepsOf(a.id)).at(-1)).toMatchObject({ kind: "flag", itemId: generated[0]!.id });
    const real = await send("eve", "POST", `/api/attempts/${a.id}/commands`, {
      seq: b.seq,
      command: { kind: "flag", itemId: generated[0]!.id, flagged: false },
    });
    expect(real.statusCode).toBe(422);
    expect(real.json().error.message).toBe(`itemId: item ${generated[0]!.id} is not on this attempt`);
    const flag = (await send("eve", "GET", "/api/me/export")).body;
    expect(flag).toContain(`"itemId":"${shown[k]}"`);
    // After a restart the same aliases; once finished, the real ids.
    await m.restart();
    const again = (await send("eve", "GET", `/api/attempts/${a.id}/review`)).json();
    expect(again.items.map((i: Json) => i.itemId)).toEqual(shown);
    await command("eve", b, { kind: "finish" });
    const report = (await send("eve", "GET", `/api/attempts/${a.id}/report`)).json();
    expect(report.items.map((i: Json) => i.id)).toEqual(state.form.map((f) => f.id));
  });

  it("gives open attempts' form entries no domain, subdomain or task in the export", async () => {
    const a = (await send("fay", "POST", "/api/attempts", { exam: "issmp", mode: "exam", items: 5 })).json();
    const exported = JSON.parse((await send("fay", "GET", "/api/me/export")).body).attempts.find(
      (x: Json) => x.id === a.id,
    );
    for (const f of exported.steps[0].form) expect(Object.keys(f).sort()).toEqual(["id", "order", "version"]);
  });
});
