/** The account routes: signing in and out, one's own account and data, and user management by admins. */
import { z } from "zod";
import { PASSWORD_MAX } from "../../app/accounts/passwords.js";
import { emailAddress } from "../../core/accounts/email.js";
import type { Clock } from "../../core/time/clock.js";
import {
  type AccountRepository,
  LastAdminError,
  publicUser,
  roles,
  type UserWithSecret,
} from "../../store/accounts/account-repository.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { HttpError } from "../errors.js";
import type { RouteDef } from "../openapi.js";
import type { Auth } from "./sessions.js";

const email = emailAddress;
const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX * 4);
const userParams = z.strictObject({ id: z.string().min(1).max(64) });
const page = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function accountRoutes(deps: {
  auth: Auth;
  accounts: AccountRepository;
  repo: AttemptRepository;
  clock: Clock;
  /** An attempt's log as its candidate may read it (nothing that tells an answer while it runs). */
  candidateLog: (attemptId: string) => Promise<unknown[]>;
}): RouteDef[] {
  const { auth, accounts, repo, clock, candidateLog } = deps;
  const audit = (actor: UserWithSecret, action: string, target: string | null, detail: unknown = {}) =>
    accounts.audit({ at: clock(), actor: actor.id, action, target, detail });
  const target = async (id: string) => {
    const user = await accounts.byId(id);
    if (!user) throw new HttpError(404, "not-found", "no such user");
    return user;
  };

  return [
    {
      method: "POST",
      url: "/api/session",
      summary: "Sign in: sets the session cookie and returns the CSRF token",
      body: z.strictObject({ email, password }),
      accounts: "public",
      handler: async ({ body, request, reply }) => {
        return auth.login(request, reply, body.email, body.password);
      },
    },
    {
      method: "DELETE",
      url: "/api/session",
      summary: "Sign out",
      accounts: true,
      handler: async ({ request, reply }) => {
        await auth.logout(request, reply);
        return { signedOut: true };
      },
    },
    {
      method: "GET",
      url: "/api/me",
      summary: "The signed-in user and the session's CSRF token",
      accounts: true,
      handler: async ({ request }) => {
        return { user: publicUser(request.principal!.user), csrfToken: request.principal!.csrf };
      },
    },
    {
      method: "PUT",
      url: "/api/me/password",
      summary: "Change one's password (signs out every session)",
      body: z.strictObject({ current: password, password }),
      accounts: true,
      handler: async ({ body, user, request }) => {
        await auth.confirmPassword(request, user, body.current, "the current password is wrong");
        await auth.setPassword(user, body.password);
        return { changed: true };
      },
    },
    {
      method: "GET",
      url: "/api/me/export",
      summary: "Every piece of one's own data: account, attempts with every step, responses and reports",
      accounts: true,
      handler: async ({ user }) => {
        const list = await repo.list(undefined, 0, user.id);
        const attempts = [];
        for (const a of list) attempts.push({ ...a, steps: await candidateLog(a.id) });
        return { exportedAt: new Date(clock()).toISOString(), user: publicUser(user), attempts };
      },
    },
    {
      method: "DELETE",
      url: "/api/me",
      summary: "Delete one's account and all its data (confirm with the password; the only admin cannot)",
      body: z.strictObject({ password }),
      accounts: true,
      handler: async ({ body, user, request, reply }) => {
        await auth.confirmPassword(request, user, body.password, "the password is wrong");
        await auth.deleteUser(user.id);
        await accounts.audit({
          at: clock(),
          actor: null,
          action: "account.deleted-by-owner",
          target: user.id,
        });
        await auth.logout(request, reply);
        return { deleted: true };
      },
    },
    {
      method: "GET",
      url: "/api/users",
      summary: "Users (admins)",
      auth: ["admin"],
      query: page,
      accounts: true,
      handler: async ({ query }) => {
        return { total: await accounts.count(), users: await accounts.list(query.limit, query.offset) };
      },
    },
    {
      method: "POST",
      url: "/api/users",
      summary: "Create a user with a role (admins)",
      auth: ["admin"],
      status: 201,
      body: z.strictObject({ email, role: z.enum(roles), password }),
      accounts: true,
      handler: async ({ body, user }) => {
        const created = await auth.createUser(body.email, body.role, body.password);
        await audit(user, "user.created", created.id, { email: created.email, role: created.role });
        return { user: created };
      },
    },
    {
      method: "PUT",
      url: "/api/users/:id/password",
      summary: "Reset a user's password (admins; signs the user out)",
      auth: ["admin"],
      params: userParams,
      body: z.strictObject({ password }),
      accounts: true,
      handler: async ({ params, body, user }) => {
        await auth.setPassword(await target(params.id), body.password);
        await audit(user, "user.password-reset", params.id);
        return { reset: true };
      },
    },
    {
      method: "PUT",
      url: "/api/users/:id/role",
      summary: "Change a user's role (admins)",
      auth: ["admin"],
      params: userParams,
      body: z.strictObject({ role: z.enum(roles) }),
      accounts: true,
      handler: async ({ params, body, user }) => {
        const before = await target(params.id);
        if (before.id === user.id && body.role !== "admin")
          throw new HttpError(409, "last-admin", "an admin cannot take away their own admin role");
        try {
          await accounts.setRole(params.id, body.role);
        } catch (e) {
          if (e instanceof LastAdminError) throw new HttpError(409, "last-admin", e.message);
          throw e;
        }
        await audit(user, "user.role-changed", params.id, { from: before.role, to: body.role });
        return { user: publicUser({ ...before, role: body.role }) };
      },
    },
    {
      method: "DELETE",
      url: "/api/users/:id",
      summary: "Delete a user and all their data (admins)",
      auth: ["admin"],
      params: userParams,
      accounts: true,
      handler: async ({ params, user }) => {
        const victim = await target(params.id);
        if (victim.id === user.id)
          throw new HttpError(
            409,
            "self",
            "you cannot delete yourself here: delete your own account from your account page",
          );
        await auth.deleteUser(victim.id);
        await audit(user, "user.deleted", victim.id, { email: victim.email });
        return { deleted: true };
      },
    },
    {
      method: "GET",
      url: "/api/audit",
      summary: "The audit log of admin, instructor and author actions (admins)",
      auth: ["admin"],
      query: page,
      accounts: true,
      handler: async ({ query }) => {
        return { entries: await accounts.auditLog(query.limit, query.offset) };
      },
    },
  ];
}
