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
 * A link from another site to one of the app's pages is a top-level navigation (GET or HEAD,
 * Sec-Fetch-Mode navigate, Sec-Fetch-Dest document) and is let through: it changes nothing and
 * shows the page in the app's own window. Everything else from another site is refused, and the
 * API is refused to other sites even for navigations.
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
  if (isPageNavigation(request)) return undefined;
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

/** Whether the request is a browser opening one of the app's pages (not the API) in a window or tab. */
function isPageNavigation(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.headers["sec-fetch-mode"] !== "navigate" || request.headers["sec-fetch-dest"] !== "document")
    return false;
  const path = request.url.split("?")[0]!;
  return !isApi(path) && !isApi(request.routeOptions.url ?? "");
}

function isApi(path: string): boolean {
  const p = path.toLowerCase();
  return p === "/api" || p.startsWith("/api/");
}

/** Whether a request carries a body (a bodyless DELETE or POST needs no content type). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}
