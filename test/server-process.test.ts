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

  it.each([
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
