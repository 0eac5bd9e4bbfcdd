/**
 * Bank statistics per exam: live item counts by domain, subdomain, task, type, status and tag; key
 * positions; the share of items whose key is the longest option; and coverage gaps.
 */

import type { Catalog } from "../catalog/catalog.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import { taskParts } from "../catalog/task-id.js";
import type { BankItem } from "../items/item.js";
import type { Bank } from "./load.js";

export interface ExamBankStats {
  /** Live items. */
  items: number;
  byDomain: Record<string, number>;
  bySubdomain: Record<string, number>;
  byTask: Record<string, number>;
  byType: Record<string, number>;
  /** All items of the exam, by status. */
  byStatus: Record<string, number>;
  byTag: Record<string, number>;
  /** Key positions of live single-choice items. */
  keyPositions: Record<string, number>;
  /** Share of live single-choice items whose key is the longest option. */
  keyLongestShare: number;
  gaps: { subdomains: string[]; tasks: string[] };
}

/** The task of an item for a given exam (its first task statement in that exam's outline). */
export function primaryTask(item: BankItem, exam: string): string | undefined {
  return item.outlines.find((t) => t.startsWith(`${exam}:`));
}

function inc(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

export function bankStats(
  bank: Bank,
  catalog: Catalog,
  asOf: string,
  exam?: string,
): Record<string, ExamBankStats> {
  const exams = exam ? [exam] : [...new Set([...bank.locations.values()].map((l) => l.exam))].sort();
  const out: Record<string, ExamBankStats> = {};
  for (const examId of exams) {
    const cert = catalog.certifications.find((c) => c.id === examId);
    const all = bank.items.filter((i) => primaryTask(i, examId) !== undefined);
    const live = all.filter((i) => i.status === "live");
    const s: ExamBankStats = {
      items: live.length,
      byDomain: {},
      bySubdomain: {},
      byTask: {},
      byType: {},
      byStatus: {},
      byTag: {},
      keyPositions: {},
      keyLongestShare: 0,
      gaps: { subdomains: [], tasks: [] },
    };
    for (const i of all) inc(s.byStatus, i.status);
    for (const i of live) {
      const task = primaryTask(i, examId)!;
      const { domain, subdomain } = taskParts(task);
      inc(s.byDomain, domain);
      inc(s.bySubdomain, subdomain);
      for (const t of i.outlines.filter((x) => x.startsWith(`${examId}:`))) inc(s.byTask, t);
      inc(s.byType, i.generated ? "generated" : i.type);
      for (const tag of i.tags) inc(s.byTag, tag);
    }
    const singles = live.filter((i) => i.type === "single-choice");
    let longest = 0;
    for (const i of singles) {
      if (i.type !== "single-choice") continue;
      inc(s.keyPositions, i.key);
      const key = i.options.find((o) => o.id === i.key)!;
      if (i.options.every((o) => o.id === i.key || o.text.length < key.text.length)) longest++;
    }
    s.keyLongestShare = singles.length ? Math.round((longest / singles.length) * 1000) / 1000 : 0;
    if (cert) {
      const { outline } = outlineAsOf(cert, asOf);
      for (const d of outline.domains) {
        for (const sub of d.subdomains) {
          if (!s.bySubdomain[sub.id]) s.gaps.subdomains.push(sub.id);
          for (const t of sub.tasks) if (!s.byTask[t.id]) s.gaps.tasks.push(t.id);
        }
      }
    }
    out[examId] = s;
  }
  return out;
}
