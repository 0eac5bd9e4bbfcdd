/**
 * Synthetic banks for tests, simulations and benchmarks: items spread over an outline's tasks with
 * seeded keys and difficulties. They carry no real content and are never bundled as items.
 */
import type { Outline } from "../catalog/schema.js";
import type { BankItem } from "../items/item.js";
import { seededRandom } from "../random/seeded.js";

export interface SyntheticBankOptions {
  exam: string;
  outline: Outline;
  /** Live items. */
  size: number;
  /** Items in review (used as pretest items). */
  review?: number;
  seed: string;
}

/** A bank of single-choice items, spread over the outline's tasks in proportion to the domain weights. */
export function syntheticBank(options: SyntheticBankOptions): BankItem[] {
  const rng = seededRandom(`synthetic:${options.seed}`);
  const tasks: { task: string; weight: number }[] = [];
  for (const d of options.outline.domains) {
    const domainTasks = d.subdomains.flatMap((s) =>
      s.tasks.length ? s.tasks.map((t) => t.id) : [`${options.exam}:${s.id}.1`],
    );
    const list = domainTasks.length ? domainTasks : [`${options.exam}:${d.id}.1.1`];
    for (const t of list) tasks.push({ task: t, weight: d.weight / list.length });
  }
  const total = tasks.reduce((s, t) => s + t.weight, 0);
  const pickTask = () => {
    let r = rng.next() * total;
    for (const t of tasks) {
      r -= t.weight;
      if (r <= 0) return t.task;
    }
    return tasks[tasks.length - 1]!.task;
  };
  const items: BankItem[] = [];
  const make = (n: number, status: "live" | "review", prefix: string) => {
    for (let i = 0; i < n; i++) {
      // The first items go one per task, so every task has at least one when the bank allows.
      const task = i < tasks.length && status === "live" ? tasks[i]!.task : pickTask();
      const key = "ABCD"[rng.int(4)]!;
      const id = `${options.exam}-${prefix}-${String(i + 1).padStart(6, "0")}`;
      items.push({
        id,
        version: 1,
        status,
        outlines: [task],
        type: "single-choice",
        stem: `Synthetic question ${i + 1} on ${task}: which option is keyed for this generated item?`,
        options: ["A", "B", "C", "D"].map((o) => ({
          id: o,
          text: `Option ${o} of generated item ${i + 1}`,
          rationale:
            o === key ? "The keyed option of this generated item." : "A distractor of this generated item.",
        })),
        key,
        explanation: "Generated for tests and simulations.",
        references: ["synthetic"],
        tags: ["synthetic"],
        difficulty: Math.max(-3, Math.min(3, rng.normal())),
        enemies: [],
        timeSeconds: 72,
        shuffle: true,
      });
    }
  };
  make(options.size, "live", "syn");
  make(options.review ?? 0, "review", "pre");
  return items;
}
