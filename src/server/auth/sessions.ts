/**
 * Logging in and out, sessions and CSRF. A session is a random token in an HttpOnly, SameSite=Lax
 * cookie (Secure when the request came over HTTPS); the store keeps only its SHA-256. Each session
 * has a CSRF token the client sends back in the `x-csrf-token` header on every state-changing
 * request. Failed logins lock the account with an exponential back-off, and each client address is
 * limited to a number of login attempts a minute; the password checks of changing one's password and
 * deleting one's account count against the same limits. Each attempt is counted in the store before
 * its password is checked, in one statement, so parallel attempts cannot slip past the lock; and an
 * email without an account is counted, hashed and locked out just like one with an account, so no
 * answer tells which emails have accounts. Hashing runs behind a HashGate.
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { createUser, WeakPasswordError } from "../../app/accounts/create-user.js";
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from "../../app/accounts/passwords.js";
import type { Clock } from "../../core/time/clock.js";
import {
  type AccountRepository,
  type AttemptClaim,
  LastAdminError,
  type LockPolicy,
  publicUser,
  type Role,
  type User,
  type UserWithSecret,
} from "../../store/accounts/account-repository.js";
import { HttpError } from "../errors.js";
import { HashGate } from "./hash-gate.js";

export const SESSION_COOKIE = "certpath_session";
export const SESSION_MS = 12 * 3_600_000;
/** Failures before the account locks, the first lock, and the longest. */
export const LOCK_AFTER = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 3_600_000;
/** A count of failures is forgiven a day after the last of them. */
export const FORGET_FAILURES_MS = 24 * 3_600_000;
/** Login and password attempts a client address may make in a minute. */
export const LOGINS_PER_MINUTE = 20;

const LOCK_POLICY: LockPolicy = {
  after: LOCK_AFTER,
  firstMs: FIRST_LOCK_MS,
  maxMs: MAX_LOCK_MS,
  forgetMs: FORGET_FAILURES_MS,
};
/** Stale counts of emails without an account are pruned once every this many sign-in attempts. */
const PRUNE_EVERY = 256;

export interface AuthOptions {
  /** The bound on concurrent password hashing (default: a HashGate with its defaults). */
  hashing?: HashGate;
}

export interface Principal {
  user: UserWithSecret;
  csrf: string;
  sessionId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === "https";
}

export function sessionCookie(request: FastifyRequest, token: string, maxAgeSeconds: number): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

export class Auth {
  private readonly attemptsByAddress = new Map<string, { start: number; count: number }>();
  private attemptsSincePrune = 0;
  readonly hashing: HashGate;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    options: AuthOptions = {},
  ) {
    this.hashing = options.hashing ?? new HashGate();
  }

  /** Resolves the session cookie of a request (onRequest hook). */
  async identify(request: FastifyRequest): Promise<void> {
    request.principal = null;
    const token = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const id = sha256(token);
    const found = await this.accounts.session(id, this.clock());
    if (found) request.principal = { user: found.user, csrf: found.csrf, sessionId: id };
  }

  /** Refuses a state-changing request of a session that does not carry the session's CSRF token. */
  checkCsrf(request: FastifyRequest): void {
    if (!request.principal || request.method === "GET" || request.method === "HEAD") return;
    const sent = request.headers["x-csrf-token"];
    if (sent !== request.principal.csrf)
      throw new HttpError(403, "csrf", "missing or wrong x-csrf-token header; get it from GET /api/me");
  }

  private throttle(address: string): void {
    const now = this.clock();
    const entry = this.attemptsByAddress.get(address);
    if (!entry || now - entry.start >= 60_000) {
      this.attemptsByAddress.set(address, { start: now, count: 1 });
      if (this.attemptsByAddress.size > 10_000) this.attemptsByAddress.clear();
      return;
    }
    entry.count++;
    if (entry.count > LOGINS_PER_MINUTE) {
      const wait = Math.ceil((entry.start + 60_000 - now) / 1000);
      throw new HttpError(
        429,
        "too-many-logins",
        `too many sign-in or password attempts from this address; try again in ${wait} s`,
        { retryAfterSeconds: wait },
      );
    }
  }

  private locked(lockedUntil: number, now: number): HttpError {
    const wait = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
    return new HttpError(429, "locked", `too many failed attempts; the account is locked for ${wait} s`, {
      retryAfterSeconds: wait,
    });
  }

  /** Audits the lock an attempt's failure set (accounts only: emails without one have no audit trail). */
  private async failed(user: UserWithSecret, claim: AttemptClaim & { allowed: true }, now: number) {
    if (claim.lockedUntil === null) return;
    await this.accounts.audit({
      at: now,
      actor: null,
      action: "account.locked",
      target: user.id,
      detail: { failures: claim.failures },
    });
  }

  private async pruneNow(now: number): Promise<void> {
    if (++this.attemptsSincePrune < PRUNE_EVERY) return;
    this.attemptsSincePrune = 0;
    await this.accounts.pruneUnknownAttempts(now - FORGET_FAILURES_MS);
  }

  async login(
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    password: string,
  ): Promise<{ user: User; csrfToken: string }> {
    this.throttle(request.ip);
    const now = this.clock();
    await this.pruneNow(now);
    // Both kinds of email hash alike: the decoy is made (once) before the paths part.
    const decoy = await decoyHash();
    const found = await this.accounts.byEmail(email);
    const counted = found && (await this.accounts.claimAttempt(found.id, now, LOCK_POLICY));
    const user = counted ? found : undefined;
    const claim = counted || (await this.accounts.claimUnknownAttempt(email, now, LOCK_POLICY));
    if (!claim.allowed) throw this.locked(claim.lockedUntil, now);
    const right = await this.hashing.run(() => verifyPassword(user?.passwordHash ?? decoy, password));
    if (!user || !right) {
      if (user) await this.failed(user, claim, now);
      throw new HttpError(401, "bad-credentials", "wrong email or password");
    }
    await this.accounts.loginSucceeded(user.id, now);
    const token = randomBytes(32).toString("base64url");
    const csrf = randomBytes(24).toString("base64url");
    await this.accounts.createSession({
      id: sha256(token),
      userId: user.id,
      csrf,
      at: now,
      expiresAt: now + SESSION_MS,
    });
    void reply.header("set-cookie", sessionCookie(request, token, SESSION_MS / 1000));
    return { user: publicUser({ ...user, lastLoginAt: now }), csrfToken: csrf };
  }

  /**
   * Checks the password of a signed-in user who confirms an action with it (changing the password,
   * deleting the account), under the same per-address limit and lock-out as signing in.
   */
  async confirmPassword(request: FastifyRequest, user: UserWithSecret, password: string, wrong: string) {
    this.throttle(request.ip);
    const now = this.clock();
    const claim = await this.accounts.claimAttempt(user.id, now, LOCK_POLICY);
    if (!claim) throw new HttpError(401, "unauthenticated", "the account no longer exists");
    if (!claim.allowed) throw this.locked(claim.lockedUntil, now);
    if (!(await this.hashing.run(() => verifyPassword(user.passwordHash, password)))) {
      await this.failed(user, claim, now);
      throw new HttpError(403, "bad-credentials", wrong);
    }
    await this.accounts.clearFailures(user.id);
  }

  /** Deletes an account with its data; refuses the only admin. */
  async deleteUser(id: string): Promise<void> {
    try {
      await this.accounts.deleteUser(id);
    } catch (e) {
      if (e instanceof LastAdminError) throw new HttpError(409, "last-admin", e.message);
      throw e;
    }
  }

  async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.principal) await this.accounts.deleteSession(request.principal.sessionId);
    void reply.header("set-cookie", sessionCookie(request, "", 0));
  }

  /** Creates an account after checking the password rules; returns it. */
  async createUser(email: string, role: Role, password: string): Promise<User> {
    try {
      return await createUser(this.accounts, this.clock, { email, role, password }, (p) =>
        this.hashing.run(() => hashPassword(p)),
      );
    } catch (e) {
      if (e instanceof WeakPasswordError) throw new HttpError(400, "weak-password", e.message);
      throw e;
    }
  }

  async setPassword(user: UserWithSecret, password: string): Promise<void> {
    const problem = passwordProblem(password, user.email);
    if (problem) throw new HttpError(400, "weak-password", problem);
    await this.accounts.setPassword(user.id, await this.hashing.run(() => hashPassword(password)));
  }
}
