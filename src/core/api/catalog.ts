/** The public endpoints: health, how the server runs, the catalog, comparison, eligibility and advice. */
import { z } from "zod";
import { roles } from "../accounts/roles.js";
import { type Advice, goals } from "../advice/advise.js";
import { certificationSchema, examSchema } from "../catalog/schema.js";
import type { Comparison } from "../compare/compare.js";
import type { Verdict } from "../eligibility/evaluate.js";
import { domainObject, recordParams } from "./common.js";
import { endpoint } from "./endpoint.js";

/** An account as others may see it (never its password hash). */
export const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
});
export type PublicUser = z.output<typeof publicUserSchema>;

export const catalogEntrySchema = z.object({
  id: z.string(),
  abbreviation: z.string(),
  name: z.string(),
  issuer: z.string(),
  exam: examSchema,
  /** The exam format in one line, as `catalog show` and the comparison put it. */
  examSummary: z.string(),
  /** Live items in the bank: practice is offered for a certification that has some. */
  bankItems: z.number().int(),
});
export type CatalogEntry = z.output<typeof catalogEntrySchema>;

export const certificationViewSchema = certificationSchema.extend({
  inForce: z.object({ outline: z.string(), asOf: z.string(), warnings: z.array(z.string()) }),
});
export type CertificationView = z.output<typeof certificationViewSchema>;

export const verdictSchema = domainObject<Verdict>("Verdict", "an eligibility verdict");
export type { Advice, Comparison, Verdict };

export const catalogEndpoints = {
  health: endpoint({
    method: "GET",
    url: "/api/health",
    auth: "public",
    summary: "Liveness and readiness",
    response: z.object({
      status: z.literal("ok"),
      version: z.string(),
      database: z.enum(["sqlite", "postgres"]),
    }),
  }),
  session: endpoint({
    method: "GET",
    url: "/api/session",
    auth: "public",
    summary:
      "How this server runs, in one call that always answers 200: single-user, or multi-user with the signed-in user (or null) and the session's CSRF token",
    response: z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("single-user") }),
      z.object({
        mode: z.literal("multi-user"),
        user: publicUserSchema.nullable(),
        csrfToken: z.string().nullable(),
      }),
    ]),
  }),
  catalog: endpoint({
    method: "GET",
    url: "/api/catalog",
    auth: "public",
    summary:
      "Every certification: id, name, issuer, exam facts, and how many live items the bank holds for it",
    response: z.object({ certifications: z.array(catalogEntrySchema) }),
  }),
  certification: endpoint({
    method: "GET",
    url: "/api/catalog/:id",
    auth: "public",
    summary:
      "One certification with its outlines, exam facts and sources, and which outline is in force today",
    params: recordParams,
    response: certificationViewSchema,
  }),
  credentials: endpoint({
    method: "GET",
    url: "/api/credentials",
    auth: "public",
    summary:
      "Credentials outside the catalog that eligibility rules name (waivers, prerequisites): id, name, issuer",
    response: z.object({
      credentials: z.array(z.object({ id: z.string(), name: z.string(), issuer: z.string() })),
    }),
  }),
  compare: endpoint({
    method: "GET",
    url: "/api/compare",
    auth: "public",
    summary: "Side-by-side comparison of two or more certifications",
    query: z.strictObject({ ids: z.string().min(1).max(200) }),
    response: domainObject<Comparison>("Comparison", "a side-by-side comparison"),
  }),
  eligibility: endpoint({
    method: "POST",
    url: "/api/eligibility",
    auth: "public",
    summary: "Eligibility verdicts for a profile (all certifications, or the ids given)",
    body: z.strictObject({ profile: z.unknown(), ids: z.array(z.string().max(64)).max(20).optional() }),
    response: z.object({ asOf: z.string(), verdicts: z.array(verdictSchema) }),
  }),
  advice: endpoint({
    method: "POST",
    url: "/api/advice",
    auth: "public",
    summary: "The next certifications to aim for, with reasons",
    body: z.strictObject({ profile: z.unknown(), goal: z.enum(goals).optional() }),
    response: domainObject<Advice>("Advice", "advice on the next certifications"),
  }),
} as const;
