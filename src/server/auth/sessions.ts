/**
 * Logging in and out, sessions and CSRF. A session is a random token in an HttpOnly, SameSite=Lax
 * cookie (Secure when the request came over HTTPS); the store keeps only its SHA-256. Each session
 * has a CSRF token the client sends back in the `x-csrf-token` header on every state-changing
 * request. Failed logins lock the account with an exponential back-off, and each client address is
 * limited to a number of login attempts a minute.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  type AccountRepository,
  publicUser,
  type Role,
  type User,
  type UserWithSecret,
} from "../../store/accounts/account-repository.js";
import type { Clock } from "../../store/attempts/attempt-session.js";
import { HttpError } from "../errors.js";
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords.js";

export const SESSION_COOKIE = "certpath_session";
export const SESSION_MS = 12 * 3_600_000;
/** Failures before the account locks, the first lock, and the longest. */
export const LOCK_AFTER = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 3_600_000;
/** Login attempts a client address may make in a minute. */
export const LOGINS_PER_MINUTE = 20;

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

  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

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
      throw new HttpError(429, "too-many-logins", `too many login attempts; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
  }

  async login(
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    password: string,
  ): Promise<{ user: User; csrfToken: string }> {
    this.throttle(request.ip);
    const now = this.clock();
    const user = await this.accounts.byEmail(email);
    if (!user) {
      await verifyPassword(await decoyHash(), password);
      throw new HttpError(401, "bad-credentials", "wrong email or password");
    }
    if (user.lockedUntil !== null && user.lockedUntil > now) {
      const wait = Math.ceil((user.lockedUntil - now) / 1000);
      throw new HttpError(429, "locked", `too many failed logins; the account is locked for ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const failures = user.failedLogins + 1;
      const lock =
        failures >= LOCK_AFTER
          ? now + Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER))
          : null;
      await this.accounts.loginFailed(user.id, lock);
      if (lock !== null)
        await this.accounts.audit({
          at: now,
          actor: null,
          action: "account.locked",
          target: user.id,
          detail: { failures },
        });
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

  async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.principal) await this.accounts.deleteSession(request.principal.sessionId);
    void reply.header("set-cookie", sessionCookie(request, "", 0));
  }

  /** Creates an account after checking the password rules; returns it. */
  async createUser(email: string, role: Role, password: string): Promise<User> {
    const problem = passwordProblem(password, email);
    if (problem) throw new HttpError(400, "weak-password", problem);
    const id = randomUUID();
    await this.accounts.createUser({
      id,
      email,
      role,
      passwordHash: await hashPassword(password),
      at: this.clock(),
    });
    return publicUser((await this.accounts.byId(id))!);
  }

  async setPassword(user: UserWithSecret, password: string): Promise<void> {
    const problem = passwordProblem(password, user.email);
    if (problem) throw new HttpError(400, "weak-password", problem);
    await this.accounts.setPassword(user.id, await hashPassword(password));
  }
}
