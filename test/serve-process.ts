/** Starting `certpath serve` as a real process for tests, and killing it. */
import { type ChildProcess, spawn } from "node:child_process";

export interface ServerProcess {
  child: ChildProcess;
  address: string;
}

export async function startServer(
  db: string,
  env: NodeJS.ProcessEnv = {},
  args: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["bin/certpath.js", "serve", "--port", "0", "--db", db, ...args], {
    env: { ...process.env, CERTPATH_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
  return { child, address };
}

export function stopServer(server: ServerProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.on("exit", () => resolve());
    server.child.kill(signal);
  });
}

/** A JSON call to a server; a 4xx or 5xx throws an error carrying the status and the body. */
export async function call(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: API payloads
): Promise<Record<string, any>> {
  const r = await fetch(`${server.address}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: API payloads
  const json = (await r.json()) as Record<string, any>;
  if (r.status >= 400)
    throw Object.assign(
      new Error(`${r.status} ${JSON.stringify(body)} ${JSON.stringify(json).slice(0, 200)}`),
      {
        status: r.status,
        json,
      },
    );
  return json;
}
