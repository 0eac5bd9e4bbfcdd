/**
 * Talking to the certpath server. Commands to an attempt go through one queue per attempt: each is
 * sent with the step number last seen and retried (with back-off) until the server acknowledges it,
 * which is safe because the server treats a retried command as a no-op.
 */

import type { z } from "zod";
import type { AttemptView, ApiCommand as Command, ItemView } from "../../src/core/api/attempts.js";
import { type Endpoint, pathOf, type ResponseOf } from "../../src/core/api/endpoint.js";
import { endpoints } from "../../src/core/api/index.js";

export type { AttemptView, Command, ItemView, ResponseOf };
export type DeliveredOption = ItemView["options"][number];
/** What starts an attempt (the body of POST /api/attempts). */
export type CreateAttemptBody = z.input<typeof endpoints.startAttempt.body>;
export { endpoints };

export interface ApiError {
  status: number;
  code: string;
  message: string;
  attempt?: AttemptView;
}

export class HttpProblem extends Error {
  constructor(readonly problem: ApiError) {
    super(problem.message);
  }
}

/** The sentence to show for a failed call: the server's message, or what went wrong on the way. */
export function messageOf(e: unknown): string {
  return e instanceof HttpProblem ? e.problem.message : e instanceof Error ? e.message : String(e);
}

/** The session's CSRF token, on a server with accounts (sent back on every state-changing request). */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What a call of an endpoint sends: its path parameters, query and body, as the contract types them. */
export type CallInput<E extends Endpoint> = (E["params"] extends z.ZodType
  ? { params: z.input<E["params"]> }
  : { params?: undefined }) &
  (E["query"] extends z.ZodType ? { query?: z.input<E["query"]> } : { query?: undefined }) &
  (E["body"] extends z.ZodType ? { body: z.input<E["body"]> } : { body?: undefined });

/**
 * Calls an endpoint of the API contract and checks the answer against the endpoint's response
 * schema: a page works with what the contract promises, or gets one clear error saying it did not.
 */
export async function call<E extends Endpoint>(
  endpoint: E,
  ...[input]: Partial<CallInput<E>> extends CallInput<E> ? [CallInput<E>?] : [CallInput<E>]
): Promise<ResponseOf<E>> {
  const { params, query, body } = (input ?? {}) as {
    params?: Record<string, string | number>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  let path = pathOf(endpoint, params);
  if (query) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
    if ([...search].length) path += `?${search}`;
  }
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
  if (csrfToken && endpoint.method !== "GET") headers["x-csrf-token"] = csrfToken;
  const r = await fetch(path, {
    method: endpoint.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json().catch(() => ({}))) as { error?: Omit<ApiError, "status"> };
  if (!r.ok)
    throw new HttpProblem({
      status: r.status,
      code: json.error?.code ?? "error",
      message: json.error?.message ?? r.statusText,
      attempt: json.error?.attempt,
    });
  const checked = endpoint.response.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new HttpProblem({
      status: r.status,
      code: "contract",
      message: `the server's answer to ${endpoint.method} ${endpoint.url} does not match the API contract (${issue.path.join(".") || "the answer"}: ${issue.message})`,
    });
  }
  return checked.data as ResponseOf<E>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends commands in order, each with the latest step number, retrying until acknowledged.
 * `onSaving(true|false)` tells the page when something is unsaved; `onState` gets every new state.
 */
export class CommandQueue {
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    private view: AttemptView,
    private readonly onState: (view: AttemptView) => void,
    private readonly onSaving: (saving: boolean, retrying: boolean) => void,
  ) {}

  get current(): AttemptView {
    return this.view;
  }

  /** Resolves once every command sent so far is acknowledged or refused. */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  send(command: Command): Promise<AttemptView> {
    this.pending++;
    this.onSaving(true, false);
    const run = async (): Promise<AttemptView> => {
      let delay = 250;
      for (;;) {
        try {
          const r = await call(endpoints.sendCommand, {
            params: { id: this.view.id },
            body: { seq: this.view.seq, command },
          });
          this.view = r.attempt;
          return r.attempt;
        } catch (e) {
          if (e instanceof HttpProblem && e.problem.status < 500) {
            // Refused (stale, not allowed): take the server's state and stop.
            if (e.problem.attempt) this.view = e.problem.attempt;
            throw e;
          }
          // The network or the server is away: keep trying; the command is idempotent.
          this.onSaving(true, true);
          await sleep(delay);
          delay = Math.min(delay * 2, 4000);
        }
      }
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result.finally(() => {
      this.pending--;
      this.onState(this.view);
      if (this.pending === 0) this.onSaving(false, false);
    });
  }
}

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
