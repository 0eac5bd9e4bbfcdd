/** Accounts on the multi-user server: sign-in, cookies, lock-out, password rules, export and deletion. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordProblem } from "../src/app/accounts/passwords.js";
import { buildServer } from "../src/server/app.js";
import { Auth, FIRST_LOCK_MS, LOCK_AFTER, LOGINS_PER_MINUTE } from "../src/server/auth/sessions.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import type { Store } from "../src/store/store.js";
import { content, PASSWORD, requester } from "./multi-user.js";

describe("password rules (NIST SP 800-63B-4)", () => {
  it.each([
    ["short phrase", /at least 15/],
    ["passwordpassword", /too common/],
    ["aaaaaaaaaaaaaaaaaaaa", /repeats too few/],
    ["abcdefghijklmnopqrs", /sequence/],
    ["my certpath password 99", /name of the service/],
    ["jane.doe was here in 2026", /email name/],
  ])("refuses %j", (password, why) => {
    expect(passwordProblem(password, "jane.doe@example.org")).toMatch(why);
  });
  it("accepts a long passphrase with no composition rules, spaces and Unicode included", () => {
    expect(passwordProblem("tea kettle on the hill ☕", "jane@example.org")).toBeNull();
    expect(passwordProblem("x".repeat(14) + "y", "jane@example.org")).toMatch(/repeats too few/);
  });
});

describe("accounts over HTTP", () => {
  let store: Store;
  let app: FastifyInstance;
  let now = 1_800_000_000_000;
  const clock = () => now;

  const send = requester(
    () => app,
    () => "10.0.0.1",
  );

  async function signIn(email: string, password = PASSWORD, ip = "10.0.0.1") {
    const r = await send("POST", "/api/session", { email, password }, { "x-test-ip": ip });
    const cookie = String(r.headers["set-cookie"] ?? "").split(";")[0]!;
    return { r, headers: { cookie, "x-csrf-token": r.json().csrfToken as string } };
  }

  beforeAll(async () => {
    store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), "certpath-accounts-")), "a.db"));
    app = await buildServer({ store, content, clock, allowedHosts: [], multiUser: true, trustProxy: true });
    const auth = new Auth(new AccountRepository(store.db), clock);
    await auth.createUser("admin@example.org", "admin", PASSWORD);
    await auth.createUser("kim@example.org", "candidate", PASSWORD);
    await auth.createUser("lee@example.org", "candidate", PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("signs in with an HttpOnly, SameSite=Lax cookie, Secure behind HTTPS, and signs out", async () => {
    const { r, headers } = await signIn("kim@example.org");
    expect(r.statusCode).toBe(200);
    const cookie = String(r.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await send(
      "POST",
      "/api/session",
      { email: "kim@example.org", password: PASSWORD },
      {
        "x-forwarded-proto": "https",
      },
    );
    expect(String(https.headers["set-cookie"])).toMatch(/; Secure/);
    expect((await send("GET", "/api/me", undefined, headers)).json().user.email).toBe("kim@example.org");
    expect((await send("DELETE", "/api/session", undefined, headers)).statusCode).toBe(200);
    expect((await send("GET", "/api/me", undefined, headers)).statusCode).toBe(401);
    const wrong = await signIn("kim@example.org", "not the password at all");
    expect(wrong.r.statusCode).toBe(401);
    const nobody = await signIn("nobody@example.org");
    expect(nobody.r.statusCode).toBe(401);
    expect(nobody.r.json().error.message).toBe(wrong.r.json().error.message);
  });

  it("locks an account after repeated failures, with a back-off that doubles", async () => {
    for (let i = 0; i < LOCK_AFTER; i++)
      expect((await signIn("lee@example.org", "wrong guess number one")).r.statusCode).toBe(401);
    const locked = await signIn("lee@example.org");
    expect(locked.r.statusCode).toBe(429);
    expect(Number(locked.r.headers["retry-after"])).toBe(FIRST_LOCK_MS / 1000);
    now += FIRST_LOCK_MS + 1;
    expect((await signIn("lee@example.org", "wrong guess number two")).r.statusCode).toBe(401);
    const again = await signIn("lee@example.org");
    expect(again.r.statusCode).toBe(429);
    expect(Number(again.r.headers["retry-after"])).toBe((2 * FIRST_LOCK_MS) / 1000);
    now += 2 * FIRST_LOCK_MS + 1;
    expect((await signIn("lee@example.org")).r.statusCode).toBe(200);
    const audit = await signIn("admin@example.org");
    const log = (await send("GET", "/api/audit", undefined, audit.headers)).json();
    const locks = log.entries.filter((e: { action: string }) => e.action === "account.locked");
    expect(locks).toHaveLength(2);
    // Entries name the users they concern by email as well as by id.
    expect(locks[0].targetEmail).toBe("lee@example.org");
    const users = (await send("GET", "/api/users?limit=1", undefined, audit.headers)).json();
    expect(users.users).toHaveLength(1);
    expect(users.total).toBeGreaterThanOrEqual(3);
  });

  it("limits login attempts from one address", async () => {
    now += 3_600_000;
    let last = 0;
    for (let i = 0; i <= LOGINS_PER_MINUTE; i++)
      last = (await signIn("nobody@example.org", "x", "10.9.9.9")).r.statusCode;
    expect(last).toBe(429);
    expect((await signIn("kim@example.org", PASSWORD, "10.9.9.10")).r.statusCode).toBe(200);
  });

  it("exports a user's own data and deletes the account with it", async () => {
    const admin = await signIn("admin@example.org");
    const created = await send(
      "POST",
      "/api/users",
      { email: "max@example.org", role: "candidate", password: PASSWORD },
      admin.headers,
    );
    expect(created.statusCode).toBe(201);
    const weak = await send(
      "POST",
      "/api/users",
      { email: "min@example.org", role: "candidate", password: "short" },
      admin.headers,
    );
    expect(weak.statusCode).toBe(400);
    const dup = await send(
      "POST",
      "/api/users",
      { email: "MAX@example.org", role: "candidate", password: PASSWORD },
      admin.headers,
    );
    expect(dup.statusCode).toBe(409);
    const log = (await send("GET", "/api/audit?limit=5", undefined, admin.headers)).json();
    expect(log.entries.find((e: { action: string }) => e.action === "user.created")).toMatchObject({
      actorEmail: "admin@example.org",
      targetEmail: "max@example.org",
    });
    const max = await signIn("max@example.org");
    const a = (
      await send("POST", "/api/attempts", { exam: "issmp", items: 2, seed: "x" }, max.headers)
    ).json();
    await send(
      "POST",
      `/api/attempts/${a.id}/commands`,
      { seq: a.seq, command: { kind: "flag", itemId: a.item.id, flagged: true } },
      max.headers,
    );
    const exported = (await send("GET", "/api/me/export", undefined, max.headers)).json();
    expect(exported.user.email).toBe("max@example.org");
    expect(exported.attempts).toHaveLength(1);
    expect(exported.attempts[0].steps.map((s: { kind: string }) => s.kind)).toContain("flag");
    expect(JSON.stringify(exported)).not.toMatch(/password|argon2/i);
    expect(
      (await send("DELETE", "/api/me", { password: "not my password at all" }, max.headers)).statusCode,
    ).toBe(403);
    expect((await send("DELETE", "/api/me", { password: PASSWORD }, max.headers)).statusCode).toBe(200);
    expect((await signIn("max@example.org")).r.statusCode).toBe(401);
    const left = await store.db
      .selectFrom("attempt_steps")
      .select("seq")
      .where("attempt_id", "=", a.id)
      .execute();
    expect(left).toEqual([]);
  });
});
