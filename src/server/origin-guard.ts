/**
 * Loopback single-user mode has no login, so the server itself must make sure that only the
 * person at this machine drives it: the Host header must name the loopback address it listens on
 * (which defeats DNS rebinding), and a request from a browser must come from the server's own
 * origin (which defeats cross-site requests). State-changing requests must be JSON, which a plain
 * HTML form on another site cannot send.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

/** `allowedHosts` is read on each request, so a server bound to port 0 can fill it in once listening. */
export function loopbackGuard(allowedHosts: readonly string[]) {
  let seen = -1;
  let hosts = new Set<string>();
  let origins = new Set<string>();
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (seen !== allowedHosts.length) {
      hosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
      origins = new Set([...hosts].map((h) => `http://${h}`));
      seen = allowedHosts.length;
    }
    const host = (request.headers.host ?? "").toLowerCase();
    if (!hosts.has(host)) {
      return reply.status(421).send({
        error: { code: "wrong-host", message: `this server answers to ${[...hosts].join(" or ")} only` },
      });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.has(origin.toLowerCase())) {
      return reply
        .status(403)
        .send({ error: { code: "cross-origin", message: "requests from other sites are refused" } });
    }
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") {
      return reply
        .status(403)
        .send({ error: { code: "cross-origin", message: "requests from other sites are refused" } });
    }
    if (hasBody(request)) {
      const type = request.headers["content-type"] ?? "";
      if (!type.toLowerCase().startsWith("application/json"))
        return reply
          .status(415)
          .send({ error: { code: "json-only", message: "send the request body as application/json" } });
    }
  };
}

/**
 * With accounts, the server may answer to any host name, so the same-origin rule is checked
 * against the request's own Host: a browser request from another site is refused, and
 * state-changing requests must be JSON. Session cookies are SameSite=Lax and every state-changing
 * request of a session carries its CSRF token besides (see auth/sessions.ts).
 */
export function sameOriginGuard() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    const host = request.headers.host ?? "";
    if (origin !== undefined) {
      let sameHost = false;
      try {
        sameHost = new URL(origin).host.toLowerCase() === host.toLowerCase();
      } catch {
        sameHost = false;
      }
      if (!sameHost)
        return reply
          .status(403)
          .send({ error: { code: "cross-origin", message: "requests from other sites are refused" } });
    }
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none")
      return reply
        .status(403)
        .send({ error: { code: "cross-origin", message: "requests from other sites are refused" } });
    if (hasBody(request)) {
      const type = request.headers["content-type"] ?? "";
      if (!type.toLowerCase().startsWith("application/json"))
        return reply
          .status(415)
          .send({ error: { code: "json-only", message: "send the request body as application/json" } });
    }
  };
}

/** Whether a request carries a body (a bodyless DELETE or POST needs no content type). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}
