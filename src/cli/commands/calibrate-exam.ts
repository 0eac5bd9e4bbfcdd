/**
 * `certpath calibrate --exam <id> --model … [--db <store>] [--dry-run] [--promote-min N]`: calibrates
 * an exam's items from the store's finished attempts (one row per attempt, scored as the report
 * scores; see core/irt/calibration/attempt-matrix.ts), says what moved against the previous version
 * (or the authors' priors the first time) and which pretest items it proposes for promotion, and —
 * unless `--dry-run` — writes the result as a new parameter version, which attempts started from
 * then on are scored with (attempts already started keep theirs).
 */
import { finishedAttempts } from "../../app/calibration/exam-responses.js";
import { InputError } from "../../core/input-error.js";
import { type AttemptMatrix, attemptMatrix } from "../../core/irt/calibration/attempt-matrix.js";
import {
  DEFAULT_PROMOTION,
  linkToBaseline,
  MIN_LINK_ITEMS,
  type Movement,
  movement,
  type ParameterVersion,
  type PromotionCase,
  promotionProposals,
  type ScaleLink,
  versionFromCalibration,
} from "../../core/irt/calibration/parameter-version.js";
import { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import { openStore } from "../../store/open.js";
import { ParameterRepository } from "../../store/parameters/parameter-repository.js";
import type { CommandContext } from "../context.js";
import { examSetup } from "../exam/setup.js";
import {
  anchorOptions,
  type CalibrateOptions,
  type CalibrationPlan,
  formSummary,
  intFlag,
  renderText,
  resultJson,
  round,
  runCalibration,
} from "./calibrate.js";

/** Finished attempts a calibration from the store needs at the least. */
export const MIN_CALIBRATION_ATTEMPTS = 30;

export async function calibrateExam(
  ctx: CommandContext,
  examId: string,
  opts: CalibrateOptions,
  plan: CalibrationPlan,
): Promise<number> {
  const promoteMin =
    intFlag("--promote-min", opts.promoteMin, 1, 1_000_000_000) ?? DEFAULT_PROMOTION.minResponses;
  const setup = examSetup(ctx, examId);
  const exam = setup.cert.id;
  const name = setup.cert.abbreviation;
  const store = await openStore(opts.db);
  try {
    const read = await finishedAttempts(new AttemptRepository(store.db), exam);
    if (read.inStore === 0)
      throw new InputError(
        `the store ${store.path} holds no attempts at all: there is nothing to calibrate from (take or simulate some first)`,
      );
    if (read.attempts.length < MIN_CALIBRATION_ATTEMPTS)
      throw new InputError(
        `the store ${store.path} holds ${read.attempts.length} finished ${name} attempt(s); a calibration needs at least ${MIN_CALIBRATION_ATTEMPTS}`,
      );
    const built = attemptMatrix(read.attempts, setup.items, {
      ...(plan.minResponses !== undefined ? { minResponses: plan.minResponses } : {}),
      conditional: plan.resolved === "cml",
    });
    const m = built.matrix;
    if (m.items.length === 0)
      throw new InputError(
        `no ${name} item has at least ${plan.minResponses ?? 1} response(s) that are not all right or all wrong in the ${read.attempts.length} finished attempts (--min-responses)`,
      );
    if (built.attempts < MIN_CALIBRATION_ATTEMPTS)
      throw new InputError(
        `only ${built.attempts} finished ${name} attempt(s) answered a calibrated item; a calibration needs at least ${MIN_CALIBRATION_ATTEMPTS}`,
      );
    const source = `the ${name} attempts`;
    if (opts.anchor) anchorOptions(plan, m, opts.anchor, source);
    const { result: calibrated, threads, seconds } = await runCalibration(m, plan, opts, {});
    const createdAt = Date.now();
    const parameters = new ParameterRepository(store.db);
    const previousId = await parameters.latestId(exam);
    const previous = previousId === undefined ? null : ((await parameters.get(previousId)) ?? null);
    const difficultyOf = (id: string) => setup.items.get(id)?.difficulty;
    // Each version on the scale of the one before (the first on the authors' priors), so the cut and
    // the scaled scores keep their meaning; anchors fix the scale themselves; --no-link leaves the
    // calibration on its own sample's scale.
    const unlinked = versionFromCalibration(exam, calibrated, createdAt, built.attempts);
    const linking =
      opts.anchor || opts.link === false
        ? { version: unlinked, link: null }
        : linkToBaseline(unlinked, previous, difficultyOf);
    const version = linking.version;
    const scale = scaleLine(opts, linking.link, previous);
    const onScale = new Map(version.items.map((i) => [i.id, i]));
    const result = {
      ...calibrated,
      items: calibrated.items.map((i) => ({ ...i, ...onScale.get(i.id) })),
    };
    const moved = movement(version, previous, difficultyOf);
    const promotion = promotionProposals(result.model, version.items, built.pretest, built.pointBiserial, {
      ...DEFAULT_PROMOTION,
      minResponses: promoteMin,
    });
    const written = opts.dryRun ? null : await parameters.write(version);
    const form = formSummary(result, plan.cut);
    if (opts.json) {
      ctx.out(
        JSON.stringify(
          {
            exam,
            version: written,
            dryRun: opts.dryRun === true,
            createdAt,
            attempts: built.attempts,
            ...resultJson(result),
            form,
            skipped: built.skipped,
            constant: built.constant,
            leftOut: built.leftOut,
            link: linking.link && {
              ...linking.link,
              A: round(linking.link.A),
              B: round(linking.link.B),
            },
            scale,
            moved: movedJson(moved),
            promotion: promotion.map((p) => ({
              ...p,
              responses: Math.round(p.responses),
              a: round(p.a),
              b: round(p.b),
              pointBiserial: p.pointBiserial === null ? null : round(p.pointBiserial),
              fit: roundFit(p.fit),
            })),
            threads,
            seconds: round(seconds),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const lines = [
      `${name}: ${built.attempts} finished attempt(s) from ${store.path}, one row each${read.unfinished ? ` (${read.unfinished} unfinished left out)` : ""}`,
      ...leftOutLines(built),
      "",
      renderText(result, built.skipped, 0, threads, seconds, form),
      "",
      scale,
      "",
      ...movementLines(moved),
      "",
      ...promotionLines(promotion, promoteMin),
      "",
      written === null
        ? "Dry run: nothing written; attempts go on being scored as before."
        : `Written as parameter version ${written} of ${name}: attempts started from now on are scored with it; attempts already started keep theirs.`,
    ];
    ctx.out(lines.join("\n"));
    return 0;
  } finally {
    await store.close();
  }
}

function leftOutLines(built: AttemptMatrix): string[] {
  const out: string[] = [];
  const { olderVersions, generated, notReached, notInBank } = built.leftOut;
  const parts = [
    olderVersions ? `${olderVersions} to older item versions` : "",
    generated ? `${generated} to computed-family instances` : "",
    notReached ? `${notReached} not reached (after the attempt's last answer)` : "",
    notInBank ? `${notInBank} to items no longer in the bank` : "",
  ].filter(Boolean);
  if (parts.length) out.push(`Responses left out: ${parts.join(", ")}`);
  if (built.constant.length)
    out.push(
      `Left out (every response, or every informative one for CML, was the same, so no parameters can be estimated): ${built.constant.map((c) => `${c.id} (${c.responses}, all ${c.all})`).join(", ")}`,
    );
  return out;
}

/** What scale the new parameters are on, in a sentence. */
function scaleLine(
  opts: CalibrateOptions,
  link: ScaleLink | null,
  previous: ParameterVersion | null,
): string {
  const against = previous ? `version ${previous.id}` : "the authors' priors";
  if (opts.anchor) return "Scale: set by the anchor items, held at their parameters (no link).";
  if (opts.link === false)
    return `Scale: the calibration's own (θ ~ N(0, 1) over these attempts; Σb = 0 for CML), not linked to ${against} (--no-link): the cut and scaled scores may mean something else than before.`;
  if (!link)
    return `Scale: the calibration's own: fewer than ${MIN_LINK_ITEMS} items in common with ${against}, so it could not be linked.`;
  return `Scale: linked to ${against} through ${link.common} common item(s) by ${link.method === "mean-mean" ? "the mean shift of b (Rasch)" : "Stocking–Lord"}: θ_before = ${link.A.toFixed(3)}·θ_new ${link.B < 0 ? "−" : "+"} ${Math.abs(link.B).toFixed(3)}, so the cut and scaled scores keep their meaning.`;
}

function movementLines(moved: Movement): string[] {
  const out = [`What moved: ${moved.summary}`];
  if (moved.moved.length === 0) return out;
  const width = Math.max(4, ...moved.moved.map((m) => m.id.length)) + 2;
  out.push(
    `${"ITEM".padEnd(width)}${["FROM", "B BEFORE", "B NOW", "ΔB", "A BEFORE", "A NOW", "ΔA"].map((h) => h.padStart(9)).join(" ")}`,
  );
  for (const m of moved.moved)
    out.push(
      `${m.id.padEnd(width)}${[
        m.from === "previous" ? "previous" : "prior",
        m.before.b.toFixed(2),
        m.after.b.toFixed(2),
        signed(m.deltaB),
        m.before.a.toFixed(2),
        m.after.a.toFixed(2),
        signed(m.deltaA),
      ]
        .map((c) => c.padStart(9))
        .join(" ")}`,
    );
  return out;
}

function promotionLines(cases: readonly PromotionCase[], minResponses: number): string[] {
  if (cases.length === 0) return ["Pretest items: none calibrated."];
  const proposed = cases.filter((c) => c.proposed);
  const out = [
    `Pretest items: ${proposed.length} of ${cases.length} proposed for promotion (at least ${minResponses} responses, acceptable fit, point-biserial above ${DEFAULT_PROMOTION.minPointBiserial}); nothing is changed: approve each in the review workflow.`,
  ];
  const figures = (c: PromotionCase) =>
    [
      `${Math.round(c.responses)} responses`,
      `b ${c.b.toFixed(2)}`,
      c.a !== 1 ? `a ${c.a.toFixed(2)}` : "",
      c.fit.infit !== undefined ? `infit ${c.fit.infit.toFixed(2)}` : "",
      c.fit.outfit !== undefined ? `outfit ${c.fit.outfit.toFixed(2)}` : "",
      c.fit.p !== undefined ? `S-X² p ${c.fit.p.toFixed(3)}` : "",
      c.pointBiserial !== null ? `point-biserial ${c.pointBiserial.toFixed(2)}` : "",
    ]
      .filter(Boolean)
      .join(", ");
  for (const c of cases)
    out.push(
      c.proposed
        ? `  proposed for promotion: ${c.id} (${figures(c)})`
        : `  not proposed: ${c.id} (${figures(c)}): ${c.reasons.join("; ")}`,
    );
  return out;
}

function movedJson(m: Movement) {
  return {
    ...m,
    meanAbsDeltaA: round(m.meanAbsDeltaA),
    meanAbsDeltaB: round(m.meanAbsDeltaB),
    moved: m.moved.map((x) => ({
      ...x,
      before: roundAll(x.before),
      after: roundAll(x.after),
      deltaA: round(x.deltaA),
      deltaB: round(x.deltaB),
    })),
  };
}

function roundAll<T extends Record<string, number>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)])) as T;
}

function roundFit(fit: PromotionCase["fit"]) {
  return Object.fromEntries(Object.entries(fit).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]));
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(2)}`;
}
