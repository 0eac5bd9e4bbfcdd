/**
 * Side-by-side comparison of certifications on every attribute, plus the overlap view drawn from
 * the authored topic map (which parts of each outline cover the same ground).
 */
import type { Catalog } from "../catalog/catalog.js";
import {
  type Certainty,
  certaintyOf,
  describeExam,
  describeExperience,
  describeFact,
  describeMaintenance,
  describeMoney,
  describePrerequisites,
} from "../catalog/describe.js";
import { outlineAsOf } from "../catalog/outline-in-force.js";
import type { Certification } from "../catalog/schema.js";

export interface Cell {
  text: string;
  certainty: Certainty;
}

export interface ComparisonRow {
  key: string;
  label: string;
  cells: Cell[];
}

export interface OverlapTopic {
  id: string;
  name: string;
  description: string;
  /** Per compared certification id, the outline elements covering the topic ("5.1 Facilitate …"). */
  coverage: Record<string, string[]>;
}

export interface Comparison {
  asOf: string;
  certifications: { id: string; abbreviation: string; name: string }[];
  rows: ComparisonRow[];
  overlap: OverlapTopic[];
  warnings: string[];
}

const plain = (text: string): Cell => ({ text, certainty: null });

export function compareCertifications(
  catalog: Catalog,
  certs: readonly Certification[],
  asOf: string,
): Comparison {
  const views = certs.map((c) => outlineAsOf(c, asOf));
  const row = (key: string, label: string, cell: (c: Certification, i: number) => Cell): ComparisonRow => ({
    key,
    label,
    cells: certs.map(cell),
  });
  const rows: ComparisonRow[] = [
    row("issuer", "Issuer", (c) => plain(c.issuer)),
    row("level", "Level", (c) => describeFact(c.level, (v) => v)),
    row("focus", "Focus", (c) => plain(c.focus.join(", "))),
    row("launched", "Launched", (c) => describeFact(c.launched, (v) => v ?? "unknown")),
    row("outline", "Outline", (_c, i) => {
      const o = views[i]!.outline;
      return {
        text: `${o.label}${o.effective ? ` (from ${o.effective})` : ""}`,
        certainty: o.effectiveUnverified ? "unverified" : null,
      };
    }),
    row("domains", "Domains", (_c, i) =>
      plain(views[i]!.outline.domains.map((d) => `${d.id}. ${d.name} ${d.weight}%`).join("\n")),
    ),
    row("exam", "Exam format", (c) => ({
      text: describeExam(c),
      certainty:
        certaintyOf(c.exam.flags.delivery) ??
        certaintyOf(c.exam.flags.durationMinutes) ??
        certaintyOf(c.exam.flags.scale),
    })),
    row("prerequisites", "Prerequisites", (c) => plain(describePrerequisites(c))),
    row("experience", "Experience", (c) => ({
      text: describeExperience(c),
      certainty: certaintyOf(c.eligibility.flags.counting),
    })),
    row("maintenance", "Maintenance", (c) => ({
      text: describeMaintenance(c),
      certainty: certaintyOf(c.maintenance.flags.cpeTotal) ?? certaintyOf(c.maintenance.flags.annualFee),
    })),
    row("fee", "Exam fee", (c) => describeFact(c.fee, describeMoney)),
    row("bestFor", "Best for", (c) => describeFact(c.bestFor, (v) => v)),
    row("roles", "Typical roles", (c) => describeFact(c.roles, (v) => v.join(", "))),
  ];
  return {
    asOf,
    certifications: certs.map((c) => ({ id: c.id, abbreviation: c.abbreviation, name: c.name })),
    rows,
    overlap: overlapView(catalog, certs, asOf),
    warnings: views.flatMap((v, i) => v.warnings.map((w) => `${certs[i]!.abbreviation}: ${w}`)),
  };
}

/** Topics of the topic map that at least two of the compared certifications cover. */
export function overlapView(catalog: Catalog, certs: readonly Certification[], asOf: string): OverlapTopic[] {
  const names = new Map<string, string>();
  for (const c of certs) {
    const { outline } = outlineAsOf(c, asOf);
    for (const d of outline.domains) {
      names.set(`${c.id}:${d.id}`, `Domain ${d.id} ${d.name}`);
      for (const s of d.subdomains) names.set(`${c.id}:${s.id}`, `${s.id} ${s.name}`);
    }
  }
  const out: OverlapTopic[] = [];
  for (const topic of catalog.topicMap.topics) {
    const coverage: Record<string, string[]> = {};
    for (const c of certs) {
      const refs = topic.covers.filter((ref) => ref.startsWith(`${c.id}:`) && names.has(ref));
      if (refs.length) coverage[c.id] = refs.map((r) => names.get(r)!);
    }
    if (Object.keys(coverage).length >= Math.min(2, certs.length)) {
      out.push({ id: topic.id, name: topic.name, description: topic.description, coverage });
    }
  }
  return out;
}
