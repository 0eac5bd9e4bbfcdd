/**
 * Form assembly: from an exam's blueprint (the outline in force) and the bank, a form that meets the
 * domain counts exactly, spreads over subdomains and tasks, respects enemies and exclusions, keeps
 * scenario sets together and inserts unscored pretest items where the exam has them. Seeded.
 */

import type { Exam, Outline } from "../catalog/schema.js";
import { taskParts } from "../catalog/task-id.js";
import { InputError } from "../input-error.js";
import type { BankItem } from "../items/item.js";
import { type Random, seededRandom } from "../random/seeded.js";
import { apportion, apportionCapped } from "./apportion.js";

export interface FormItem {
  id: string;
  domain: string;
  subdomain: string;
  task: string;
  pretest: boolean;
}

export interface Form {
  exam: string;
  seed: string;
  items: FormItem[];
  /** Scored items per domain. */
  counts: Record<string, number>;
  warnings: string[];
}

export interface AssemblyRequest {
  exam: string;
  outline: Outline;
  examFacts: Pick<Exam, "items" | "scoredItems" | "pretestItems" | "maxItems" | "adaptive">;
  bank: readonly BankItem[];
  seed: string;
  /** Scored items; default the exam's scored length. */
  length?: number;
  /** Restrict the form to these domains, subdomains, tasks or tags (practice forms). */
  domains?: readonly string[];
  subdomains?: readonly string[];
  tasks?: readonly string[];
  tags?: readonly string[];
  /** Only these item ids (missed, flagged, never-seen sets), when given. */
  onlyIds?: ReadonlySet<string>;
  /** Item ids to leave out (seen recently). */
  excludeIds?: ReadonlySet<string>;
  /** Insert the exam's unscored pretest items (default: true for full-length forms). */
  pretest?: boolean;
}

/** The exam's scored length: its published scored items, or all of its items. */
export function scoredLength(exam: AssemblyRequest["examFacts"]): number {
  return exam.scoredItems ?? exam.items;
}

interface Candidate {
  item: BankItem;
  task: string;
  domain: string;
  subdomain: string;
}

function candidatesFor(req: AssemblyRequest, statuses: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const item of req.bank) {
    if (!statuses.includes(item.status)) continue;
    if (req.excludeIds?.has(item.id)) continue;
    if (req.onlyIds && !req.onlyIds.has(item.id)) continue;
    if (req.tags && !req.tags.some((t) => item.tags.includes(t))) continue;
    const task = item.outlines.find(
      (t) =>
        t.startsWith(`${req.exam}:`) &&
        (!req.tasks || req.tasks.includes(t)) &&
        (!req.subdomains || req.subdomains.includes(taskParts(t).subdomain)) &&
        (!req.domains || req.domains.includes(taskParts(t).domain)),
    );
    if (!task) continue;
    const { domain, subdomain } = taskParts(task);
    out.push({ item, task, domain, subdomain });
  }
  return out;
}

/** Enemy pairs, both ways. */
/** Each item's enemies (items that must not share a form with it), both ways. */
export function enemyMap(
  bank: readonly { id: string; enemies: readonly string[] }[],
): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (!map.has(a)) map.set(a, new Set());
    map.get(a)!.add(b);
  };
  for (const i of bank) {
    for (const e of i.enemies) {
      add(i.id, e);
      add(e, i.id);
    }
  }
  return map;
}

export function assembleForm(req: AssemblyRequest): Form {
  const rng = seededRandom(`assemble:${req.seed}`);
  const warnings: string[] = [];
  const domains = req.outline.domains.filter((d) => !req.domains || req.domains.includes(d.id));
  if (req.domains) {
    const unknown = req.domains.filter((d) => !req.outline.domains.some((x) => x.id === d));
    if (unknown.length)
      throw new InputError(
        `${req.exam.toUpperCase()} has no domain ${unknown.join(", ")} (domains: ${req.outline.domains.map((d) => d.id).join(", ")})`,
      );
  }
  const n = req.length ?? scoredLength(req.examFacts);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`the form length must be a whole number of items, at least 1 (got ${n})`);

  const candidates = candidatesFor(req, ["live"]);
  const byDomain = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byDomain.get(c.domain);
    if (list) list.push(c);
    else byDomain.set(c.domain, [c]);
  }

  // Domains that can hold items at all under the filters.
  const usable = domains.filter(
    (d) => (byDomain.get(d.id)?.length ?? 0) > 0 || !(req.subdomains || req.tasks || req.tags || req.onlyIds),
  );
  if (usable.length === 0)
    throw new InputError(`the bank has no live ${req.exam.toUpperCase()} items that match the request`);
  const filtered = Boolean(req.subdomains || req.tasks || req.tags || req.onlyIds);
  const plan = filtered ? usable.filter((d) => (byDomain.get(d.id)?.length ?? 0) > 0) : usable;
  // A practice of listed items (due for review, weak areas) takes them as the blueprint allows:
  // a domain short of listed items passes its share to the others instead of failing the form.
  const counts = req.onlyIds
    ? apportionCapped(
        n,
        plan.map((d) => d.weight),
        plan.map((d) => byDomain.get(d.id)?.length ?? 0),
      )
    : apportion(
        n,
        plan.map((d) => d.weight),
      );

  const shortages = plan
    .map((d, i) => ({ d, need: counts[i]!, have: byDomain.get(d.id)?.length ?? 0 }))
    .filter((x) => x.have < x.need);
  if (shortages.length > 0) {
    throw new InputError(
      `the bank cannot fill this ${n}-item ${req.exam.toUpperCase()} form: ${shortages
        .map(
          (s) =>
            `domain ${s.d.id} (${s.d.name}) needs ${s.need} items but has ${s.have} live item${s.have === 1 ? "" : "s"}${filtered ? " matching the request" : ""}`,
        )
        .join("; ")}`,
    );
  }

  const enemies = enemyMap(req.bank);
  const chosen: Candidate[] = [];
  const blocked = new Set<string>();
  plan.forEach((domain, i) => {
    const picked = pickSpread(byDomain.get(domain.id) ?? [], counts[i]!, rng, blocked, enemies);
    if (picked.length < counts[i]!) {
      throw new InputError(
        `the bank cannot fill domain ${domain.id} (${domain.name}) with ${counts[i]} items without putting enemies on one form (${picked.length} possible)`,
      );
    }
    chosen.push(...picked);
  });

  const bankOrder = new Map(req.bank.map((item, i) => [item.id, i]));
  let items: FormItem[] = orderForm(chosen, bankOrder, rng).map((c) => ({
    id: c.item.id,
    domain: c.domain,
    subdomain: c.subdomain,
    task: c.task,
    pretest: false,
  }));

  const pretestCount = req.pretest === false ? 0 : (req.examFacts.pretestItems ?? 0);
  if (pretestCount > 0) {
    const pool = rng.shuffle(candidatesFor(req, ["review"]).filter((c) => !blocked.has(c.item.id)));
    const pre = pool.slice(0, pretestCount);
    if (pre.length < pretestCount) {
      warnings.push(
        `only ${pre.length} of the exam's ${pretestCount} pretest items are available (items in review serve as pretest items)`,
      );
    }
    const within = Math.min(
      req.examFacts.adaptive?.pretestWithinFirst ?? Number.POSITIVE_INFINITY,
      items.length + pre.length,
    );
    items = insertAtRandom(
      items,
      pre.map((c) => ({
        id: c.item.id,
        domain: c.domain,
        subdomain: c.subdomain,
        task: c.task,
        pretest: true,
      })),
      within,
      rng,
    );
  }
  const countMap: Record<string, number> = {};
  plan.forEach((d, i) => {
    countMap[d.id] = counts[i]!;
  });
  return { exam: req.exam, seed: req.seed, items, counts: countMap, warnings };
}

/**
 * Picks `count` items of one domain, round-robin over its subdomains (in random order) and, inside a
 * subdomain, over its tasks with the fewest picks so far, so every subdomain and task with items is
 * used before any is used twice. Enemies of a picked item are blocked.
 */
function pickSpread(
  pool: readonly Candidate[],
  count: number,
  rng: Random,
  blocked: Set<string>,
  enemies: Map<string, Set<string>>,
): Candidate[] {
  const bySub = new Map<string, Map<string, Candidate[]>>();
  for (const c of rng.shuffle(pool)) {
    if (!bySub.has(c.subdomain)) bySub.set(c.subdomain, new Map());
    const tasks = bySub.get(c.subdomain)!;
    const list = tasks.get(c.task);
    if (list) list.push(c);
    else tasks.set(c.task, [c]);
  }
  const taskUse = new Map<string, number>();
  const picked: Candidate[] = [];
  let subs = rng.shuffle([...bySub.keys()]);
  while (picked.length < count && subs.length > 0) {
    const next: string[] = [];
    for (const sub of subs) {
      if (picked.length >= count) break;
      const tasks = bySub.get(sub)!;
      const order = [...tasks.keys()].sort((a, b) => (taskUse.get(a) ?? 0) - (taskUse.get(b) ?? 0));
      let took = false;
      for (const t of order) {
        const list = tasks.get(t)!;
        while (list.length > 0) {
          const c = list.shift()!;
          if (blocked.has(c.item.id)) continue;
          picked.push(c);
          blocked.add(c.item.id);
          for (const e of enemies.get(c.item.id) ?? []) blocked.add(e);
          taskUse.set(t, (taskUse.get(t) ?? 0) + 1);
          took = true;
          break;
        }
        if (took) break;
      }
      if (took) next.push(sub);
    }
    subs = next;
  }
  return picked;
}

/** Random order, with the items of one scenario set kept together in their authored order. */
function orderForm(
  chosen: readonly Candidate[],
  bankOrder: ReadonlyMap<string, number>,
  rng: Random,
): Candidate[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of chosen) {
    const key = c.item.scenario ? `scenario:${c.item.scenario.id}` : `item:${c.item.id}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return rng
    .shuffle([...groups.values()])
    .flatMap((g) => g.sort((a, b) => bankOrder.get(a.item.id)! - bankOrder.get(b.item.id)!));
}

/** Inserts `extra` at random positions among the first `within` positions of the result. */
function insertAtRandom(items: FormItem[], extra: FormItem[], within: number, rng: Random): FormItem[] {
  const total = items.length + extra.length;
  const limit = Math.max(extra.length, Math.min(within, total));
  const slots = new Set(rng.shuffle(Array.from({ length: limit }, (_, i) => i)).slice(0, extra.length));
  const out: FormItem[] = [];
  let a = 0;
  let b = 0;
  for (let pos = 0; pos < total; pos++) {
    if (slots.has(pos) && b < extra.length) out.push(extra[b++]!);
    else out.push(items[a++] ?? extra[b++]!);
  }
  return out;
}
