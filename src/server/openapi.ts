/** The route table the server is built from, and the OpenAPI 3.1 document derived from it. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Role, UserWithSecret } from "../store/accounts/account-repository.js";

interface RouteBase {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Fastify path, with :params. */
  url: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  status?: number;
  /** Who may call it with accounts on: anyone, any signed-in user, or these roles. Default: any user. */
  auth?: "user" | readonly Role[] | "public";
}

/**
 * A route: on any server, its handler sees the signed-in user or null (single-user mode, the person
 * at this machine). With `accounts: true` it exists only with accounts on (404 in single-user mode)
 * and its handler is typed with the signed-in user, never null; `accounts: "public"` is a route that
 * exists only with accounts on but needs no one signed in (signing in).
 */
export type RouteDef =
  | (RouteBase & { accounts?: false; handler: (input: RouteInput) => Promise<unknown> })
  | (RouteBase & { accounts: "public"; auth?: never; handler: (input: RouteInput) => Promise<unknown> })
  | (RouteBase & {
      accounts: true;
      auth?: "user" | readonly Role[];
      handler: (input: RouteInput<UserWithSecret>) => Promise<unknown>;
    });

export interface RouteInput<U extends UserWithSecret | null = UserWithSecret | null> {
  // biome-ignore lint/suspicious/noExplicitAny: each route's input is typed by its own schemas
  params: any;
  // biome-ignore lint/suspicious/noExplicitAny: each route's input is typed by its own schemas
  query: any;
  // biome-ignore lint/suspicious/noExplicitAny: each route's input is typed by its own schemas
  body: any;
  /** The signed-in user; null in single-user mode (the person at this machine). */
  user: U;
  request: FastifyRequest;
  reply: FastifyReply;
}

export function openApiDocument(routes: readonly RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", r.params],
      ["query", r.query],
    ] as const) {
      if (!schema) continue;
      const json = z.toJSONSchema(schema, { io: "input" }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(json.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === "path" || !!json.required?.includes(name),
          schema: s,
        });
    }
    const who = isPublic(r)
      ? "anyone"
      : Array.isArray(r.auth)
        ? `roles: ${r.auth.join(", ")}`
        : "any signed-in user";
    const operation: Record<string, unknown> = {
      summary: r.summary,
      description: `With accounts on (--multi-user): ${who}.`,
      parameters,
      responses: {
        [String(r.status ?? 200)]: { description: "OK", content: { "application/json": {} } },
        "4XX": {
          description: "An error: { error: { code, message } }",
          content: { "application/json": {} },
        },
      },
    };
    if (r.body)
      operation.requestBody = {
        required: true,
        content: {
          "application/json": { schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }) },
        },
      };
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: { title: "certpath API", version },
    paths,
  };
}

/** Whether anyone may call the route, signed in or not. */
export function isPublic(route: RouteDef): boolean {
  return route.auth === "public" || route.accounts === "public";
}
