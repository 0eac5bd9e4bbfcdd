/**
 * The server is built from the API contract (src/core/api): every route is an endpoint of it, the
 * OpenAPI document describes every response from it, requests are checked against it after the
 * caller's rights, and responses carry only what it names.
 */
import Fastify from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { allEndpoints } from "../src/core/api/index.js";
import { contractSerializer, droppedField } from "../src/server/contract-serializer.js";
import { type MultiUser, multiUserServer } from "./multi-user.js";

describe("the API contract on the server", () => {
  let m: MultiUser;
  beforeAll(async () => {
    m = await multiUserServer("contract");
    await m.person("ada", "candidate");
  });
  afterAll(async () => m.close());

  it("serves exactly the contract's endpoints, each described with its response schema", async () => {
    const doc = (await m.send("", "GET", "/api/openapi.json")).json() as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
      >;
    };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const contract = allEndpoints.map((e) => `${e.method} ${e.url.replace(/:([A-Za-z]+)/g, "{$1}")}`);
    expect(served.sort()).toEqual(contract.sort());
    for (const e of allEndpoints) {
      const op = doc.paths[e.url.replace(/:([A-Za-z]+)/g, "{$1}")]![e.method.toLowerCase()]!;
      const ok = op.responses[String(e.status ?? 200)]!;
      expect(ok.content["application/json"]!.schema, `${e.method} ${e.url}`).toBeTypeOf("object");
    }
    // A response described field by field, not an empty object.
    const attempt = doc.paths["/api/attempts/{id}"]!.get!.responses["200"]!.content["application/json"]!
      .schema as { properties: Record<string, unknown> };
    expect(Object.keys(attempt.properties)).toEqual(expect.arrayContaining(["seq", "item", "remainingMs"]));
  });

  it("decides who may call before it reads the input, then names the first bad field", async () => {
    // Nobody signed in, a body that is wrong too: the answer is about signing in, not the body.
    const anonymous = await m.send("", "POST", "/api/attempts", { exam: 5 });
    expect(anonymous.statusCode).toBe(401);
    // A candidate on an instructors' endpoint: refused for the role, whatever the body says.
    const candidate = await m.send("ada", "POST", "/api/cohorts", { name: 5 });
    expect(candidate.statusCode).toBe(403);
    const bad = await m.send("ada", "POST", "/api/attempts", { exam: "issmp", items: "ten" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: "invalid-request",
      message: expect.stringMatching(/^items: /),
    });
    const nul = await m.send("ada", "POST", "/api/attempts", { exam: "iss\u0000mp" });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toMatch(/^exam: text must not contain the NUL character/);
  });
});

describe("responses serialised with the contract", () => {
  const response = z.object({ id: z.string(), item: z.object({ stem: z.string() }).nullable() });
  async function app(strict: boolean, onError?: (message: string) => void) {
    const a = Fastify();
    if (onError)
      a.setErrorHandler((error: Error, _request, reply) => {
        onError(error.message);
        void reply.status(500).send({ error: "internal" });
      });
    a.setValidatorCompiler(validatorCompiler);
    a.setSerializerCompiler(contractSerializer(strict));
    a.get("/x", { schema: { response: { "2xx": response } } }, async () => ({
      id: "a1",
      item: { stem: "s", key: "B" },
      theta: 1.2,
    }));
    return a;
  }

  it("drop every field the contract does not name", async () => {
    const r = await (await app(false)).inject({ method: "GET", url: "/x" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: "a1", item: { stem: "s" } });
  });

  it("in strict mode, refuse such a field with a 500 that names it", async () => {
    let logged = "";
    const a = await app(true, (message) => {
      logged = message;
    });
    const r = await a.inject({ method: "GET", url: "/x" });
    expect(r.statusCode).toBe(500);
    expect(logged).toMatch(/"item\.key", which the endpoint's contract does not name/);
  });

  it("find the first dropped field at any depth, ignoring undefined ones", () => {
    expect(droppedField({ a: 1, b: [{ c: 1, d: 2 }] }, { a: 1, b: [{ c: 1 }] })).toBe("b[0].d");
    expect(droppedField({ a: 1, b: undefined }, { a: 1 })).toBeNull();
    expect(droppedField([{ a: 1 }], [{ a: 1 }])).toBeNull();
  });
});
