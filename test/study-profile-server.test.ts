/**
 * The saved study profile over HTTP: each user reads and saves only their own; a patch keeps the part
 * it leaves out; bad input gets 400 naming the field and changes nothing; the plan follows the goal.
 * How sure a candidate says they are decides what the study queue reviews, aimed at the exam date.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asDelivered, shownItem } from "./delivered.js";
import { authored, type MultiUser, multiUserServer } from "./multi-user.js";

describe("GET and PATCH /api/profile, GET /api/study/plan", () => {
  let m: MultiUser;
  beforeAll(async () => {
    m = await multiUserServer("study-profile");
    await m.person("cat", "candidate");
    await m.person("dan", "candidate");
  });
  afterAll(() => m.close());

  const goal = { exam: "cissp", examDate: "2027-02-25", hoursPerWeek: 10 };

  it("keeps each user's profile to themselves, and a patch's missing part as it was", async () => {
    expect((await m.send("cat", "GET", "/api/profile")).json()).toEqual({
      goal: null,
      eligibility: null,
      updatedAt: null,
    });
    let r = await m.send("cat", "PATCH", "/api/profile", { goal });
    expect(r.statusCode, r.body).toBe(200);
    r = await m.send("cat", "PATCH", "/api/profile", {
      eligibility: { credentials: [{ id: "cism", status: "active", earned: "2020-05-01" }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    const saved = (await m.send("cat", "GET", "/api/profile")).json();
    expect(saved.goal).toEqual(goal);
    expect(saved.eligibility.credentials).toEqual([{ id: "cism", status: "active", earned: "2020-05-01" }]);
    expect(typeof saved.updatedAt).toBe("number");
    expect((await m.send("dan", "GET", "/api/profile")).json().goal).toBeNull();
    expect((await m.send("", "GET", "/api/profile")).statusCode).toBe(401);
  });

  it("refuses a bad goal or profile with 400 naming the field, and keeps what was saved", async () => {
    const before = (await m.send("cat", "GET", "/api/profile")).json();
    const cases: [unknown, RegExp][] = [
      [{ goal: { ...goal, examDate: "2026-11-01" } }, /goal\.examDate.*is past/],
      [{ goal: { ...goal, examDate: "2030-01-01" } }, /goal\.examDate.*more than two years/],
      [{ goal: { ...goal, exam: "nope" } }, /goal\.exam.*unknown certification "nope"/],
      [{ goal: { ...goal, hoursPerWeek: 500 } }, /hoursPerWeek/],
      [{ goal: { ...goal, examDate: "tomorrow" } }, /examDate/],
      [{ goal, owner: "dan" }, /owner/],
      [
        {
          eligibility: {
            experience: [
              {
                title: "x",
                kind: "employment",
                start: "2020-01-01",
                end: null,
                hoursPerWeek: 40,
                domains: { cissp: ["12"] },
              },
            ],
          },
        },
        /eligibility\.experience\[0\]\.domains\.cissp.*domain "12"/,
      ],
    ];
    for (const [body, message] of cases) {
      const r = await m.send("cat", "PATCH", "/api/profile", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.message).toMatch(message);
    }
    expect((await m.send("cat", "GET", "/api/profile")).json()).toEqual(before);
  });

  it("plans from the saved goal, lets the query override it, and refuses what it cannot plan", async () => {
    let r = await m.send("cat", "GET", "/api/study/plan");
    expect(r.statusCode, r.body).toBe(200);
    const plan = r.json();
    expect(plan).toMatchObject({
      exam: "cissp",
      examDate: "2027-02-25",
      hoursPerWeek: 10,
      today: "2026-11-29",
    });
    expect(plan.weeks.length).toBe(13);
    expect(plan.weeks[0].focus.map((f: { domain: string }) => f.domain)).toContain("1");
    r = await m.send("cat", "GET", "/api/study/plan?hoursPerWeek=4");
    expect(r.json().hoursPerWeek).toBe(4);
    expect(r.json().totalHours).toBeLessThan(plan.totalHours);
    // No goal saved, no date given: 400 saying what is missing.
    r = await m.send("dan", "GET", "/api/study/plan?exam=issmp");
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/needs the exam date/);
    r = await m.send("dan", "GET", "/api/study/plan?exam=issmp&date=2040-01-01");
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/more than two years/);
    r = await m.send("dan", "GET", "/api/study/plan?exam=nope&date=2027-01-01");
    expect(r.statusCode).toBe(404);
  });
});

describe("confidence and the study queue", () => {
  const NOW = Date.UTC(2026, 10, 29, 12);
  const DAY = 86_400_000;
  let m: MultiUser;
  beforeAll(async () => {
    m = await multiUserServer("study-confidence", undefined, { clock: () => NOW });
    await m.person("eve", "candidate");
  });
  afterAll(() => m.close());

  it("reviews a right guess and an unsure answer, not a sure one, and never after the exam's eve", async () => {
    const byId = new Map(authored.map((i) => [i.id, i]));
    const send = (id: string, seq: number, command: unknown) =>
      m.send("eve", "POST", `/api/attempts/${id}/commands`, { seq, command });
    let view = (
      await m.send("eve", "POST", "/api/attempts", { exam: "issmp", mode: "tutor", items: 12, seed: "sure" })
    ).json();
    const levels = ["guessed", "sure", "unsure"] as const;
    const answered: Record<string, string> = {};
    for (let k = 0; k < view.total && Object.keys(answered).length < levels.length; k++) {
      if (k > 0) view = (await send(view.id, view.seq, { kind: "navigate", position: k })).json().attempt;
      // Computed-family instances are not in the authored bank: answer authored single-choice items.
      const item = await shownItem(m.store.db, view.id, byId, view.item.id).catch(() => null);
      if (item?.type !== "single-choice") continue;
      const level = levels[Object.keys(answered).length]!;
      let r = await send(view.id, view.seq, { kind: "confidence", itemId: item.id, level });
      expect(r.statusCode, r.body).toBe(200);
      r = await send(view.id, r.json().attempt.seq, {
        kind: "answer",
        itemId: item.id,
        response: asDelivered(view.item, item, item.key),
      });
      r = await send(view.id, r.json().attempt.seq, { kind: "submit", itemId: item.id });
      expect(r.json().attempt.item.confidence).toBe(level);
      // After the key is shown, the candidate cannot say they were sure after all.
      const late = await send(view.id, r.json().attempt.seq, {
        kind: "confidence",
        itemId: item.id,
        level: "sure",
      });
      expect(late.statusCode).toBe(409);
      view = r.json().attempt;
      answered[level] = item.id;
    }
    expect(Object.keys(answered)).toHaveLength(3);
    const queued = async () => {
      const q = (await m.send("eve", "GET", "/api/study?exam=issmp")).json();
      return [...q.due, ...q.upcoming] as { itemId: string; due: number }[];
    };
    let cards = await queued();
    const ids = cards.map((c) => c.itemId);
    expect(ids).toContain(answered.guessed);
    expect(ids).toContain(answered.unsure);
    expect(ids).not.toContain(answered.sure);
    // A right guess comes back as soon as a miss would: within a day.
    expect(cards.find((c) => c.itemId === answered.guessed)!.due).toBeLessThanOrEqual(NOW + DAY);
    // With the exam in three days, nothing is due after its eve.
    await m.send("eve", "PATCH", "/api/profile", {
      goal: { exam: "issmp", examDate: "2026-12-02", hoursPerWeek: 5 },
    });
    cards = await queued();
    for (const c of cards) expect(c.due).toBeLessThanOrEqual(Date.UTC(2026, 11, 1));
  });
});

describe("weak-area practice over HTTP", () => {
  let m: MultiUser;
  beforeAll(async () => {
    m = await multiUserServer("study-weak");
    await m.person("fay", "candidate");
  });
  afterAll(() => m.close());

  it("starts a tutor practice of distinct live items, none answered in the last two weeks", async () => {
    const forms = async (id: string) =>
      (
        await m.store.db
          .selectFrom("attempt_steps")
          .select("body")
          .where("attempt_id", "=", id)
          .where("kind", "=", "start")
          .executeTakeFirstOrThrow()
      ).body;
    // A first practice, finished: its items were answered just now.
    let r = await m.send("fay", "POST", "/api/study/weak", { exam: "issmp", items: 10 });
    expect(r.statusCode, r.body).toBe(201);
    const first = r.json();
    expect(first).toMatchObject({ mode: "tutor", total: 10 });
    const firstIds: string[] = JSON.parse(await forms(first.id)).form.map((f: { id: string }) => f.id);
    expect(new Set(firstIds).size).toBe(10);
    const live = new Set(authored.filter((i) => i.status === "live").map((i) => i.id));
    for (const id of firstIds) expect(live.has(id), id).toBe(true);
    r = await m.send("fay", "POST", `/api/attempts/${first.id}/commands`, {
      seq: first.seq,
      command: { kind: "finish" },
    });
    expect(r.statusCode, r.body).toBe(200);
    // Unanswered items are not "answered": the second practice may repeat those; answer them first.
    r = await m.send("fay", "POST", "/api/study/weak", { exam: "issmp", items: 10, mode: "exam" });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ mode: "exam", total: 10 });
    r = await m.send("fay", "POST", "/api/study/weak", { exam: "nope" });
    expect(r.statusCode).toBe(404);
    r = await m.send("fay", "POST", "/api/study/weak", { exam: "issmp", items: 0 });
    expect(r.statusCode).toBe(400);
  });
});
