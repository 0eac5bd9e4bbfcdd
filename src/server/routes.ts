/**
 * An area of the API (catalog, exams, accounts, cohorts, study, authoring) as a Fastify plugin:
 * each route's endpoint gives Fastify its schemas (validated and serialised with zod), and one guard
 * decides who may call it before its input is read.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { type Endpoint, isPublic } from "../core/api/index.js";
import type { Auth } from "./auth/sessions.js";
import { HttpError } from "./errors.js";
import type { RouteDef } from "./openapi.js";
import { refuseNul } from "./request-input.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The contract's endpoint a route serves (for the OpenAPI document). */
    endpoint?: Endpoint;
  }
}

/** How the server runs: with accounts (and then their sessions), or single-user. */
export interface Access {
  multiUser: boolean;
  auth: Auth;
}

/** The refusal of an accounts-only endpoint on a server without accounts. */
function accountsOff(): HttpError {
  return new HttpError(
    404,
    "single-user",
    "this server runs in single-user mode without accounts (--multi-user turns them on)",
  );
}

/** An area's routes as a plugin. */
export function areaPlugin(routes: readonly RouteDef[], access: Access): FastifyPluginAsync {
  const { multiUser, auth } = access;
  return async (app) => {
    for (const { endpoint: e, handler } of routes) {
      app.route({
        method: e.method,
        url: e.url,
        config: { endpoint: e },
        schema: {
          ...(e.params ? { params: e.params } : {}),
          ...(e.query ? { querystring: e.query } : {}),
          ...(e.body ? { body: e.body } : {}),
          // One schema for every success (a route may choose 200 or 201); errors keep their own shape.
          response: { "2xx": e.response },
        },
        // Who may call it is decided before the input is read: a caller who may not gets 401/403/404,
        // never a description of what the input should have been.
        preValidation: async (request: FastifyRequest) => {
          const user = request.principal?.user ?? null;
          if (e.accounts && !multiUser) throw accountsOff();
          if (multiUser && !isPublic(e)) {
            if (!user) throw new HttpError(401, "sign-in", "sign in first (POST /api/session)");
            if (Array.isArray(e.auth) && !e.auth.includes(user.role))
              throw new HttpError(403, "forbidden", `this needs the role ${e.auth.join(" or ")}`);
          }
          if (multiUser) auth.checkCsrf(request);
          for (const part of ["params", "query", "body"] as const) refuseNul(request[part]);
          if (e.body && request.body === undefined) request.body = {};
        },
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const result = await handler({
            params: e.params ? request.params : {},
            query: e.query ? request.query : {},
            body: e.body ? request.body : undefined,
            // A route with `accounts: true` has a signed-in user by now (checked above).
            user: request.principal?.user ?? null,
            request,
            reply,
          });
          // A route without a fixed status may choose its own (200 unless it sets one).
          void reply.status(e.status ?? reply.statusCode);
          return result;
        },
      });
    }
  };
}
