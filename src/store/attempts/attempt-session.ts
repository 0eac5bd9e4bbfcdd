/**
 * A live attempt held by one process: each command becomes steps through the pure core
 * (`advance`), which are appended to the store before the call returns, so whatever the caller
 * shows as saved is durable. The clock is read here, at the edge.
 */
import type { AdaptiveEngine } from "../../core/exam/adaptive.js";
import { advance, applySteps, record } from "../../core/exam/advance.js";
import { AttemptError, type AttemptState, type Command, replay } from "../../core/exam/attempt.js";
import type { Step, StepBody } from "../../core/exam/steps.js";
import type { BankItem } from "../../core/items/item.js";
import type { Clock } from "../../core/time/clock.js";
import type { AttemptRepository } from "./attempt-repository.js";
import { StaleAttemptError } from "./attempt-repository.js";

/** Told of every step the session appends or learns of (a stale write catches up), with the state after it. */
export type StepListener = (steps: readonly Step[], state: AttemptState) => void;

export class AttemptSession {
  private listener: StepListener | undefined;

  private constructor(
    private readonly repo: AttemptRepository,
    readonly id: string,
    private current: AttemptState,
    readonly items: ReadonlyMap<string, BankItem>,
    private readonly clock: Clock,
    private readonly engine?: AdaptiveEngine,
  ) {}

  /** Creates an attempt from a start body and opens it. */
  static async start(
    repo: AttemptRepository,
    id: string,
    start: StepBody,
    items: ReadonlyMap<string, BankItem>,
    clock: Clock,
    engine?: AdaptiveEngine,
    userId: string | null = null,
    assignmentId: string | null = null,
    parameterVersion: number | null = null,
    listener?: StepListener,
  ): Promise<AttemptSession> {
    const step = { ...start, seq: 0, at: clock() } as Step;
    await repo.create(id, step, userId, assignmentId, parameterVersion);
    const session = new AttemptSession(repo, id, replay([step]), items, clock, engine);
    if (listener) {
      session.onSteps(listener);
      listener([step], session.state);
    }
    await session.open();
    return session;
  }

  /** Loads an attempt from its log and opens it (a crashed process's gap is not charged). */
  static async resume(
    repo: AttemptRepository,
    id: string,
    items: ReadonlyMap<string, BankItem>,
    clock: Clock,
    engine?: AdaptiveEngine,
  ): Promise<AttemptSession> {
    const session = new AttemptSession(repo, id, replay(await repo.steps(id)), items, clock, engine);
    if (session.state.status === "in-progress") await session.open();
    return session;
  }

  /** An attempt from its log as it stands, without opening it (a server holds attempts open for good). */
  static load(
    repo: AttemptRepository,
    id: string,
    steps: readonly Step[],
    items: ReadonlyMap<string, BankItem>,
    clock: Clock,
    engine?: AdaptiveEngine,
  ): AttemptSession {
    return new AttemptSession(repo, id, replay(steps), items, clock, engine);
  }

  /**
   * An attempt from a state its holder already replayed (a server's cache of live attempts): no
   * log is read. The state is not changed in place; a stale state is caught by the first append.
   */
  static fromState(
    repo: AttemptRepository,
    id: string,
    state: AttemptState,
    items: ReadonlyMap<string, BankItem>,
    clock: Clock,
    engine?: AdaptiveEngine,
  ): AttemptSession {
    return new AttemptSession(repo, id, state, items, clock, engine);
  }

  /** Calls `listener` with the steps this session appends, and those it learns of when its state was stale. */
  onSteps(listener: StepListener): this {
    this.listener = listener;
    return this;
  }

  /** Opens a closed attempt again: its clock runs from now. */
  async reopen(): Promise<void> {
    if (this.current.status === "in-progress" && !this.current.open) await this.open();
  }

  /** The version of an item this attempt delivered. */
  private readonly versionOf = (itemId: string): number | undefined =>
    this.current.form.find((f) => f.id === itemId)?.version;

  get state(): AttemptState {
    return this.current;
  }

  now(): number {
    return this.clock();
  }

  private async write(bodies: StepBody[]): Promise<void> {
    const { steps, state } = record(this.current, bodies, this.clock());
    try {
      await this.repo.append(this.id, this.current.nextSeq, steps, this.versionOf);
    } catch (e) {
      if (e instanceof StaleAttemptError) await this.catchUp(e);
      throw e;
    }
    this.current = state;
    this.listener?.(steps, state);
  }

  /**
   * After a refused append: the steps that moved the attempt on are applied to the state (those the
   * refusal carries, then any the log holds beyond them), so the state is the log's again.
   */
  private async catchUp(stale: StaleAttemptError): Promise<void> {
    let newer = (stale.newer ?? []).filter((s) => s.seq >= this.current.nextSeq);
    if (newer[0] !== undefined && newer[0].seq !== this.current.nextSeq) newer = [];
    let state = applySteps(this.current, newer);
    // The refusal's steps reach the count it saw: nothing more to read (a later writer is caught by
    // the next append's guard). Otherwise (SQLite, or a writer that committed meanwhile) read the rest.
    const complete = stale.newer !== undefined && state.nextSeq >= stale.actual;
    const rest = complete ? [] : await this.repo.stepsSince(this.id, state.nextSeq);
    state = applySteps(state, rest);
    const learnt = [...newer, ...rest];
    this.current = state;
    if (learnt.length) this.listener?.(learnt, state);
  }

  private async open(): Promise<void> {
    await this.write([{ kind: "open" }]);
    // The engine may owe a first decision (a new adaptive attempt has no item yet).
    await this.send(null);
  }

  /** Applies a command (or, with null, only the clock and the engine). Durable when it returns. */
  async send(command: Command | null): Promise<{ timedOut: boolean }> {
    const r = advance(this.current, command, this.clock(), this.items, this.engine);
    if (r.steps.length === 0) return { timedOut: false };
    try {
      await this.repo.append(this.id, this.current.nextSeq, r.steps, this.versionOf);
    } catch (e) {
      if (e instanceof StaleAttemptError) await this.catchUp(e);
      throw e;
    }
    this.current = r.state;
    this.listener?.(r.steps, r.state);
    return { timedOut: r.timedOut };
  }

  /** Gives a timed attempt in progress `ms` more (an instructor's decision, recorded with who made it). */
  async grantTime(ms: number, by: string): Promise<void> {
    await this.send(null);
    if (this.current.status !== "in-progress")
      throw new AttemptError(
        "finished",
        "the attempt is finished; time can only be given to an attempt in progress",
      );
    if (this.current.timeLimitMs === null) throw new AttemptError("untimed", "the attempt is not timed");
    await this.write([{ kind: "grant", ms, by }]);
  }

  /** Records that the process still holds the attempt, finishing it if time ran out. */
  async heartbeat(): Promise<{ timedOut: boolean }> {
    if (this.current.status !== "in-progress") return { timedOut: false };
    const r = await this.send(null);
    if (r.timedOut || this.current.status !== "in-progress") return r;
    await this.write([{ kind: "heartbeat" }]);
    return r;
  }

  /** Lets go of the attempt: the clock stops until it is resumed. */
  async close(): Promise<void> {
    if (this.current.status === "in-progress" && this.current.open) await this.write([{ kind: "close" }]);
  }
}
