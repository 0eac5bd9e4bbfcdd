/**
 * Readiness: the probability that the candidate would pass the real exam today, with an interval,
 * from all of their scored answers for that exam — and per domain, with the reasons in words.
 *
 * - Ability: the EAP estimate under N(0, 1) from the latest answer to each item (an item answered
 *   again measures memory of that item as much as ability, so it counts once), each answer's
 *   log-likelihood weighted by its age (half-life `halfLifeDays`, 45 days by default), since
 *   candidates learn and forget. Item parameters are the calibrated ones where they exist, else the
 *   authors' priors; `parameters` says which.
 * - Passing: the real exam measures ability with an error of its own, `examSem` at the cut (0.25 by
 *   default, about what a 100–150-item adaptive CISSP or a 150-item linear form gives), so
 *   P(pass | θ) = Φ((θ − cut) / examSem) and, over the posterior N(θ̂, SE²),
 *   P(pass) = Φ((θ̂ − cut) / √(SE² + examSem²)). The interval is P(pass | θ) at the ends of the
 *   posterior's `level` (80%) credible interval (widened to hold the figure if it falls outside).
 * - Enough evidence: answers worth at least `minAnswers` (20) fresh ones, and the interval at most
 *   `maxWidth` (0.5) wide; until then the figure is reported but flagged, and the caller says "not
 *   enough evidence yet" (a few answers far from the cut give a narrow interval that still rests on
 *   too little to trust the model's guesses of the items' difficulty).
 * - Domains: each domain's ability is estimated from that domain's answers with the overall
 *   estimate as its prior (N(θ̂, SE² + τ²), τ = `domainSpread`, 0.5 by default), so a domain with
 *   few answers stays near the candidate's overall level instead of swinging to an extreme.
 *
 * Pure: `now` is passed in.
 */

import { normalQuantile } from "../cat/rules.js";
import { normalCdf } from "../irt/calibration/distributions.js";
import { eap, type Response } from "../irt/estimate.js";
import type { ItemParameters } from "../irt/models.js";

/** One scored answer of the candidate. */
export interface ReadinessAnswer {
  itemId: string;
  domain: string;
  /** When it was answered (ms). */
  at: number;
  correct: boolean;
  params: ItemParameters;
  /** Whether `params` are calibrated (true) or the authors' prior (false). */
  calibrated: boolean;
}

export interface ReadinessOptions {
  /** Now (ms): answers are weighted by their age. */
  now: number;
  /** The exam's cut on the θ scale. */
  cut: number;
  /** Domain id → its weight on the exam (any unit; shares are taken). */
  weights: ReadonlyMap<string, number>;
  /** Domain id → name, for the reasons in words. */
  names?: ReadonlyMap<string, string>;
  halfLifeDays?: number;
  examSem?: number;
  level?: number;
  minAnswers?: number;
  maxWidth?: number;
  domainSpread?: number;
}

export interface DomainReadiness {
  id: string;
  name: string;
  /** Share of the exam (0–1). */
  share: number;
  /** Items answered in the domain (latest answer per item). */
  answered: number;
  theta: number;
  se: number;
  /** P(θ in this domain ≥ cut). */
  probability: number;
}

export interface Readiness {
  /** P(pass) today; null with no answers at all. */
  probability: number | null;
  interval: [number, number] | null;
  enoughEvidence: boolean;
  theta: number;
  se: number;
  /** Distinct items answered. */
  answered: number;
  /** Their weights summed: how many fresh answers they are worth. */
  effectiveAnswers: number;
  parameters: "calibrated" | "priors" | "mixed" | "none";
  domains: DomainReadiness[];
  /** Why, in words, most telling first. */
  drivers: string[];
}

const DAY = 86_400_000;

export const READINESS_DEFAULTS = {
  halfLifeDays: 45,
  examSem: 0.25,
  level: 0.8,
  minAnswers: 20,
  maxWidth: 0.5,
  domainSpread: 0.5,
};

export function readiness(answers: readonly ReadinessAnswer[], options: ReadinessOptions): Readiness {
  const o = { ...READINESS_DEFAULTS, ...options };
  for (const [name, v] of [
    ["halfLifeDays", o.halfLifeDays],
    ["examSem", o.examSem],
    ["domainSpread", o.domainSpread],
  ] as const)
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${name} must be a positive number (got ${v})`);
  if (!(o.level > 0 && o.level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${o.level})`);
  // The latest answer to each item.
  const latest = new Map<string, ReadinessAnswer>();
  for (const a of answers) {
    const held = latest.get(a.itemId);
    if (!held || a.at >= held.at) latest.set(a.itemId, a);
  }
  const kept = [...latest.values()];
  const weightOf = (a: ReadinessAnswer) => 0.5 ** (Math.max(0, o.now - a.at) / DAY / o.halfLifeDays);
  const toResponse = (a: ReadinessAnswer): Response => ({
    params: a.params,
    score: a.correct ? 1 : 0,
    weight: weightOf(a),
  });
  const overall = eap(kept.map(toResponse));
  const effectiveAnswers = kept.reduce((s, a) => s + weightOf(a), 0);
  const calibrated = kept.filter((a) => a.calibrated).length;
  const parameters =
    kept.length === 0
      ? "none"
      : calibrated === kept.length
        ? "calibrated"
        : calibrated === 0
          ? "priors"
          : "mixed";
  const z = normalQuantile(0.5 + o.level / 2);
  const passAt = (theta: number) => normalCdf((theta - o.cut) / o.examSem);
  const probability =
    kept.length === 0
      ? null
      : normalCdf((overall.theta - o.cut) / Math.sqrt(overall.se ** 2 + o.examSem ** 2));
  // Far from the cut P(pass | θ) is skewed, and its mean (the figure) can fall just outside its central
  // interval: the interval is then widened to hold the figure.
  const interval: [number, number] | null =
    probability === null
      ? null
      : [
          Math.min(probability, passAt(overall.theta - z * overall.se)),
          Math.max(probability, passAt(overall.theta + z * overall.se)),
        ];
  const enoughEvidence =
    interval !== null && effectiveAnswers >= o.minAnswers && interval[1] - interval[0] <= o.maxWidth;

  const total = [...o.weights.values()].reduce((s, w) => s + w, 0);
  const priorSd = Math.sqrt(overall.se ** 2 + o.domainSpread ** 2);
  const domains: DomainReadiness[] = [...o.weights].map(([id, w]) => {
    const own = kept.filter((a) => a.domain === id);
    const est = eap(own.map(toResponse), { priorMean: overall.theta, priorSd });
    return {
      id,
      name: o.names?.get(id) ?? `Domain ${id}`,
      share: total > 0 ? w / total : 0,
      answered: own.length,
      theta: est.theta,
      se: est.se,
      probability: normalCdf((est.theta - o.cut) / est.se),
    };
  });
  return {
    probability,
    interval,
    enoughEvidence,
    theta: overall.theta,
    se: overall.se,
    answered: kept.length,
    effectiveAnswers,
    parameters,
    domains,
    drivers: drivers(kept.length, effectiveAnswers, enoughEvidence, parameters, domains, o.cut),
  };
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The reasons behind the figure, in words, the most telling first. */
function drivers(
  answered: number,
  effective: number,
  enough: boolean,
  parameters: Readiness["parameters"],
  domains: readonly DomainReadiness[],
  cut: number,
): string[] {
  const out: string[] = [];
  if (answered === 0) return ["No answers yet: practise to get a readiness figure."];
  if (!enough)
    out.push(
      `Not enough evidence yet: ${answered} item(s) answered${effective < answered - 0.5 ? `, worth ${effective.toFixed(0)} fresh answers once their age is counted` : ""}; the figure firms up with more practice.`,
    );
  // Weakest where it weighs most: the shortfall below the cut times the share of the exam.
  const answeredDomains = domains.filter((d) => d.answered > 0);
  const weakest = [...answeredDomains].sort((x, y) => x.theta - y.theta)[0];
  const costliest = [...answeredDomains].sort(
    (x, y) => (cut - y.theta) * y.share - (cut - x.theta) * x.share,
  )[0];
  if (weakest && answeredDomains.length > 1) {
    const heaviest = Math.max(...domains.map((d) => d.share));
    const weight =
      weakest.share === heaviest
        ? `${percent(weakest.share)} of the exam, the largest share,`
        : `${percent(weakest.share)} of the exam`;
    out.push(
      `${weakest.name} is ${weight} and your weakest domain${weakest.theta < cut ? ", below the passing standard" : ""}.`,
    );
    if (costliest && costliest.id !== weakest.id && costliest.theta < cut)
      out.push(
        `${costliest.name} (${percent(costliest.share)} of the exam) costs you the most below the passing standard, weight for weight.`,
      );
  }
  const thin = domains.filter((d) => d.answered < 5).sort((x, y) => y.share - x.share);
  if (thin.length)
    out.push(
      `Few answers in ${thin
        .slice(0, 3)
        .map((d) => `${d.name} (${d.answered})`)
        .join(
          ", ",
        )}${thin.length > 3 ? ` and ${thin.length - 3} more` : ""}: ${thin.length === 1 ? "its estimate rests" : "their estimates rest"} mostly on your other domains.`,
    );
  if (parameters === "priors")
    out.push(
      "Item difficulties are the authors' estimates (no calibration from candidates' answers yet), so the figure is less certain than its interval says.",
    );
  else if (parameters === "mixed")
    out.push(
      "Some item difficulties are calibrated from candidates' answers, the rest are the authors' estimates.",
    );
  return out;
}
