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

const CLAUSE_VERBS = [
  "review",
  "update",
  "document",
  "approve",
  "test",
  "assess",
  "report",
  "monitor",
  "define",
];
const CLAUSE_OBJECTS = [
  "the supplier contract",
  "the access rights of contractors",
  "the incident log",
  "the backup schedule",
  "the business impact analysis",
  "the risk register",
  "the data retention rules",
  "the security policy",
  "the change calendar",
  "the training records",
  "the encryption settings",
  "the escalation list",
];
const PADDING = ["at the main site", "for the finance team", "in the regional office", "across the group"];
const CLAUSE_TAILS = [
  "",
  "",
  " with the owner",
  " this quarter",
  " ahead of the audit",
  " always",
  " for every site",
];

export interface SyntheticCueBankOptions {
  /** Live single-choice items. */
  size: number;
  seed: string;
  /** A planted cue: with "parts" the key always has one clause more than the longest distractor. */
  cue?: "parts";
}

/**
 * A bank of four-option single-choice items whose options are made of one to three generated
 * clauses ("review the risk register with the owner, and test the backup schedule"), for the cue
 * audit's tests and benchmark. With the planted "parts" cue, distractors are padded to about the
 * key's length, so only the parts give the key away. Without a planted cue every option is drawn from the same
 * distribution and the key's position is uniform, so no surface feature can find the key.
 */
export function syntheticCueBank(options: SyntheticCueBankOptions): BankItem[] {
  const rng = seededRandom(`synthetic-cues:${options.seed}`);
  const clause = () => `${rng.pick(CLAUSE_VERBS)} ${rng.pick(CLAUSE_OBJECTS)}${rng.pick(CLAUSE_TAILS)}`;
  const option = (clauses: number) => {
    const parts = Array.from({ length: clauses }, clause);
    const last = parts.pop()!;
    const text = parts.length ? `${parts.join(", ")} and ${last}` : last;
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const items: BankItem[] = [];
  for (let i = 0; i < options.size; i++) {
    const keyIndex = rng.int(4);
    const distractorClauses = [0, 1, 2].map(() => 1 + rng.int(2));
    const keyClauses = options.cue === "parts" ? Math.max(...distractorClauses) + 1 : 1 + rng.int(2);
    let d = 0;
    const texts = [0, 1, 2, 3].map((j) => option(j === keyIndex ? keyClauses : distractorClauses[d++]!));
    if (options.cue === "parts") {
      // Only the parts give the key away: distractors are padded (without joining words) to about its length.
      const keyLength = texts[keyIndex]!.length;
      texts.forEach((text, j) => {
        if (j === keyIndex) return;
        const target = keyLength - 15 + rng.int(31);
        let padded = text;
        for (let n = 0; n < 8 && padded.length < target; n++) padded += ` ${rng.pick(PADDING)}`;
        texts[j] = padded;
      });
    }
    const key = "ABCD"[keyIndex]!;
    items.push({
      id: `syn-cue-${String(i + 1).padStart(6, "0")}`,
      version: 1,
      status: "live",
      outlines: ["issmp:1.1.1"],
      type: "single-choice",
      stem: `A generated situation ${i + 1} about ${rng.pick(CLAUSE_OBJECTS)}: what should the security manager do FIRST?`,
      options: texts.map((text, j) => ({
        id: "ABCD"[j]!,
        text,
        rationale: j === keyIndex ? "The keyed option of this generated item." : "A generated distractor.",
      })),
      key,
      references: ["synthetic"],
      tags: ["synthetic"],
      difficulty: 0,
      enemies: [],
      timeSeconds: 72,
      shuffle: true,
    });
  }
  return items;
}
