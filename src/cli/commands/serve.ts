/**
 * `certpath serve [--host H] [--port P] [--db FILE] [--multi-user] [--trust-proxy [HOPS|ADDRESSES]]`:
 * the HTTP server on the embedded store, with
 * the bundled catalog and item bank, in loopback single-user mode. It runs until SIGINT or SIGTERM,
 * then stops taking connections, finishes the requests in flight and closes the store.
 *
 * It prints one readable line when it starts; its log is JSON lines (pino) on standard output: start-up,
 * warnings and errors at the default level info, one line per request from --log-level debug.
 */
import { isIP } from "node:net";
import { requireSoundBank } from "../../core/bank/load.js";
import type { BankItem } from "../../core/items/item.js";
import { buildServer } from "../../server/app.js";
import type { TrustProxy } from "../../server/auth/proxy-trust.js";
import { loadBank } from "../../store/content/item-files.js";
import { openStore } from "../../store/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { intOption } from "../exam/setup.js";

export interface ServeOptions {
  host?: string;
  port?: string;
  db?: string;
  multiUser?: boolean;
  /** `--trust-proxy` alone (true), or its value: a number of hops or the proxies' addresses. */
  trustProxy?: boolean | string;
  /** Level of the JSON log lines on standard output (default info, or $CERTPATH_LOG_LEVEL). */
  logLevel?: string;
  /** Tests: resolve once listening, with the address and a stop function, instead of waiting for a signal. */
  onListening?: (address: string, stop: () => Promise<void>) => void;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const MAX_HOPS = 10;

/**
 * `--trust-proxy [HOPS|ADDRESSES]`: alone, one hop (the proxy in front of certpath); a number, that
 * many proxies in a row; or a comma-separated list of the proxies' addresses or CIDR ranges.
 */
export function parseTrustProxy(value: boolean | string | undefined): TrustProxy {
  if (value === undefined || value === false) return false;
  if (value === true) return 1;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > MAX_HOPS)
      throw new UsageError(`--trust-proxy takes from 1 to ${MAX_HOPS} hops, not ${text}`);
    return hops;
  }
  const entries = text.split(",").map((e) => e.trim());
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const goodPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits);
    if (PROXY_NAMES.has(entry) || (family !== 0 && goodPrefix && extra === undefined)) continue;
    throw new UsageError(
      `--trust-proxy: ${JSON.stringify(entry)} is neither a number of hops nor an IP address, CIDR range, loopback, linklocal or uniquelocal`,
    );
  }
  return entries.join(",");
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export async function serve(ctx: CommandContext, opts: ServeOptions, version: string): Promise<number> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port === undefined ? 8080 : (intOption("--port", opts.port, 0) as number);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  if (!opts.multiUser && !LOOPBACK.has(host))
    throw new UsageError(
      `--host ${host} is not a loopback address; without --multi-user certpath serves only this machine (127.0.0.1 or ::1)`,
    );
  const trustProxy = parseTrustProxy(opts.trustProxy);
  const database = opts.db ?? process.env.DATABASE_URL;
  const logLevel = opts.logLevel ?? process.env.CERTPATH_LOG_LEVEL ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new UsageError(
      `--log-level must be one of ${LOG_LEVELS.join(", ")}, not "${logLevel}"${opts.logLevel ? "" : " (from $CERTPATH_LOG_LEVEL)"}`,
    );

  const catalog = ctx.catalog();
  let authored: BankItem[] | undefined;
  const content = {
    catalog: () => catalog,
    today: () => ctx.today(),
    authored: () => {
      authored ??= requireSoundBank(loadBank());
      return authored;
    },
  };
  content.authored();
  const store = await openStore(database);
  const shown = isIP(host) === 6 ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const allowedHosts: string[] = [];
  const app = await buildServer({
    store,
    content,
    allowedHosts,
    multiUser: opts.multiUser ?? false,
    trustProxy,
    logger: { level: logLevel },
    version,
  });
  try {
    await app.listen({ host, port });
  } catch (e) {
    await store.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`port ${port} is in use; choose another with --port`);
    throw e;
  }
  const bound = app.server.address();
  const actualPort = typeof bound === "object" && bound ? bound.port : port;
  const address = `http://${shown}:${actualPort}`;
  for (const h of [shown, "localhost", "127.0.0.1", "[::1]"]) allowedHosts.push(`${h}:${actualPort}`);
  ctx.out(
    `certpath is serving on ${address} (${opts.multiUser ? "multi-user, accounts on" : "single-user, loopback only"}; ${store.dialect === "postgres" ? "PostgreSQL" : "SQLite"} ${store.path}). Stop with Ctrl+C.`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close();
      await store.close();
    })();
    return stopping;
  };
  if (opts.onListening) {
    opts.onListening(address, stop);
    await new Promise<void>((resolve) => {
      app.addHook("onClose", async () => resolve());
    });
    await stop();
    return 0;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      ctx.err(`certpath: ${signal} received; finishing requests in flight and closing the store`);
      void stop().then(resolve);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  return 0;
}
