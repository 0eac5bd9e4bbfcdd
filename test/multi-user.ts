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
  app: FastifyInstance;
  /** Creates `name@example.org` with a role and signs them in. */
  person(name: string, role: Role): Promise<void>;
  /** A request as a signed-in person ("" for nobody). */
  send(who: string, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** `target` names the store (an SQLite file or a PostgreSQL URL); default: a new SQLite file. */
export async function multiUserServer(label: string, target?: string): Promise<MultiUser> {
  const store = target
    ? await openStore(target)
    : await openSqliteStore(join(mkdtempSync(join(tmpdir(), `certpath-${label}-`)), "m.db"));
  const app = await buildServer({ store, content, allowedHosts: [], multiUser: true });
  const auth = new Auth(new AccountRepository(store.db), Date.now);
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
    app,
    send,
    async person(name, role) {
      await auth.createUser(`${name}@example.org`, role, PASSWORD);
      const r = await send("", "POST", "/api/session", { email: `${name}@example.org`, password: PASSWORD });
      heads[name] = {
        cookie: String(r.headers["set-cookie"]).split(";")[0]!,
        "x-csrf-token": r.json().csrfToken,
      };
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
