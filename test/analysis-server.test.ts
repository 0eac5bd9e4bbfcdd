/**
 * The item-analysis endpoints on a multi-user server: who may read them (never a candidate), an
 * exam's analysis for authors and admins, and a cohort's for its instructor, with DIF against
 * another of their cohorts. Attempts are made through the real code paths (analysis-kit.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExamForm } from "../src/app/exams/setup.js";
import type { ExamAnalysis } from "../src/core/analysis/analyse.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { abilities, type Candidate, takeForm } from "./analysis-kit.js";
import { content, type MultiUser, multiUserServer } from "./multi-user.js";

const PER_COHORT = 40;
const T0 = Date.UTC(2026, 10, 1);

describe("the item-analysis endpoints", () => {
  let m: MultiUser;
  const send: MultiUser["send"] = (...args) => m.send(...args);
  let spring: string;
  let autumn: string;
  let elsewhere: string;
  let difItem: string;

  beforeAll(async () => {
    m = await multiUserServer("analysis");
    for (const [who, role] of [
      ["ivy", "instructor"],
      ["max", "instructor"],
      ["ada", "author"],
      ["root", "admin"],
      ["kim", "candidate"],
    ] as const)
      await m.person(who, role);
    const accounts = new AccountRepository(m.store.db);
    const settings = { exam: "issmp", mode: "exam", items: 12 };
    const { form, setup } = buildExamForm(content, "issmp", { seed: "srv", items: 12, mode: "exam" });
    difItem = form.items
      .map((f) => setup.items.get(f.id)!)
      .filter((i) => i.type === "single-choice")
      .sort(
        (x, y) => Math.abs(x.difficulty + 0.3) - Math.abs(y.difficulty + 0.3) || x.id.localeCompare(y.id),
      )[0]!.id;
    const candidates: Candidate[] = [];
    const cohortIds: string[] = [];
    for (const [name, shift] of [
      ["Spring", 0],
      ["Autumn", -0.3],
    ] as const) {
      const cohort = (await send("ivy", "POST", "/api/cohorts", { name })).json();
      cohortIds.push(cohort.id);
      const assignment = (
        await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, { title: "Mock", settings })
      ).json();
      const emails: string[] = [];
      abilities(PER_COHORT, name, shift).forEach((theta, i) => {
        const id = `${name.toLowerCase()}-${i}`;
        emails.push(`${id}@example.org`);
        candidates.push({
          id: `t-${id}`,
          theta,
          userId: id,
          assignmentId: assignment.id,
          at: T0 + candidates.length * 60_000,
          harder: name === "Autumn" ? { [difItem]: 1.2 } : undefined,
        });
      });
      for (const email of emails)
        await accounts.createUser({
          id: email.split("@")[0]!,
          email,
          role: "candidate",
          passwordHash: "x",
          at: T0,
        });
      await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: emails });
    }
    [spring, autumn] = cohortIds as [string, string];
    elsewhere = (await send("max", "POST", "/api/cohorts", { name: "Max's" })).json().id;
    await takeForm(m.store, content, { exam: "issmp", seed: "srv", items: 12, candidates });
  }, 300_000);
  afterAll(() => m.close());

  it("refuses a candidate both analyses, before reading anything", async () => {
    const exam = await send("kim", "GET", "/api/analysis?exam=issmp");
    expect(exam.statusCode).toBe(403);
    expect(exam.json().error.message).toBe("this needs the role admin or instructor or author");
    expect(exam.body).not.toContain("key");
    // Even with input the endpoint would refuse, the role is decided first.
    expect((await send("kim", "GET", "/api/analysis?exam=issmp&item=x&bogus=1")).statusCode).toBe(403);
    expect((await send("kim", "GET", `/api/cohorts/${spring}/analysis?exam=issmp`)).statusCode).toBe(403);
    expect((await send("", "GET", "/api/analysis?exam=issmp")).statusCode).toBe(401);
  });

  it("gives authors and admins the exam's analysis over every finished attempt", async () => {
    for (const who of ["ada", "root", "ivy"]) {
      const r = await send(who, "GET", "/api/analysis?exam=issmp");
      expect(r.statusCode, who).toBe(200);
      const a = r.json().analysis as ExamAnalysis;
      expect(a.attempts).toBe(2 * PER_COHORT);
      expect(a.items).toHaveLength(12);
      expect(a.forms[0]).toMatchObject({ items: 12, attempts: 2 * PER_COHORT });
      expect(a.dif).toBeNull();
    }
    const one = (await send("ada", "GET", `/api/analysis?exam=issmp&item=${difItem}`)).json()
      .analysis as ExamAnalysis;
    expect(one.items.map((i) => i.itemId)).toEqual([difItem]);
    expect(one.items[0]!.distractors!.options.filter((o) => o.key)).toHaveLength(1);
    const missing = await send("ada", "GET", "/api/analysis?exam=issmp&item=no-such-item");
    expect([missing.statusCode, missing.json().error.message]).toEqual([
      404,
      'no item "no-such-item" in the ISSMP bank',
    ]);
    expect((await send("ada", "GET", "/api/analysis?exam=nope")).statusCode).toBe(404);
    expect((await send("ada", "GET", "/api/analysis?exam=issmp&before=someday")).statusCode).toBe(400);
  });

  it("leaves out adaptive attempts and unfinished ones, and says so", async () => {
    const adaptive = (await send("kim", "POST", "/api/attempts", { exam: "issmp", mode: "adaptive" })).json();
    const done = await send("kim", "POST", `/api/attempts/${adaptive.id}/commands`, {
      seq: adaptive.seq,
      command: { kind: "finish" },
    });
    expect(done.statusCode).toBe(200);
    await send("kim", "POST", "/api/attempts", { exam: "issmp", mode: "exam", items: 3, seed: "open" });
    const a = (await send("ada", "GET", "/api/analysis?exam=issmp")).json().analysis as ExamAnalysis;
    expect(a.attempts).toBe(2 * PER_COHORT);
    expect(a.leftOut.adaptive).toBe(1);
  });

  it("splits the exam's attempts by date for DIF", async () => {
    // Every attempt started in November 2026: none finished before the 1st, all from it.
    const a = (await send("ada", "GET", "/api/analysis?exam=issmp&before=2026-11-01")).json()
      .analysis as ExamAnalysis;
    expect(a.dif).toMatchObject({ attempts: { reference: 0, focal: 2 * PER_COHORT } });
    expect(a.items.every((i) => i.dif!.ets === null)).toBe(true);
  });

  it("gives an instructor their cohort's analysis, and DIF against another of their cohorts", async () => {
    const own = (await send("ivy", "GET", `/api/cohorts/${spring}/analysis?exam=issmp`)).json()
      .analysis as ExamAnalysis;
    expect(own.attempts).toBe(PER_COHORT);
    expect(own.dif).toBeNull();
    const compared = (
      await send("ivy", "GET", `/api/cohorts/${spring}/analysis?exam=issmp&compare=${autumn}`)
    ).json().analysis as ExamAnalysis;
    expect(compared.attempts).toBe(2 * PER_COHORT);
    expect(compared.dif).toMatchObject({
      reference: "Spring",
      focal: "Autumn",
      attempts: { reference: PER_COHORT, focal: PER_COHORT },
    });
    const planted = compared.items.find((i) => i.itemId === difItem)!;
    expect(planted.dif!.ets).toMatch(/^C-$/);
    expect(planted.flags.some((f) => /harder for Autumn than for Spring/.test(f.message))).toBe(true);
  });

  it("keeps other instructors' cohorts out, as if they did not exist", async () => {
    expect((await send("max", "GET", `/api/cohorts/${spring}/analysis?exam=issmp`)).statusCode).toBe(404);
    expect(
      (await send("ivy", "GET", `/api/cohorts/${spring}/analysis?exam=issmp&compare=${elsewhere}`))
        .statusCode,
    ).toBe(404);
    const self = await send("ivy", "GET", `/api/cohorts/${spring}/analysis?exam=issmp&compare=${spring}`);
    expect(self.statusCode).toBe(400);
    // Authors and admins have no cohorts: the cohort analysis is the instructor's.
    expect((await send("ada", "GET", `/api/cohorts/${spring}/analysis?exam=issmp`)).statusCode).toBe(403);
  });

  it("describes both endpoints in the OpenAPI document", async () => {
    const doc = (await send("", "GET", "/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/analysis", "/api/cohorts/{id}/analysis"]),
    );
  });
});
