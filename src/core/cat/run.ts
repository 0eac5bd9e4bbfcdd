/**
 * One adaptive test, step by step: pretest slots fixed up front from the seed, the next item chosen
 * by information, the ability re-estimated after each scored answer, and the stopping rules checked.
 * Pure and incremental (EAP keeps its posterior on a grid), so the same code serves a live attempt
 * and a simulation of thousands of examinees.
 */
import { type Estimate, maximumLikelihood, type Response } from "../irt/estimate.js";
import { logProbabilities } from "../irt/models.js";
import type { Random } from "../random/seeded.js";
import { type Pool, poolParams } from "./pool.js";
import type { CatRules } from "./rules.js";
import { zFor } from "./rules.js";
import { markAdministered, newSelectionState, type SelectionState, selectItem } from "./selection.js";

export type CatDecision =
  | { kind: "item"; index: number; pretest: boolean }
  | { kind: "stop"; reason: string; passed: boolean; theta: number; se: number };

const DEFAULT_QUADRATURE = { points: 121, limit: 6 };

export class CatRun {
  readonly state: SelectionState;
  /** Positions (0-based) that carry a pretest item. */
  readonly pretestSlots: Set<number>;
  /** Items administered, in order. */
  readonly administered: { index: number; pretest: boolean; score: 0 | 1 | null }[] = [];
  /** θ and SE after each scored answer (for the time-out rule and the report). */
  readonly history: Estimate[] = [];
  private readonly logPost: Float64Array;
  private readonly grid: Float64Array;
  private readonly responses: Response[] = [];
  private current: Estimate;
  private pretestDelivered = 0;
  private readonly weights?: Float64Array;
  private readonly z: number;

  /**
   * `selections`, when given, counts every item selected by information, administered or not (the
   * selection rates Sympson–Hetter calibration needs).
   */
  constructor(
    readonly pool: Pool,
    readonly rules: CatRules,
    private readonly rng: Random,
    weights?: ReadonlyMap<string, number>,
    private readonly selections?: Uint32Array,
  ) {
    this.state = newSelectionState(pool);
    if (rules.balanceContent && weights) {
      this.weights = new Float64Array(pool.domains.map((d) => weights.get(d) ?? 0));
    }
    const { points, limit } = rules.quadrature ?? DEFAULT_QUADRATURE;
    this.logPost = new Float64Array(points);
    this.grid = new Float64Array(points);
    for (let k = 0; k < points; k++) {
      const t = -limit + (2 * limit * k) / (points - 1);
      this.grid[k] = t;
      this.logPost[k] = -0.5 * t * t;
    }
    const within = Math.max(
      rules.pretest,
      Math.min(rules.pretestWithinFirst || rules.maxItems, rules.maxItems),
    );
    this.pretestSlots = new Set(
      rng.shuffle(Array.from({ length: within }, (_, i) => i)).slice(0, rules.pretest),
    );
    this.current = { theta: rules.startTheta, se: Number.POSITIVE_INFINITY };
    this.z = rules.ci ? zFor(rules.ci.level) : 0;
  }

  get estimate(): Estimate {
    return this.current;
  }

  get scoredCount(): number {
    return this.history.length;
  }

  /** Records an item as delivered (used when replaying an attempt's log). */
  deliver(index: number, pretest: boolean): void {
    markAdministered(this.pool, this.state, index);
    if (pretest) this.pretestDelivered++;
    this.administered.push({ index, pretest, score: null });
  }

  /** Records the score of the last delivered item and updates the estimate if it is scored. */
  answer(score: 0 | 1): void {
    const last = this.administered[this.administered.length - 1];
    if (!last || last.score !== null) throw new Error("no delivered item is waiting for an answer");
    last.score = score;
    if (last.pretest) return;
    const params = poolParams(this.pool, last.index);
    this.responses.push({ params, score });
    if (this.rules.estimator === "eap") {
      if (params.c === 0 && params.d === 1) {
        // 2PL: log σ(z) for a right answer, log(1 − σ(z)) = log σ(−z) for a wrong one — one term each.
        const sign = score === 1 ? -1 : 1;
        for (let k = 0; k < this.grid.length; k++) {
          const x = sign * params.a * (this.grid[k]! - params.b);
          this.logPost[k] =
            this.logPost[k]! - (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
        }
      } else {
        for (let k = 0; k < this.grid.length; k++) {
          const [l1, l0] = logProbabilities(this.grid[k]!, params);
          this.logPost[k] = this.logPost[k]! + (score === 1 ? l1 : l0);
        }
      }
      this.current = this.eapFromGrid();
    } else {
      const est = maximumLikelihood(
        this.responses,
        this.rules.estimator === "map" ? { prior: { mean: 0, sd: 1 } } : {},
      );
      this.current = { theta: est.theta, se: est.se };
    }
    this.history.push(this.current);
  }

  private eapFromGrid(): Estimate {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.grid.length; k++) if (this.logPost[k]! > max) max = this.logPost[k]!;
    let sw = 0;
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < this.grid.length; k++) {
      const w = Math.exp(this.logPost[k]! - max);
      const t = this.grid[k]!;
      sw += w;
      s1 += w * t;
      s2 += w * t * t;
    }
    const theta = s1 / sw;
    return { theta, se: Math.sqrt(Math.max(0, s2 / sw - theta * theta)) };
  }

  /** The stop due now, if any (checked before choosing the next item). */
  stopDue(): CatDecision | null {
    const n = this.administered.length;
    const { theta, se } = this.current;
    const r = this.rules;
    const stop = (reason: string, passed: boolean): CatDecision => ({
      kind: "stop",
      reason,
      passed,
      theta,
      se,
    });
    if (r.ci && n >= Math.max(r.minItems, r.ci.fromItem) && this.scoredCount > 0) {
      if (theta - this.z * se > r.cut)
        return stop(
          `confidence interval: the ${Math.round(r.ci.level * 100)}% interval lies above the passing standard`,
          true,
        );
      if (theta + this.z * se < r.cut)
        return stop(
          `confidence interval: the ${Math.round(r.ci.level * 100)}% interval lies below the passing standard`,
          false,
        );
    }
    if (r.se !== undefined && n >= r.minItems && se < r.se)
      return stop(`precision: the standard error fell below ${r.se}`, theta >= r.cut);
    if (n >= r.maxItems)
      return stop(`maximum length: ${r.maxItems} items answered; the final estimate decides`, theta >= r.cut);
    return null;
  }

  /** The next decision: stop, or the item to deliver at the next position. `rng` overrides the run's generator. */
  next(rng: Random = this.rng): CatDecision {
    const due = this.stopDue();
    if (due) return due;
    const position = this.administered.length;
    if (this.pretestSlots.has(position)) {
      const open: number[] = [];
      for (let k = 0; k < this.pool.size; k++)
        if (this.pool.pretest[k] && !this.state.unavailable[k]) open.push(k);
      if (open.length) return { kind: "item", index: rng.pick(open), pretest: true };
    }
    const at = this.rules.selection === "mfi-cut" ? this.rules.cut : this.current.theta;
    const index = selectItem(this.pool, this.state, {
      at,
      weights: this.weights,
      exposure: this.rules.exposure,
      rng,
      progress: {
        scored: this.administered.length - this.pretestDelivered,
        minScored: Math.max(1, this.rules.minItems - this.rules.pretest),
        maxScored: Math.max(1, this.rules.maxItems - this.rules.pretest),
      },
      selections: this.selections,
    });
    if (index < 0) {
      const { theta, se } = this.current;
      return {
        kind: "stop",
        reason: "the pool has no more items",
        passed: theta >= this.rules.cut,
        theta,
        se,
      };
    }
    return { kind: "item", index, pretest: false };
  }

  /** The decision when time runs out, by the rules' time-out rule (or the current estimate if none). */
  timeOut(): Extract<CatDecision, { kind: "stop" }> {
    const { theta, se } = this.current;
    const rule = this.rules.timeOut;
    const answered = this.administered.filter((a) => a.score !== null).length;
    if (!rule)
      return {
        kind: "stop",
        reason: "time-out: the current estimate decides",
        passed: theta >= this.rules.cut,
        theta,
        se,
      };
    if (answered < rule.minAnswered) {
      return {
        kind: "stop",
        reason: `time-out: ${answered} items answered, fewer than ${rule.minAnswered}: fail`,
        passed: false,
        theta,
        se,
      };
    }
    const last = this.history.slice(-rule.lastScored);
    const passed = last.length > 0 && last.every((e) => e.theta >= this.rules.cut);
    return {
      kind: "stop",
      reason: `time-out: the estimate ${passed ? "stayed at or above" : "fell below"} the passing standard within the last ${rule.lastScored} scored items`,
      passed,
      theta,
      se,
    };
  }
}
