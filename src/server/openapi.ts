/**
 * Routes: an endpoint of the API contract (`src/core/api/`) with the handler that serves it; and
 * the OpenAPI 3.1 document, generated from the same contract.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  type BodyOf,
  type Endpoint,
  isPublic,
  type ParamsOf,
  type QueryOf,
  type ResultOf,
} from "../core/api/endpoint.js";
import type { UserWithSecret } from "../store/accounts/account-repository.js";

/** What a handler receives: its validated input, and the signed-in user as the endpoint guarantees. */
export interface HandlerInput<E extends Endpoint> {
  params: ParamsOf<E>;
  query: QueryOf<E>;
  body: BodyOf<E>;
  /**
   * The signed-in user: never null on an endpoint that exists only with accounts (`accounts: true`);
   * elsewhere null in single-user mode (the person at this machine).
   */
  user: E extends { accounts: true } ? UserWithSecret : UserWithSecret | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type Handler<E extends Endpoint> = (input: HandlerInput<E>) => Promise<ResultOf<E>>;

/** An endpoint with its handler. */
export interface RouteDef {
  endpoint: Endpoint;
  // biome-ignore lint/suspicious/noExplicitAny: a route table holds handlers of every endpoint; `route` types each one
  handler: (input: HandlerInput<any>) => Promise<unknown>;
}

/** Serves an endpoint with a handler typed by the endpoint's schemas and access. */
export function route<const E extends Endpoint>(endpoint: E, handler: Handler<E>): RouteDef {
  return { endpoint, handler: handler as RouteDef["handler"] };
}

export function openApiDocument(endpoints: readonly Endpoint[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of endpoints) {
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
    const json = (schema: z.ZodType, io: "input" | "output") => ({
      "application/json": { schema: z.toJSONSchema(schema, { io, unrepresentable: "any" }) },
    });
    const operation: Record<string, unknown> = {
      summary: r.summary,
      description: `With accounts on (--multi-user): ${who}.${r.accounts ? " Only with accounts on." : ""}`,
      parameters,
      responses: {
        [String(r.status ?? 200)]: { description: "OK", content: json(r.response, "output") },
        "4XX": {
          description: "An error: { error: { code, message } }",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["error"],
                properties: {
                  error: {
                    type: "object",
                    required: ["code", "message"],
                    properties: { code: { type: "string" }, message: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    };
    if (r.body) operation.requestBody = { required: true, content: json(r.body, "input") };
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: { title: "certpath API", version },
    paths,
  };
}
