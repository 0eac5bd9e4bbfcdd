/** `certpath irt score --params items.csv --responses r.csv [--method eap|mle|map] [--prior normal(0,1)] [--json]`. */
import { readFileSync } from "node:fs";
import { parseParameters, parseResponses } from "../../core/formats/item-parameters.js";
import { InputError } from "../../core/input-error.js";
import { eap, maximumAPosteriori, maximumLikelihood, type PointStatus } from "../../core/irt/estimate.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read the ${what} (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")})`,
      { file },
    );
  }
}

export function parsePrior(text: string | undefined): { mean: number; sd: number } {
  if (text === undefined) return { mean: 0, sd: 1 };
  const m = /^normal\(\s*(-?[\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(text.trim());
  if (!m || !(Number(m[2]) > 0))
    throw new UsageError(`--prior must look like normal(0,1) with a positive SD, not "${text}"`);
  return { mean: Number(m[1]), sd: Number(m[2]) };
}

const METHODS = ["eap", "mle", "map"] as const;

export function irtScore(
  ctx: CommandContext,
  opts: { params?: string; responses?: string; method?: string; prior?: string; json?: boolean },
): number {
  if (!opts.params || !opts.responses)
    throw new UsageError("irt score needs --params <file> and --responses <file>");
  const method = opts.method ?? "eap";
  if (!(METHODS as readonly string[]).includes(method))
    throw new UsageError(`--method must be one of ${METHODS.join(", ")}, not "${method}"`);
  if (opts.prior !== undefined && method === "mle")
    throw new UsageError("--prior does not apply to --method mle");
  const prior = parsePrior(opts.prior);
  const params = parseParameters(readText(opts.params, "parameter file"), opts.params);
  const byId = new Map(params.map((p) => [p.id, p.params]));
  const matrix = parseResponses(
    readText(opts.responses, "response file"),
    opts.responses,
    new Set(byId.keys()),
  );
  const itemParams = matrix.items.map((id) => byId.get(id)!);
  const results = matrix.rows.map((row) => {
    const responses = row.scores.map((score, i) => ({ params: itemParams[i]!, score }));
    const answered = row.scores.filter((x) => x !== null).length;
    if (answered === 0) return scoreRow(row.person, 0, null);
    if (method === "eap") {
      const est = eap(responses, { priorMean: prior.mean, priorSd: prior.sd });
      return scoreRow(row.person, answered, { ...est, status: "estimate" });
    }
    const est = method === "map" ? maximumAPosteriori(responses, { prior }) : maximumLikelihood(responses);
    return scoreRow(row.person, answered, {
      ...est,
      status: est.status === "maximum" ? "estimate" : est.status,
    });
  });
  if (opts.json) ctx.out(JSON.stringify(results, null, 2));
  else
    ctx.out(
      [
        `${"PERSON".padEnd(16)} ${"THETA".padStart(8)} ${"SE".padStart(8)}  NOTE`,
        ...results.map((r) =>
          `${r.person.padEnd(16)} ${thetaText(r).padStart(8)} ${seText(r).padStart(8)}  ${NOTES[r.status]}`.trimEnd(),
        ),
      ].join("\n"),
    );
  return 0;
}

/**
 * One person's result. `status` says what the estimate is: `estimate` (an ordinary estimate),
 * `lower-bound`/`upper-bound` (the maximum lies beyond the search interval [−6, 6]; θ is the bound),
 * `minus-infinity`/`plus-infinity` (no finite maximum: all wrong or all right, or a 3PL pattern whose
 * likelihood peaks at ±∞; θ is the bound), `no-responses` (every cell empty; θ and se are null).
 * An infinite standard error is `"se": null` with `"seInfinite": true`.
 */
export interface ScoreRow {
  person: string;
  answered: number;
  theta: number | null;
  se: number | null;
  seInfinite: boolean;
  status: ScoreStatus;
}

type ScoreStatus = "estimate" | Exclude<PointStatus, "maximum">;

const NOTES: Record<ScoreStatus, string> = {
  estimate: "",
  "lower-bound": "at the bound −6: the maximum lies below it",
  "upper-bound": "at the bound +6: the maximum lies above it",
  "minus-infinity": "−∞: the likelihood keeps rising as θ falls (no finite estimate; the bound −6 in JSON)",
  "plus-infinity": "+∞: the likelihood keeps rising as θ rises (no finite estimate; the bound +6 in JSON)",
  "no-responses": "no responses",
};

function scoreRow(
  person: string,
  answered: number,
  est: { theta: number; se: number; status: ScoreStatus } | null,
): ScoreRow {
  if (!est) return { person, answered, theta: null, se: null, seInfinite: false, status: "no-responses" };
  const infinite = !Number.isFinite(est.se);
  return {
    person,
    answered,
    theta: round(est.theta),
    se: infinite ? null : round(est.se),
    seInfinite: infinite,
    status: est.status,
  };
}

function thetaText(r: ScoreRow): string {
  if (r.theta === null) return "—";
  if (r.status === "minus-infinity") return "−∞";
  if (r.status === "plus-infinity") return "+∞";
  return r.theta.toFixed(3);
}

function seText(r: ScoreRow): string {
  if (r.seInfinite) return "∞";
  return r.se === null ? "—" : r.se.toFixed(3);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
