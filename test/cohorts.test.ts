/** Cohorts and assignments: an instructor sets an assignment, candidates take it, the instructor sees the results. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { deliveredKeyIn } from "./delivered.js";
import { content, type MultiUser, multiUserServer } from "./multi-user.js";

const items = examSetup(content, "issmp").items;

describe("cohorts and assignments", () => {
  let m: MultiUser;
  const send: MultiUser["send"] = (...args) => m.send(...args);

  beforeAll(async () => {
    m = await multiUserServer("cohorts");
    for (const [who, role] of [
      ["ivy", "instructor"],
      ["kim", "candidate"],
      ["lee", "candidate"],
      ["out", "candidate"],
    ] as const)
      await m.person(who, role);
  });
  afterAll(() => m.close());

  it("makes an account a member when its email was added to the cohort before the account existed", async () => {
    const cohort = (await send("ivy", "POST", "/api/cohorts", { name: "Autumn ISSMP" })).json();
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: ["Later@Example.org"] });
    await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
      title: "Warm-up",
      settings: { exam: "issmp", mode: "tutor", items: 3 },
      due: "2026-12-20",
    });
    await m.person("later", "candidate");
    const theirs = (await send("later", "GET", "/api/assignments")).json().assignments;
    expect(theirs.map((a: { title: string }) => a.title)).toEqual(["Warm-up"]);
    // Removing the email takes the membership away again.
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { remove: ["later@example.org"] });
    expect((await send("later", "GET", "/api/assignments")).json().assignments).toEqual([]);
  });

  it("runs an assignment from setting it to the results by candidate, domain and item", async () => {
    const cohort = (await send("ivy", "POST", "/api/cohorts", { name: "Spring ISSMP" })).json();
    // Adding an email without an account answers exactly as adding one with an account.
    const unknown = await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, {
      add: ["nobody@example.org"],
    });
    const known = await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, {
      add: ["kim@example.org"],
    });
    expect([unknown.statusCode, unknown.body]).toEqual([known.statusCode, known.body]);
    expect(known.statusCode).toBe(200);
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: ["lee@example.org"] });
    const members = await send("ivy", "GET", `/api/cohorts/${cohort.id}`);
    // The cohort lists emails as entered, with nothing that tells which have accounts.
    expect(members.json().members).toEqual([
      { email: "kim@example.org" },
      { email: "lee@example.org" },
      { email: "nobody@example.org" },
    ]);
    const assignment = (
      await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
        title: "Mock exam 1",
        settings: { exam: "issmp", mode: "exam", items: 6 },
        due: "2026-12-15",
      })
    ).json();
    expect(assignment.dueAt).toBe(Date.parse("2026-12-15T23:59:59Z"));
    // Settings no member could start are refused when set, with the reason.
    const empty = await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
      title: "CISM mock",
      settings: { exam: "cism", mode: "exam", items: 5 },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/cannot fill this 5-item CISM form/);
    const domain = await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
      title: "Domain 9",
      settings: { exam: "issmp", mode: "exam", items: 5, domains: ["9"] },
    });
    expect(domain.statusCode).toBe(400);

    const mine = (await send("kim", "GET", "/api/assignments")).json().assignments;
    expect(mine).toEqual([
      expect.objectContaining({ id: assignment.id, title: "Mock exam 1", cohortName: "Spring ISSMP" }),
    ]);
    expect((await send("out", "GET", "/api/assignments")).json().assignments).toEqual([]);
    expect((await send("out", "POST", `/api/assignments/${assignment.id}/start`)).statusCode).toBe(404);

    // Kim answers everything by the key; Lee starts but does not finish.
    let a = (await send("kim", "POST", `/api/assignments/${assignment.id}/start`)).json();
    const ids = (await send("kim", "GET", `/api/attempts/${a.id}/review`))
      .json()
      .items.map((i: { itemId: string }) => i.itemId);
    for (const id of ids)
      a = (
        await send("kim", "POST", `/api/attempts/${a.id}/commands`, {
          seq: a.seq,
          command: {
            kind: "answer",
            itemId: id,
            response: await deliveredKeyIn(m.store.db, a.id, items, id),
          },
        })
      ).json().attempt;
    await send("kim", "POST", `/api/attempts/${a.id}/commands`, { seq: a.seq, command: { kind: "finish" } });
    const leeStart = await send("lee", "POST", `/api/assignments/${assignment.id}/start`);
    expect(leeStart.statusCode).toBe(201);
    const leeAttempt = leeStart.json();
    const granted = await send("ivy", "POST", `/api/cohorts/${cohort.id}/attempts/${leeAttempt.id}/time`, {
      minutes: 10,
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().remainingMs).toBeGreaterThan(leeAttempt.remainingMs + 9 * 60_000);
    const kimsDone = await send("ivy", "POST", `/api/cohorts/${cohort.id}/attempts/${a.id}/time`, {
      minutes: 10,
    });
    expect(kimsDone.statusCode).toBe(409);

    const results = (await send("ivy", "GET", `/api/cohorts/${cohort.id}/results`)).json();
    const [row] = results.assignments;
    const kim = row.candidates.find((c: { email: string }) => c.email === "kim@example.org");
    const lee = row.candidates.find((c: { email: string }) => c.email === "lee@example.org");
    expect(kim).toMatchObject({ attempts: 1, finished: 1, latest: { correct: 6, scored: 6, passed: true } });
    // Six items give no pass or fail, only what the likely range says.
    expect(["likely a pass", "too close to call"]).toContain(kim.latest.verdict);
    expect(kim.latest.domains.reduce((n: number, d: { scored: number }) => n + d.scored, 0)).toBe(6);
    expect(lee).toMatchObject({ attempts: 1, finished: 0, inProgress: [leeAttempt.id], latest: null });
    expect(kim.inProgress).toEqual([]);
    // An email without an account reads as a member who has not started.
    const nobody = row.candidates.find((c: { email: string }) => c.email === "nobody@example.org");
    expect(nobody).toEqual({
      email: "nobody@example.org",
      attempts: 0,
      finished: 0,
      inProgress: [],
      latest: null,
    });
    expect(results.items).toHaveLength(6);
    expect(results.items.every((i: { p: number; answered: number }) => i.p === 1 && i.answered === 1)).toBe(
      true,
    );
    // The instructor reads Kim's whole report (every item), not Kim's own practice.
    const report = await send(
      "ivy",
      "GET",
      `/api/cohorts/${cohort.id}/attempts/${kim.latest.attempt}/report`,
    );
    expect(report.statusCode).toBe(200);
    expect(report.json().items).toHaveLength(6);
    expect(report.json().raw).toMatchObject({ correct: 6, scored: 6 });
    const practice = (
      await send("kim", "POST", "/api/attempts", { exam: "issmp", items: 2, seed: "own" })
    ).json();
    await send("kim", "POST", `/api/attempts/${practice.id}/commands`, {
      seq: practice.seq,
      command: { kind: "finish" },
    });
    expect(
      (await send("ivy", "GET", `/api/cohorts/${cohort.id}/attempts/${practice.id}/report`)).statusCode,
    ).toBe(404);
    // Nor time given to a member's own practice.
    const ownOpen = (
      await send("kim", "POST", "/api/attempts", { exam: "issmp", items: 2, seed: "open" })
    ).json();
    expect(
      (await send("ivy", "POST", `/api/cohorts/${cohort.id}/attempts/${ownOpen.id}/time`, { minutes: 5 }))
        .statusCode,
    ).toBe(404);
    // A member who leaves takes their attempts with them.
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { remove: ["kim@example.org"] });
    expect(
      (await send("ivy", "GET", `/api/cohorts/${cohort.id}/attempts/${kim.latest.attempt}/report`))
        .statusCode,
    ).toBe(404);
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: ["kim@example.org"] });
    expect(
      (await send("ivy", "GET", `/api/cohorts/${cohort.id}/attempts/${kim.latest.attempt}/report`))
        .statusCode,
    ).toBe(200);
    // Another instructor's view of this cohort: as if it did not exist.
    await m.person("max", "instructor");
    expect((await send("max", "GET", `/api/cohorts/${cohort.id}/results`)).statusCode).toBe(404);
    expect(
      (await send("max", "GET", `/api/cohorts/${cohort.id}/attempts/${kim.latest.attempt}/report`))
        .statusCode,
    ).toBe(404);
  });
});
