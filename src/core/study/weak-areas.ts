/**
 * Weak-area practice: which items a practice of `count` items should hold so the candidate's time goes
 * where the exam's weight and their weakness meet. Each domain's need is its weight × its weakness
 * (1 − P(ability in the domain ≥ the passing standard), from readiness; 0.5 with no evidence), and the
 * items are shared out in proportion (largest remainder, a domain short of items passing its share on).
 * Within a domain, tasks never seen come first (coverage), then items never answered, then the ones
 * answered longest ago; items answered in the last `recentDays` are left out while others remain. Pure:
 * the answers, `now` and the random source are passed in.
 */
import { apportionCapped } from "../assembly/apportion.js";
import { enemyMap } from "../assembly/assemble.js";
import type { Random } from "../random/seeded.js";

export interface WeakAreaInput {
  /** The items that may be drawn (scored, live), with their domain and task. */
  items: readonly { id: string; domain: string; task: string; enemies?: readonly string[] }[];
  /** Each domain of the outline: its weight, and P(at standard) from readiness, or null without answers. */
  domains: readonly { id: string; weight: number; probability: number | null }[];
  /** When each item was last answered (ms). */
  lastAnswered: ReadonlyMap<string, number>;
  now: number;
  count: number;
  random: Random;
  /** Days within which an answered item is not drawn again while others remain (default 14). */
  recentDays?: number;
}

export interface WeakAreaDomain {
  domain: string;
  /** Weight × weakness, as a share of all domains' (sums to 1). */
  need: number;
  items: number;
}

export interface WeakAreaPractice {
  itemIds: string[];
  domains: WeakAreaDomain[];
}

const DAY_MS = 86_400_000;

export function weakAreaPractice(input: WeakAreaInput): WeakAreaPractice {
  if (!Number.isInteger(input.count) || input.count < 1)
    throw new RangeError(`a practice needs at least one item (got ${input.count})`);
  const recentMs = (input.recentDays ?? 14) * DAY_MS;
  const seenTasks = new Set(input.items.filter((i) => input.lastAnswered.has(i.id)).map((i) => i.task));
  const byDomain = new Map<string, { id: string; task: string }[]>();
  for (const i of input.items) {
    const list = byDomain.get(i.domain) ?? [];
    list.push(i);
    byDomain.set(i.domain, list);
  }
  const domains = input.domains.filter((d) => (byDomain.get(d.id)?.length ?? 0) > 0);
  const raw = domains.map((d) => d.weight * (1 - (d.probability ?? 0.5)));
  // Every domain keeps a little need (weight × 0.05), so a strong domain is revisited now and then.
  const need = domains.map((d, k) => Math.max(raw[k]!, d.weight * 0.05));
  const needTotal = need.reduce((s, x) => s + x, 0);
  const caps = domains.map((d) => byDomain.get(d.id)!.length);
  const counts = apportionCapped(input.count, need, caps);
  const itemIds: string[] = [];
  // Enemies never share a practice, as on any form: an item picked blocks its enemies.
  const enemies = enemyMap(input.items.map((i) => ({ id: i.id, enemies: i.enemies ?? [] })));
  const blocked = new Set<string>();
  const take = (id: string, into: string[]) => {
    into.push(id);
    for (const e of enemies.get(id) ?? []) blocked.add(e);
  };
  domains.forEach((d, k) => {
    const candidates = byDomain.get(d.id)!.map((i) => ({
      ...i,
      last: input.lastAnswered.get(i.id),
      tie: input.random.next(),
    }));
    const fresh = candidates.filter((c) => c.last === undefined || input.now - c.last >= recentMs);
    const pool = fresh.length >= counts[k]! ? fresh : candidates;
    pool.sort(
      (a, b) =>
        Number(seenTasks.has(a.task)) - Number(seenTasks.has(b.task)) ||
        (a.last ?? -1) - (b.last ?? -1) ||
        a.tie - b.tie,
    );
    // One item per task before a second from any task: coverage within the domain.
    const picked: string[] = [];
    const tasks = new Set<string>();
    for (const c of pool)
      if (picked.length < counts[k]! && !tasks.has(c.task) && !blocked.has(c.id)) {
        take(c.id, picked);
        tasks.add(c.task);
      }
    for (const c of pool)
      if (picked.length < counts[k]! && !picked.includes(c.id) && !blocked.has(c.id)) take(c.id, picked);
    itemIds.push(...picked);
    counts[k] = picked.length;
  });
  // A domain whose enemies left it short: its places go to the neediest domains' next items.
  const order = domains.map((_, k) => k).sort((a, b) => need[b]! - need[a]!);
  for (const k of order) {
    if (itemIds.length >= input.count) break;
    for (const i of byDomain.get(domains[k]!.id)!) {
      if (itemIds.length >= input.count) break;
      if (itemIds.includes(i.id) || blocked.has(i.id)) continue;
      take(i.id, itemIds);
      counts[k]!++;
    }
  }
  return {
    itemIds,
    domains: domains.map((d, k) => ({
      domain: d.id,
      need: needTotal > 0 ? need[k]! / needTotal : 0,
      items: counts[k]!,
    })),
  };
}
