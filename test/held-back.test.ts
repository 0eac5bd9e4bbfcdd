/**
 * Keys of open work stay hidden: the items of a candidate's unfinished exam, adaptive or assigned
 * attempt are on none of their other attempts (a tutor attempt shows keys, a finished attempt's
 * report too), and an assignment is taken once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { replay } from "../src/core/exam/attempt.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { deliveredKey, shownItem } from "./delivered.js";
import { content, type MultiUser, multiUserServer } from "./multi-user.js";
import { storeTargets } from "./postgres.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
type Json = any;

const items = examSetup(content, "issmp").items;
/** Live authored ISSMP items that measure a task (none of these tasks has computed item families). */
const measuring = (task: string) =>
  [...items.values()].filter((i) => i.status === "live" && i.outlines.includes(task)).map((i) => i.id);

/**
 * Tasks whose items may all share one form (no two are enemies), with no computed families and at
 * least three live items: asking for every item of such a task leaves the assembler no choice, so
 * an item held back can only be missing because it is held back.
 */
const freeTasks = [...new Set([...items.values()].flatMap((i) => i.outlines))]
  .filter((t) => t.startsWith("issmp:"))
  .filter((t) => {
    const of = [...items.values()].filter((i) => i.outlines.includes(t));
    if (of.some((i) => i.generated) || of.filter((i) => i.status === "live").length < 3) return false;
    const ids = new Set(of.map((i) => i.id));
    return of.every((i) => !(i.enemies ?? []).some((e) => ids.has(e)));
  })
  .sort();

const targets = storeTargets("held_back");

describe.each(targets)("items held back on %s", (_dialect, target) => {
  let m: MultiUser;
  const send: MultiUser["send"] = (...args) => m.send(...args);
  const formOf = async (attemptId: string) =>
    replay(await new AttemptRepository(m.store.db).steps(attemptId)).form.map((f) => f.id);
  const command = async (who: string, a: Json, cmd: Json): Promise<Json> => {
    const r = await send(who, "POST", `/api/attempts/${a.id}/commands`, { seq: a.seq, command: cmd });
    expect(r.statusCode).toBe(200);
    return r.json().attempt;
  };
  const answerWithKey = async (who: string, a: Json) =>
    command(who, a, {
      kind: "answer",
      itemId: a.item.id,
      // A generated item is delivered under an alias: look it up through the attempt's form.
      response: deliveredKey(a.item, await shownItem(m.store.db, a.id, items, a.item.id)),
    });
  const start = (who: string, body: Json) => send(who, "POST", "/api/attempts", body);

  beforeAll(async () => {
    m = await multiUserServer("held-back", await target());
    for (const [who, role] of [
      ["ivy", "instructor"],
      ["cam", "candidate"],
      ["dee", "candidate"],
      ["eve", "candidate"],
      ["kim", "candidate"],
      ["lee", "candidate"],
    ] as const)
      await m.person(who, role);
  });
  afterAll(() => m.close());

  it("keeps the items of an open exam off a tutor attempt filtered to the task of its current item, until the exam is finished", async () => {
    const exam = (
      await start("cam", { exam: "issmp", mode: "exam", tasks: freeTasks.slice(0, 2), items: 4 })
    ).json();
    const examItems = await formOf(exam.id);
    const current = examItems[exam.position]!;
    const task = freeTasks.slice(0, 2).find((t) => items.get(current)!.outlines.includes(t))!;
    const ofTask = measuring(task);
    const onExam = ofTask.filter((id) => examItems.includes(id));
    expect(onExam).toContain(current);

    // Every other item of the task may be practised; none of the exam's.
    for (let k = 0; k < 3; k++) {
      const tutor = await start("cam", {
        exam: "issmp",
        mode: "tutor",
        tasks: [task],
        items: ofTask.length - onExam.length,
      });
      expect(tutor.statusCode).toBe(201);
      const tutorItems = await formOf(tutor.json().id);
      expect(tutorItems.filter((id) => examItems.includes(id))).toEqual([]);
      await send("cam", "POST", `/api/attempts/${tutor.json().id}/discard`);
    }
    // Asking for the whole task is refused, with what to do.
    const all = await start("cam", { exam: "issmp", mode: "tutor", tasks: [task], items: ofTask.length });
    expect(all.statusCode).toBe(409);
    expect(all.json().error).toEqual({
      code: "items-held-back",
      message:
        "too few items are left for this attempt while your unfinished exam, adaptive or assigned attempts hold theirs back; finish (or discard) those first",
    });
    // Another candidate's open exam holds nothing back from this one.
    const dee = await start("dee", { exam: "issmp", mode: "tutor", tasks: [task], items: ofTask.length });
    expect(dee.statusCode).toBe(201);

    // Once the exam is finished, its items are ordinary practice again.
    await command("cam", exam, { kind: "finish" });
    const after = await start("cam", { exam: "issmp", mode: "tutor", tasks: [task], items: ofTask.length });
    expect(after.statusCode).toBe(201);
    expect(await formOf(after.json().id)).toContain(current);
  });

  it("keeps an open tutor attempt's unsubmitted items off a new exam, and lets its submitted ones on", async () => {
    const task = freeTasks[2]!;
    const ofTask = measuring(task);
    let tutor = (
      await start("eve", { exam: "issmp", mode: "tutor", tasks: [task], items: ofTask.length })
    ).json();
    tutor = await answerWithKey("eve", tutor);
    tutor = await command("eve", tutor, { kind: "submit", itemId: tutor.item.id });
    const [submitted] = (await formOf(tutor.id)).filter((_, k) => k === tutor.position);
    expect(tutor.item.feedback).not.toBeNull();

    const whole = await start("eve", { exam: "issmp", mode: "exam", tasks: [task], items: 2 });
    expect(whole.statusCode).toBe(409);
    expect(whole.json().error.code).toBe("items-held-back");
    const one = await start("eve", { exam: "issmp", mode: "exam", tasks: [task], items: 1 });
    expect(one.statusCode).toBe(201);
    expect(await formOf(one.json().id)).toEqual([submitted]);
  });

  it("selects none of an open exam's items for an adaptive attempt, whichever was started first", async () => {
    let adaptive = (await start("lee", { exam: "issmp", mode: "adaptive", rules: "practice" })).json();
    // Full-length exams hold back most of the bank (each also leaves the others' items out). A third
    // may find too few items left once enemies are kept apart: then it is refused as held back.
    const examItems = new Set<string>();
    let started = 0;
    for (let k = 0; k < 3; k++) {
      const exam = await start("lee", { exam: "issmp", mode: "exam" });
      if (k === 2 && exam.statusCode === 409) {
        expect(exam.json().error.code).toBe("items-held-back");
        break;
      }
      expect(exam.statusCode).toBe(201);
      started++;
      for (const id of await formOf(exam.json().id)) {
        expect(examItems.has(id)).toBe(false);
        examItems.add(id);
      }
    }
    expect(examItems.size).toBe(125 * started);
    const first = (await formOf(adaptive.id))[0]!;
    expect(examItems.has(first)).toBe(false);
    for (let k = 0; k < 12 && adaptive.status === "in-progress"; k++)
      adaptive = await answerWithKey("lee", adaptive);
    const selected = await formOf(adaptive.id);
    expect(selected.length).toBeGreaterThanOrEqual(10);
    expect(selected.filter((id) => examItems.has(id))).toEqual([]);
  });

  it("lets a candidate take an assignment once: starting again resumes it, and once finished is refused", async () => {
    const cohort = (await send("ivy", "POST", "/api/cohorts", { name: "Once" })).json();
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: ["kim@example.org"] });
    const assignment = (
      await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
        title: "Mock",
        settings: { exam: "issmp", mode: "exam", items: 5 },
      })
    ).json();
    const url = `/api/assignments/${assignment.id}/start`;
    const first = await send("kim", "POST", url);
    expect(first.statusCode).toBe(201);
    const again = await send("kim", "POST", url);
    expect(again.statusCode).toBe(200);
    // The same body as resuming it (the clock moved on between the two).
    const untimed = ({ remainingMs: _r, usedMs: _u, ...rest }: Json) => rest;
    const resumed = (await send("kim", "GET", `/api/attempts/${first.json().id}`)).json();
    expect(untimed(again.json())).toEqual(untimed(resumed));
    expect(Object.keys(again.json()).sort()).toEqual(Object.keys(resumed).sort());
    // Two starts at once make no second attempt either.
    const both = await Promise.all([send("kim", "POST", url), send("kim", "POST", url)]);
    expect(both.map((r) => [r.statusCode, r.json().id])).toEqual([
      [200, first.json().id],
      [200, first.json().id],
    ]);
    // Its items are held back from the candidate's practice meanwhile.
    const assigned = new Set(await formOf(first.json().id));
    const tutor = (await start("kim", { exam: "issmp", mode: "tutor", items: 60 })).json();
    expect((await formOf(tutor.id)).filter((id) => assigned.has(id))).toEqual([]);

    await command("kim", again.json(), { kind: "finish" });
    const after = await send("kim", "POST", url);
    expect(after.statusCode).toBe(409);
    expect(after.json().error).toEqual({
      code: "assignment-taken",
      message: "you have taken this assignment; ask your instructor for another",
    });
    const mine = (await send("kim", "GET", "/api/assignments")).json().assignments[0].attempts;
    expect(mine.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [first.json().id, "finished"],
    ]);
  });

  it("makes one attempt when a candidate's first two starts of an assignment arrive together", async () => {
    const cohort = (await send("ivy", "POST", "/api/cohorts", { name: "Twice" })).json();
    await send("ivy", "PUT", `/api/cohorts/${cohort.id}/members`, { add: ["dee@example.org"] });
    const assignment = (
      await send("ivy", "POST", `/api/cohorts/${cohort.id}/assignments`, {
        title: "Quiz",
        settings: { exam: "issmp", mode: "tutor", items: 3 },
      })
    ).json();
    const url = `/api/assignments/${assignment.id}/start`;
    const both = await Promise.all([send("dee", "POST", url), send("dee", "POST", url)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(both[0]!.json().id).toBe(both[1]!.json().id);
  });
});
