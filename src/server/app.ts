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
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import helmet from "helmet";
import { AnalysisSource } from "../app/analysis/item-analysis.js";
import { transactOn } from "../app/authoring/workflow.js";
import type { ContentSource } from "../app/exams/setup.js";
import type { Endpoint } from "../core/api/index.js";
import { findCertification } from "../core/catalog/catalog.js";
import type { Certification } from "../core/catalog/schema.js";
import { InputError } from "../core/input-error.js";
import type { Clock } from "../core/time/clock.js";
import { AccountRepository } from "../store/accounts/account-repository.js";
import { AttemptRepository } from "../store/attempts/attempt-repository.js";
import { StartLock } from "../store/attempts/start-lock.js";
import { CohortRepository } from "../store/cohorts/cohort-repository.js";
import { AuthoringRepository } from "../store/items/authoring-repository.js";
import { BEAT_MS, GONE_AFTER_MS, ServerRegistry } from "../store/servers/server-registry.js";
import type { Store } from "../store/store.js";
import { analysisRoutes } from "./analysis/routes.js";
import { fastifyTrustProxy, type TrustProxy } from "./auth/proxy-trust.js";
import { accountRoutes } from "./auth/routes.js";
import { Auth } from "./auth/sessions.js";
import { BankSource } from "./authoring/bank-source.js";
import { authoringRoutes } from "./authoring/routes.js";
import { catalogRoutes } from "./catalog/routes.js";
import { cohortRoutes } from "./cohorts/routes.js";
import { contractSerializer } from "./contract-serializer.js";
import { HttpError, handleError } from "./errors.js";
import { AttemptService } from "./exams/attempts.js";
import { attemptRoutes } from "./exams/routes.js";
import { openApiDocument, type RouteDef } from "./openapi.js";
import { loopbackGuard, sameOriginGuard } from "./origin-guard.js";
import { areaPlugin } from "./routes.js";
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
  /**
   * A response field its endpoint's contract does not name is an error (a 500), not silently
   * dropped. Default: the CERTPATH_STRICT_RESPONSES environment variable is "1" (the tests set it).
   */
  strictResponses?: boolean;
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

  // Requests are validated, and responses serialised, with the contract's zod schemas: a handler
  // cannot send a field its endpoint does not name.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    contractSerializer(options.strictResponses ?? process.env.CERTPATH_STRICT_RESPONSES === "1"),
  );
  // Every route's endpoint, for the OpenAPI document: what is served is what is described.
  const served: Endpoint[] = [];
  app.addHook("onRoute", (r) => {
    const e = r.config?.endpoint;
    if (e) served.push(e);
  });

  function certification(id: string): Certification {
    try {
      return findCertification(catalog(), id);
    } catch (e) {
      if (e instanceof InputError) throw new HttpError(404, "not-found", e.message);
      throw e;
    }
  }

  const cohorts = new CohortRepository(options.store.db);
  const access = { multiUser, auth };
  const areas: Record<string, RouteDef[]> = {
    catalog: catalogRoutes({
      repo,
      bank,
      catalog,
      today,
      certification,
      multiUser,
      version: options.version ?? "dev",
      dialect: options.store.dialect,
    }),
    exams: attemptRoutes({ repo, attempts, bank, certification, multiUser }),
    accounts: accountRoutes({
      auth,
      accounts,
      repo,
      clock,
      candidateLog: (id) => attempts.candidateLog(id),
    }),
    cohorts: cohortRoutes({ cohorts, accounts, repo, attempts, clock, certification }),
    study: studyRoutes({ db: options.store.db, attempts, clock, today, catalog, certification }),
    authoring: authoringRoutes({
      authoring,
      bank,
      transact: transactOn(options.store.db),
      clock,
      catalog,
      onPublish: async () => {
        if ((await bank.refresh()).changed) attempts.invalidate();
      },
    }),
    analysis: analysisRoutes({
      source: new AnalysisSource(repo, options.store.db),
      attempts,
      bank,
      cohorts,
      certification,
    }),
  };
  for (const routes of Object.values(areas)) await app.register(areaPlugin(routes, access));
  await app.after();
  const openapi = openApiDocument(served, options.version ?? "dev");
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
