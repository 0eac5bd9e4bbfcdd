/**
 * One place that maps errors to HTTP: every failure becomes `{ error: { code, message } }` with a
 * stable code and a 4xx status, except bugs, which are 500 with no detail leaked.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { WorkflowError } from "../app/authoring/workflow.js";
import { AttemptError } from "../core/exam/attempt.js";
import { InputError } from "../core/input-error.js";
import { DuplicateEmailError } from "../store/accounts/account-repository.js";
import { StaleAttemptError, UnknownAttemptError } from "../store/attempts/attempt-repository.js";

/** An error with an HTTP status, thrown by route handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const ATTEMPT_STATUS: Record<AttemptError["code"], number> = {
  finished: 409,
  "not-in-form": 422,
  final: 409,
  "not-current": 409,
  navigation: 409,
  "no-review": 409,
  "bad-response": 422,
  "no-answer": 409,
  "bad-position": 422,
  "not-started": 409,
  untimed: 409,
};

const WORKFLOW_STATUS: Record<WorkflowError["kind"], number> = {
  "not-found": 404,
  conflict: 409,
  forbidden: 403,
  unprocessable: 422,
};

export function errorReply(error: unknown): { status: number; body: Record<string, unknown> } {
  const body = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => ({
    status,
    body: { error: { code, message, ...extra } },
  });
  if (error instanceof HttpError) return body(error.status, error.code, error.message, error.extra);
  if (error instanceof z.ZodError) {
    const issue = error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return body(400, "invalid-request", `${where}${issue.message}`);
  }
  if (error instanceof AttemptError) return body(ATTEMPT_STATUS[error.code], error.code, error.message);
  if (error instanceof WorkflowError)
    return body(WORKFLOW_STATUS[error.kind], error.code, error.message, error.detail);
  if (error instanceof UnknownAttemptError) return body(404, "not-found", "no such attempt");
  if (error instanceof StaleAttemptError)
    return body(409, "stale", "the attempt changed meanwhile; reload it and try again");
  if (error instanceof InputError) return body(400, "invalid-input", error.message);
  if (error instanceof DuplicateEmailError) return body(409, "duplicate-email", error.message);
  const fastify = error as FastifyError;
  // A request the endpoint's schema refuses: the first problem, with the field's path.
  if (Array.isArray(fastify?.validation) && fastify.validation.length > 0) {
    const issue = fastify.validation[0]!;
    const path = issue.instancePath.split("/").filter(Boolean).join(".");
    return body(400, "invalid-request", `${path ? `${path}: ` : ""}${issue.message}`);
  }
  if (typeof fastify?.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const code = (fastify.code ?? "bad-request")
      .toLowerCase()
      .replace(/^fst_err_/, "")
      .replace(/_/g, "-");
    return body(fastify.statusCode, code, fastify.message);
  }
  return body(500, "internal", "an internal error occurred; it has been logged");
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorReply(error);
  const retry = (body.error as { retryAfterSeconds?: number }).retryAfterSeconds;
  if (retry !== undefined) void reply.header("retry-after", String(retry));
  if (status >= 500) request.log.error({ err: error }, "request failed");
  void reply.status(status).send(body);
}
