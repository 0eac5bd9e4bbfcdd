/** `certpath exam assemble|list|report|simulate` (take and resume live in exam/player.ts). */

import {
  type AttemptParameters,
  ExamParameters,
  PRIORS,
  reportParameters,
} from "../../app/calibration/exam-parameters.js";
import { buildExamForm } from "../../app/exams/setup.js";
import { candidateWeakPractice } from "../../app/study/weak-practice.js";
import { type AttemptState, replay, usedMs } from "../../core/exam/attempt.js";
import { startBody } from "../../core/exam/start.js";
import { InputError } from "../../core/input-error.js";
import { type BankItem, keyAsResponse } from "../../core/items/item.js";
import { type Random, seededRandom } from "../../core/random/seeded.js";
import { buildReport, type Report } from "../../core/scoring/report.js";
import { NotDiscardableError, UnknownAttemptError } from "../../store/attempts/attempt-repository.js";
import { itemHistory } from "../../store/attempts/history.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";
import { reportText } from "../exam/report-text.js";
import {
  cliContent,
  examSetup,
  intOption,
  listOption,
  newAttemptId,
  seedOption,
  startScored,
  withStore,
} from "../exam/setup.js";

export interface FormOptions {
  items?: string;
  missed?: boolean;
  flagged?: boolean;
  unseen?: boolean;
  weak?: boolean;
  excludeSeenDays?: string;
  domain?: string;
  subdomain?: string;
  task?: string;
  tag?: string;
  seed?: string;
  json?: boolean;
  db?: string;
}

/** Item sets from the candidate's history, for practice forms (missed, flagged, never seen, not seen recently). */
export async function historyFilters(
  ctx: CommandContext,
  examId: string,
  opts: FormOptions,
): Promise<{ onlyIds?: Set<string>; excludeIds?: Set<string> }> {
  const days = intOption("--exclude-seen-days", opts.excludeSeenDays);
  if (!opts.missed && !opts.flagged && !opts.unseen && !opts.weak && days === undefined) return {};
  const setup = examSetup(ctx, examId);
  const history = await withStore(opts.db, (repo) => itemHistory(repo, setup.cert.id, setup.items));
  let onlyIds: Set<string> | undefined;
  const restrict = (ids: Set<string>) => {
    onlyIds = onlyIds ? new Set([...onlyIds].filter((i) => ids.has(i))) : ids;
  };
  if (opts.missed) restrict(history.missed);
  if (opts.flagged) restrict(history.flagged);
  if (opts.unseen) restrict(new Set(setup.bank.map((i) => i.id).filter((id) => !history.lastSeen.has(id))));
  if (opts.weak) {
    // The weak-area choice is the form itself: as many items as asked (20 by default).
    if (opts.items === undefined) opts.items = "20";
    const count = intOption("--items", opts.items)!;
    const chosen = await withStore(opts.db, async (_repo, store) =>
      candidateWeakPractice(
        store.db,
        setup,
        null,
        Date.now(),
        count,
        seedOption(opts.seed),
        await new ExamParameters(store.db).current(setup.cert.id),
      ),
    );
    restrict(new Set(chosen.itemIds));
  }
  const excludeIds =
    days === undefined
      ? undefined
      : new Set(
          [...history.lastSeen].filter(([, at]) => at >= Date.now() - days * 86_400_000).map(([id]) => id),
        );
  return { onlyIds, excludeIds };
}

export function buildForm(
  ctx: CommandContext,
  examId: string,
  opts: FormOptions,
  filters: { onlyIds?: Set<string>; excludeIds?: Set<string>; mode?: "exam" | "tutor" } = {},
) {
  const seed = seedOption(opts.seed);
  const { setup, form, full } = buildExamForm(cliContent(ctx), examId, {
    seed,
    items: intOption("--items", opts.items),
    domains: listOption(opts.domain),
    subdomains: listOption(opts.subdomain),
    tasks: listOption(opts.task),
    tags: listOption(opts.tag),
    ...filters,
  });
  return { setup, form, seed, full };
}

export async function examAssemble(ctx: CommandContext, examId: string, opts: FormOptions): Promise<number> {
  const { form } = buildForm(ctx, examId, opts, await historyFilters(ctx, examId, opts));
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        { exam: form.exam, seed: form.seed, items: form.items, counts: form.counts, warnings: form.warnings },
        null,
        2,
      ),
    );
    return 0;
  }
  const scored = form.items.filter((i) => !i.pretest).length;
  const idWidth = Math.max(...form.items.map((i) => i.id.length));
  const lines = [
    `${form.exam.toUpperCase()} form: ${scored} scored item${scored === 1 ? "" : "s"}${form.items.length > scored ? ` + ${form.items.length - scored} unscored pretest` : ""} (seed ${form.seed})`,
    `By domain: ${Object.entries(form.counts)
      .map(([d, n]) => `${d}: ${n}`)
      .join(", ")}`,
    "",
    ...form.items.map(
      (i, k) =>
        `${String(k + 1).padStart(3)}. ${i.id.padEnd(idWidth)} ${i.task}${i.pretest ? "  (pretest)" : ""}`,
    ),
  ];
  for (const w of form.warnings) lines.push(`! ${w}`);
  ctx.out(lines.join("\n"));
  return 0;
}

export async function examList(ctx: CommandContext, opts: { json?: boolean; db?: string }): Promise<number> {
  const list = await withStore(opts.db, (repo) => repo.list());
  if (opts.json) {
    ctx.out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) {
    ctx.out("No attempts yet. Start one with: certpath exam take issmp");
    return 0;
  }
  const unfinished = list.filter((a) => a.status === "in-progress");
  ctx.out(
    [
      `${"ATTEMPT".padEnd(14)} ${"EXAM".padEnd(6)} ${"MODE".padEnd(9)} ${"STARTED".padEnd(17)} STATUS`,
      ...list.map(
        (a) =>
          `${a.id.padEnd(14)} ${a.exam.padEnd(6)} ${a.behaviour.padEnd(9)} ${new Date(a.createdAt).toISOString().slice(0, 16).replace("T", " ")} ${a.status === "in-progress" ? "unfinished" : a.status}`,
      ),
      ...(unfinished.length
        ? [
            "",
            `${unfinished.length} unfinished: carry on with certpath exam resume <attempt>, or give one up with certpath exam discard <attempt>.`,
          ]
        : []),
    ].join("\n"),
  );
  return 0;
}

/** `certpath exam discard <attempt>`: gives up an unfinished attempt (its log is kept; it counts in no history). */
export async function examDiscard(
  ctx: CommandContext,
  attemptId: string,
  opts: { db?: string; json?: boolean },
): Promise<number> {
  const step = await withStore(opts.db, async (repo) => {
    try {
      return await repo.discard(attemptId, Date.now());
    } catch (e) {
      if (e instanceof UnknownAttemptError)
        throw new InputError(
          `no attempt "${attemptId}" in ${opts.db ?? "the default database"}; see certpath exam list`,
        );
      if (e instanceof NotDiscardableError) throw new InputError(e.message);
      throw e;
    }
  });
  if (opts.json) ctx.out(JSON.stringify({ attempt: attemptId, status: "discarded", at: step.at }, null, 2));
  else
    ctx.out(
      `Discarded attempt ${attemptId}. Its answers stay in the store but count in no history or study queue.`,
    );
  return 0;
}

export async function loadReport(
  ctx: CommandContext,
  attemptId: string,
  db: string | undefined,
): Promise<Report> {
  return withStore(db, async (repo, store) => {
    let steps: Awaited<ReturnType<typeof repo.steps>>;
    let version: number | null;
    try {
      steps = await repo.steps(attemptId);
      version = (await repo.kind(attemptId)).parameterVersion;
    } catch (e) {
      if (e instanceof UnknownAttemptError)
        throw new InputError(
          `no attempt "${attemptId}" in ${db ?? "the default database"}; see certpath exam list`,
        );
      throw e;
    }
    const state = replay(steps);
    // Scored with the parameter version the attempt started with (or the authors' priors).
    return reportFor(ctx, state, Date.now(), await new ExamParameters(store.db).of(version));
  });
}

export function reportFor(
  ctx: CommandContext,
  state: AttemptState,
  now: number,
  params: AttemptParameters = PRIORS,
): Report {
  const setup = examSetup(ctx, state.exam);
  return buildReport(
    state,
    {
      exam: setup.cert.exam,
      outline: setup.outline,
      items: setup.items,
      ...reportParameters(params),
    },
    usedMs(state, now),
  );
}

export async function examReport(
  ctx: CommandContext,
  attemptId: string,
  opts: { json?: boolean; db?: string },
): Promise<number> {
  const report = await loadReport(ctx, attemptId, opts.db);
  ctx.out(
    opts.json ? JSON.stringify({ attempt: attemptId, ...report }, null, 2) : reportText(report, ctx.width),
  );
  return 0;
}

const POLICIES = ["key", "random", "wrong"] as const;
type Policy = (typeof POLICIES)[number];

/** The response a policy gives to an item. */
export function policyResponse(
  policy: Policy,
  item: BankItem,
  order: readonly string[],
  rng: Random,
): unknown {
  const key = keyAsResponse(item);
  if (policy === "key") return key;
  switch (item.type) {
    case "single-choice":
    case "hotspot": {
      const options = policy === "wrong" ? order.filter((o) => o !== item.key) : [...order];
      return rng.pick(options);
    }
    case "multiple-response": {
      if (policy === "wrong")
        return [...order.filter((o) => !item.key.includes(o)), ...item.key].slice(0, item.key.length);
      return rng.shuffle(order).slice(0, item.key.length);
    }
    case "ordering": {
      if (policy === "wrong") return [...item.key].reverse();
      return rng.shuffle(order);
    }
    case "matching": {
      const cats = item.categories.map((c) => c.id);
      const out: Record<string, string> = {};
      for (const o of order)
        out[o] = policy === "wrong" ? cats.find((c) => c !== item.key[o])! : rng.pick(cats);
      return out;
    }
    case "numeric":
      return policy === "wrong"
        ? item.key.value + Math.max(1, Math.abs(item.key.value)) * 10
        : item.key.value * (0.5 + rng.next());
  }
}

export async function examSimulate(
  ctx: CommandContext,
  examId: string,
  opts: FormOptions & { policy?: string },
): Promise<number> {
  if (!opts.policy || !(POLICIES as readonly string[]).includes(opts.policy)) {
    throw new UsageError(
      `--policy must be one of ${POLICIES.join(", ")}${opts.policy ? `, not "${opts.policy}"` : ""}`,
    );
  }
  const policy = opts.policy as Policy;
  const { setup, form, seed } = buildForm(ctx, examId, opts);
  const rng = seededRandom(`simulate:${seed}`);
  // Simulated time: one item per the exam's pace, starting now.
  let now = Date.now();
  const pace = Math.floor((setup.cert.exam.durationMinutes * 60_000) / setup.cert.exam.items / 2);
  const clock = () => now;
  const id = newAttemptId();
  const report = await withStore(opts.db, async (repo, store) => {
    const start = startBody({
      exam: setup.cert.id,
      behaviour: "exam",
      seed,
      form: form.items,
      items: setup.items,
      timeLimitMs: setup.cert.exam.durationMinutes * 60_000,
    });
    const params = await new ExamParameters(store.db).current(setup.cert.id);
    const session = await startScored(repo, id, start, setup.items, clock, params);
    for (const entry of session.state.form) {
      now += pace;
      const item = setup.items.get(entry.id)!;
      await session.send({
        kind: "answer",
        itemId: entry.id,
        response: policyResponse(policy, item, entry.order, rng),
      });
    }
    await session.send({ kind: "finish" });
    return reportFor(ctx, session.state, now, params);
  });
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          attempt: id,
          seed,
          raw: { correct: report.raw.correct, scored: report.raw.scored },
          scaled: report.scaled.score,
          band: report.scaled.band,
          passed: report.scaled.passed,
          domains: report.domains.map((d) => ({
            id: d.id,
            correct: d.correct,
            scored: d.scored,
            proficiency: d.proficiency,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    ctx.out(
      `Simulated ${examId.toUpperCase()} attempt ${id} (policy ${policy}, seed ${seed})\n\n${reportText(report, ctx.width, { items: false })}`,
    );
  }
  return 0;
}
