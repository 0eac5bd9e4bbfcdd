/**
 * The CAT as an adaptive engine for attempts: it rebuilds the run from the attempt's steps (the
 * delivered items and their final answers), then decides the next item or the end. Each decision
 * uses a generator seeded by the attempt's seed and the position, so a resumed attempt decides
 * exactly as the original would have.
 */

import type { Outline } from "../catalog/schema.js";
import { taskParts } from "../catalog/task-id.js";
import type { AdaptiveContext, AdaptiveDecision, AdaptiveEngine } from "../exam/adaptive.js";
import { formEntry } from "../exam/start.js";
import { type ItemParameters, priorParameters } from "../irt/models.js";
import { type BankItem, gradeResponse } from "../items/item.js";
import { seededRandom } from "../random/seeded.js";
import { buildPool, type Pool } from "./pool.js";
import type { CatRules } from "./rules.js";
import { CatRun } from "./run.js";
import { block } from "./selection.js";

export interface CatEngineOptions {
  exam: string;
  outline: Outline;
  /** The bank: live items are operational, items in review are pretest items. */
  bank: readonly BankItem[];
  rules: CatRules;
  /** Calibrated parameters by item id; the authors' priors otherwise. */
  parameters?: ReadonlyMap<string, ItemParameters>;
}

/** The exam's items as a CAT pool (an item's domain is that of its first task statement in the exam). */
export function poolFromBank(options: Omit<CatEngineOptions, "rules">): Pool {
  const items = options.bank
    .filter((i) => i.status === "live" || i.status === "review")
    .flatMap((i) => {
      const task = i.outlines.find((t) => t.startsWith(`${options.exam}:`));
      if (!task) return [];
      return [
        {
          id: i.id,
          params: options.parameters?.get(i.id) ?? priorParameters(i.difficulty),
          domain: taskParts(task).domain,
          pretest: i.status === "review",
          enemies: i.enemies,
        },
      ];
    });
  return buildPool(
    items,
    options.outline.domains.map((d) => d.id),
  );
}

export class CatEngine implements AdaptiveEngine {
  readonly pool: Pool;
  private readonly weights: Map<string, number>;
  private readonly byId: Map<string, BankItem>;

  constructor(readonly options: CatEngineOptions) {
    this.pool = poolFromBank(options);
    this.weights = new Map(options.outline.domains.map((d) => [d.id, d.weight]));
    this.byId = new Map(options.bank.map((i) => [i.id, i]));
  }

  /** Rebuilds the run from an attempt state: every delivered item and its final answer. */
  replay(context: Pick<AdaptiveContext, "state">): CatRun {
    const { state } = context;
    const run = new CatRun(this.pool, this.options.rules, seededRandom(`cat:${state.seed}`), this.weights);
    for (const entry of state.form) {
      const index = this.pool.index.get(entry.id);
      if (index === undefined) continue;
      run.deliver(index, entry.pretest);
      if (state.final.has(entry.id)) {
        const item = this.byId.get(entry.id);
        run.answer(item ? gradeResponse(item, state.responses.get(entry.id)).credit : 0);
      }
    }
    return run;
  }

  /** The next decision; items in `exclude` are not selected (they stay for other attempts). */
  decide(context: AdaptiveContext, exclude?: ReadonlySet<string>): AdaptiveDecision {
    const run = this.replay(context);
    for (const id of exclude ?? []) {
      const index = this.pool.index.get(id);
      if (index !== undefined) block(this.pool, run.state, index);
    }
    if (context.remainingMs === 0) {
      const stop = run.timeOut();
      return { kind: "stop", reason: stop.reason, theta: stop.theta, se: stop.se, passed: stop.passed };
    }
    const position = context.state.form.length;
    const decision = run.next(seededRandom(`cat:${context.state.seed}:${position}`));
    const { theta, se } = run.estimate;
    if (decision.kind === "stop")
      return { kind: "stop", reason: decision.reason, theta, se, passed: decision.passed };
    const id = this.pool.ids[decision.index]!;
    const item = this.byId.get(id)!;
    const task = item.outlines.find((t) => t.startsWith(`${this.options.exam}:`))!;
    const { domain, subdomain } = taskParts(task);
    const entry = formEntry(item, { domain, subdomain, task, pretest: decision.pretest }, context.state.seed);
    return {
      kind: "select",
      entry,
      theta: Number.isFinite(theta) ? theta : 0,
      se: Number.isFinite(se) ? se : 99,
    };
  }
}
