/**
 * Attempts in the store: the append-only step log plus derived rows (status, responses, item
 * reports) written in the same transaction. Appending checks that the caller saw the latest step
 * (optimistic concurrency), so a retry or a second writer cannot corrupt the log.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";
import { type Step, stepSchema } from "../../core/exam/steps.js";
import type { Database } from "../schema.js";

export class StaleAttemptError extends Error {
  constructor(
    readonly attemptId: string,
    readonly expected: number,
    readonly actual: number,
    /**
     * Steps from `expected` on that the refused write found in the log (PostgreSQL reads them in the
     * same statement): a prefix of what moved the attempt on, possibly short of the latest, or absent.
     */
    readonly newer?: readonly Step[],
  ) {
    super(`attempt ${attemptId} has moved on (step ${actual}, you saw ${expected}); reload it`);
    this.name = "StaleAttemptError";
  }
}

export class UnknownAttemptError extends Error {
  constructor(readonly attemptId: string) {
    super(`no attempt "${attemptId}"`);
    this.name = "UnknownAttemptError";
  }
}

/** Why an attempt cannot be discarded: it is over, or an instructor assigned it. */
export class NotDiscardableError extends Error {
  constructor(
    readonly attemptId: string,
    readonly reason: "finished" | "discarded" | "assigned",
  ) {
    super(
      reason === "assigned"
        ? `attempt ${attemptId} was assigned by an instructor and cannot be discarded; finish it instead`
        : reason === "finished"
          ? `attempt ${attemptId} is finished; only an unfinished attempt can be discarded`
          : `attempt ${attemptId} is discarded already`,
    );
    this.name = "NotDiscardableError";
  }
}

export interface AttemptSummary {
  id: string;
  exam: string;
  behaviour: string;
  createdAt: number;
  status: string;
  finishedAt: number | null;
  steps: number;
  /** The instructor's assignment this attempt answers, if any (such an attempt cannot be discarded). */
  assignmentId: string | null;
}

/** An unfinished attempt with the items it has delivered and those submitted (final) so far. */
export interface UnfinishedAttempt {
  id: string;
  behaviour: string;
  assignmentId: string | null;
  items: Set<string>;
  submitted: Set<string>;
}

interface PendingAppend {
  id: string;
  expectedCount: number;
  steps: readonly Step[];
  versionOf?: ((itemId: string) => number | undefined) | undefined;
}

export interface AttemptRepositoryOptions {
  /** Commit appends that arrive together in one transaction (for SQLite's single writer). */
  groupCommit?: boolean;
}

export class AttemptRepository {
  /** PostgreSQL appends in one statement (one round trip); SQLite in a transaction of several. */
  private readonly onPostgres: boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: AttemptRepositoryOptions = {},
  ) {
    this.onPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /**
   * Creates an attempt from its start step (seq 0). `parameterVersion` is the exam's parameter
   * version current at the start (null: the authors' priors); the attempt is scored with it for good.
   */
  async create(
    id: string,
    start: Step,
    userId: string | null = null,
    assignmentId: string | null = null,
    parameterVersion: number | null = null,
  ): Promise<void> {
    if (start.kind !== "start" || start.seq !== 0)
      throw new Error("an attempt starts with its start step at seq 0");
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("attempts")
        .values({
          id,
          exam: start.exam,
          behaviour: start.behaviour,
          seed: start.seed,
          created_at: start.at,
          status: "in-progress",
          finished_at: null,
          step_count: 1,
          user_id: userId,
          assignment_id: assignmentId,
          parameter_version: parameterVersion,
        })
        .execute();
      await trx
        .insertInto("attempt_steps")
        .values({ attempt_id: id, seq: 0, at: start.at, kind: start.kind, body: JSON.stringify(start) })
        .execute();
    });
  }

  /**
   * Appends steps atomically. `expectedCount` is the number of steps the caller's state was built
   * from; if the log has grown since, nothing is written and StaleAttemptError is thrown. Durable on
   * return. `versionOf` gives the item version the attempt delivered (looked up in its log if absent).
   *
   * On SQLite, appends that arrive together are committed in one transaction (group commit): each is
   * checked and written on its own, a stale one changes nothing, and every caller is answered only
   * after the one commit, so a single fsync makes a whole batch durable.
   */
  async append(
    id: string,
    expectedCount: number,
    steps: readonly Step[],
    versionOf?: (itemId: string) => number | undefined,
  ): Promise<void> {
    if (steps.length === 0) return;
    steps.forEach((s, i) => {
      if (s.seq !== expectedCount + i)
        throw new Error(`step seq ${s.seq} does not follow ${expectedCount + i - 1}`);
    });
    const entry: PendingAppend = { id, expectedCount, steps, versionOf };
    if (this.onPostgres) return this.writeOneStatement(entry);
    if (!this.options.groupCommit) {
      await this.db.transaction().execute((trx) => this.write(trx, entry));
      return;
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...entry, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private pending: (PendingAppend & { resolve: () => void; reject: (e: unknown) => void })[] = [];

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const outcomes = new Map<(typeof batch)[number], unknown>();
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const entry of batch) {
          try {
            await this.write(trx, entry);
          } catch (e) {
            // A stale or unknown attempt writes nothing (its claim is the first statement), so the
            // others in the batch go on; any other failure rolls the whole batch back.
            if (e instanceof StaleAttemptError || e instanceof UnknownAttemptError) outcomes.set(entry, e);
            else throw e;
          }
        }
      });
    } catch (e) {
      for (const entry of batch) entry.reject(e);
      return;
    }
    for (const entry of batch) {
      const error = outcomes.get(entry);
      if (error) entry.reject(error);
      else entry.resolve();
    }
  }

  private async write(
    trx: Kysely<Database>,
    { id, expectedCount, steps, versionOf }: PendingAppend,
  ): Promise<void> {
    const finish = steps.find((s) => s.kind === "finish");
    const discard = steps.find((s) => s.kind === "discard");
    // Claiming the next step numbers with a conditional update is atomic on both databases: of
    // two writers that saw the same count, exactly one updates the row; the other finds it moved.
    const claimed = await trx
      .updateTable("attempts")
      .set({
        step_count: expectedCount + steps.length,
        ...(finish ? { status: "finished", finished_at: finish.at } : {}),
        ...(discard ? { status: "discarded" } : {}),
      })
      .where("id", "=", id)
      .where("step_count", "=", expectedCount)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      const row = await trx
        .selectFrom("attempts")
        .select(["step_count"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw new UnknownAttemptError(id);
      throw new StaleAttemptError(id, expectedCount, row.step_count);
    }
    await trx
      .insertInto("attempt_steps")
      .values(
        steps.map((s) => ({ attempt_id: id, seq: s.seq, at: s.at, kind: s.kind, body: JSON.stringify(s) })),
      )
      .execute();
    for (const s of steps) {
      if (s.kind === "answer") {
        const version = versionOf?.(s.itemId) ?? (await this.versionOf(trx, id, s.itemId));
        await trx
          .insertInto("responses")
          .values({
            attempt_id: id,
            item_id: s.itemId,
            item_version: version,
            response: JSON.stringify(s.response),
            answered_at: s.at,
          })
          .onConflict((oc) =>
            oc
              .columns(["attempt_id", "item_id"])
              .doUpdateSet({ response: JSON.stringify(s.response), answered_at: s.at }),
          )
          .execute();
      }
      if (s.kind === "report") {
        await trx
          .insertInto("item_reports")
          .values({
            attempt_id: id,
            item_id: s.itemId,
            category: s.category,
            comment: s.comment,
            created_at: s.at,
            status: "open",
          })
          .execute();
      }
    }
  }

  /**
   * The PostgreSQL append as one statement, so one round trip and its own transaction (durable when
   * it returns): the claim of the step numbers guards the inserts of the steps and of the rows
   * derived from them, which insert nothing when the claim updates no row. A refused claim reads
   * back, in the same statement, the steps that moved the attempt on (as of the statement's start)
   * so the caller can catch up without another round trip. Its text is the same for every append.
   */
  private async writeOneStatement({ id, expectedCount, steps, versionOf }: PendingAppend): Promise<void> {
    const finish = steps.find((s) => s.kind === "finish");
    const discard = steps.find((s) => s.kind === "discard");
    const status = finish ? "finished" : discard ? "discarded" : null;
    // One row per item answered (the last answer in these steps wins, as successive upserts would).
    const answers = new Map<string, Extract<Step, { kind: "answer" }>>();
    for (const s of steps) if (s.kind === "answer") answers.set(s.itemId, s);
    const versions: number[] = [];
    for (const a of answers.values())
      versions.push(versionOf?.(a.itemId) ?? (await this.versionOf(this.db, id, a.itemId)));
    const reports = steps.filter((s): s is Extract<Step, { kind: "report" }> => s.kind === "report");
    const answerRows = [...answers.values()];
    const { rows } = await sql<{ claimed: number; actual: number | null; newer: Step[] | null }>`
      WITH claim AS (
        UPDATE attempts
        SET step_count = ${expectedCount + steps.length},
          status = COALESCE(${status}::text, status),
          finished_at = COALESCE(${finish ? finish.at : null}::bigint, finished_at)
        WHERE id = ${id} AND step_count = ${expectedCount}
        RETURNING id
      ), logged AS (
        INSERT INTO attempt_steps (attempt_id, seq, at, kind, body)
        SELECT claim.id, s.seq, s.at, s.kind, s.body
        FROM claim, unnest(${steps.map((s) => s.seq)}::integer[], ${steps.map((s) => s.at)}::bigint[],
          ${steps.map((s) => s.kind)}::text[], ${steps.map((s) => JSON.stringify(s))}::text[])
          AS s(seq, at, kind, body)
      ), answered AS (
        INSERT INTO responses (attempt_id, item_id, item_version, response, answered_at)
        SELECT claim.id, r.item_id, r.item_version, r.response, r.answered_at
        FROM claim, unnest(${answerRows.map((a) => a.itemId)}::text[], ${versions}::integer[],
          ${answerRows.map((a) => JSON.stringify(a.response))}::text[], ${answerRows.map((a) => a.at)}::bigint[])
          AS r(item_id, item_version, response, answered_at)
        ON CONFLICT (attempt_id, item_id)
        DO UPDATE SET response = excluded.response, answered_at = excluded.answered_at
      ), reported AS (
        INSERT INTO item_reports (attempt_id, item_id, category, comment, created_at, status)
        SELECT claim.id, p.item_id, p.category, p.comment, p.created_at, 'open'
        FROM claim, unnest(${reports.map((r) => r.itemId)}::text[], ${reports.map((r) => r.category)}::text[],
          ${reports.map((r) => r.comment)}::text[], ${reports.map((r) => r.at)}::bigint[])
          AS p(item_id, category, comment, created_at)
      )
      SELECT (SELECT count(*) FROM claim)::integer AS claimed,
        (SELECT step_count FROM attempts WHERE id = ${id}) AS actual,
        CASE WHEN NOT EXISTS (SELECT 1 FROM claim) THEN
          (SELECT json_agg(body::json ORDER BY seq) FROM attempt_steps
           WHERE attempt_id = ${id} AND seq >= ${expectedCount})
        END AS newer
    `.execute(this.db);
    const row = rows[0]!;
    if (row.claimed === 1) return;
    if (row.actual === null) throw new UnknownAttemptError(id);
    throw new StaleAttemptError(id, expectedCount, row.actual, row.newer ?? []);
  }

  private async versionOf(trx: Kysely<Database>, id: string, itemId: string): Promise<number> {
    const rows = await trx
      .selectFrom("attempt_steps")
      .select(["body"])
      .where("attempt_id", "=", id)
      .where("kind", "in", ["start", "select"])
      .execute();
    for (const r of rows) {
      const step = JSON.parse(r.body) as Step;
      if (step.kind === "start") {
        const e = step.form.find((f) => f.id === itemId);
        if (e) return e.version;
      } else if (step.kind === "select" && step.entry.id === itemId) return step.entry.version;
    }
    return 1;
  }

  /**
   * Discards an unfinished attempt that no instructor assigned: a final `discard` step is appended
   * (the log is kept whole) and the attempt leaves every history and readiness figure. Returns the
   * step written; NotDiscardableError if the attempt is finished, discarded or assigned.
   */
  async discard(id: string, at: number): Promise<Step> {
    let stale: StaleAttemptError | undefined;
    for (let tries = 0; tries < 5; tries++) {
      const row = await this.db
        .selectFrom("attempts")
        .select(["status", "assignment_id", "step_count"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw new UnknownAttemptError(id);
      if (row.assignment_id !== null) throw new NotDiscardableError(id, "assigned");
      if (row.status === "finished" || row.status === "discarded")
        throw new NotDiscardableError(id, row.status);
      const step: Step = { seq: row.step_count, at, kind: "discard" };
      try {
        await this.append(id, row.step_count, [step]);
        return step;
      } catch (e) {
        // Another writer moved the attempt on (an answer, the clock): look again.
        if (!(e instanceof StaleAttemptError)) throw e;
        stale = e;
      }
    }
    throw stale!;
  }

  /** The user an attempt belongs to (null in single-user mode); UnknownAttemptError if there is none. */
  async owner(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom("attempts")
      .select(["user_id"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new UnknownAttemptError(id);
    return row.user_id;
  }

  /**
   * Whose an attempt is and what kind (behaviour, assignment, the parameter version it is scored
   * with); UnknownAttemptError if there is none.
   */
  async kind(id: string): Promise<{
    userId: string | null;
    behaviour: string;
    assignmentId: string | null;
    parameterVersion: number | null;
  }> {
    const row = await this.db
      .selectFrom("attempts")
      .select(["user_id", "behaviour", "assignment_id", "parameter_version"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new UnknownAttemptError(id);
    return {
      userId: row.user_id,
      behaviour: row.behaviour,
      assignmentId: row.assignment_id ?? null,
      parameterVersion: row.parameter_version ?? null,
    };
  }

  /**
   * The steps from seq `from` on, in order (trusted: written by this code): what a holder of the
   * first `from` steps lacks. Empty when there are none (or no such attempt).
   */
  async stepsSince(id: string, from: number): Promise<Step[]> {
    const rows = await this.db
      .selectFrom("attempt_steps")
      .select(["body"])
      .where("attempt_id", "=", id)
      .where("seq", ">=", from)
      .orderBy("seq")
      .execute();
    return rows.map((r) => JSON.parse(r.body) as Step);
  }

  /** The whole log, in order; validated against the step schema unless `trusted` (written by this code). */
  async steps(id: string, trusted = false): Promise<Step[]> {
    const rows = await this.db
      .selectFrom("attempt_steps")
      .select(["body"])
      .where("attempt_id", "=", id)
      .orderBy("seq")
      .execute();
    if (rows.length === 0) throw new UnknownAttemptError(id);
    return rows.map((r) => (trusted ? (JSON.parse(r.body) as Step) : stepSchema.parse(JSON.parse(r.body))));
  }

  /** Attempts, newest first; a page of them when `limit` is given; one user's when `userId` is. */
  async list(limit?: number, offset = 0, userId?: string): Promise<AttemptSummary[]> {
    let query = this.db.selectFrom("attempts").selectAll().orderBy("created_at", "desc").orderBy("id");
    if (userId !== undefined) query = query.where("user_id", "=", userId);
    if (limit !== undefined) query = query.limit(limit).offset(offset);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      exam: r.exam,
      behaviour: r.behaviour,
      createdAt: Number(r.created_at),
      status: r.status,
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      steps: r.step_count,
      assignmentId: r.assignment_id ?? null,
    }));
  }

  /**
   * A user's unfinished attempts (all but `except`), each with the items it has delivered (its form
   * and adaptive selections) and those made final by a submit, for keeping keys of open work hidden.
   */
  async unfinishedItems(userId: string, except?: string): Promise<UnfinishedAttempt[]> {
    let query = this.db
      .selectFrom("attempts")
      .select(["id", "behaviour", "assignment_id"])
      .where("user_id", "=", userId)
      .where("status", "=", "in-progress");
    if (except !== undefined) query = query.where("id", "!=", except);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const out = new Map<string, UnfinishedAttempt>(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          behaviour: r.behaviour,
          assignmentId: r.assignment_id ?? null,
          items: new Set<string>(),
          submitted: new Set<string>(),
        },
      ]),
    );
    const steps = await this.db
      .selectFrom("attempt_steps")
      .select(["attempt_id", "body"])
      .where(
        "attempt_id",
        "in",
        rows.map((r) => r.id),
      )
      .where("kind", "in", ["start", "select", "submit"])
      .execute();
    for (const r of steps) {
      const a = out.get(r.attempt_id)!;
      const step = JSON.parse(r.body) as Step;
      if (step.kind === "start") for (const f of step.form) a.items.add(f.id);
      else if (step.kind === "select") a.items.add(step.entry.id);
      else if (step.kind === "submit") a.submitted.add(step.itemId);
    }
    return [...out.values()];
  }

  /** Ids of items answered in attempts since `since` (ms), for "exclude recently seen". */
  async seenSince(exam: string, since: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom("responses")
      .innerJoin("attempts", "attempts.id", "responses.attempt_id")
      .select(["responses.item_id"])
      .where("attempts.exam", "=", exam)
      .where("responses.answered_at", ">=", since)
      .execute();
    return new Set(rows.map((r) => r.item_id));
  }

  async reports(): Promise<
    { itemId: string; category: string; comment: string; createdAt: number; attemptId: string }[]
  > {
    const rows = await this.db.selectFrom("item_reports").selectAll().orderBy("created_at").execute();
    return rows.map((r) => ({
      itemId: r.item_id,
      category: r.category,
      comment: r.comment,
      createdAt: Number(r.created_at),
      attemptId: r.attempt_id,
    }));
  }
}
