/** What the exam commands share: the store, the bank, the exam's blueprint, and option parsing. */
import { randomBytes } from "node:crypto";
import { requireSoundBank } from "../../core/bank/load.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { outlineAsOf } from "../../core/catalog/outline-in-force.js";
import type { Certification, Outline } from "../../core/catalog/schema.js";
import { familiesFor, generatedItems, ItemIndex } from "../../core/generators/bank.js";
import type { BankItem } from "../../core/items/item.js";
import { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { loadBank } from "../../store/content/item-files.js";
import { openSqliteStore, type Store } from "../../store/sqlite/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";

export interface ExamSetup {
  cert: Certification;
  outline: Outline;
  /** Authored items plus, for a new form, fresh instances of the exam's computed item families. */
  bank: BankItem[];
  /** Every item by id, generated ones included (regenerated from their ids). */
  items: Map<string, BankItem>;
}

/** Instances of each computed family added to a form's bank. */
export const GENERATED_PER_FAMILY = 3;

/**
 * The exam's bank. With a seed (a new form), fresh instances of the computed families join the
 * authored items, so the numbers differ from form to form; replays find them by id either way.
 */
export function examSetup(ctx: CommandContext, examId: string, seed?: string): ExamSetup {
  const cert = findCertification(ctx.catalog(), examId);
  const { outline } = outlineAsOf(cert, ctx.today());
  const authored = requireSoundBank(loadBank());
  const families = familiesFor(cert.id);
  const bank =
    seed && families.length
      ? [...authored, ...generatedItems(seed, GENERATED_PER_FAMILY, families)]
      : authored;
  return { cert, outline, bank, items: new ItemIndex(bank.map((i) => [i.id, i])) };
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
