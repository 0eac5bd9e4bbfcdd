/** `certpath irt score --params items.csv --responses r.csv [--method eap|mle|map] [--prior normal(0,1)] [--json]`. */
import { readFileSync } from "node:fs";
import { parseParameters, parseResponses } from "../../core/formats/item-parameters.js";
import { InputError } from "../../core/input-error.js";
import { eap, maximumAPosteriori, maximumLikelihood } from "../../core/irt/estimate.js";
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
    const est =
      method === "eap"
        ? eap(responses, { priorMean: prior.mean, priorSd: prior.sd })
        : method === "map"
          ? maximumAPosteriori(responses, { prior })
          : maximumLikelihood(responses);
    return { person: row.person, theta: round(est.theta), se: round(est.se) };
  });
  if (opts.json) ctx.out(JSON.stringify(results, null, 2));
  else
    ctx.out(
      [
        `${"PERSON".padEnd(16)} ${"THETA".padStart(8)} ${"SE".padStart(8)}`,
        ...results.map(
          (r) => `${r.person.padEnd(16)} ${r.theta.toFixed(3).padStart(8)} ${r.se.toFixed(3).padStart(8)}`,
        ),
      ].join("\n"),
    );
  return 0;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}
