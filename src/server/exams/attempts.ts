/**
 * Attempts over HTTP: creating them, applying candidates' commands idempotently, and presenting
 * them without anything a candidate must not see yet. The store's log is the truth: a restart (or a
 * second server) loses nothing. Each process caches the attempts it serves (their logs and replayed
 * states, see attempt-cache.ts) so an answer costs one write however long the attempt is; a state
 * another server moved on is refused by that write's guard and caught up, never trusted.
 */

import { createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import {
  type AttemptParameters,
  ExamParameters,
  PRIORS,
  reportParameters,
} from "../../app/calibration/exam-parameters.js";
import {
  adaptiveStartBody,
  buildExamForm,
  type ContentSource,
  catEngineFor,
  defaultCatRules,
  type ExamSetup,
  examSetup,
  formTimeLimit,
} from "../../app/exams/setup.js";
import type { CreateAttempt } from "../../core/api/attempts.js";
import type { CatEngine } from "../../core/cat/engine.js";
import type { AdaptiveEngine } from "../../core/exam/adaptive.js";
import { record } from "../../core/exam/advance.js";
import {
  AttemptError,
  type AttemptState,
  type Command,
  clockWarnings,
  feedbackVisible,
  remainingMs,
  replay,
  reviewScreen,
  usedMs,
} from "../../core/exam/attempt.js";
import {
  authoredCommand,
  candidateLog,
  deliveredItemId,
  deliveredView,
  deliveryIn,
  toDelivered,
} from "../../core/exam/delivery.js";
import { retryVerdict } from "../../core/exam/retry.js";
import { startBody } from "../../core/exam/start.js";
import type { Step, StepBody } from "../../core/exam/steps.js";
import { ItemIndex } from "../../core/generators/bank.js";
import { InputError } from "../../core/input-error.js";
import { type BankItem, gradeResponse, keyAsResponse } from "../../core/items/item.js";
import { matchedMisconception } from "../../core/items/numeric.js";
import { buildReport, candidateReport } from "../../core/scoring/report.js";
import type { Clock } from "../../core/time/clock.js";
import { AttemptCache } from "../../store/attempts/attempt-cache.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { NotDiscardableError, StaleAttemptError } from "../../store/attempts/attempt-repository.js";
import { AttemptSession } from "../../store/attempts/attempt-session.js";
import { type StartLock, StartLockBusyError } from "../../store/attempts/start-lock.js";
import { itemVersions } from "../../store/items/item-versions.js";
import type { Database } from "../../store/schema.js";
import { HttpError } from "../errors.js";
import { HELD_BACK_MESSAGE, heldBackItems } from "./held-back.js";

export class AttemptService {
  private readonly setups = new Map<string, ExamSetup>();
  private readonly engines = new Map<string, CatEngine>();

  private readonly versionCache = new Map<string, BankItem>();

  /** The exams' parameter versions (absent without a store: the authors' priors throughout). */
  private readonly parameters: ExamParameters | undefined;

  /** The key attempt seeds are derived with; it never leaves this process. */
  private readonly seedKey = randomBytes(32);

  /** The attempts this process serves, replayed (a hint checked by every write, see attempt-cache.ts). */
  private readonly cache: AttemptCache;

  constructor(
    private readonly repo: AttemptRepository,
    private readonly content: ContentSource,
    private readonly clock: Clock,
    /** The store's record of item versions (absent: attempts see the bank as it is). */
    private readonly versions?: Kysely<Database>,
    /** One start at a time per user across processes (absent: starts are not serialised). */
    private readonly startLock?: StartLock,
  ) {
    this.cache = new AttemptCache(repo);
    this.parameters = versions ? new ExamParameters(versions) : undefined;
  }

  /** The parameters a new attempt at the exam starts with: the exam's newest version, or the priors. */
  async currentParameters(exam: string): Promise<AttemptParameters> {
    return this.parameters ? this.parameters.current(exam) : PRIORS;
  }

  /** The parameters an attempt is scored with: the version current when it started. */
  private async parametersOf(attemptId: string): Promise<AttemptParameters> {
    const { parameterVersion } = await this.cache.kind(attemptId);
    return this.parameters && parameterVersion !== null ? this.parameters.of(parameterVersion) : PRIORS;
  }

  /** The user an attempt belongs to (null in single-user mode); UnknownAttemptError if there is none. */
  async owner(attemptId: string): Promise<string | null> {
    return (await this.cache.kind(attemptId)).userId;
  }

  /** Forgets the cached setups and engines (after the bank changed). */
  invalidate(): void {
    this.setups.clear();
    this.engines.clear();
  }

  /** The exam's setup without fresh generated items (those are found by id), cached per exam. */
  setup(exam: string): ExamSetup {
    let s = this.setups.get(exam);
    if (!s) {
      s = examSetup(this.content, exam);
      this.setups.set(exam, s);
    }
    return s;
  }

  private engine(setup: ExamSetup, rules: "exam" | "practice", params: AttemptParameters): CatEngine {
    const key = `${setup.cert.id}:${rules}:${params.version ?? "priors"}`;
    let e = this.engines.get(key);
    if (!e) {
      e = catEngineFor(setup, rules, params.parameters);
      this.engines.set(key, e);
    }
    return e;
  }

  /** Starts an attempt; `onlyIds` limits the form to these items (study practice). */
  async create(
    req: CreateAttempt,
    userId: string | null = null,
    onlyIds?: Set<string>,
    assignmentId: string | null = null,
  ): Promise<AttemptSession> {
    return this.startingFor(userId, () => this.createHolding(req, userId, onlyIds, assignmentId));
  }

  /**
   * Runs `start` as the user's one start in progress, in this process or any other on the store: what
   * it checks of their other attempts still holds when it inserts the new one. 409 when another
   * start of theirs takes too long. Nobody else's starts wait (single-user mode: no user, no lock).
   */
  async startingFor<T>(userId: string | null, start: () => Promise<T>): Promise<T> {
    if (userId === null || !this.startLock) return start();
    try {
      return await this.startLock.holding(userId, start);
    } catch (e) {
      if (e instanceof StartLockBusyError) throw new HttpError(409, "start-in-progress", e.message);
      throw e;
    }
  }

  /** `create` for a caller already inside `startingFor` for this user. */
  async createHolding(
    req: CreateAttempt,
    userId: string | null = null,
    onlyIds?: Set<string>,
    assignmentId: string | null = null,
  ): Promise<AttemptSession> {
    const attemptId = randomBytes(9).toString("base64url");
    // The seed decides the form, the shuffles and the delivered ids. It is derived here, from a
    // secret and the new attempt's id (and the client's seed, if any), so no client can make an
    // attempt that reproduces another one (a tutor attempt with an exam's seed would show its keys).
    const seed = createHmac("sha256", this.seedKey)
      .update(`${attemptId}\u0000${req.seed ?? ""}`)
      .digest("base64url");
    // Items of the user's unfinished attempts whose keys are still hidden stay off this one.
    const held = await heldBackItems(this.repo, userId, { behaviour: req.mode, assignmentId });
    const params = await this.currentParameters(this.setup(req.exam).cert.id);
    const { start, items, engine } = this.startOf(req, seed, onlyIds, held, params);
    return AttemptSession.start(
      this.repo,
      attemptId,
      start,
      items,
      this.clock,
      engine,
      userId,
      assignmentId,
      params.version,
      this.cache.created(attemptId, {
        userId,
        behaviour: start.kind === "start" ? start.behaviour : req.mode,
        assignmentId,
        parameterVersion: params.version,
      }),
    );
  }

  /** Throws the 4xx a start with these settings would meet (an exam without items, an unknown domain…). */
  validate(req: Omit<CreateAttempt, "seed">): void {
    this.startOf({ ...req, seed: "validate" } as CreateAttempt, "validate");
  }

  /**
   * The start step of a new attempt, the items it draws on, and its engine if adaptive; `held` are
   * items it may not show (see held-back.ts): 409 when too few are left without them.
   */
  private startOf(
    req: CreateAttempt,
    seed: string,
    onlyIds?: Set<string>,
    held: ReadonlySet<string> = new Set(),
    params: AttemptParameters = PRIORS,
  ): { start: StepBody; items: ReadonlyMap<string, BankItem>; engine: AdaptiveEngine | undefined } {
    if (req.mode === "adaptive") {
      const setup = this.setup(req.exam);
      const rules = req.rules ?? defaultCatRules(setup);
      if (rules === "exam" && defaultCatRules(setup) !== "exam")
        throw new HttpError(
          422,
          "not-adaptive",
          `${setup.cert.abbreviation} is not an adaptive exam; use rules "practice" for adaptive practice`,
        );
      const engine = this.engine(setup, rules, params);
      let left = 0;
      engine.pool.ids.forEach((id, k) => {
        if (!engine.pool.pretest[k] && !held.has(id)) left++;
      });
      if (left < engine.options.rules.minItems)
        throw new HttpError(409, "items-held-back", HELD_BACK_MESSAGE);
      return {
        start: adaptiveStartBody(setup, engine, seed, rules),
        items: setup.items,
        engine: holdingBack(engine, held),
      };
    }
    if (req.rules) throw new HttpError(400, "invalid-request", "rules applies to adaptive attempts only");
    let built: ReturnType<typeof buildExamForm>;
    try {
      built = buildExamForm(this.content, req.exam, { ...req, seed, onlyIds, excludeIds: new Set(held) });
    } catch (e) {
      // Refused only because of the items held back: say so, rather than what the bank lacks.
      if (!(e instanceof InputError) || held.size === 0) throw e;
      buildExamForm(this.content, req.exam, { ...req, seed, onlyIds });
      throw new HttpError(409, "items-held-back", HELD_BACK_MESSAGE);
    }
    const { setup, form, full } = built;
    const start = startBody({
      exam: setup.cert.id,
      behaviour: req.mode,
      seed,
      form: form.items,
      items: setup.items,
      timeLimitMs: formTimeLimit(setup, req.mode, form.items.length, { full, paced: req.paced }),
    });
    return { start, items: setup.items, engine: undefined };
  }

  /**
   * At start-up, when no other server was running: attempts left open are closed as of the moment
   * the service went down (the last server heartbeat, or their last step if later) and opened again
   * now, so the downtime is not charged, while their clocks run again from the moment the service
   * is back, whether the candidates are connected or not.
   */
  async closeInterrupted(downSince: number | null = null): Promise<number> {
    let closed = 0;
    for (const summary of await this.repo.list()) {
      if (summary.status !== "in-progress") continue;
      const steps = await this.repo.steps(summary.id);
      const state = replay(steps);
      if (state.status !== "in-progress" || !state.open) continue;
      const closed1 = record(state, [{ kind: "close" }], Math.max(state.lastAt, downSince ?? state.lastAt));
      const reopened = record(closed1.state, [{ kind: "open" }], Math.max(this.clock(), state.lastAt));
      try {
        await this.repo.append(summary.id, state.nextSeq, [...closed1.steps, ...reopened.steps]);
        closed++;
      } catch (e) {
        if (!(e instanceof StaleAttemptError)) throw e;
      }
    }
    return closed;
  }

  /**
   * The items as this attempt saw them: the bank's, except where an item has changed since, when
   * the version the attempt delivered is taken from the store's record of item versions.
   */
  private async itemsSeenBy(state: AttemptState, setup: ExamSetup): Promise<ReadonlyMap<string, BankItem>> {
    const older = state.form.filter((f) => {
      const current = setup.items.get(f.id);
      return current !== undefined && !current.generated && current.version !== f.version;
    });
    if (older.length === 0 || !this.versions) return setup.items;
    const missing = older.filter((f) => !this.versionCache.has(`${f.id}@${f.version}`));
    if (missing.length) {
      const found = await itemVersions(this.versions, missing);
      for (const [key, item] of found) this.versionCache.set(key, item);
    }
    const overlay = new ItemIndex(setup.items);
    for (const f of older) {
      const seen = this.versionCache.get(`${f.id}@${f.version}`);
      if (seen) overlay.set(f.id, seen);
    }
    return overlay;
  }

  /**
   * The engine of an adaptive attempt: while it runs, its next selections leave out the items its
   * candidate's other unfinished attempts hold back (see held-back.ts), as they are at that moment.
   */
  private async adaptiveEngine(
    attemptId: string,
    state: AttemptState,
    setup: ExamSetup,
  ): Promise<AdaptiveEngine> {
    const engine = this.engine(setup, state.catRules!, await this.parametersOf(attemptId));
    if (state.status !== "in-progress") return engine;
    const kind = await this.cache.kind(attemptId);
    const held = await heldBackItems(this.repo, kind.userId, kind, attemptId);
    return holdingBack(engine, held);
  }

  /** Loads an attempt as the store holds it now, applying what time and the engine owe (a time-out finishes it, durably). */
  async load(attemptId: string): Promise<AttemptSession> {
    return (await this.live(attemptId, true)).session;
  }

  /**
   * The attempt and its log (as far as its state goes) after what time and the engine owe is written:
   * from this process's cache, or, with `fresh`, as the store holds it now (only the steps since the
   * cached ones are read). Writes from a cached state are guarded, so a stale one is caught up here.
   */
  private async live(
    attemptId: string,
    fresh: boolean,
  ): Promise<{ session: AttemptSession; steps: readonly Step[] }> {
    for (;;) {
      const cached =
        (fresh ? await this.cache.refresh(attemptId) : this.cache.peek(attemptId)) ??
        (await this.cache.load(attemptId));
      const state = cached.state;
      const setup = this.setup(state.exam);
      const engine = state.catRules ? await this.adaptiveEngine(attemptId, state, setup) : undefined;
      const items = await this.itemsSeenBy(state, setup);
      const session = AttemptSession.fromState(
        this.repo,
        attemptId,
        state,
        items,
        this.clock,
        engine,
      ).onSteps((steps, after) => this.cache.learn(attemptId, steps, after));
      if (session.state.status === "in-progress") {
        try {
          if (!session.state.open) await session.reopen();
          else await session.send(null);
        } catch (e) {
          // Another request or server moved the attempt on meanwhile: the session caught up; again.
          if (e instanceof StaleAttemptError) continue;
          throw e;
        }
      }
      const steps = this.logUpTo(attemptId, session.state.nextSeq);
      if (steps) return { session, steps };
      // Not in the cache any more (let go meanwhile): read it again.
      await this.cache.load(attemptId);
    }
  }

  /** The first `count` steps of the cached log, if the cache holds that many. */
  private logUpTo(attemptId: string, count: number): readonly Step[] | undefined {
    const log = this.cache.peek(attemptId)?.log;
    if (!log || log.length < count) return undefined;
    return log.length === count ? log : log.slice(0, count);
  }

  /**
   * Applies a command the client sent with the step number it saw. The same command sent again
   * (a retry) is answered with the current state and changes nothing; a command made on a state
   * that has changed since (by another tab, the engine or the clock) is refused with 409 and the
   * current state. Steps the server wrote on its own (opening or closing the clock) do not count.
   */
  async command(
    attemptId: string,
    seq: number,
    command: Command,
  ): Promise<{ session: AttemptSession; duplicate: boolean }> {
    // The cached state is used as it is for what is almost always so: the command applies to it and
    // the guarded write succeeds. Anything else (a refused write, a verdict other than "apply", a
    // command the state refuses) is decided again on the store's state before it is believed.
    let checked = false;
    let refresh = false;
    for (let tries = 0; tries < 5; tries++) {
      const { session, steps } = await this.live(attemptId, refresh);
      checked ||= refresh;
      refresh = false;
      let authored: Command;
      let verdict: "apply" | "duplicate" | "stale";
      try {
        // The client names options by their delivered ids; the log and grading use the authored ones.
        authored = authoredCommand(session.state, session.items, command);
        verdict = seq > steps.length ? "stale" : retryVerdict(steps, seq, authored);
      } catch (e) {
        if (checked || !(e instanceof AttemptError)) throw e;
        refresh = true;
        continue;
      }
      if (verdict !== "apply" && !checked) {
        refresh = true;
        continue;
      }
      if (verdict === "stale") break;
      if (verdict === "duplicate") return { session, duplicate: true };
      try {
        await session.send(authored);
        return { session, duplicate: false };
      } catch (e) {
        if (e instanceof StaleAttemptError) {
          // The session caught up with the store (and told the cache): decide again on that state.
          checked = true;
          continue;
        }
        if (e instanceof AttemptError && !checked) {
          refresh = true;
          continue;
        }
        // A refusal names the item as the client knows it (a generated item's id tells its key).
        if (e instanceof AttemptError && "itemId" in authored && "itemId" in command)
          throw new AttemptError(e.code, e.message.replaceAll(authored.itemId, command.itemId));
        throw e;
      }
    }
    const current = await this.load(attemptId);
    throw new HttpError(
      409,
      "stale",
      "the attempt has moved on since you saw it; here is its current state",
      {
        attempt: this.view(current),
      },
    );
  }

  /** What the candidate may see now. */
  view(session: AttemptSession) {
    const state = session.state;
    const now = this.clock();
    const entry = state.form[state.position];
    const items = session.items;
    const adaptive = state.behaviour.name === "adaptive";
    return {
      id: session.id,
      exam: state.exam,
      mode: state.behaviour.name,
      status: state.status,
      seq: state.nextSeq,
      position: state.position,
      /** Items on the form; for adaptive attempts, the count delivered so far is not shown as a total. */
      total: adaptive ? null : state.form.length,
      answered: state.responses.size,
      timeLimitMs: state.timeLimitMs,
      remainingMs: remainingMs(state, now),
      usedMs: usedMs(state, now),
      warnings: clockWarnings(state, now),
      onBreak: state.onBreak,
      finish: state.finish,
      item: entry && state.status === "in-progress" ? itemView(state, entry.id, items) : null,
    };
  }

  /** An attempt's log as its candidate may read it (nothing that tells an answer while it runs). */
  async candidateLog(attemptId: string): Promise<unknown[]> {
    const steps = await this.repo.steps(attemptId);
    const first = steps[0] as Extract<Step, { kind: "start" }>;
    const setup = this.setup(first.exam);
    return candidateLog(steps, await this.itemsSeenBy(replay(steps), setup));
  }

  /**
   * Discards an unfinished attempt (the caller checked that the user owns it): a final step in its
   * log, so nothing is lost, and it leaves history and readiness. An instructor's assignment cannot
   * be discarded by the candidate (it is the instructor's record of the candidate's work): 409.
   */
  async discard(attemptId: string): Promise<{ id: string; status: "discarded"; at: number }> {
    try {
      const step = await this.repo.discard(attemptId, this.clock());
      return { id: attemptId, status: "discarded", at: step.at };
    } catch (e) {
      if (e instanceof NotDiscardableError) throw new HttpError(409, "not-discardable", e.message);
      throw e;
    }
  }

  review(session: AttemptSession) {
    if (!session.state.behaviour.review)
      throw new HttpError(409, "no-review", `${session.state.behaviour.name} attempts have no review screen`);
    const { state } = session;
    const open = state.status === "in-progress";
    const items = reviewScreen(state).map((i) =>
      open ? { ...i, itemId: deliveredItemId(state.seed, i.itemId) } : i,
    );
    return { id: session.id, items };
  }

  /**
   * The score report of a finished attempt. The candidate's names no pretest item (only their
   * count); an instructor's view of a member's report keeps the flags, for results by item.
   */
  async report(session: AttemptSession, reader: "candidate" | "instructor" = "candidate") {
    const state = session.state;
    if (state.status !== "finished")
      throw new HttpError(409, "not-finished", "the report is available once the attempt is finished");
    const setup = this.setup(state.exam);
    const params = reportParameters(await this.parametersOf(session.id));
    const report = buildReport(
      state,
      {
        exam: setup.cert.exam,
        outline: setup.outline,
        items: session.items,
        ...params,
      },
      usedMs(state, this.clock()),
    );
    return reader === "instructor" ? report : candidateReport(report, setup.outline);
  }
}

/**
 * The delivery view of one item plus the candidate's own marks, and feedback once it is final in
 * tutor mode, all in the attempt's delivered ids.
 */
export function itemView(state: AttemptState, itemId: string, items: ReadonlyMap<string, BankItem>) {
  const d = deliveryIn(state, items, itemId);
  const { item, entry } = d;
  const view = deliveredView(d);
  const feedback = feedbackVisible(state, itemId)
    ? {
        key: toDelivered(d, keyAsResponse(item)),
        correct: gradeResponse(item, state.responses.get(itemId)).credit === 1,
        explanation: item.explanation ?? null,
        task: entry.task,
        references: item.references,
        misconception:
          item.type === "numeric" ? (matchedMisconception(item, state.responses.get(itemId)) ?? null) : null,
        rationales:
          item.type === "numeric"
            ? [{ id: "", label: "", rationale: item.rationale }]
            : view.options.map((o) => ({
                id: o.id,
                label: o.label,
                rationale: item.options.find((x) => x.id === d.authoredOption.get(o.id))!.rationale,
              })),
      }
    : null;
  return {
    ...view,
    response: toDelivered(d, state.responses.get(itemId)) ?? null,
    flagged: state.flags.has(itemId),
    confidence: state.confidence.get(itemId) ?? null,
    struck: [...(state.strikes.get(itemId) ?? [])].map((o) => d.option.get(o) ?? o),
    final: state.final.has(itemId),
    feedback,
  };
}

/** The engine, selecting none of the items held back. */
function holdingBack(engine: CatEngine, held: ReadonlySet<string>): AdaptiveEngine {
  return held.size === 0 ? engine : { decide: (context) => engine.decide(context, held) };
}
