/**
 * The HTTP API's contract, in one place: every endpoint with its request and response schemas.
 * The server is built from it, the OpenAPI document is generated from it, and the web app calls
 * the server through it.
 */
import { accountEndpoints } from "./accounts.js";
import { analysisEndpoints } from "./analysis.js";
import { attemptEndpoints } from "./attempts.js";
import { authoringEndpoints } from "./authoring.js";
import { catalogEndpoints } from "./catalog.js";
import { cohortEndpoints } from "./cohorts.js";
import type { Endpoint } from "./endpoint.js";
import { studyEndpoints } from "./study.js";

export const endpoints = {
  ...catalogEndpoints,
  ...attemptEndpoints,
  ...accountEndpoints,
  ...cohortEndpoints,
  ...studyEndpoints,
  ...authoringEndpoints,
  ...analysisEndpoints,
} as const;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/** Every endpoint, for building the server and the OpenAPI document. */
export const allEndpoints: readonly Endpoint[] = Object.values(endpoints);

export * from "./endpoint.js";
