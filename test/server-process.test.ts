/** `certpath serve` as a real process: it prints its address, serves, and stops cleanly on SIGTERM. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

describe("certpath serve", () => {
  it("serves the API on loopback and shuts down gracefully on SIGTERM", async () => {
    const home = mkdtempSync(join(tmpdir(), "certpath-serve-"));
    const child = spawn(process.execPath, ["bin/certpath.js", "serve", "--port", "0"], {
      env: { ...process.env, CERTPATH_HOME: home, CERTPATH_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(`serve exited early: ${out}${err}`)));
    });
    const health = await fetch(`${address}/api/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const created = await fetch(`${address}/api/attempts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ exam: "issmp", items: 3 }),
    });
    expect(created.status).toBe(201);
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(err).toContain("SIGTERM received");
  });

  /** Runs `certpath serve` with `args`, makes three requests, stops it, and returns what it printed. */
  async function serveAndLog(args: string[]): Promise<{ human: string[]; json: Record<string, unknown>[] }> {
    const home = mkdtempSync(join(tmpdir(), "certpath-log-"));
    const { CERTPATH_LOG_LEVEL: _level, ...env } = process.env;
    const child = spawn(process.execPath, ["bin/certpath.js", "serve", "--port", "0", ...args], {
      env: { ...env, CERTPATH_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", () => reject(new Error(`serve exited early: ${out}`)));
    });
    for (const path of ["/api/health", "/api/session", "/api/catalog"])
      expect((await fetch(`${address}${path}`)).status).toBe(200);
    await new Promise<void>((resolve) => {
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
    const lines = out.split("\n").filter(Boolean);
    return {
      human: lines.filter((l) => !l.startsWith("{")),
      json: lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  }

  it("logs start-up and errors at the default level, one readable line, and requests only at debug", async () => {
    const quiet = await serveAndLog([]);
    expect(quiet.human).toHaveLength(1);
    expect(quiet.human[0]).toMatch(
      /^certpath is serving on http:\/\/127\.0\.0\.1:\d+ \(single-user, loopback only; SQLite .*certpath\.db\)\. Stop with Ctrl\+C\.$/,
    );
    expect(quiet.json.length).toBeGreaterThan(0);
    expect(quiet.json.every((l) => (l.level as number) >= 30)).toBe(true);
    expect(quiet.json.filter((l) => "url" in l || "req" in l || "res" in l)).toEqual([]);
    const loud = await serveAndLog(["--log-level", "debug"]);
    const requests = loud.json.filter((l) => l.msg === "request");
    expect(requests.map((l) => [l.method, l.url, l.statusCode])).toEqual([
      ["GET", "/api/health", 200],
      ["GET", "/api/session", 200],
      ["GET", "/api/catalog", 200],
    ]);
    expect(loud.json.filter((l) => l.msg === "incoming request" || l.msg === "request completed")).toEqual(
      [],
    );
  });

  it.each([
    [["serve", "--log-level", "chatty"], /--log-level must be one of fatal, error, warn, info, debug/],
    [["serve", "--host", "0.0.0.0"], /not a loopback address/],
    [["serve", "--port", "70000"], /at most 65535/],
    [["serve", "--port", "http"], /--port must be a whole number/],
  ])("refuses %j with a usage error", async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("names an unreachable PostgreSQL server, without its password", async () => {
    const r = await cli("serve", "--db", "postgres://certpath:s3cret@127.0.0.1:1/certpath");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "postgres://certpath:***@127.0.0.1:1/certpath: cannot connect to the database",
    );
    expect(r.stderr).not.toContain("s3cret");
  });
});
