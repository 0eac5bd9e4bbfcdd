import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isPublic, pathOf } from "./endpoint.js";
import { allEndpoints, endpoints } from "./index.js";

describe("the API contract", () => {
  it("names each method and path once", () => {
    const keys = allEndpoints.map((e) => `${e.method} ${e.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(49);
  });

  it("gives every path parameter a schema, and no schema a parameter the path lacks", () => {
    for (const e of allEndpoints) {
      const inPath = [...e.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).sort();
      const inSchema = e.params ? Object.keys((e.params as z.ZodObject).shape).sort() : [];
      expect(inSchema, `${e.method} ${e.url}`).toEqual(inPath);
    }
  });

  it("has a response schema for every endpoint, and a body only where the method sends one", () => {
    for (const e of allEndpoints) {
      expect(e.response, `${e.method} ${e.url}`).toBeInstanceOf(z.ZodType);
      if (e.method === "GET") expect(e.body, `${e.method} ${e.url}`).toBeUndefined();
    }
  });

  it("fills a path's parameters, each as one encoded segment, and refuses a missing one", () => {
    expect(pathOf(endpoints.memberReport, { id: "c 1", attemptId: "a/b" })).toBe(
      "/api/cohorts/c%201/attempts/a%2Fb/report",
    );
    expect(() => pathOf(endpoints.getAttempt, {})).toThrow(/parameter id is missing/);
  });

  it("says who may call an endpoint", () => {
    expect(isPublic(endpoints.catalog)).toBe(true);
    expect(isPublic(endpoints.signIn)).toBe(true);
    expect(isPublic(endpoints.getAttempt)).toBe(false);
    expect(endpoints.listUsers.auth).toEqual(["admin"]);
  });

  it("shows a candidate's item without key, correctness or rationale fields until feedback", () => {
    // The attempt view names exactly these fields: anything else a handler added would be dropped.
    const item = {
      id: "q1",
      type: "single-choice" as const,
      stem: "s",
      options: [{ id: "o1", label: "A", text: "t", key: true, rationale: "r" }],
      response: null,
      flagged: false,
      confidence: null,
      struck: [],
      final: false,
      feedback: null,
      key: "o1",
      pretest: true,
      theta: 0.3,
    };
    const sent = z.encode(endpoints.getAttempt.response.shape.item, item) as Record<string, unknown>;
    expect(Object.keys(sent ?? {}).sort()).toEqual(
      [
        "confidence",
        "feedback",
        "final",
        "flagged",
        "id",
        "options",
        "response",
        "stem",
        "struck",
        "type",
      ].sort(),
    );
    expect((sent as { options: object[] }).options[0]).toEqual({ id: "o1", label: "A", text: "t" });
  });
});
