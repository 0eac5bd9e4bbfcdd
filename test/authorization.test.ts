/**
 * The authorization matrix of the multi-user server: every route × every role (and no session) ×
 * one's own or someone else's resource, asserting the status code. A route added to the server
 * without a row here fails the test.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../src/app/accounts/passwords.js";
import { requireSoundBank } from "../src/core/bank/load.js";
import { buildServer } from "../src/server/app.js";
import { SESSION_COOKIE } from "../src/server/auth/sessions.js";
import { AccountRepository, type Role } from "../src/store/accounts/account-repository.js";
import { CohortRepository } from "../src/store/cohorts/cohort-repository.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { AuthoringRepository } from "../src/store/items/authoring-repository.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { storeTargets } from "./postgres.js";

const catalog = loadCatalog();
const authored = requireSoundBank(loadBank());
const content = { catalog: () => catalog, today: () => "2026-11-29", authored: () => authored };
const PASSWORD = "a long and unusual passphrase 42";
const HOST = "certpath.example.org";

type Who = "anonymous" | Role;
const WHO: Who[] = ["anonymous", "candidate", "instructor", "author", "admin"];
type Whose = "own" | "other";

interface Principal {
  id: string;
  email: string;
  headers: Record<string, string>;
}

interface Cell {
  method: string;
  url: string;
  body?: unknown;
}

interface Row {
  method: string;
  route: string;
  /** Resource-owning routes are tried on the caller's own resource and on another user's. */
  whose?: readonly Whose[];
  request(me: Principal | null, whose: Whose): Promise<Cell>;
  expect(who: Who, whose: Whose): number;
}

const targets = storeTargets("authz");

describe.each(targets)("authorization matrix (multi-user, %s)", (_dialect, target) => {
  let store: Store;
  let app: FastifyInstance;
  let accounts: AccountRepository;
  let authoring: AuthoringRepository;
  let cohorts: CohortRepository;
  let passwordHash: string;
  const profile = { asOf: "2026-11-22", experience: [] };

  async function newUser(role: Role): Promise<Principal> {
    const id = randomUUID();
    const email = `${role}-${id.slice(0, 8)}@example.org`;
    await accounts.createUser({ id, email, role, passwordHash, at: Date.now() });
    const token = randomBytes(32).toString("base64url");
    const csrf = randomBytes(24).toString("base64url");
    await accounts.createSession({
      id: createHash("sha256").update(token).digest("hex"),
      userId: id,
      csrf,
      at: Date.now(),
      expiresAt: Date.now() + 3_600_000,
    });
    return { id, email, headers: { cookie: `${SESSION_COOKIE}=${token}`, "x-csrf-token": csrf } };
  }

  async function send(me: Principal | null, cell: Cell) {
    return app.inject({
      method: cell.method as "GET",
      url: cell.url,
      headers: {
        host: HOST,
        ...(cell.body === undefined ? {} : { "content-type": "application/json" }),
        ...(me?.headers ?? {}),
      },
      payload: cell.body === undefined ? undefined : JSON.stringify(cell.body),
    });
  }

  /** An attempt of `owner` (a fresh candidate when the caller is anonymous or asks for another's). */
  async function attemptFor(me: Principal | null, whose: Whose, finished = false) {
    const owner = whose === "own" && me ? me : await newUser("candidate");
    const r = await send(owner, {
      method: "POST",
      url: "/api/attempts",
      body: { exam: "issmp", items: 2, seed: "m" },
    });
    expect(r.statusCode).toBe(201);
    let a = r.json();
    if (finished) {
      const f = await send(owner, {
        method: "POST",
        url: `/api/attempts/${a.id}/commands`,
        body: { seq: a.seq, command: { kind: "finish" } },
      });
      a = f.json().attempt;
    }
    return a as { id: string; seq: number; item: { id: string } };
  }

  const signedIn = (ok: number) => (who: Who) => (who === "anonymous" ? 401 : ok);
  const owned = (who: Who, whose: Whose) => (who === "anonymous" ? 401 : whose === "own" ? 200 : 404);
  const adminOnly = (ok: number) => (who: Who) => (who === "anonymous" ? 401 : who === "admin" ? ok : 403);
  const instructorOnly = (ok: number) => (who: Who) =>
    who === "anonymous" ? 401 : who === "instructor" ? ok : 403;
  const ownCohort = (ok: number) => (who: Who, whose: Whose) =>
    who === "anonymous" ? 401 : who !== "instructor" ? 403 : whose === "own" ? ok : 404;

  /** A cohort of `me` when it is theirs, else of a fresh instructor; with one assignment. */
  async function cohortFor(me: Principal | null, whose: Whose, instructorOwns = true) {
    const owner = whose === "own" && me && instructorOwns ? me : await newUser("instructor");
    const id = randomUUID();
    await cohorts.create({ id, name: `c-${id.slice(0, 6)}`, instructorId: owner.id, createdAt: Date.now() });
    const assignment = randomUUID();
    await cohorts.addAssignment({
      id: assignment,
      cohortId: id,
      title: "Week 1",
      settings: { exam: "issmp", mode: "exam", items: 2 },
      dueAt: null,
      createdAt: Date.now(),
    });
    return { id, assignment };
  }

  /** A cohort (the caller's, or another instructor's) and a member's attempt at its assignment. */
  async function memberAttempt(me: Principal | null, whose: Whose, finished: boolean) {
    const c = await cohortFor(me, whose);
    const candidate = await newUser("candidate");
    await cohorts.changeMembers(c.id, [candidate.email], []);
    const a = (
      await send(candidate, { method: "POST", url: `/api/assignments/${c.assignment}/start` })
    ).json();
    if (finished)
      await send(candidate, {
        method: "POST",
        url: `/api/attempts/${a.id}/commands`,
        body: { seq: a.seq, command: { kind: "finish" } },
      });
    return { cohort: c.id, attempt: a.id as string };
  }

  const authorOnly = (ok: number) => (who: Who) => (who === "anonymous" ? 401 : who === "author" ? ok : 403);

  /** A new item, original and lint-clean, with a unique id and stem. */
  function newItem() {
    const tag = randomUUID().slice(0, 8);
    return {
      id: `issmp-authz-${tag}`,
      version: 1,
      status: "draft",
      outlines: ["issmp:1.1.1"],
      type: "single-choice",
      stem: `Reference case ${tag}: a harbour authority plans its first security strategy. What should the security manager establish FIRST?`,
      options: [
        {
          id: "A",
          text: "The business objectives the strategy must support",
          rationale: "Right: strategy follows objectives.",
        },
        {
          id: "B",
          text: "A list of tools to buy in the first quarter",
          rationale: "Buys before knowing the need.",
        },
        {
          id: "C",
          text: "A schedule of penetration tests for all systems",
          rationale: "Testing before direction.",
        },
        {
          id: "D",
          text: "A staffing plan for a round-the-clock operations centre",
          rationale: "Resources before goals.",
        },
      ],
      key: "A",
      explanation: "Strategy starts from the business objectives.",
      references: ["ISO/IEC 27001:2022 §4.1"],
    };
  }

  /** A stored working copy in `status`, last edited by a fresh author. */
  async function storedItem(status: "draft" | "review") {
    const editor = await newUser("author");
    const item = newItem();
    const updatedAt = Date.now();
    await authoring.save(
      {
        id: item.id,
        exam: "issmp",
        status,
        body: item as never,
        published: null,
        editorId: editor.id,
        approverId: null,
        updatedAt,
      },
      null,
    );
    return { item, updatedAt };
  }
  const get = (url: string) => async (): Promise<Cell> => ({ method: "GET", url });

  const rows: Row[] = [
    { method: "GET", route: "/api/health", request: get("/api/health"), expect: () => 200 },
    { method: "GET", route: "/api/session", request: get("/api/session"), expect: () => 200 },
    { method: "GET", route: "/api/catalog", request: get("/api/catalog"), expect: () => 200 },
    { method: "GET", route: "/api/catalog/:id", request: get("/api/catalog/issmp"), expect: () => 200 },
    { method: "GET", route: "/api/compare", request: get("/api/compare?ids=issmp,cism"), expect: () => 200 },
    { method: "GET", route: "/api/credentials", request: get("/api/credentials"), expect: () => 200 },
    {
      method: "POST",
      route: "/api/eligibility",
      request: async () => ({ method: "POST", url: "/api/eligibility", body: { profile } }),
      expect: () => 200,
    },
    {
      method: "POST",
      route: "/api/advice",
      request: async () => ({ method: "POST", url: "/api/advice", body: { profile } }),
      expect: () => 200,
    },
    { method: "GET", route: "/api/attempts", request: get("/api/attempts"), expect: signedIn(200) },
    {
      method: "POST",
      route: "/api/attempts",
      request: async () => ({ method: "POST", url: "/api/attempts", body: { exam: "issmp", items: 2 } }),
      expect: signedIn(201),
    },
    {
      method: "GET",
      route: "/api/attempts/:id",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "GET",
        url: `/api/attempts/${(await attemptFor(me, whose)).id}`,
      }),
      expect: owned,
    },
    {
      method: "POST",
      route: "/api/attempts/:id/commands",
      whose: ["own", "other"],
      request: async (me, whose) => {
        const a = await attemptFor(me, whose);
        return {
          method: "POST",
          url: `/api/attempts/${a.id}/commands`,
          body: { seq: a.seq, command: { kind: "flag", itemId: a.item.id, flagged: true } },
        };
      },
      expect: owned,
    },
    {
      method: "POST",
      route: "/api/attempts/:id/discard",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "POST",
        url: `/api/attempts/${(await attemptFor(me, whose)).id}/discard`,
      }),
      expect: owned,
    },
    {
      method: "GET",
      route: "/api/attempts/:id/review",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "GET",
        url: `/api/attempts/${(await attemptFor(me, whose)).id}/review`,
      }),
      expect: owned,
    },
    {
      method: "GET",
      route: "/api/attempts/:id/report",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "GET",
        url: `/api/attempts/${(await attemptFor(me, whose, true)).id}/report`,
      }),
      expect: owned,
    },
    {
      method: "POST",
      route: "/api/session",
      request: async (me) => ({
        method: "POST",
        url: "/api/session",
        body: { email: me?.email ?? (await newUser("candidate")).email, password: PASSWORD },
      }),
      expect: () => 200,
    },
    {
      method: "DELETE",
      route: "/api/session",
      request: async () => ({ method: "DELETE", url: "/api/session" }),
      expect: signedIn(200),
    },
    { method: "GET", route: "/api/me", request: get("/api/me"), expect: signedIn(200) },
    { method: "GET", route: "/api/me/export", request: get("/api/me/export"), expect: signedIn(200) },
    {
      method: "PUT",
      route: "/api/me/password",
      request: async () => ({
        method: "PUT",
        url: "/api/me/password",
        body: { current: PASSWORD, password: "another long and unusual passphrase 7" },
      }),
      expect: signedIn(200),
    },
    {
      method: "DELETE",
      route: "/api/me",
      request: async () => ({ method: "DELETE", url: "/api/me", body: { password: PASSWORD } }),
      expect: signedIn(200),
    },
    { method: "GET", route: "/api/users", request: get("/api/users"), expect: adminOnly(200) },
    {
      method: "POST",
      route: "/api/users",
      request: async () => ({
        method: "POST",
        url: "/api/users",
        body: { email: `new-${randomUUID().slice(0, 8)}@example.org`, role: "candidate", password: PASSWORD },
      }),
      expect: adminOnly(201),
    },
    {
      method: "PUT",
      route: "/api/users/:id/password",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "PUT",
        url: `/api/users/${whose === "own" && me ? me.id : (await newUser("candidate")).id}/password`,
        body: { password: "a reset passphrase that is long" },
      }),
      expect: adminOnly(200),
    },
    {
      method: "PUT",
      route: "/api/users/:id/role",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "PUT",
        url: `/api/users/${whose === "own" && me ? me.id : (await newUser("candidate")).id}/role`,
        body: { role: "instructor" },
      }),
      expect: (who, whose) => (who === "admin" && whose === "own" ? 409 : adminOnly(200)(who)),
    },
    {
      method: "DELETE",
      route: "/api/users/:id",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "DELETE",
        url: `/api/users/${whose === "own" && me ? me.id : (await newUser("candidate")).id}`,
      }),
      expect: (who, whose) => (who === "admin" && whose === "own" ? 409 : adminOnly(200)(who)),
    },
    { method: "GET", route: "/api/audit", request: get("/api/audit"), expect: adminOnly(200) },
    { method: "GET", route: "/api/cohorts", request: get("/api/cohorts"), expect: instructorOnly(200) },
    {
      method: "POST",
      route: "/api/cohorts",
      request: async () => ({ method: "POST", url: "/api/cohorts", body: { name: "Spring class" } }),
      expect: instructorOnly(201),
    },
    {
      method: "GET",
      route: "/api/cohorts/:id",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "GET",
        url: `/api/cohorts/${(await cohortFor(me, whose)).id}`,
      }),
      expect: ownCohort(200),
    },
    {
      method: "PUT",
      route: "/api/cohorts/:id/members",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "PUT",
        url: `/api/cohorts/${(await cohortFor(me, whose)).id}/members`,
        body: { add: [(await newUser("candidate")).email] },
      }),
      expect: ownCohort(200),
    },
    {
      method: "POST",
      route: "/api/cohorts/:id/assignments",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "POST",
        url: `/api/cohorts/${(await cohortFor(me, whose)).id}/assignments`,
        body: { title: "Mock exam", settings: { exam: "issmp", items: 2 }, due: "2026-12-15" },
      }),
      expect: ownCohort(201),
    },
    {
      method: "GET",
      route: "/api/cohorts/:id/results",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "GET",
        url: `/api/cohorts/${(await cohortFor(me, whose)).id}/results`,
      }),
      expect: ownCohort(200),
    },
    {
      method: "GET",
      route: "/api/cohorts/:id/attempts/:attemptId/report",
      whose: ["own", "other"],
      request: async (me, whose) => {
        const { cohort, attempt } = await memberAttempt(me, whose, true);
        return { method: "GET", url: `/api/cohorts/${cohort}/attempts/${attempt}/report` };
      },
      expect: ownCohort(200),
    },
    {
      method: "POST",
      route: "/api/cohorts/:id/attempts/:attemptId/time",
      whose: ["own", "other"],
      request: async (me, whose) => {
        const { cohort, attempt } = await memberAttempt(me, whose, false);
        return {
          method: "POST",
          url: `/api/cohorts/${cohort}/attempts/${attempt}/time`,
          body: { minutes: 10 },
        };
      },
      expect: ownCohort(200),
    },
    {
      method: "GET",
      route: "/api/cohorts/:id/analysis",
      whose: ["own", "other"],
      request: async (me, whose) => ({
        method: "GET",
        url: `/api/cohorts/${(await cohortFor(me, whose)).id}/analysis?exam=issmp`,
      }),
      expect: ownCohort(200),
    },
    {
      method: "GET",
      route: "/api/analysis",
      request: get("/api/analysis?exam=issmp"),
      // Item analysis names keys: authors, instructors and admins, never a candidate.
      expect: (who) => (who === "anonymous" ? 401 : who === "candidate" ? 403 : 200),
    },
    { method: "GET", route: "/api/assignments", request: get("/api/assignments"), expect: signedIn(200) },
    {
      method: "POST",
      route: "/api/assignments/:id/start",
      whose: ["own", "other"],
      request: async (me, whose) => {
        const c = await cohortFor(me, "other");
        if (whose === "own" && me) await cohorts.changeMembers(c.id, [me.email], []);
        return { method: "POST", url: `/api/assignments/${c.assignment}/start` };
      },
      expect: (who, whose) => (who === "anonymous" ? 401 : whose === "own" ? 201 : 404),
    },
    { method: "GET", route: "/api/study", request: get("/api/study?exam=issmp"), expect: signedIn(200) },
    {
      method: "GET",
      route: "/api/readiness",
      request: get("/api/readiness?exam=issmp"),
      expect: signedIn(200),
    },
    { method: "GET", route: "/api/profile", request: get("/api/profile"), expect: signedIn(200) },
    {
      method: "PATCH",
      route: "/api/profile",
      request: async () => ({
        method: "PATCH",
        url: "/api/profile",
        body: { goal: { exam: "issmp", examDate: "2027-03-01", hoursPerWeek: 6 } },
      }),
      expect: signedIn(200),
    },
    {
      method: "GET",
      route: "/api/study/plan",
      request: get("/api/study/plan?exam=issmp&date=2027-03-01"),
      expect: signedIn(200),
    },
    {
      method: "POST",
      route: "/api/study/weak",
      request: async () => ({ method: "POST", url: "/api/study/weak", body: { exam: "issmp", items: 3 } }),
      expect: signedIn(201),
    },
    {
      method: "POST",
      route: "/api/study/practice",
      // A new user has nothing due yet: past the authorization check, the queue answers 409.
      request: async () => ({ method: "POST", url: "/api/study/practice", body: { exam: "issmp" } }),
      expect: signedIn(409),
    },
    {
      method: "GET",
      route: "/api/bank/items",
      request: get("/api/bank/items?exam=issmp&limit=5"),
      expect: authorOnly(200),
    },
    {
      method: "GET",
      route: "/api/bank/items/:id",
      request: get(`/api/bank/items/${authored[0]!.id}`),
      expect: authorOnly(200),
    },
    {
      method: "GET",
      route: "/api/bank/cues",
      request: get("/api/bank/cues?exam=issmp"),
      expect: authorOnly(200),
    },
    {
      method: "POST",
      route: "/api/bank/lint",
      request: async () => ({ method: "POST", url: "/api/bank/lint", body: { item: newItem() } }),
      expect: authorOnly(200),
    },
    {
      method: "POST",
      route: "/api/bank/items",
      request: async () => ({ method: "POST", url: "/api/bank/items", body: { item: newItem() } }),
      expect: authorOnly(201),
    },
    {
      method: "PUT",
      route: "/api/bank/items/:id",
      request: async () => {
        const { item, updatedAt } = await storedItem("draft");
        return {
          method: "PUT",
          url: `/api/bank/items/${item.id}`,
          body: { item: { ...item, key: "A" }, updatedAt },
        };
      },
      expect: authorOnly(200),
    },
    {
      method: "POST",
      route: "/api/bank/items/:id/submit",
      request: async () => ({
        method: "POST",
        url: `/api/bank/items/${(await storedItem("draft")).item.id}/submit`,
      }),
      expect: authorOnly(200),
    },
    {
      method: "POST",
      route: "/api/bank/items/:id/approve",
      request: async () => ({
        method: "POST",
        url: `/api/bank/items/${(await storedItem("review")).item.id}/approve`,
      }),
      expect: authorOnly(200),
    },
    {
      method: "POST",
      route: "/api/bank/items/:id/retire",
      request: async () => ({
        method: "POST",
        url: `/api/bank/items/${(await storedItem("draft")).item.id}/retire`,
      }),
      expect: authorOnly(200),
    },
    { method: "GET", route: "/api/item-reports", request: get("/api/item-reports"), expect: authorOnly(200) },
    {
      method: "PUT",
      route: "/api/item-reports/:id",
      request: async () => {
        const candidate = await newUser("candidate");
        const a = await attemptFor(candidate, "own");
        await send(candidate, {
          method: "POST",
          url: `/api/attempts/${a.id}/commands`,
          body: {
            seq: a.seq,
            command: { kind: "report", itemId: a.item.id, category: "unclear", comment: "?" },
          },
        });
        const [report] = await authoring.reports("open", 1, 0);
        return {
          method: "PUT",
          url: `/api/item-reports/${report!.id}`,
          body: { status: "resolved", note: "Clarified." },
        };
      },
      expect: authorOnly(200),
    },
  ];

  beforeAll(async () => {
    store = await openStore(await target());
    app = await buildServer({
      store,
      content,
      allowedHosts: [],
      multiUser: true,
      logger: { level: "error" },
    });
    accounts = new AccountRepository(store.db);
    authoring = new AuthoringRepository(store.db);
    cohorts = new CohortRepository(store.db);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("has a row for every route the server documents", async () => {
    const doc = (
      await app.inject({ method: "GET", url: "/api/openapi.json", headers: { host: HOST } })
    ).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      )
      .sort();
    expect(rows.map((r) => `${r.method} ${r.route}`).sort()).toEqual(documented);
  });

  const cells = rows.flatMap((row) =>
    WHO.flatMap((who) => (row.whose ?? (["own"] as Whose[])).map((whose) => ({ row, who, whose }))),
  );
  it.each(
    cells.map((c) => [`${c.row.method} ${c.row.route}`, c.who, c.row.whose ? c.whose : "-", c] as const),
  )("%s as %s (%s)", async (_route, _who, _whose, { row, who, whose }) => {
    const me = who === "anonymous" ? null : await newUser(who);
    const cell = await row.request(me, whose);
    const r = await send(me, cell);
    expect(r.statusCode, r.body.slice(0, 200)).toBe(row.expect(who, whose));
  });

  it("tells the web app who is signed in with GET /api/session, 200 with or without a session", async () => {
    const anonymous = await send(null, { method: "GET", url: "/api/session" });
    expect(anonymous.json()).toEqual({ mode: "multi-user", user: null, csrfToken: null });
    const me = await newUser("candidate");
    const mine = (await send(me, { method: "GET", url: "/api/session" })).json();
    expect(mine).toMatchObject({
      mode: "multi-user",
      user: { id: me.id, email: me.email, role: "candidate" },
    });
    expect(mine.csrfToken).toBe(me.headers["x-csrf-token"]);
  });

  it("lets no candidate discard an attempt at an instructor's assignment", async () => {
    const c = await cohortFor(null, "other");
    const candidate = await newUser("candidate");
    await cohorts.changeMembers(c.id, [candidate.email], []);
    const a = (
      await send(candidate, { method: "POST", url: `/api/assignments/${c.assignment}/start` })
    ).json();
    const r = await send(candidate, { method: "POST", url: `/api/attempts/${a.id}/discard` });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({
      code: "not-discardable",
      message: `attempt ${a.id} was assigned by an instructor and cannot be discarded; finish it instead`,
    });
    expect((await send(candidate, { method: "GET", url: `/api/attempts/${a.id}` })).json().status).toBe(
      "in-progress",
    );
  });

  it("refuses a state-changing request without the session's CSRF token", async () => {
    const me = await newUser("candidate");
    const r = await send(
      { ...me, headers: { cookie: me.headers.cookie! } },
      {
        method: "POST",
        url: "/api/attempts",
        body: { exam: "issmp", items: 2 },
      },
    );
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("csrf");
  });
});
