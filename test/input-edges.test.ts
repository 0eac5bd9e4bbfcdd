/**
 * Text with a NUL character and integers beyond a 32-bit column reach every route's input, on
 * SQLite and on PostgreSQL (whose text cannot hold a NUL and whose integer columns end at 2³¹−1).
 * Driven by the server's own route table (its OpenAPI document): for each route and each of its
 * inputs, one request with that input spoiled. A NUL gets 400 naming the field, and so does 2³¹ as
 * an id in the path; 2³¹ elsewhere (a count, an offset, a step number) never gets a 5xx; and both
 * stores answer every request the same. A route with a body and no sample here fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MultiUser, multiUserServer } from "./multi-user.js";
import { storeTargets } from "./postgres.js";

const NUL = "a\u0000b";
const TOO_BIG = 2 ** 31;

/** A request body each route accepts as it stands, keyed "METHOD /url". */
const bodies: Record<string, unknown> = {
  "POST /api/eligibility": { profile: { asOf: "2026-11-22", experience: [] }, ids: ["issmp"] },
  "POST /api/advice": { profile: { asOf: "2026-11-22", experience: [] }, goal: "management" },
  "POST /api/attempts": { exam: "issmp", items: 2, seed: "edge", domains: ["1"] },
  "POST /api/attempts/:id/commands": { seq: 1, command: { kind: "flag", itemId: "x", flagged: true } },
  "POST /api/session": { email: "nobody@example.org", password: "not this one" },
  "PUT /api/me/password": { current: "not this one", password: "another long passphrase 7" },
  "DELETE /api/me": { password: "not this one" },
  "POST /api/users": { email: "new@example.org", role: "candidate", password: "a long passphrase 77" },
  "PUT /api/users/:id/password": { password: "a long passphrase 78" },
  "PUT /api/users/:id/role": { role: "candidate" },
  "POST /api/bank/lint": { item: { id: "issmp-x", stem: "s", options: [{ id: "A", text: "t" }] } },
  "POST /api/bank/items": { item: { id: "issmp-x", stem: "s" } },
  "PUT /api/bank/items/:id": { item: { id: "issmp-x", stem: "s" }, updatedAt: 0 },
  "PUT /api/item-reports/:id": { status: "resolved", note: "fixed" },
  "POST /api/cohorts": { name: "Spring" },
  "PUT /api/cohorts/:id/members": { add: ["cat@example.org"], remove: [] },
  "POST /api/cohorts/:id/assignments": {
    title: "Week 1",
    settings: { exam: "issmp", items: 2, tasks: ["issmp:1.2.4"] },
    due: "2026-12-01",
  },
  "POST /api/cohorts/:id/attempts/:attemptId/time": { minutes: 5 },
  "POST /api/study/practice": { exam: "issmp", items: 5 },
  "POST /api/study/weak": { exam: "issmp", items: 3, mode: "tutor" },
  "PATCH /api/profile": {
    goal: { exam: "issmp", examDate: "2027-03-01", hoursPerWeek: 6 },
    eligibility: { experience: [], credentials: [{ id: "cissp", status: "active" }] },
  },
};

/** Query parameters a route needs to be valid at all. */
const requiredQuery: Record<string, Record<string, string>> = {
  "GET /api/compare": { ids: "issmp,cissp" },
  "GET /api/study": { exam: "issmp" },
  "GET /api/readiness": { exam: "issmp" },
  "GET /api/study/plan": { exam: "issmp", date: "2027-03-01" },
};

interface Operation {
  description: string;
  parameters: { name: string; in: "path" | "query"; schema: { type?: string } }[];
  requestBody?: unknown;
}

interface Variant {
  label: string;
  who: string;
  method: string;
  url: string;
  body?: unknown;
  /** For a NUL: the field the answer must name. */
  field?: string;
}

/** Every string and integer leaf of a JSON value, with its path. */
function leaves(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; kind: "text" | "int" }[] {
  if (typeof value === "string") return [{ path, kind: "text" }];
  if (typeof value === "number" && Number.isInteger(value)) return [{ path, kind: "int" }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

function withLeaf(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = withLeaf(copy[head!], rest, leaf);
  return copy;
}

const targets = storeTargets("input_edges");

/** Each store's answer to each variant, compared once both have run. */
const answers = new Map<string, Map<string, string>>();

describe.each(targets)("NUL characters and out-of-range ids on %s", (dialect, target) => {
  let m: MultiUser;
  const variants: Variant[] = [];

  beforeAll(async () => {
    m = await multiUserServer("input-edges", await target());
    const people = { candidate: "cat", instructor: "ian", author: "ann", admin: "ada" } as const;
    for (const [role, name] of Object.entries(people)) await m.person(name, role as keyof typeof people);
    const attempt = (
      await m.send("cat", "POST", "/api/attempts", { exam: "issmp", items: 2, seed: "e" })
    ).json();
    const me = (await m.send("cat", "GET", "/api/me")).json();
    const cohort = (await m.send("ian", "POST", "/api/cohorts", { name: "Edges" })).json();
    const ids: Record<string, string> = {
      "/api/catalog/": "issmp",
      "/api/attempts/": attempt.id,
      "/api/users/": me.user.id,
      "/api/cohorts/": cohort.id ?? cohort.cohort?.id,
      "/api/assignments/": "no-such-assignment",
      "/api/bank/items/": "issmp-no-such-item",
      "/api/item-reports/": "1",
    };
    const paramValue = (url: string, name: string) =>
      name === "attemptId" ? attempt.id : Object.entries(ids).find(([prefix]) => url.startsWith(prefix))![1];

    const doc = (await m.send("cat", "GET", "/api/openapi.json")).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(operations)) {
        const url = path.replace(/\{([A-Za-z]+)\}/g, ":$1");
        const key = `${method.toUpperCase()} ${url}`;
        const role = /roles: ([a-z]+)/.exec(op.description)?.[1] ?? "candidate";
        const who = people[role as keyof typeof people];
        const body = op.requestBody ? bodies[key] : undefined;
        if (op.requestBody && body === undefined) throw new Error(`add a sample body for ${key}`);
        const params = Object.fromEntries(
          op.parameters.filter((p) => p.in === "path").map((p) => [p.name, paramValue(url, p.name)]),
        );
        const query = { ...(requiredQuery[key] ?? {}) };
        const build = (p: Record<string, string>, q: Record<string, string>) => {
          const filled = url.replace(/:([A-Za-z]+)/g, (_m, n: string) => encodeURIComponent(p[n]!));
          const qs = new URLSearchParams(q).toString();
          return qs ? `${filled}?${qs}` : filled;
        };
        for (const p of op.parameters) {
          const int = p.schema.type === "integer" || p.schema.type === "number";
          const spoiled = int ? String(TOO_BIG) : NUL;
          const v: Variant = {
            label: `${key} ${p.in} ${p.name}=${int ? "2^31" : "NUL"}`,
            who,
            method: method.toUpperCase(),
            url:
              p.in === "path"
                ? build({ ...params, [p.name]: spoiled }, query)
                : build(params, { ...query, [p.name]: spoiled }),
            body,
            // A row id in the path is refused as such; a count or offset may be answered (empty).
            field: int && p.in === "query" ? undefined : p.name,
          };
          variants.push(v);
        }
        for (const leaf of leaves(body))
          variants.push({
            label: `${key} body ${leaf.path.join(".")}=${leaf.kind === "int" ? "2^31" : "NUL"}`,
            who,
            method: method.toUpperCase(),
            url: build(params, query),
            body: withLeaf(body, leaf.path, leaf.kind === "int" ? TOO_BIG : NUL),
            field: leaf.kind === "int" ? undefined : leaf.path.join("."),
          });
      }
  });
  afterAll(() => m.close());

  it("refuses a NUL in every text input and 2^31 as an id with 400 naming the field, and never fails on 2^31", async () => {
    expect(variants.length).toBeGreaterThan(80);
    const seen = new Map<string, string>();
    const wrong: string[] = [];
    for (const v of variants) {
      const r = await m.send(v.who, v.method, v.url, v.body);
      const error = r.statusCode >= 400 ? (r.json().error as { code: string; message: string }) : undefined;
      seen.set(v.label, `${r.statusCode} ${error?.code ?? ""}`);
      if (v.field !== undefined) {
        if (r.statusCode !== 400 || !error?.message.startsWith(`${v.field}: `))
          wrong.push(`${v.label}: ${r.statusCode} ${error?.message ?? r.body.slice(0, 120)}`);
      } else if (r.statusCode >= 500)
        wrong.push(`${v.label}: ${r.statusCode} ${error?.message ?? r.body.slice(0, 120)}`);
    }
    answers.set(dialect, seen);
    expect(wrong).toEqual([]);
  });
});

it("answers every spoiled request the same on SQLite and PostgreSQL", () => {
  const sqlite = answers.get("SQLite");
  const postgres = answers.get("PostgreSQL");
  expect(sqlite?.size).toBeGreaterThan(80);
  expect(Object.fromEntries(postgres!)).toEqual(Object.fromEntries(sqlite!));
});
