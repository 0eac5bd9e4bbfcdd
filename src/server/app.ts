/**
 * The certpath HTTP server: a Fastify app with a JSON API under /api, validated with zod, with
 * errors mapped in one place and an OpenAPI document built from the same route table.
 */

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import helmet from "helmet";
import { z } from "zod";
import { transactOn } from "../app/authoring/workflow.js";
import type { ContentSource } from "../app/exams/setup.js";
import { advise, goals } from "../core/advice/advise.js";
import { findCertification } from "../core/catalog/catalog.js";
import { describeExam } from "../core/catalog/describe.js";
import { outlineAsOf } from "../core/catalog/outline-in-force.js";
import type { Certification } from "../core/catalog/schema.js";
import { taskExam } from "../core/catalog/task-id.js";
import { compareCertifications } from "../core/compare/compare.js";
import { evaluateEligibility } from "../core/eligibility/evaluate.js";
import { checkProfileAgainstCatalog, profileSchema } from "../core/eligibility/profile.js";
import { InputError } from "../core/input-error.js";
import type { Clock } from "../core/time/clock.js";
import { AccountRepository, publicUser, type UserWithSecret } from "../store/accounts/account-repository.js";
import { AttemptRepository } from "../store/attempts/attempt-repository.js";
import { StartLock } from "../store/attempts/start-lock.js";
import { CohortRepository } from "../store/cohorts/cohort-repository.js";
import { AuthoringRepository } from "../store/items/authoring-repository.js";
import { BEAT_MS, GONE_AFTER_MS, ServerRegistry } from "../store/servers/server-registry.js";
import type { Store } from "../store/store.js";
import { fastifyTrustProxy, type TrustProxy } from "./auth/proxy-trust.js";
import { accountRoutes } from "./auth/routes.js";
import { Auth } from "./auth/sessions.js";
import { BankSource } from "./authoring/bank-source.js";
import { authoringRoutes } from "./authoring/routes.js";
import { cohortRoutes } from "./cohorts/routes.js";
import { HttpError, handleError } from "./errors.js";
import { AttemptService, commandRequestSchema, createAttemptSchema } from "./exams/attempts.js";
import { isPublic, openApiDocument, type RouteDef, type RouteInput } from "./openapi.js";
import { loopbackGuard, sameOriginGuard } from "./origin-guard.js";
import { parseInput } from "./request-input.js";
import { studyRoutes } from "./study/routes.js";

export interface ServerOptions {
  store: Store;
  content: ContentSource;
  clock?: Clock;
  /** Loopback single-user mode: the allowed Host values ("127.0.0.1:8080", "localhost:8080"). */
  allowedHosts: string[];
  /** Accounts and roles; without them the server must listen on loopback only. */
  multiUser?: boolean;
  /**
   * Behind reverse proxies: trust X-Forwarded-For/-Proto (so cookies are Secure behind HTTPS) from
   * that many hops (true is one), or from the proxies a list of addresses names (see proxy-trust.ts).
   */
  trustProxy?: TrustProxy;
  logger?: boolean | Record<string, unknown>;
  /** The built web app to serve at / (default: web/dist of the package). */
  webRoot?: string;
  version?: string;
  /** How long a client may take (tests shorten them; people have no reason to). */
  timeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** The whole request, headers and body, must arrive within this (else 408 and the socket closes). */
  requestMs: number;
  /** The request's headers must arrive within this. */
  headersMs: number;
  /** A socket with no traffic at all is closed after this. */
  idleMs: number;
  /** An idle keep-alive connection between requests is closed after this. */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  requestMs: 30_000,
  headersMs: 15_000,
  idleMs: 60_000,
  keepAliveMs: 72_000,
};

/**
 * The Content-Security-Policy of every response: the built web app loads its scripts, styles and
 * data from this origin only, with no inline script or style element (React sets style properties,
 * which CSP does not govern), and no other site may frame it.
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/** Sent over HTTPS only (directly, or behind a trusted proxy that says so): browsers ignore it over HTTP. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** Request bodies above this size are refused with 413. */
export const BODY_LIMIT = 64 * 1024;
export const PAGE_LIMIT = 100;

const attemptParams = z.strictObject({ id: z.string().min(1).max(64) });
const certParams = z.strictObject({ id: z.string().min(1).max(64) });
const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The security headers of every response (see CONTENT_SECURITY_POLICY; HSTS only over HTTPS, below). */
const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  referrerPolicy: { policy: "no-referrer" as const },
  strictTransportSecurity: false,
};

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger: options.logger ?? false,
    // One line per request, and at debug only (errors and start-up are logged at info and above).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    forceCloseConnections: false,
    // Errors the router raises before any hook runs (a malformed URL) still get the security
    // headers and the API's error shape.
    frameworkErrors: (error, request, reply) => {
      helmet(HELMET_OPTIONS)(request.raw, reply.raw, () => handleError(error, request, reply));
    },
    // Long path parameters reach the routes' own validation (one sentence, the API's error shape)
    // instead of the router's bare 414.
    routerOptions: { maxParamLength: 2048 },
    // A client that sends its headers or body slowly, or not at all, must not hold a connection.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      // Node checks the two limits above this often (30 s by default, which would double them).
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(timeouts.requestMs / 4))),
    },
  });
  // Security headers on every response (pages, assets, API, errors): registered before any other
  // hook, so even a request the origin guard refuses gets them.
  await app.register(fastifyHelmet, HELMET_OPTIONS);
  app.addHook("onRequest", async (request, reply) => {
    if (request.protocol === "https")
      void reply.header("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });
  const clock = options.clock ?? Date.now;
  const repo = new AttemptRepository(options.store.db, { groupCommit: options.store.dialect === "sqlite" });
  // Content sync: the bank's items (files, and items authors published here) are recorded by id
  // and version; a changed item becomes a new version.
  const authoring = new AuthoringRepository(options.store.db);
  const bank = new BankSource(options.content.authored(), authoring, options.store.db, clock);
  const synced = await bank.refresh();
  app.log.info({ added: synced.added, changed: synced.updated }, "item bank synchronised with the store");
  const content = { ...options.content, authored: () => bank.current() };
  const attempts = new AttemptService(
    repo,
    content,
    clock,
    options.store.db,
    new StartLock(options.store.db),
  );
  const registry = new ServerRegistry(options.store.db);
  const serverId = randomBytes(8).toString("hex");
  const lastBeat = await registry.lastBeat(serverId);
  if (lastBeat === null || clock() - lastBeat > GONE_AFTER_MS) {
    const interrupted = await attempts.closeInterrupted(lastBeat);
    if (interrupted) app.log.info({ attempts: interrupted }, "took the downtime off the attempts left open");
  }
  await registry.register(serverId, clock());
  const beat = setInterval(() => {
    registry.beat(serverId, clock()).catch((err) => app.log.error({ err }, "server heartbeat failed"));
  }, BEAT_MS);
  beat.unref();
  app.addHook("onClose", async () => {
    clearInterval(beat);
    await registry.beat(serverId, clock());
  });
  const catalog = () => content.catalog();
  const today = () => content.today();

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: "not-found", message: `no route ${request.method} ${request.url}` } });
  });
  const accounts = new AccountRepository(options.store.db);
  const auth = new Auth(accounts, clock);
  const multiUser = options.multiUser ?? false;
  app.decorateRequest("principal", null);
  if (multiUser) {
    app.addHook("onRequest", sameOriginGuard());
    app.addHook("onRequest", async (request) => auth.identify(request));
  } else app.addHook("onRequest", loopbackGuard(options.allowedHosts));

  /** In multi-user mode, an attempt exists for its owner only (others get 404, as if it did not). */
  async function ownAttempt(id: string, user: UserWithSecret | null): Promise<string> {
    // Whose an attempt is never changes: the service reads it once per process.
    const owner = await attempts.owner(id);
    if (multiUser && owner !== user?.id) throw new HttpError(404, "not-found", "no such attempt");
    return id;
  }
  function accountsOn(): void {
    if (!multiUser)
      throw new HttpError(
        404,
        "single-user",
        "this server runs in single-user mode without accounts (--multi-user turns them on)",
      );
  }

  const routes: RouteDef[] = [
    {
      method: "GET",
      url: "/api/health",
      auth: "public",
      summary: "Liveness and readiness",
      handler: async () => {
        await repo.list(1, 0);
        return { status: "ok", version: options.version ?? "dev", database: options.store.dialect };
      },
    },
    {
      method: "GET",
      url: "/api/session",
      auth: "public",
      summary:
        "How this server runs, in one call that always answers 200: single-user, or multi-user with the signed-in user (or null) and the session's CSRF token",
      handler: async ({ request }) => {
        if (!multiUser) return { mode: "single-user" as const };
        const principal = request.principal;
        return {
          mode: "multi-user" as const,
          user: principal ? publicUser(principal.user) : null,
          csrfToken: principal?.csrf ?? null,
        };
      },
    },
    {
      method: "GET",
      url: "/api/catalog",
      auth: "public",
      summary:
        "Every certification: id, name, issuer, exam facts, and how many live items the bank holds for it",
      handler: async () => {
        await bank.refresh();
        const live = new Map<string, number>();
        for (const item of bank.current()) {
          if (item.status !== "live") continue;
          const exam = taskExam(item.outlines[0]!);
          live.set(exam, (live.get(exam) ?? 0) + 1);
        }
        return {
          certifications: catalog().certifications.map((c) => ({
            id: c.id,
            abbreviation: c.abbreviation,
            name: c.name,
            issuer: c.issuer,
            exam: c.exam,
            /** The exam format in one line, as `catalog show` and the comparison put it. */
            examSummary: describeExam(c),
            /** Live items in the bank: practice is offered for a certification that has some. */
            bankItems: live.get(c.id) ?? 0,
          })),
        };
      },
    },
    {
      method: "GET",
      url: "/api/catalog/:id",
      auth: "public",
      summary:
        "One certification with its outlines, exam facts and sources, and which outline is in force today",
      params: certParams,
      handler: async ({ params }) => {
        const cert = certification(params.id);
        const asOf = today();
        const { outline, warnings } = outlineAsOf(cert, asOf);
        return { ...cert, inForce: { outline: outline.id, asOf, warnings } };
      },
    },
    {
      method: "GET",
      url: "/api/compare",
      auth: "public",
      summary: "Side-by-side comparison of two or more certifications",
      query: z.strictObject({ ids: z.string().min(1).max(200) }),
      handler: async ({ query }) => {
        const ids = query.ids
          .split(",")
          .map((s: string) => s.trim())
          .filter(Boolean);
        if (ids.length < 2)
          throw new HttpError(400, "invalid-request", "ids: name at least two certifications");
        if (ids.length > 8) throw new HttpError(400, "invalid-request", "ids: at most eight certifications");
        return compareCertifications(catalog(), ids.map(certification), today());
      },
    },
    {
      method: "POST",
      url: "/api/eligibility",
      auth: "public",
      summary: "Eligibility verdicts for a profile (all certifications, or the ids given)",
      body: z.strictObject({ profile: z.unknown(), ids: z.array(z.string().max(64)).max(20).optional() }),
      handler: async ({ body }) => {
        const profile = checkedProfile(body.profile);
        const certs: Certification[] = body.ids ? body.ids.map(certification) : catalog().certifications;
        const asOf = profile.asOf ?? today();
        return { asOf, verdicts: certs.map((c) => evaluateEligibility(c, profile, asOf)) };
      },
    },
    {
      method: "POST",
      url: "/api/advice",
      auth: "public",
      summary: "The next certifications to aim for, with reasons",
      body: z.strictObject({ profile: z.unknown(), goal: z.enum(goals).optional() }),
      handler: async ({ body }) => {
        const profile = checkedProfile(body.profile);
        return advise(catalog(), profile, profile.asOf ?? today(), body.goal);
      },
    },
    {
      method: "GET",
      url: "/api/attempts",
      summary: "Attempts, newest first",
      query: pageQuery,
      handler: async ({ query, user }) => ({
        attempts: await repo.list(query.limit, query.offset, multiUser ? user!.id : undefined),
      }),
    },
    {
      method: "POST",
      url: "/api/attempts",
      summary: "Start an exam, tutor or adaptive attempt",
      body: createAttemptSchema,
      status: 201,
      handler: async ({ body, user }) => {
        certification(body.exam);
        if ((await bank.refresh()).changed) attempts.invalidate();
        return attempts.view(await attempts.create(body, user?.id ?? null));
      },
    },
    {
      method: "GET",
      url: "/api/attempts/:id",
      summary: "The attempt as the candidate sees it now: current item, answers, flags, time",
      params: attemptParams,
      handler: async ({ params, user }) =>
        attempts.view(await attempts.load(await ownAttempt(params.id, user))),
    },
    {
      method: "POST",
      url: "/api/attempts/:id/commands",
      summary: "Answer, submit, flag, strike, move, break, report or finish; idempotent by seq",
      params: attemptParams,
      body: commandRequestSchema,
      handler: async ({ params, body, user }) => {
        await ownAttempt(params.id, user);
        const { session, duplicate } = await attempts.command(params.id, body.seq, body.command);
        return { duplicate, attempt: attempts.view(session) };
      },
    },
    {
      method: "POST",
      url: "/api/attempts/:id/discard",
      summary:
        "Give up an unfinished attempt of one's own (not an assigned one): kept in its log, left out of history and readiness",
      params: attemptParams,
      handler: async ({ params, user }) => attempts.discard(await ownAttempt(params.id, user)),
    },
    {
      method: "GET",
      url: "/api/attempts/:id/review",
      summary: "The review screen: answered, unanswered and flagged items",
      params: attemptParams,
      handler: async ({ params, user }) =>
        attempts.review(await attempts.load(await ownAttempt(params.id, user))),
    },
    {
      method: "GET",
      url: "/api/attempts/:id/report",
      summary: "The score report of a finished attempt, with keys and rationales",
      params: attemptParams,
      handler: async ({ params, user }) =>
        attempts.report(await attempts.load(await ownAttempt(params.id, user))),
    },
    ...accountRoutes({
      auth,
      accounts,
      repo,
      clock,
      candidateLog: (id) => attempts.candidateLog(id),
    }),
    ...cohortRoutes({
      cohorts: new CohortRepository(options.store.db),
      accounts,
      repo,
      attempts,
      clock,
      certification,
    }),
    ...studyRoutes({ db: options.store.db, attempts, clock, certification }),
    ...authoringRoutes({
      authoring,
      bank,
      transact: transactOn(options.store.db),
      clock,
      catalog,
      onPublish: async () => {
        if ((await bank.refresh()).changed) attempts.invalidate();
      },
    }),
  ];

  function certification(id: string): Certification {
    try {
      return findCertification(catalog(), id);
    } catch (e) {
      if (e instanceof InputError) throw new HttpError(404, "not-found", e.message);
      throw e;
    }
  }

  function checkedProfile(raw: unknown) {
    const parsed = profileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, "invalid-profile", `profile.${issue.path.join(".")}: ${issue.message}`);
    }
    checkProfileAgainstCatalog(parsed.data, catalog(), { file: "profile" });
    return parsed.data;
  }

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const user = request.principal?.user ?? null;
        if (route.accounts) accountsOn();
        if (multiUser && !isPublic(route)) {
          if (!user) throw new HttpError(401, "sign-in", "sign in first (POST /api/session)");
          if (Array.isArray(route.auth) && !route.auth.includes(user.role))
            throw new HttpError(403, "forbidden", `this needs the role ${route.auth.join(" or ")}`);
        }
        if (multiUser) auth.checkCsrf(request);
        const input = {
          params: route.params ? parseInput(route.params, request.params) : {},
          query: route.query ? parseInput(route.query, request.query) : {},
          body: route.body ? parseInput(route.body, request.body ?? {}) : undefined,
          user,
          request,
          reply,
        };
        // A route with `accounts: true` that is not public has a signed-in user by now (checked above).
        const result = await (route.handler as (input: RouteInput) => Promise<unknown>)(input);
        // A route without a fixed status may choose its own (200 unless it sets one).
        void reply.status(route.status ?? reply.statusCode);
        return result;
      },
    });
  }
  const openapi = openApiDocument(routes, options.version ?? "dev");
  app.get("/api/openapi.json", async () => openapi);
  const webRoot = options.webRoot ?? defaultWebRoot();
  if (existsSync(join(webRoot, "index.html"))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: "/", wildcard: false, index: ["index.html"] });
  } else {
    app.get("/", async (_request, reply) => {
      void reply.type("text/html; charset=utf-8");
      return landingPage();
    });
  }
  return app;
}

/** The built web app: web/dist at the package root (this file is dist/server/app.js or src/server/app.ts). */
function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "web", "dist");
}

function landingPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>certpath</title></head>
<body><main><h1>certpath</h1><p>The certpath server is running, but the web app is not built
(run <code>npm run build</code>). The API is described at
<a href="/api/openapi.json">/api/openapi.json</a>; health at <a href="/api/health">/api/health</a>;
certifications at <a href="/api/catalog">/api/catalog</a>.</p></main></body></html>`;
}
