/** Vitest global setup: a PostgreSQL server for the whole run (see postgres.ts). */
import type { TestProject } from "vitest/node";
import { startTemporaryPostgres } from "./postgres.js";

export default async function setup(project: TestProject) {
  const given = process.env.CERTPATH_TEST_PG_URL;
  if (given) {
    project.provide("pgUrl", given);
    return;
  }
  const server = await startTemporaryPostgres();
  project.provide("pgUrl", server.url);
  return () => server.stop();
}
