/** `certpath exam take <exam>` and `certpath exam resume [<attempt>]`: the interactive player. */

import { ExamParameters } from "../../app/calibration/exam-parameters.js";
import { adaptiveStartBody, catEngineFor, defaultCatRules, formTimeLimit } from "../../app/exams/setup.js";
import { behaviourNames as modes } from "../../core/exam/behaviour.js";
import { startBody } from "../../core/exam/start.js";
import { InputError } from "../../core/input-error.js";
import { UnknownAttemptError } from "../../store/attempts/attempt-repository.js";
import { AttemptSession } from "../../store/attempts/attempt-session.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { Player, type PlayerIo } from "../exam/player.js";
import { examSetup, newAttemptId, seedOption, startScored, withStore } from "../exam/setup.js";
import { terminalIo } from "../exam/terminal-io.js";
import { buildForm, type FormOptions, historyFilters } from "./exam.js";

export interface TakeOptions extends FormOptions {
  mode?: string;
  /** Adaptive mode: the exam's own rules (adaptive exams such as the CISSP) or practice rules. */
  rules?: string;
  /** Tutor mode: time the attempt at the exam's average pace per item. */
  paced?: boolean;
}

function requireTerminal(io: PlayerIo | undefined): void {
  if (!io && !process.stdin.isTTY) {
    throw new UsageError(
      "exam take and exam resume are interactive: run them in a terminal (exam simulate answers a form automatically)",
    );
  }
}

async function play(
  ctx: CommandContext,
  session: AttemptSession,
  title: string,
  injected?: PlayerIo,
): Promise<number> {
  const io = injected ?? terminalIo();
  try {
    const outcome = await new Player(session, io, title).run();
    ctx.out(
      outcome === "finished"
        ? `\nFinished. Your report: certpath exam report ${session.id}`
        : `\nSaved. Carry on with: certpath exam resume ${session.id}`,
    );
  } finally {
    if (!injected) (io as ReturnType<typeof terminalIo>).restore();
  }
  return 0;
}

export async function examTake(
  ctx: CommandContext,
  examId: string,
  opts: TakeOptions,
  io?: PlayerIo,
): Promise<number> {
  const mode = opts.mode ?? "exam";
  if (!(modes as readonly string[]).includes(mode))
    throw new UsageError(`--mode must be one of ${modes.join(", ")}, not "${mode}"`);
  if (opts.rules !== undefined && mode !== "adaptive")
    throw new UsageError("--rules applies to --mode adaptive only");
  requireTerminal(io);
  if (mode === "adaptive") return takeAdaptive(ctx, examId, opts, io);
  const filters = await historyFilters(ctx, examId, opts);
  const { setup, form, seed, full } = buildForm(ctx, examId, opts, {
    ...filters,
    mode: mode as "exam" | "tutor",
  });
  const limit = formTimeLimit(setup, mode as "exam" | "tutor", form.items.length, {
    full,
    paced: opts.paced,
  });
  return withStore(opts.db, async (repo, store) => {
    const start = startBody({
      exam: setup.cert.id,
      behaviour: mode as "exam" | "tutor",
      seed,
      form: form.items,
      items: setup.items,
      timeLimitMs: limit,
    });
    // Scored, for good, with the exam's parameter version current now (or the authors' priors).
    const params = await new ExamParameters(store.db).current(setup.cert.id);
    const session = await startScored(repo, newAttemptId(), start, setup.items, Date.now, params);
    return play(ctx, session, `${setup.cert.abbreviation} practice`, io);
  });
}

async function takeAdaptive(
  ctx: CommandContext,
  examId: string,
  opts: TakeOptions,
  io?: PlayerIo,
): Promise<number> {
  const setup = examSetup(ctx, examId);
  const rules = (opts.rules ?? defaultCatRules(setup)) as string;
  if (rules !== "exam" && rules !== "practice")
    throw new UsageError(`--rules must be exam or practice, not "${rules}"`);
  if (rules === "exam" && defaultCatRules(setup) !== "exam") {
    throw new UsageError(
      `${setup.cert.abbreviation} is not an adaptive exam; use --rules practice for adaptive practice`,
    );
  }
  catEngineFor(setup, rules); // refuses a bank too small for the rules before the store is opened
  const seed = seedOption(opts.seed);
  return withStore(opts.db, async (repo, store) => {
    // The CAT selects and estimates with the parameter version current at the start, for good.
    const params = await new ExamParameters(store.db).current(setup.cert.id);
    const engine = catEngineFor(setup, rules, params.parameters);
    const start = adaptiveStartBody(setup, engine, seed, rules);
    const session = await startScored(repo, newAttemptId(), start, setup.items, Date.now, params, engine);
    return play(
      ctx,
      session,
      `${setup.cert.abbreviation} adaptive ${rules === "exam" ? "simulation" : "practice"}`,
      io,
    );
  });
}

export async function examResume(
  ctx: CommandContext,
  attemptId: string | undefined,
  opts: { db?: string },
  io?: PlayerIo,
): Promise<number> {
  requireTerminal(io);
  return withStore(opts.db, async (repo, store) => {
    let id = attemptId;
    if (!id) {
      const open = (await repo.list()).find((a) => a.status === "in-progress");
      if (!open) throw new InputError("no attempt in progress to resume; see certpath exam list");
      id = open.id;
    }
    let session: AttemptSession;
    try {
      const steps = await repo.steps(id);
      const first = steps[0];
      const exam = first?.kind === "start" ? first.exam : "";
      const setup = examSetup(ctx, exam);
      const catRules = first?.kind === "start" ? first.catRules : undefined;
      const params = await new ExamParameters(store.db).of((await repo.kind(id)).parameterVersion);
      const engine = catRules ? catEngineFor(setup, catRules, params.parameters) : undefined;
      session = await AttemptSession.resume(repo, id, setup.items, Date.now, engine);
      if (session.state.status === "finished")
        throw new InputError(`attempt ${id} is finished; see certpath exam report ${id}`);
      if (session.state.status === "discarded") throw new InputError(`attempt ${id} was discarded`);
      return play(ctx, session, `${setup.cert.abbreviation} practice`, io);
    } catch (e) {
      if (e instanceof UnknownAttemptError)
        throw new InputError(`no attempt "${id}"; see certpath exam list`);
      throw e;
    }
  });
}
