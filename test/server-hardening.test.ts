/**
 * What every response of the server carries, who may open its pages from another site, and how
 * long a slow client may hold a connection.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, type ServerOptions } from "../src/server/app.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import type { Store } from "../src/store/store.js";
import { content, HOST as MULTI_HOST } from "./multi-user.js";

const HOST = "127.0.0.1:8080";

/** A built web app in miniature: a page and an asset, as Vite lays them out. */
function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "certpath-web-"));
  mkdirSync(join(root, "assets"));
  writeFileSync(
    join(root, "index.html"),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  writeFileSync(join(root, "assets", "app.js"), "export {};\n");
  return root;
}

async function server(options: Partial<ServerOptions> = {}): Promise<{ app: FastifyInstance; store: Store }> {
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), "certpath-hard-")), "h.db"));
  const app = await buildServer({ store, content, allowedHosts: [HOST], webRoot: webRoot(), ...options });
  return { app, store };
}

const crossSiteLink = {
  "sec-fetch-site": "cross-site",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  "sec-fetch-user": "?1",
};

describe.each([
  ["single-user", {}, HOST],
  ["multi-user", { multiUser: true }, MULTI_HOST],
] as const)("the origin guard (%s)", (_mode, options, host) => {
  let app: FastifyInstance;
  let store: Store;
  beforeAll(async () => ({ app, store } = await server(options)));
  afterAll(async () => {
    await app.close();
    await store.close();
  });
  const get = (url: string, headers: Record<string, string>, method: "GET" | "HEAD" = "GET") =>
    app.inject({ method, url, headers: { host, ...headers } });

  it("opens the app's page from a link on another site", async () => {
    const page = await get("/", crossSiteLink);
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect((await get("/", crossSiteLink, "HEAD")).statusCode).toBe(200);
    expect(
      (
        await get("/", {
          "sec-fetch-site": "same-site",
          "sec-fetch-mode": "navigate",
          "sec-fetch-dest": "document",
        })
      ).statusCode,
    ).toBe(200);
  });

  it.each([
    ["an API navigation", "/api/health", crossSiteLink],
    ["an encoded API navigation", "/%61pi/health", crossSiteLink],
    ["an API navigation with a query", "/api?x=1", crossSiteLink],
    [
      "a cross-site fetch of a page",
      "/",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
    ],
    ["a page framed by another site", "/", { ...crossSiteLink, "sec-fetch-dest": "iframe" }],
    [
      "a cross-site script load",
      "/assets/app.js",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" },
    ],
    [
      "a cross-site API fetch",
      "/api/health",
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
    ],
  ])("refuses %s", async (_what, url, headers) => {
    const r = await get(url, headers);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("cross-origin");
  });

  it("refuses a cross-site form post even dressed as a navigation", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/",
      headers: { host, ...crossSiteLink, origin: "https://evil.example", "content-type": "application/json" },
      payload: "{}",
    });
    expect(r.statusCode).toBe(403);
  });
});

describe("security headers", () => {
  let app: FastifyInstance;
  let store: Store;
  beforeAll(async () => ({ app, store } = await server()));
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const csp = (value: unknown) =>
    Object.fromEntries(
      String(value)
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );

  it.each([
    ["a page", "GET", "/", undefined, 200],
    ["an asset", "GET", "/assets/app.js", undefined, 200],
    ["an API answer", "GET", "/api/health", undefined, 200],
    ["an API 404", "GET", "/api/nowhere", undefined, 404],
    ["a page 404", "GET", "/nowhere.html", undefined, 404],
    ["a bad request", "POST", "/api/attempts", "{not json", 400],
    ["a refused request", "GET", "/api/health", "cross-site", 403],
    // Errors of the router itself, raised before any hook runs.
    ["a malformed URL", "GET", "/api/attempts/%ZZ", undefined, 400],
    ["a path parameter of 300 characters", "GET", `/api/attempts/${"a".repeat(300)}`, undefined, 400],
  ])("are on %s", async (_what, method, url, body, status) => {
    const r = await app.inject({
      method: method as "GET",
      url,
      headers: {
        host: HOST,
        ...(body === "cross-site" ? { "sec-fetch-site": "cross-site" } : {}),
        ...(method === "POST" ? { "content-type": "application/json" } : {}),
      },
      payload: method === "POST" ? body : undefined,
    });
    expect(r.statusCode).toBe(status);
    const policy = csp(r.headers["content-security-policy"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
    expect(policy["script-src"]).toEqual(["'self'"]);
    expect(policy["style-src"]).toEqual(["'self'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(String(r.headers["content-security-policy"])).not.toContain("unsafe-inline");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    expect(r.headers["x-frame-options"]).toBe("SAMEORIGIN");
    // Plain HTTP: no HSTS (it would mean nothing to a browser, and loopback has no HTTPS).
    expect(r.headers["strict-transport-security"]).toBeUndefined();
    // Every API error in the API's shape: a code and one sentence.
    if (status >= 400 && url.startsWith("/api/"))
      expect(r.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it("sends HSTS only when a trusted proxy says the request came over HTTPS", async () => {
    const proxied = await server({ trustProxy: true });
    try {
      const https = await proxied.app.inject({
        method: "GET",
        url: "/api/health",
        headers: { host: HOST, "x-forwarded-proto": "https" },
      });
      expect(https.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      const http = await proxied.app.inject({ method: "GET", url: "/api/health", headers: { host: HOST } });
      expect(http.headers["strict-transport-security"]).toBeUndefined();
    } finally {
      await proxied.app.close();
      await proxied.store.close();
    }
    const untrusted = await app.inject({
      method: "GET",
      url: "/api/health",
      headers: { host: HOST, "x-forwarded-proto": "https" },
    });
    expect(untrusted.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("slow clients", () => {
  const LIMIT_MS = 1000;
  let app: FastifyInstance;
  let store: Store;
  let port: number;
  const allowedHosts: string[] = [];

  beforeAll(async () => {
    ({ app, store } = await server({ allowedHosts, timeouts: { requestMs: LIMIT_MS, headersMs: LIMIT_MS } }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as { port: number }).port;
    allowedHosts.push(`127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /**
   * Opens a connection, writes `start`, then calls `trickle` every `everyMs` until the server
   * closes the connection; resolves with what the server sent and how long the socket stayed open.
   * Fails if the server keeps it open for 10 s.
   */
  function holdOpen(start: string, trickle: string | null, everyMs = 200) {
    return new Promise<{ reply: string; openMs: number }>((resolve, reject) => {
      const began = Date.now();
      const socket = connect(port, "127.0.0.1");
      let reply = "";
      let timer: NodeJS.Timeout | undefined;
      const giveUp = setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        reject(new Error(`the server kept a slow connection open for 10 s; it sent: ${reply}`));
      }, 10_000);
      socket.on("connect", () => {
        socket.write(start);
        if (trickle !== null) timer = setInterval(() => socket.write(trickle), everyMs);
      });
      socket.on("data", (d) => {
        reply += d;
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ reply, openMs: Date.now() - began });
      });
    });
  }

  const head = (length: number) =>
    `POST /api/attempts HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it("still answers a client that is not slow", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(r.status).toBe(200);
  });

  it("cuts off a client that sends its headers, then stalls the body", async () => {
    const { reply, openMs } = await holdOpen(`${head(100)}{"exam":`, null);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(openMs).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(openMs).toBeLessThan(LIMIT_MS + 3000);
  });

  it("cuts off a client that dribbles its body a byte at a time", async () => {
    const { reply, openMs } = await holdOpen(`${head(10_000)}{"exam":"`, "x");
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(openMs).toBeLessThan(LIMIT_MS + 3000);
  });

  it("cuts off a client that dribbles its headers", async () => {
    const { openMs } = await holdOpen(
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`,
      "X-Slow: 1\r\n",
    );
    expect(openMs).toBeLessThan(LIMIT_MS + 3000);
  });
});
