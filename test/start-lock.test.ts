/**
 * Starts racing across two `certpath serve --multi-user` processes on one store (PostgreSQL, and an
 * SQLite file): concurrent starts of one assignment make one attempt, and an exam and a tutor
 * attempt started at the same moment on the same task never share an item (the tutor attempt would
 * show keys of the open exam). Each race is run a few rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examSetup } from "../src/app/exams/setup.js";
import { replay } from "../src/core/exam/attempt.js";
import { Auth } from "../src/server/auth/sessions.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { content, PASSWORD } from "./multi-user.js";
import { storeTargets } from "./postgres.js";
import { type ServerProcess, startServer, stopServer } from "./serve-process.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies
type Json = any;

const ROUNDS = 5;
const items = examSetup(content, "issmp").items;

/** The ISSMP task measured by the most live items (a race on it is the likeliest to share one). */
const [task, taskItems] = (() => {
  const byTask = new Map<string, number>();
  for (const i of items.values())
    if (i.status === "live" && !i.generated)
      for (const t of i.outlines.filter((o) => o.startsWith("issmp:")))
        byTask.set(t, (byTask.get(t) ?? 0) + 1);
  return [...byTask].sort((a, b) => b[1] - a[1])[0]!;
})();

const targets = storeTargets("start_lock");

interface Session {
  cookie: string;
  csrf: string;
}

async function request(
  server: ServerProcess,
  who: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const r = await fetch(`${server.address}${path}`, {
    method,
    headers: {
      cookie: who.cookie,
      "x-csrf-token": who.csrf,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

describe.each(targets)("starts across two server processes on %s", (_dialect, target) => {
  const servers: ServerProcess[] = [];
  let store: Store;
  const people: Record<string, Session> = {};

  beforeAll(async () => {
    const db = await target();
    servers.push(await startServer(db, {}, ["--multi-user"]));
    servers.push(await startServer(db, {}, ["--multi-user"]));
    store = await openStore(db);
    const auth = new Auth(new AccountRepository(store.db), Date.now);
    for (const [name, role] of [
      ["ivy", "instructor"],
      ["kim", "candidate"],
      ["dan", "candidate"],
    ] as const) {
      await auth.createUser(`${name}@example.org`, role, PASSWORD);
      const r = await fetch(`${servers[0]!.address}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `${name}@example.org`, password: PASSWORD }),
      });
      expect(r.status).toBe(200);
      people[name] = {
        cookie: r.headers.getSetCookie()[0]!.split(";")[0]!,
        csrf: ((await r.json()) as Json).csrfToken,
      };
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await stopServer(s, "SIGTERM");
    await store?.close();
  });

  it("makes one attempt of four concurrent starts of an assignment, two on each process", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const made = await request(a, people.ivy!, "POST", "/api/cohorts", { name: "race" });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const cohort = made.json;
    const members = await request(a, people.ivy!, "PUT", `/api/cohorts/${cohort.id}/members`, {
      add: ["kim@example.org"],
    });
    expect(members.status, JSON.stringify(members.json)).toBe(200);
    for (let round = 0; round < ROUNDS; round++) {
      const set = await request(a, people.ivy!, "POST", `/api/cohorts/${cohort.id}/assignments`, {
        title: `round ${round}`,
        settings: { exam: "issmp", mode: "exam", items: 5 },
      });
      expect(set.status, JSON.stringify(set.json)).toBe(201);
      const assignment = set.json;
      const path = `/api/assignments/${assignment.id}/start`;
      const starts = await Promise.all([a, b, a, b].map((s) => request(s, people.kim!, "POST", path)));
      expect(starts.map((s) => s.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(starts.map((s) => s.json.id)).size).toBe(1);
      const rows = await store.db
        .selectFrom("attempts")
        .select("id")
        .where("assignment_id", "=", assignment.id)
        .execute();
      expect(rows).toHaveLength(1);
    }
    // Every start let go of the lock.
    expect(await store.db.selectFrom("start_locks").selectAll().execute()).toEqual([]);
  }, 60_000);

  it("never gives an exam and a tutor attempt started at the same moment on one task a shared item", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const repo = new AttemptRepository(store.db);
    const formOf = async (id: string) => replay(await repo.steps(id)).form.map((f) => f.id);
    // A third of the task each: started one after the other, both fit without sharing an item.
    const count = Math.floor(taskItems / 3);
    expect(count).toBeGreaterThanOrEqual(3);
    for (let round = 0; round < ROUNDS; round++) {
      const [exam, tutor] = await Promise.all([
        request(a, people.dan!, "POST", "/api/attempts", {
          exam: "issmp",
          mode: "exam",
          tasks: [task],
          items: count,
        }),
        request(b, people.dan!, "POST", "/api/attempts", {
          exam: "issmp",
          mode: "tutor",
          tasks: [task],
          items: count,
        }),
      ]);
      expect([exam.status, tutor.status]).toEqual([201, 201]);
      const examItems = await formOf(exam.json.id);
      const tutorItems = await formOf(tutor.json.id);
      expect(examItems.length).toBeGreaterThanOrEqual(count);
      expect(tutorItems.filter((id) => examItems.includes(id))).toEqual([]);
      for (const t of [exam, tutor])
        expect((await request(a, people.dan!, "POST", `/api/attempts/${t.json.id}/discard`)).status).toBe(
          200,
        );
    }
  }, 60_000);

  it("refuses a start with one sentence while another start of the candidate's holds the lock too long", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const dan = await store.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "dan@example.org")
      .executeTakeFirstOrThrow();
    // A start on some process holds the lock (its lease runs a minute).
    await store.db
      .insertInto("start_locks")
      .values({ user_id: dan.id, holder: "elsewhere", expires_at: Date.now() + 60_000 })
      .execute();
    const refused = await request(b, people.dan!, "POST", "/api/attempts", {
      exam: "issmp",
      mode: "tutor",
      items: 2,
    });
    expect(refused).toEqual({
      status: 409,
      json: {
        error: { code: "start-in-progress", message: "another start of yours is in progress; try again" },
      },
    });
    // Another candidate's starts do not wait for it.
    const other = await request(a, people.kim!, "POST", "/api/attempts", {
      exam: "issmp",
      mode: "tutor",
      items: 2,
    });
    expect(other.status).toBe(201);
    // A lease run out (a process that died holding it) is taken over.
    await store.db
      .updateTable("start_locks")
      .set({ expires_at: Date.now() - 1 })
      .where("user_id", "=", dan.id)
      .execute();
    const taken = await request(b, people.dan!, "POST", "/api/attempts", {
      exam: "issmp",
      mode: "tutor",
      items: 2,
    });
    expect(taken.status).toBe(201);
    expect(await store.db.selectFrom("start_locks").selectAll().execute()).toEqual([]);
  }, 60_000);
});
