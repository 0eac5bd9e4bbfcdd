/**
 * The authoring workflow: an item's working copy moves draft → review → live, and can be retired.
 * Each step checks its rule (the lint gate before review, a second author to approve, no edits on
 * a retired item, no lost update), saves the item and writes its audit row in one transaction, so
 * no item changes without its audit row and no audit row names a change that did not happen.
 */
import type { Kysely } from "kysely";
import { taskExam } from "../../core/catalog/task-id.js";
import type { BankItem } from "../../core/items/item.js";
import type { Clock } from "../../core/time/clock.js";
import { AccountRepository } from "../../store/accounts/account-repository.js";
import { AuthoringRepository, type StoredBankItem } from "../../store/items/authoring-repository.js";
import type { Database } from "../../store/schema.js";

/** Why a workflow step is refused; `kind` says what sort of refusal it is, for the transport. */
export class WorkflowError extends Error {
  override readonly name = "WorkflowError";
  constructor(
    readonly kind: "not-found" | "conflict" | "forbidden" | "unprocessable",
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The repositories a workflow step uses, bound to one transaction. */
export interface AuthoringUnit {
  authoring: AuthoringRepository;
  accounts: AccountRepository;
}

/** Runs `fn` in one transaction: everything it writes is committed together or not at all. */
export type Transact = <T>(fn: (unit: AuthoringUnit) => Promise<T>) => Promise<T>;

export function transactOn(db: Kysely<Database>): Transact {
  return (fn) =>
    db
      .transaction()
      .execute((trx) =>
        fn({ authoring: new AuthoringRepository(trx), accounts: new AccountRepository(trx) }),
      );
}

export interface WorkflowDeps {
  transact: Transact;
  clock: Clock;
  /** The item as its file holds it, when the bank's files have it (file items can be edited too). */
  fileItem: (id: string) => BankItem | undefined;
  /** Lint findings of a working copy about to go to review, judged against the bank it would join. */
  lint: (item: BankItem) => { errors: unknown[]; warnings: unknown[] };
}

/** Who acts: the signed-in user's id, or "local" in single-user mode. */
export type Actor = { id: string } | null;
const actorId = (user: Actor) => user?.id ?? "local";

const editedMeanwhile = () =>
  new WorkflowError(
    "conflict",
    "edited-meanwhile",
    "someone changed this item meanwhile; reload it and edit again",
  );

/** An item as authored: without what the bank adds (its scenario set, whether generated). */
export function authoredPart(item: object): BankItem {
  const { scenario: _s, generated: _g, ...rest } = item as Record<string, unknown>;
  return rest as BankItem;
}

export function authoringWorkflow(deps: WorkflowDeps) {
  const { transact, clock } = deps;
  const later = (current: StoredBankItem) => Math.max(clock(), current.updatedAt + 1);

  async function save(unit: AuthoringUnit, item: StoredBankItem, previous: number | null) {
    if (!(await unit.authoring.save(item, previous))) throw editedMeanwhile();
    return item;
  }
  const audit = (unit: AuthoringUnit, user: Actor, action: string, target: string, detail: unknown = {}) =>
    unit.accounts.audit({ at: clock(), actor: actorId(user), action, target, detail });

  /** The stored working copy, or the file's item as a live one never edited through the server. */
  async function storedOrFile(unit: AuthoringUnit, id: string): Promise<StoredBankItem> {
    const stored = await unit.authoring.get(id);
    if (stored) return stored;
    const file = deps.fileItem(id);
    if (!file) throw new WorkflowError("not-found", "not-found", "no such item");
    const body = authoredPart(file);
    return {
      id,
      exam: taskExam(file.outlines[0]!),
      status: "live",
      body,
      published: body,
      editorId: null,
      approverId: null,
      authors: [],
      updatedAt: 0,
    };
  }

  /**
   * The authors of a working copy once `who` saves it: a new list after an approval (what was
   * approved has been reviewed already), otherwise `who` joins everyone who saved it before.
   */
  function authorsAfterEdit(current: StoredBankItem, who: string): string[] {
    if (current.status === "live") return [who];
    return current.authors.includes(who) ? current.authors : [...current.authors, who];
  }

  return {
    storedOrFile: (id: string) => transact((unit) => storedOrFile(unit, id)),

    /** A new item, as a draft. */
    create: (item: BankItem, exam: string, user: Actor) =>
      transact(async (unit) => {
        if (deps.fileItem(item.id) || (await unit.authoring.get(item.id)))
          throw new WorkflowError(
            "conflict",
            "duplicate-id",
            `an item with the id ${item.id} exists already`,
          );
        const saved = await save(
          unit,
          {
            id: item.id,
            exam,
            status: "draft",
            body: item,
            published: null,
            editorId: actorId(user),
            approverId: null,
            authors: [actorId(user)],
            updatedAt: clock(),
          },
          null,
        );
        await audit(unit, user, "item.created", item.id);
        return saved;
      }),

    /** A new working copy of an item; it becomes a draft again, while its published version stays live. */
    edit: (id: string, item: BankItem, seenUpdatedAt: number, user: Actor) =>
      transact(async (unit) => {
        const current = await storedOrFile(unit, id);
        if (current.status === "retired")
          throw new WorkflowError("conflict", "retired", "a retired item cannot be edited");
        if (seenUpdatedAt !== current.updatedAt) throw editedMeanwhile();
        const stored = await unit.authoring.get(id);
        const saved = await save(
          unit,
          {
            ...current,
            body: item,
            status: "draft",
            editorId: actorId(user),
            approverId: null,
            authors: authorsAfterEdit(current, actorId(user)),
            updatedAt: later(current),
          },
          stored ? current.updatedAt : null,
        );
        await audit(unit, user, "item.edited", id);
        return saved;
      }),

    /** A draft goes to review, once lint finds no error in it. */
    submit: (id: string, user: Actor) =>
      transact(async (unit) => {
        const current = await unit.authoring.get(id);
        if (!current) throw new WorkflowError("not-found", "not-found", "no draft with this id");
        if (current.status !== "draft")
          throw new WorkflowError("conflict", "not-draft", `the item is ${current.status}, not a draft`);
        const lint = deps.lint({ ...(current.body as BankItem), status: "review" });
        if (lint.errors.length)
          throw new WorkflowError(
            "unprocessable",
            "lint-errors",
            `fix the lint errors first (${lint.errors.length})`,
            {
              lint,
            },
          );
        const saved = await save(
          unit,
          { ...current, status: "review", updatedAt: later(current) },
          current.updatedAt,
        );
        await audit(unit, user, "item.submitted", id);
        return saved;
      }),

    /**
     * An item in review goes live, approved by an author who wrote no part of it since its last
     * approval. Single-user mode has one person and no second author to wait for.
     */
    approve: (id: string, user: Actor) =>
      transact(async (unit) => {
        const current = await unit.authoring.get(id);
        if (!current) throw new WorkflowError("not-found", "not-found", "no item in review with this id");
        if (current.status !== "review")
          throw new WorkflowError(
            "conflict",
            "not-in-review",
            `the item is ${current.status}, not in review`,
          );
        // Whoever saved any version since the last approval wrote part of what is approved, even if
        // their edit was later saved again, unchanged, by someone else.
        if (user && (current.authors.includes(user.id) || current.editorId === user.id))
          throw new WorkflowError(
            "forbidden",
            "second-author",
            "a second author must approve: you wrote part of this version of the item since it was last approved",
          );
        const saved = await save(
          unit,
          {
            ...current,
            status: "live",
            published: { ...current.body, status: "live" } as BankItem,
            approverId: actorId(user),
            updatedAt: later(current),
          },
          current.updatedAt,
        );
        await audit(unit, user, "item.approved", id, { editor: current.editorId, authors: current.authors });
        return saved;
      }),

    /** No new attempt delivers a retired item. */
    retire: (id: string, user: Actor) =>
      transact(async (unit) => {
        const current = await storedOrFile(unit, id);
        if (current.status === "retired")
          throw new WorkflowError("conflict", "retired", "the item is retired already");
        const stored = await unit.authoring.get(id);
        const saved = await save(
          unit,
          { ...current, status: "retired", updatedAt: later(current) },
          stored ? current.updatedAt : null,
        );
        await audit(unit, user, "item.retired", id);
        return saved;
      }),

    /** A problem a candidate reported, resolved or dismissed with a note. */
    resolveReport: (reportId: number, status: "resolved" | "dismissed", note: string, user: Actor) =>
      transact(async (unit) => {
        if (!(await unit.authoring.resolveReport(reportId, status, note, actorId(user), clock())))
          throw new WorkflowError("not-found", "not-found", "no such report");
        await audit(unit, user, `item-report.${status}`, String(reportId), { note });
      }),
  };
}

export type AuthoringWorkflow = ReturnType<typeof authoringWorkflow>;
