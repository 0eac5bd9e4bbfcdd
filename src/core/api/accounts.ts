/** The account endpoints: signing in and out, one's own account and data, and user management by admins. */
import { z } from "zod";
import { emailAddress } from "../accounts/email.js";
import { PASSWORD_MAX } from "../accounts/password-length.js";
import { roles } from "../accounts/roles.js";
import { attemptSummarySchema } from "./attempts.js";
import { publicUserSchema } from "./catalog.js";
import { pageQuery, recordParams } from "./common.js";
import { endpoint } from "./endpoint.js";

const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX * 4);

const signedIn = z.object({ user: publicUserSchema, csrfToken: z.string() });

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  actor: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  targetEmail: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

export const accountEndpoints = {
  signIn: endpoint({
    method: "POST",
    url: "/api/session",
    summary: "Sign in: sets the session cookie and returns the CSRF token",
    body: z.strictObject({ email: emailAddress, password }),
    accounts: "public",
    response: signedIn,
  }),
  signOut: endpoint({
    method: "DELETE",
    url: "/api/session",
    summary: "Sign out",
    accounts: true,
    response: z.object({ signedOut: z.boolean() }),
  }),
  me: endpoint({
    method: "GET",
    url: "/api/me",
    summary: "The signed-in user and the session's CSRF token",
    accounts: true,
    response: signedIn,
  }),
  changePassword: endpoint({
    method: "PUT",
    url: "/api/me/password",
    summary: "Change one's password (signs out every session)",
    body: z.strictObject({ current: password, password }),
    accounts: true,
    response: z.object({ changed: z.boolean() }),
  }),
  exportMine: endpoint({
    method: "GET",
    url: "/api/me/export",
    summary: "Every piece of one's own data: account, attempts with every step, responses and reports",
    accounts: true,
    response: z.object({
      exportedAt: z.string(),
      user: publicUserSchema,
      /** Each attempt's log as its candidate may read it (nothing that tells an answer while it runs). */
      attempts: z.array(attemptSummarySchema.extend({ steps: z.array(z.unknown()) })),
    }),
  }),
  deleteMe: endpoint({
    method: "DELETE",
    url: "/api/me",
    summary: "Delete one's account and all its data (confirm with the password; the only admin cannot)",
    body: z.strictObject({ password }),
    accounts: true,
    response: z.object({ deleted: z.boolean() }),
  }),
  listUsers: endpoint({
    method: "GET",
    url: "/api/users",
    summary: "Users (admins)",
    auth: ["admin"],
    query: pageQuery,
    accounts: true,
    response: z.object({ total: z.number().int(), users: z.array(publicUserSchema) }),
  }),
  createUser: endpoint({
    method: "POST",
    url: "/api/users",
    summary: "Create a user with a role (admins)",
    auth: ["admin"],
    status: 201,
    body: z.strictObject({ email: emailAddress, role: z.enum(roles), password }),
    accounts: true,
    response: z.object({ user: publicUserSchema }),
  }),
  resetPassword: endpoint({
    method: "PUT",
    url: "/api/users/:id/password",
    summary: "Reset a user's password (admins; signs the user out)",
    auth: ["admin"],
    params: recordParams,
    body: z.strictObject({ password }),
    accounts: true,
    response: z.object({ reset: z.boolean() }),
  }),
  setRole: endpoint({
    method: "PUT",
    url: "/api/users/:id/role",
    summary: "Change a user's role (admins)",
    auth: ["admin"],
    params: recordParams,
    body: z.strictObject({ role: z.enum(roles) }),
    accounts: true,
    response: z.object({ user: publicUserSchema }),
  }),
  deleteUser: endpoint({
    method: "DELETE",
    url: "/api/users/:id",
    summary: "Delete a user and all their data (admins)",
    auth: ["admin"],
    params: recordParams,
    accounts: true,
    response: z.object({ deleted: z.boolean() }),
  }),
  auditLog: endpoint({
    method: "GET",
    url: "/api/audit",
    summary: "The audit log of admin, instructor and author actions (admins)",
    auth: ["admin"],
    query: pageQuery,
    accounts: true,
    response: z.object({ entries: z.array(auditEntrySchema) }),
  }),
} as const;
