/**
 * One endpoint of the HTTP API, as both sides see it: its method and path, who may call it, and
 * zod schemas for its path parameters, query, body and response. The server validates requests and
 * serialises responses with these schemas (so a handler cannot send a field the contract does not
 * name), the OpenAPI document is generated from them, and the web app checks what it receives
 * against them. Pure data: no I/O here.
 */
import { z } from "zod";
import type { Role } from "../accounts/roles.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface EndpointBase {
  method: Method;
  /** The path, with :params (Fastify's syntax). */
  url: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** What a successful call returns. */
  response: z.ZodType;
  /** The status of a success (default 200). */
  status?: number;
}

/**
 * Who may call an endpoint. On any server, a call is made by the signed-in user or, in single-user
 * mode, the person at this machine. `auth` (with accounts on): anyone ("public"), any signed-in user
 * (the default) or these roles. `accounts: true`: the endpoint exists only with accounts on (404 in
 * single-user mode) and always has a signed-in user; `accounts: "public"`: it exists only with
 * accounts on and needs no one signed in (signing in).
 */
export type Endpoint =
  | (EndpointBase & { accounts?: false; auth?: "user" | readonly Role[] | "public" })
  | (EndpointBase & { accounts: "public"; auth?: never })
  | (EndpointBase & { accounts: true; auth?: "user" | readonly Role[] });

/** Declares an endpoint, keeping its literal types (for typed handlers and clients). */
export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What the handler receives, after validation. */
export type ParamsOf<E extends Endpoint> = Parsed<E["params"]>;
export type QueryOf<E extends Endpoint> = Parsed<E["query"]>;
export type BodyOf<E extends Endpoint> = E["body"] extends z.ZodType ? z.output<E["body"]> : undefined;

/** What a client sends (before defaults apply). */
export type ParamsIn<E extends Endpoint> = E["params"] extends z.ZodType ? z.input<E["params"]> : undefined;
export type QueryIn<E extends Endpoint> = E["query"] extends z.ZodType ? z.input<E["query"]> : undefined;
export type BodyIn<E extends Endpoint> = E["body"] extends z.ZodType ? z.input<E["body"]> : undefined;

/** What a handler returns, and what a client receives once the response is checked. */
export type ResultOf<E extends Endpoint> = z.input<E["response"]>;
export type ResponseOf<E extends Endpoint> = z.output<E["response"]>;

/** Whether anyone may call the endpoint, signed in or not. */
export function isPublic(e: Endpoint): boolean {
  return e.auth === "public" || e.accounts === "public";
}

/** The endpoint's path with its parameters filled in (each encoded as one path segment). */
export function pathOf(e: Endpoint, params: Record<string, string | number> = {}): string {
  return e.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${e.method} ${e.url}: the parameter ${name} is missing`);
    return encodeURIComponent(String(v));
  });
}

/** The error body of every failure: a stable code and one sentence. */
export const apiErrorSchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
