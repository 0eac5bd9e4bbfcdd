/** What the exam commands share: the store, the bank, the exam's blueprint, and option parsing. */
import { randomBytes } from "node:crypto";
import type { AttemptParameters } from "../../app/calibration/exam-parameters.js";
import { type ContentSource, type ExamSetup, examSetup as sharedExamSetup } from "../../app/exams/setup.js";
import { requireSoundBank } from "../../core/bank/load.js";
import type { AdaptiveEngine } from "../../core/exam/adaptive.js";
import type { StepBody } from "../../core/exam/steps.js";
import type { BankItem } from "../../core/items/item.js";
import type { Clock } from "../../core/time/clock.js";
import { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { AttemptSession } from "../../store/attempts/attempt-session.js";
import { loadBank } from "../../store/content/item-files.js";
import { openSqliteStore, type Store } from "../../store/sqlite/open.js";
import type { CommandContext } from "../context.js";

export type { ExamSetup };

import { UsageError } from "../errors.js";

/** The CLI's content: the bundled (or $CERTPATH_CONTENT) bank, read afresh for each command. */
export function cliContent(ctx: CommandContext): ContentSource {
  return {
    catalog: () => ctx.catalog(),
    today: () => ctx.today(),
    authored: () => requireSoundBank(loadBank()),
  };
}

export function examSetup(ctx: CommandContext, examId: string, seed?: string): ExamSetup {
  return sharedExamSetup(cliContent(ctx), examId, seed);
}

export async function withStore<T>(
  dbPath: string | undefined,
  fn: (repo: AttemptRepository, store: Store) => Promise<T>,
): Promise<T> {
  const store = await openSqliteStore(dbPath);
  try {
    return await fn(new AttemptRepository(store.db), store);
  } finally {
    await store.close();
  }
}

/**
 * Starts a single-user attempt scored, for good, with `params` (the exam's parameter version current
 * now, or the authors' priors); `engine` for an adaptive one.
 */
export function startScored(
  repo: AttemptRepository,
  id: string,
  start: StepBody,
  items: ReadonlyMap<string, BankItem>,
  clock: Clock,
  params: AttemptParameters,
  engine?: AdaptiveEngine,
): Promise<AttemptSession> {
  return AttemptSession.start(repo, id, start, items, clock, engine, null, null, params.version);
}

/** A comma-separated list option ("1,3") as an array, or undefined. */
export function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) throw new UsageError(`expected a comma-separated list, got "${value}"`);
  return list;
}

export function intOption(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

/** A fresh seed when none is given (printed with the result, so any run can be repeated). */
export function seedOption(value: string | undefined): string {
  return value ?? randomBytes(4).toString("hex");
}

export function newAttemptId(): string {
  return randomBytes(6).toString("hex");
}
