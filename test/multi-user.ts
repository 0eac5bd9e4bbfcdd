/** A multi-user server on a temporary SQLite store, with people signed in by name, for API tests. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { requireSoundBank } from "../src/core/bank/load.js";
import { buildServer } from "../src/server/app.js";
import { Auth } from "../src/server/auth/sessions.js";
import { AccountRepository, type Role } from "../src/store/accounts/account-repository.js";
import { loadCatalog } from "../src/store/content/content-dir.js";
import { loadBank } from "../src/store/content/item-files.js";
import { openStore } from "../src/store/open.js";
import { openSqliteStore } from "../src/store/sqlite/open.js";
import type { Store } from "../src/store/store.js";

export const HOST = "certpath.example.org";
export const PASSWORD = "a long and unusual passphrase 42";
const catalog = loadCatalog();
export const authored = requireSoundBank(loadBank());
export const content = { catalog: () => catalog, today: () => "2026-11-29", authored: () => authored };

export interface MultiUser {
  store: Store;
  /** The server now (a new one after `restart`). */
  readonly app: FastifyInstance;
  /** Creates `name@example.org` with a role and signs them in. */
  person(name: string, role: Role): Promise<void>;
  /** A request as a signed-in person ("" for nobody). */
  send(who: string, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Closes the server and starts a new one on the same store, as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `target` names the store (an SQLite file or a PostgreSQL URL); default: a new SQLite file.
 * `clock` is the server's clock (default: the real one).
 */
export async function multiUserServer(
  label: string,
  target?: string,
  options: { clock?: () => number } = {},
): Promise<MultiUser> {
  const store = target
    ? await openStore(target)
    : await openSqliteStore(join(mkdtempSync(join(tmpdir(), `certpath-${label}-`)), "m.db"));
  const clock = options.clock ?? Date.now;
  const start = () => buildServer({ store, content, clock, allowedHosts: [], multiUser: true });
  let app = await start();
  const auth = new Auth(new AccountRepository(store.db), clock);
  const heads: Record<string, Record<string, string>> = {};
  const send = (who: string, method: string, url: string, body?: unknown) =>
    app.inject({
      method: method as "GET",
      url,
      headers: {
        host: HOST,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(heads[who] ?? {}),
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    store,
    get app() {
      return app;
    },
    send,
    async person(name, role) {
      await auth.createUser(`${name}@example.org`, role, PASSWORD);
      const r = await send("", "POST", "/api/session", { email: `${name}@example.org`, password: PASSWORD });
      heads[name] = {
        cookie: String(r.headers["set-cookie"]).split(";")[0]!,
        "x-csrf-token": r.json().csrfToken,
      };
    },
    async restart() {
      await app.close();
      app = await start();
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/**
 * A request to `app()` as a browser at `host` sends it: JSON body, extra headers, and the client's
 * address from the header `x-test-ip` (else `address()`), so tests can play several clients.
 */
export function requester(app: () => FastifyInstance, address: () => string) {
  return (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app().inject({
      method: method as "GET",
      url,
      headers: {
        host: HOST,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
      remoteAddress: headers["x-test-ip"] ?? address(),
    });
}
