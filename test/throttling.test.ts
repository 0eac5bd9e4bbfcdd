/**
 * Throttling that holds under concurrency, on SQLite and PostgreSQL: parallel wrong passwords lock
 * the account after LOCK_AFTER, at sign-in and at the password checks of one's own account; emails
 * without an account answer exactly as those with one; the per-address limit counts the address the
 * proxy appended, not one the client wrote; common passwords are refused; the only admin stays.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordProblem } from "../src/app/accounts/passwords.js";
import { buildServer } from "../src/server/app.js";
import { HashGate } from "../src/server/auth/hash-gate.js";
import { fastifyTrustProxy } from "../src/server/auth/proxy-trust.js";
import { Auth, LOCK_AFTER, LOGINS_PER_MINUTE } from "../src/server/auth/sessions.js";
import { AccountRepository } from "../src/store/accounts/account-repository.js";
import { openStore } from "../src/store/open.js";
import type { Store } from "../src/store/store.js";
import { content, PASSWORD, requester } from "./multi-user.js";
import { storeTargets } from "./postgres.js";
import { cli } from "./run-cli.js";

const PARALLEL = 20;

const targets = storeTargets("throttle");

describe.each(targets)("throttling on %s", (_dialect, target) => {
  let store: Store;
  let app: FastifyInstance;
  let accounts: AccountRepository;
  let now = 1_800_000_000_000;
  const clock = () => now;
  let addresses = 0;
  /** A fresh client address, so the per-address limit stays out of the per-account tests. */
  const fresh = () => `10.1.${Math.floor(++addresses / 250)}.${addresses % 250}`;

  const send = requester(() => app, fresh);
  const signIn = async (email: string, password = PASSWORD, headers: Record<string, string> = {}) => {
    const r = await send("POST", "/api/session", { email, password }, headers);
    const cookie = String(r.headers["set-cookie"] ?? "").split(";")[0]!;
    return { r, headers: { cookie, "x-csrf-token": r.json().csrfToken as string } };
  };
  const tally = (statuses: number[]) => {
    const out: Record<number, number> = {};
    for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
    return out;
  };

  beforeAll(async () => {
    store = await openStore(await target());
    app = await buildServer({ store, content, clock, allowedHosts: [], multiUser: true, trustProxy: true });
    accounts = new AccountRepository(store.db);
    const auth = new Auth(accounts, clock);
    await auth.createUser("root@example.org", "admin", PASSWORD);
    for (const name of ["kim", "lee", "max", "ann", "bob"])
      await auth.createUser(`${name}@example.org`, "candidate", PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it(`lets at most ${LOCK_AFTER} of ${PARALLEL} parallel wrong sign-ins through before the lock`, async () => {
    const rs = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => signIn("kim@example.org", `wrong guess number ${i} xyz`)),
    );
    const statuses = rs.map((x) => x.r.statusCode);
    expect(tally(statuses)).toEqual({ 401: LOCK_AFTER, 429: PARALLEL - LOCK_AFTER });
    for (const x of rs.filter((y) => y.r.statusCode === 429)) expect(x.r.json().error.code).toBe("locked");
    const row = await store.db
      .selectFrom("users")
      .select(["failed_logins", "locked_until"])
      .where("email", "=", "kim@example.org")
      .executeTakeFirstOrThrow();
    expect(Number(row.failed_logins)).toBe(LOCK_AFTER);
    expect(Number(row.locked_until)).toBeGreaterThan(now);
    // Locked, even for the right password.
    expect((await signIn("kim@example.org")).r.statusCode).toBe(429);
  });

  it("answers an email without an account exactly as one with an account, lock-out included", async () => {
    const wave = async (email: string) => {
      const rs = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) => signIn(email, `wrong guess number ${i} xyz`)),
      );
      return rs
        .map((x) => `${x.r.statusCode} ${x.r.headers["retry-after"] ?? "-"} ${x.r.body}`)
        .sort()
        .join("\n");
    };
    const known = await wave("lee@example.org");
    const unknown = await wave("nobody-here@example.org");
    expect(unknown).toBe(known);
    expect(known).toContain("the account is locked for 30 s");
    // After the lock, one more attempt each, and the lock doubles for both.
    now += 30_001;
    const again = async (email: string) => {
      const first = await signIn(email, "still the wrong password");
      const second = await signIn(email, "still the wrong password");
      return [first.r.statusCode, second.r.statusCode, second.r.headers["retry-after"]];
    };
    expect(await again("nobody-here@example.org")).toEqual(await again("lee@example.org"));
    expect(await again("lee@example.org")).toEqual([429, 429, "60"]);
  });

  it("hashes a password for an email without an account as for one with an account", async () => {
    class CountingGate extends HashGate {
      runs = 0;
      override run<T>(work: () => Promise<T>): Promise<T> {
        this.runs++;
        return super.run(work);
      }
    }
    const gate = new CountingGate();
    const auth = new Auth(accounts, clock, { hashing: gate });
    const reply = { header: () => reply } as unknown as FastifyReply;
    const request = (ip: string) => ({ ip, protocol: "http", headers: {} }) as unknown as FastifyRequest;
    const attempt = async (email: string) => {
      const before = gate.runs;
      const error = await auth.login(request(fresh()), reply, email, "a wrong password here").catch((e) => e);
      return { hashes: gate.runs - before, status: error.status, message: error.message };
    };
    const known = await attempt("max@example.org");
    expect(known).toEqual({ hashes: 1, status: 401, message: "wrong email or password" });
    expect(await attempt("no-such-person@example.org")).toEqual(known);
  });

  it("throttles parallel wrong password changes and account deletions like sign-ins", async () => {
    const ann = await signIn("ann@example.org");
    const changes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        send(
          "PUT",
          "/api/me/password",
          { current: `not it ${i}`, password: "a brand new passphrase 2027" },
          ann.headers,
        ),
      ),
    );
    expect(tally(changes.map((r) => r.statusCode))).toEqual({ 403: LOCK_AFTER, 429: PARALLEL - LOCK_AFTER });
    // The lock holds for the right password, at sign-in too, and for deleting the account.
    expect(
      (
        await send(
          "PUT",
          "/api/me/password",
          { current: PASSWORD, password: "a brand new passphrase 2027" },
          ann.headers,
        )
      ).statusCode,
    ).toBe(429);
    expect((await send("DELETE", "/api/me", { password: PASSWORD }, ann.headers)).statusCode).toBe(429);
    expect((await signIn("ann@example.org")).r.statusCode).toBe(429);

    const bob = await signIn("bob@example.org");
    const deletions = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        send("DELETE", "/api/me", { password: `not it ${i}` }, bob.headers),
      ),
    );
    expect(tally(deletions.map((r) => r.statusCode))).toEqual({
      403: LOCK_AFTER,
      429: PARALLEL - LOCK_AFTER,
    });

    // And an address is held to the login rate however it spreads its guesses over accounts.
    const ip = fresh();
    const fromOne = [];
    for (let i = 0; i <= LOGINS_PER_MINUTE; i++)
      fromOne.push(
        (
          await send(
            "PUT",
            "/api/me/password",
            { current: "x", password: "y" },
            { ...bob.headers, "x-test-ip": ip },
          )
        ).statusCode,
      );
    expect(fromOne.at(-1)).toBe(429);
  });

  it("limits the address the proxy appended, whatever the client wrote before it", async () => {
    now += 3_600_000;
    const proxy = "192.0.2.1";
    const statuses = [];
    for (let i = 0; i <= LOGINS_PER_MINUTE; i++) {
      const r = await signIn(`stranger${i}@example.org`, "x", {
        "x-test-ip": proxy,
        "x-forwarded-for": `198.51.100.${i}, 203.0.113.9`,
      });
      statuses.push(r.r.statusCode);
    }
    expect(statuses.slice(0, LOGINS_PER_MINUTE).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another client behind the same proxy is not held to that one's limit.
    const other = await signIn("root@example.org", PASSWORD, {
      "x-test-ip": proxy,
      "x-forwarded-for": "203.0.113.9, 203.0.113.10",
    });
    expect(other.r.statusCode).toBe(200);
  });

  it("refuses to delete the only admin, atomically against a concurrent deletion", async () => {
    const root = await signIn("root@example.org");
    const only = await send("DELETE", "/api/me", { password: PASSWORD }, root.headers);
    expect(only.statusCode).toBe(409);
    expect(only.json().error).toMatchObject({ code: "last-admin" });
    expect(only.json().error.message).toMatch(/only admin/);
    // Two admins deleting themselves at once: one goes, the other stays.
    const auth = new Auth(accounts, clock);
    await auth.createUser("second@example.org", "admin", PASSWORD);
    const second = await signIn("second@example.org");
    const both = await Promise.all([
      send("DELETE", "/api/me", { password: PASSWORD }, root.headers),
      send("DELETE", "/api/me", { password: PASSWORD }, second.headers),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const admins = await store.db.selectFrom("users").select("id").where("role", "=", "admin").execute();
    expect(admins).toHaveLength(1);
  });
});

describe("trusted proxy hops", () => {
  it("takes the address that many proxies appended, never the client's own entries", async () => {
    const seen = async (setting: Parameters<typeof fastifyTrustProxy>[0], forwarded: string) => {
      const app = Fastify({ trustProxy: fastifyTrustProxy(setting) });
      app.get("/", async (request) => ({ ip: request.ip, protocol: request.protocol }));
      const r = await app.inject({
        url: "/",
        remoteAddress: "192.0.2.1",
        headers: { "x-forwarded-for": forwarded, "x-forwarded-proto": "https" },
      });
      await app.close();
      return r.json();
    };
    const xff = "6.6.6.6, 198.51.100.7, 203.0.113.5";
    expect(await seen(true, xff)).toEqual({ ip: "203.0.113.5", protocol: "https" });
    expect(await seen(1, xff)).toEqual({ ip: "203.0.113.5", protocol: "https" });
    expect(await seen(2, xff)).toEqual({ ip: "198.51.100.7", protocol: "https" });
    expect(await seen(false, xff)).toEqual({ ip: "192.0.2.1", protocol: "http" });
    expect(await seen("192.0.2.0/24", xff)).toEqual({ ip: "203.0.113.5", protocol: "https" });
    expect(await seen("10.0.0.1", xff)).toEqual({ ip: "192.0.2.1", protocol: "http" });
  });

  it("documents --trust-proxy [hops|addresses] and refuses a value that is neither", async () => {
    const help = await cli("serve", "--help");
    expect(help.stdout + help.stderr).toContain("--trust-proxy [hops|addresses]");
    for (const bad of ["0", "banana", "10.0.0.1/99"]) {
      const r = await cli("serve", "--trust-proxy", bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--trust-proxy");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("common and breached passwords (zxcvbn-ts dictionaries)", () => {
  it.each([
    "password1234567",
    "P@ssw0rdP@ssw0rd",
    "qwertyuiop123456",
    "1234123412341234",
    "letmein123456789",
    "iloveyou12345678",
    "Password123456!!",
  ])("refuses %j", (password) => {
    expect(passwordProblem(password, "jane@example.org")).toMatch(/too common or too easy to guess/);
  });
  it.each([
    "a long and unusual passphrase 42",
    "tea kettle singing on the hill 7",
    "Gentle rain falls on 4 red roofs",
    "my dog ate seven blue socks",
  ])("accepts %j", (password) => {
    expect(passwordProblem(password, "jane@example.org")).toBeNull();
  });
});
