/**
 * Talking to the certpath server. Commands to an attempt go through one queue per attempt: each is
 * sent with the step number last seen and retried (with back-off) until the server acknowledges it,
 * which is safe because the server treats a retried command as a no-op.
 */

export interface ApiError {
  status: number;
  code: string;
  message: string;
  attempt?: AttemptView;
}

export interface DeliveredOption {
  id: string;
  label: string;
  text: string;
}

export interface ItemView {
  id: string;
  type: "single-choice" | "multiple-response" | "ordering" | "matching" | "numeric";
  stem: string;
  scenario?: { id: string; title: string; case: string };
  options: DeliveredOption[];
  categories?: { id: string; text: string }[];
  select?: number;
  unit?: string;
  response: unknown;
  flagged: boolean;
  struck: string[];
  final: boolean;
  feedback: null | {
    key: unknown;
    correct: boolean;
    explanation: string | null;
    task: string;
    references: string[];
    /** For a wrong numeric answer that matches a misconception the author listed. */
    misconception: string | null;
    rationales: { id: string; label: string; rationale: string }[];
  };
}

export interface AttemptView {
  id: string;
  exam: string;
  mode: "exam" | "tutor" | "adaptive";
  status: "in-progress" | "finished" | "discarded";
  seq: number;
  position: number;
  total: number | null;
  answered: number;
  timeLimitMs: number | null;
  remainingMs: number | null;
  usedMs: number;
  warnings: number[];
  finish: { reason: string } | null;
  item: ItemView | null;
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

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
  if (csrfToken && method !== "GET") headers["x-csrf-token"] = csrfToken;
  const r = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json().catch(() => ({}))) as { error?: Omit<ApiError, "status"> } & T;
  if (!r.ok)
    throw new HttpProblem({
      status: r.status,
      code: json.error?.code ?? "error",
      message: json.error?.message ?? r.statusText,
      attempt: json.error?.attempt,
    });
  return json;
}

export type Command =
  | { kind: "answer"; itemId: string; response: unknown }
  | { kind: "submit"; itemId: string }
  | { kind: "flag"; itemId: string; flagged: boolean }
  | { kind: "strike"; itemId: string; optionId: string; struck: boolean }
  | { kind: "navigate"; position: number }
  | { kind: "report"; itemId: string; category: string; comment: string }
  | { kind: "finish" };

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
          const r = await api<{ attempt: AttemptView }>("POST", `/api/attempts/${this.view.id}/commands`, {
            seq: this.view.seq,
            command,
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
