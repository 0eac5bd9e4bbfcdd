/** The route table the server is built from, and the OpenAPI 3.1 document derived from it. */
import { z } from "zod";

export interface RouteDef {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Fastify path, with :params. */
  url: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  status?: number;
  // biome-ignore lint/suspicious/noExplicitAny: each route's input is typed by its own schemas
  handler: (input: { params: any; query: any; body: any }) => Promise<unknown>;
}

export function openApiDocument(routes: readonly RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", r.params],
      ["query", r.query],
    ] as const) {
      if (!schema) continue;
      const json = z.toJSONSchema(schema, { io: "input" }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(json.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === "path" || !!json.required?.includes(name),
          schema: s,
        });
    }
    const operation: Record<string, unknown> = {
      summary: r.summary,
      parameters,
      responses: {
        [String(r.status ?? 200)]: { description: "OK", content: { "application/json": {} } },
        "4XX": {
          description: "An error: { error: { code, message } }",
          content: { "application/json": {} },
        },
      },
    };
    if (r.body)
      operation.requestBody = {
        required: true,
        content: {
          "application/json": { schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }) },
        },
      };
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: { title: "certpath API", version },
    paths,
  };
}
