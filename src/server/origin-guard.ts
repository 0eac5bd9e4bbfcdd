/**
 * Guards against requests a browser makes on another site's behalf.
 *
 * Loopback single-user mode has no login, so the server itself must make sure that only the person
 * at this machine drives it: the Host header must name the loopback address it listens on (which
 * defeats DNS rebinding), and a request from a browser must come from the server's own origin
 * (which defeats cross-site requests).
 *
 * With accounts, the server may answer to any host name, so the same-origin rule is checked against
 * the request's own Host; session cookies are SameSite=Lax and every state-changing request of a
 * session carries its CSRF token besides (see auth/sessions.ts).
 *
 * In both modes request bodies must be JSON, which a plain HTML form on another site cannot send.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/** The checks both modes share, given whether the Origin header (if any) is acceptable. */
function sameSite(request: FastifyRequest, reply: FastifyReply, originAllowed: (origin: string) => boolean) {
  const origin = request.headers.origin;
  const site = request.headers["sec-fetch-site"];
  if (
    (origin !== undefined && !originAllowed(origin)) ||
    (site !== undefined && site !== "same-origin" && site !== "none")
  )
    return refuse(reply, 403, "cross-origin", "requests from other sites are refused");
  if (
    hasBody(request) &&
    !(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")
  )
    return refuse(reply, 415, "json-only", "send the request body as application/json");
  return undefined;
}

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
    if (!hosts.has(host))
      return refuse(reply, 421, "wrong-host", `this server answers to ${[...hosts].join(" or ")} only`);
    return sameSite(request, reply, (origin) => origins.has(origin.toLowerCase()));
  };
}

export function sameOriginGuard() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const host = (request.headers.host ?? "").toLowerCase();
    return sameSite(request, reply, (origin) => {
      try {
        return new URL(origin).host.toLowerCase() === host;
      } catch {
        return false;
      }
    });
  };
}

/** Whether a request carries a body (a bodyless DELETE or POST needs no content type). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}
