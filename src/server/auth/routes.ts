import { endpoints } from "../../core/api/index.js";
import type { Clock } from "../../core/time/clock.js";
import {
  type AccountRepository,
  LastAdminError,
  publicUser,
  type UserWithSecret,
} from "../../store/accounts/account-repository.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { HttpError } from "../errors.js";
import { type RouteDef, route } from "../openapi.js";
import type { Auth } from "./sessions.js";

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
    route(endpoints.signIn, async ({ body, request, reply }) => {
      return auth.login(request, reply, body.email, body.password);
    }),
    route(endpoints.signOut, async ({ request, reply }) => {
      await auth.logout(request, reply);
      return { signedOut: true };
    }),
    // A signed-in user has a principal: the session the request came with.
    route(endpoints.me, async ({ user, request }) => ({
      user: publicUser(user),
      csrfToken: request.principal!.csrf,
    })),
    route(endpoints.changePassword, async ({ body, user, request }) => {
      await auth.confirmPassword(request, user, body.current, "the current password is wrong");
      await auth.setPassword(user, body.password);
      return { changed: true };
    }),
    route(endpoints.exportMine, async ({ user }) => {
      const list = await repo.list(undefined, 0, user.id);
      const attempts = [];
      for (const a of list) attempts.push({ ...a, steps: await candidateLog(a.id) });
      return { exportedAt: new Date(clock()).toISOString(), user: publicUser(user), attempts };
    }),
    route(endpoints.deleteMe, async ({ body, user, request, reply }) => {
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
    }),
    route(endpoints.listUsers, async ({ query }) => {
      return { total: await accounts.count(), users: await accounts.list(query.limit, query.offset) };
    }),
    route(endpoints.createUser, async ({ body, user }) => {
      const created = await auth.createUser(body.email, body.role, body.password);
      await audit(user, "user.created", created.id, { email: created.email, role: created.role });
      return { user: created };
    }),
    route(endpoints.resetPassword, async ({ params, body, user }) => {
      await auth.setPassword(await target(params.id), body.password);
      await audit(user, "user.password-reset", params.id);
      return { reset: true };
    }),
    route(endpoints.setRole, async ({ params, body, user }) => {
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
    }),
    route(endpoints.deleteUser, async ({ params, user }) => {
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
    }),
    route(endpoints.auditLog, async ({ query }) => {
      return { entries: await accounts.auditLog(query.limit, query.offset) };
    }),
  ];
}
