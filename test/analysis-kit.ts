/**
 * Simulated candidates for item-analysis tests, written through the real code paths: a form
 * assembled from the bank, a start step with its option shuffles, an attempt session answering by
 * command and finishing, in the store. Each candidate answers an item right with probability
 * logistic(1.7 (θ − b)), b the item's difficulty prior, and otherwise picks a wrong answer; problems
 * can be planted in named items.
 */
import { buildExamForm, type ContentSource } from "../src/app/exams/setup.js";
import { policyResponse } from "../src/cli/commands/exam.js";
import { startBody } from "../src/core/exam/start.js";
import type { FormEntry } from "../src/core/exam/steps.js";
import type { BankItem } from "../src/core/items/item.js";
import { type Random, seededRandom } from "../src/core/random/seeded.js";
import { AttemptRepository } from "../src/store/attempts/attempt-repository.js";
import { AttemptSession } from "../src/store/attempts/attempt-session.js";
import type { Store } from "../src/store/store.js";

export interface Candidate {
  id: string;
  theta: number;
  userId?: string | null;
  assignmentId?: string | null;
  /** When the attempt starts (ms). */
  at: number;
  /** The item (by id) is this much harder for this candidate, in logits (planted DIF). */
  harder?: Record<string, number>;
}

export interface Plants {
  /** Items whose recorded key is wrong: candidates who know the answer choose this option instead. */
  keyWrong?: Record<string, string>;
}

/** The form every candidate takes (one seed: one form), and the candidates' finished attempts. */
export async function takeForm(
  store: Store,
  content: ContentSource,
  opts: { exam: string; seed: string; items: number; candidates: Candidate[]; plants?: Plants },
): Promise<{ attempts: string[]; form: FormEntry[] }> {
  const repo = new AttemptRepository(store.db);
  const { setup, form } = buildExamForm(content, opts.exam, {
    seed: opts.seed,
    items: opts.items,
    mode: "exam",
  });
  const start = startBody({
    exam: setup.cert.id,
    behaviour: "exam",
    seed: opts.seed,
    form: form.items,
    items: setup.items,
    timeLimitMs: 3 * 3_600_000,
  });
  const attempts: string[] = [];
  let entries: FormEntry[] = [];
  for (const c of opts.candidates) {
    const rng = seededRandom(`answers:${c.id}`);
    let now = c.at;
    const clock = () => now;
    const session = await AttemptSession.start(
      repo,
      c.id,
      start,
      setup.items,
      clock,
      undefined,
      c.userId ?? null,
      c.assignmentId ?? null,
    );
    entries = session.state.form;
    for (const [position, entry] of entries.entries()) {
      now += 20_000 + rng.int(40_000);
      const item = setup.items.get(entry.id)!;
      const b = item.difficulty + (c.harder?.[item.id] ?? 0);
      const knows = rng.next() < 1 / (1 + Math.exp(-1.7 * (c.theta - b)));
      await session.send({
        kind: "answer",
        itemId: entry.id,
        response: respond(item, entry, knows, opts.plants?.keyWrong?.[item.id], rng),
      });
      if (position < entries.length - 1) await session.send({ kind: "navigate", position: position + 1 });
    }
    now += 1000;
    await session.send({ kind: "finish" });
    attempts.push(c.id);
  }
  return { attempts, form: entries };
}

function respond(
  item: BankItem,
  entry: FormEntry,
  knows: boolean,
  plantedKey: string | undefined,
  rng: Random,
) {
  if (item.type === "single-choice") {
    const right = plantedKey ?? item.key;
    if (knows) return right;
    return rng.pick(entry.order.filter((o) => o !== right));
  }
  return policyResponse(knows ? "key" : "wrong", item, entry.order, rng);
}

/** Standard normal abilities for n candidates, from a seed. */
export function abilities(n: number, seed: string, shift = 0): number[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => rng.normal() + shift);
}
