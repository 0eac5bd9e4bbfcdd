/**
 * Live attempts a process holds in memory: each one's log and the state replayed from it, so a
 * request does not read and replay the whole log again. The cache is a hint, never the truth: a
 * write made from a cached state is guarded by the log's step count (see AttemptRepository.append),
 * so a state another process or request moved on is refused there and caught up from the steps it
 * lacks; a read that must be current asks for the steps since the cached ones (`refresh`). Steps are
 * immutable once logged, so a cached log is always a true prefix of the attempt's log.
 */
import { applySteps } from "../../core/exam/advance.js";
import { type AttemptState, replay } from "../../core/exam/attempt.js";
import type { Step } from "../../core/exam/steps.js";
import type { AttemptRepository } from "./attempt-repository.js";
import type { StepListener } from "./attempt-session.js";

/** A cached attempt: its log as far as this process knows it, and the state after exactly those steps. */
export interface CachedAttempt {
  readonly log: readonly Step[];
  readonly state: AttemptState;
}

/** Who an attempt belongs to and what kind it is: fixed when it is created. */
export interface AttemptKindRow {
  userId: string | null;
  behaviour: string;
  assignmentId: string | null;
  /** The parameter version it is scored with (null: the authors' priors). */
  parameterVersion: number | null;
}

interface Entry {
  log: Step[];
  state: AttemptState;
}

/**
 * How much a process keeps by default: attempts, and steps in all their logs together (a few hundred
 * bytes each, so some hundred MB at most). The least recently used attempts are let go first.
 */
export const DEFAULT_CACHE_LIMITS = { attempts: 20_000, steps: 400_000 };

export class AttemptCache {
  private readonly entries = new Map<string, Entry>();
  private readonly kinds = new Map<string, AttemptKindRow>();
  private steps = 0;

  constructor(
    private readonly repo: AttemptRepository,
    private readonly limits: { attempts: number; steps: number } = DEFAULT_CACHE_LIMITS,
  ) {}

  /** The cached attempt, if any (not checked against the store). */
  peek(id: string): CachedAttempt | undefined {
    const e = this.entries.get(id);
    if (e) {
      // Most recently used last, so eviction takes the first.
      this.entries.delete(id);
      this.entries.set(id, e);
    }
    return e;
  }

  /** The attempt as the store holds it now: the steps since the cached ones are read and applied (the whole log if none is cached). */
  async refresh(id: string): Promise<CachedAttempt> {
    const e = this.entries.get(id);
    if (!e) return this.load(id);
    const newer = await this.repo.stepsSince(id, e.log.length);
    this.learn(id, newer);
    return this.peek(id) ?? this.load(id);
  }

  /** Reads the whole log and replays it (UnknownAttemptError if there is no such attempt). */
  async load(id: string): Promise<CachedAttempt> {
    const log = await this.repo.steps(id, true);
    const state = replay(log);
    const e = this.entries.get(id);
    // A request of this process may have learnt more meanwhile: keep the longer log.
    if (!e || e.log.length < log.length) this.put(id, { log, state });
    return this.peek(id)!;
  }

  /**
   * Records steps this process appended or read (`steps` continue a log at `steps[0].seq`), with the
   * state after them when the caller has it; ignored unless they extend the cached log without a gap.
   */
  learn(id: string, steps: readonly Step[], after?: AttemptState): void {
    const e = this.entries.get(id);
    const first = steps[0];
    if (!e || first === undefined) return;
    const known = e.log.length;
    if (first.seq > known || first.seq + steps.length <= known) return;
    const unseen = steps.slice(known - first.seq);
    e.state = after !== undefined && first.seq === known ? after : applySteps(e.state, unseen);
    for (const s of unseen) e.log.push(s);
    this.steps += unseen.length;
    this.peek(id);
    this.evict();
  }

  /**
   * A listener for the session that creates an attempt in this process: the attempt is held from its
   * first step on, with its kind, so its first answer costs one write like every later one (no read
   * of the log just written).
   */
  created(id: string, kind: AttemptKindRow): StepListener {
    this.kinds.set(id, kind);
    this.trimKinds();
    return (steps, after) => {
      if (!this.entries.has(id) && steps[0]?.seq === 0) this.put(id, { log: [...steps], state: after });
      else this.learn(id, steps, after);
    };
  }

  /** Forgets an attempt (its next use reads it again). */
  forget(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.steps -= e.log.length;
  }

  /** Who the attempt belongs to and its kind, read once (UnknownAttemptError if there is none). */
  async kind(id: string): Promise<AttemptKindRow> {
    let k = this.kinds.get(id);
    if (!k) {
      k = await this.repo.kind(id);
      this.kinds.set(id, k);
      this.trimKinds();
    }
    return k;
  }

  private trimKinds(): void {
    if (this.kinds.size > this.limits.attempts) this.kinds.delete(this.kinds.keys().next().value!);
  }

  /** Attempts held, and steps in their logs. */
  get size(): { attempts: number; steps: number } {
    return { attempts: this.entries.size, steps: this.steps };
  }

  private put(id: string, e: Entry): void {
    this.forget(id);
    this.entries.set(id, e);
    this.steps += e.log.length;
    this.evict();
  }

  /** Lets the least recently used attempts go while over a limit (never the last one used). */
  private evict(): void {
    while (
      this.entries.size > 1 &&
      (this.entries.size > this.limits.attempts || this.steps > this.limits.steps)
    )
      this.forget(this.entries.keys().next().value!);
  }
}
