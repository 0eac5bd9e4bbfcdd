/** A certification's facts in sections, each marked with its sources and how sure the catalog is of it. */
import type { MouseEvent } from "react";
import {
  describeExam,
  describeExperience,
  describeMaintenance,
  describeMoney,
  describePrerequisites,
  describeStopRule,
} from "../../../../src/core/catalog/describe.js";
import type { Exam, Outline } from "../../../../src/core/catalog/schema.js";
import type { CertView, Meta, Row, Section } from "./types.js";

export function FactList({ cert, rows }: { cert: string; rows: Row[] }) {
  return (
    <dl className="facts">
      {rows.map((r) => (
        <div key={r.label}>
          <dt>{r.label}</dt>
          <dd>
            {r.value} <Marks cert={cert} meta={r.meta ?? []} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The certainty marks (with the catalog's reasons), notes and source links of a fact. */
export function Marks({ cert, meta }: { cert: string; meta: (Meta | undefined)[] }) {
  const m = merged(meta);
  return (
    <>
      <Cites cert={cert} keys={m.sources} />
      {m.unverified && <span className="mark mark-unverified">unverified</span>}
      {m.secondary && <span className="mark mark-secondary">secondary source</span>}
      {m.reasons.map((r) => (
        <span key={r} className="reason">
          {r}
        </span>
      ))}
      {m.notes.map((n) => (
        <span key={n} className="reason">
          Note: {n}
        </span>
      ))}
    </>
  );
}

export function Cites({ cert, keys }: { cert: string; keys: readonly string[] }) {
  return (
    <>
      {keys.map((k) => {
        const href = `#/catalog/${cert}/source/${k}`;
        return (
          <a
            key={k}
            className="cite"
            href={href}
            onClick={(e: MouseEvent) => {
              // The hash will not change, so no hashchange: jump by hand.
              if (window.location.hash === href) {
                e.preventDefault();
                showSource(k);
              }
            }}
          >
            [{k}]
          </a>
        );
      })}
    </>
  );
}

export function showSource(key: string): void {
  const el = document.getElementById(`source-${key}`);
  if (!el) return;
  el.scrollIntoView({ block: "start" });
  el.focus({ preventScroll: true });
}

export function merged(meta: (Meta | undefined)[]) {
  const sources = new Set<string>();
  const reasons: string[] = [];
  const notes: string[] = [];
  let unverified = false;
  let secondary = false;
  for (const m of meta) {
    if (!m) continue;
    for (const s of m.sources ?? []) sources.add(s);
    if (m.unverified) {
      unverified = true;
      if (typeof m.unverified === "string" && !reasons.includes(m.unverified)) reasons.push(m.unverified);
    }
    if (m.secondary) secondary = true;
    if (m.note && !notes.includes(m.note)) notes.push(m.note);
  }
  return { sources: [...sources], reasons, notes, unverified, secondary };
}

/** The outline the server holds in force; without that, the newest one with content. */

/** Which facts cite each source key, for the sources list. */
export function citations(cert: CertView, sections: Section[], outline: Outline | undefined) {
  const by = new Map<string, Set<string>>();
  const add = (keys: readonly string[] | undefined, what: string) => {
    for (const k of keys ?? []) {
      if (!by.has(k)) by.set(k, new Set());
      by.get(k)!.add(what);
    }
  };
  for (const s of sections) {
    add(s.sources, `${s.title.toLowerCase()} (section)`);
    for (const r of s.rows) add(merged(r.meta ?? []).sources, r.label.toLowerCase());
  }
  if (outline) add(outline.sources, `the ${outline.label} outline`);
  for (const o of cert.outlines) if (o !== outline) add(o.sources, `the ${o.label} outline`);
  return by;
}

export function minutes(n: number): string {
  const h = Math.floor(n / 60);
  const m = n % 60;
  const long = h === 0 ? "" : m === 0 ? ` (${h} hour${h === 1 ? "" : "s"})` : ` (${h} h ${m} min)`;
  return `${n} minutes${long}`;
}

/** The catalog's facts about one certification, section by section, each with its provenance. */
export function factSections(cert: CertView): Section[] {
  const e: Exam = cert.exam;
  const el = cert.eligibility;
  const m = cert.maintenance;
  const ef = flagReader(e.flags);
  const lf = flagReader(el.flags);
  const mf = flagReader(m.flags);

  const about: Row[] = [
    { label: "Level", value: cert.level.value, meta: [cert.level] },
    { label: "Launched", value: cert.launched.value ?? "unknown", meta: [cert.launched] },
    { label: "Focus", value: cert.focus.join(", ") },
    { label: "Best for", value: cert.bestFor.value, meta: [cert.bestFor] },
    { label: "Typical roles", value: cert.roles.value.join("; "), meta: [cert.roles] },
  ];

  const exam: Row[] = [
    {
      label: "Delivery",
      value: e.delivery === "adaptive" ? "adaptive (computerized adaptive testing)" : "linear (a fixed form)",
      meta: ef("delivery"),
    },
    {
      label: "Number of items",
      value:
        e.minItems === e.maxItems
          ? String(e.items)
          : `${e.minItems} to ${e.maxItems} (the test stops when it is sure of the result)`,
      meta: ef("items", "minItems", "maxItems"),
    },
    { label: "Scored items", value: e.scoredItems ?? "not published", meta: ef("scoredItems") },
    {
      label: "Pretest items (unscored)",
      value: e.pretestItems ?? "not published",
      meta: ef("pretestItems"),
    },
    { label: "Duration", value: minutes(e.durationMinutes), meta: ef("durationMinutes") },
    {
      label: "Passing score",
      value: `${e.scale.passing} on a scale of ${e.scale.min} to ${e.scale.max}`,
      meta: ef("scale"),
    },
    { label: "Item types", value: e.itemTypes.join(", "), meta: ef("itemTypes") },
    {
      label: "Languages",
      value: e.languages?.join(", ") ?? "not published",
      meta: ef("languages"),
    },
    { label: "Delivered by", value: e.provider ?? "unknown", meta: ef("provider") },
    { label: "Exam fee", value: describeMoney(cert.fee.value), meta: [cert.fee] },
    { label: "Retakes", value: e.retakePolicy ?? "not published", meta: ef("retakePolicy") },
  ];
  if (e.adaptive) {
    const a = e.adaptive;
    exam.push({
      label: "Adaptive rules",
      value: (
        <>
          Starts {a.start}; {a.review ? "answers can be reviewed" : "no going back to earlier items"}
          {a.pretestWithinFirst ? `; pretest items fall within the first ${a.pretestWithinFirst}` : ""};{" "}
          {a.breaksCountAgainstClock ? "breaks count against the clock" : "breaks stop the clock"}.
          <ol className="rules">
            {a.stopRules.map((r) => (
              <li key={describeStopRule(r)}>{describeStopRule(r)}</li>
            ))}
          </ol>
        </>
      ),
      meta: ef("adaptive"),
    });
  }

  const c = el.counting;
  const eligibility: Row[] = [
    { label: "Prerequisites", value: describePrerequisites(cert), meta: lf("paths") },
    { label: "Experience", value: describeExperience(cert), meta: lf("paths") },
    {
      label: "Routes",
      value: (
        <ul className="plain routes">
          {el.paths.map((p) => (
            <li key={p.id}>
              {p.label}
              {p.waiver &&
                ` (up to ${p.waiver.maxYears} year${p.waiver.maxYears === 1 ? "" : "s"} waived for ${p.waiver.options
                  .map((o) => o.label)
                  .join(p.waiver.stack ? " and " : " or ")})`}
            </li>
          ))}
        </ul>
      ),
      meta: lf("paths"),
    },
    {
      label: "How experience counts",
      value:
        c.note ??
        `${c.fullTimeHours}+ hours a week count as full time; ${
          c.partTimeMinHours > 0 ? `from ${c.partTimeMinHours} hours a week, ` : ""
        }${c.partTimeHoursPerYear} part-time hours make a year; counts: ${c.kinds.join(", ")}.`,
      meta: lf("counting"),
    },
  ];
  if (el.passFirst)
    eligibility.push({
      label: el.passFirst.name,
      value: `${el.passFirst.description} (${el.passFirst.years} years to meet the requirement)`,
      meta: lf("passFirst"),
    });
  if (el.endorsement)
    eligibility.push({ label: "Endorsement", value: el.endorsement, meta: lf("endorsement") });
  if (el.applicationFeeUsd !== undefined)
    eligibility.push({
      label: "Application fee",
      value: `US$${el.applicationFeeUsd}`,
      meta: lf("applicationFeeUsd"),
    });

  const maintenance: Row[] = [
    { label: "Cycle", value: `${m.cycleYears} years`, meta: mf("cycleYears") },
    {
      label: "CPE credits per cycle",
      value: m.cpeTotal ?? "not published",
      meta: mf("cpeTotal"),
    },
  ];
  if (m.annualMinimum !== null)
    maintenance.push({ label: "Yearly minimum", value: `${m.annualMinimum} CPE`, meta: mf("annualMinimum") });
  if (m.annualSuggested !== null)
    maintenance.push({
      label: "Suggested a year",
      value: `${m.annualSuggested} CPE`,
      meta: mf("annualSuggested"),
    });
  if (m.categories.length > 0)
    maintenance.push({
      label: "Categories",
      value: m.categories.map((k) => `${k.name}: at least ${k.minPerCycle} a cycle`).join("; "),
      meta: mf("categories"),
    });
  if (m.topic) maintenance.push({ label: "Topic", value: m.topic, meta: mf("topic") });
  maintenance.push({
    label: "Annual maintenance fee",
    value: describeMoney(m.annualFee),
    meta: mf("annualFee"),
  });

  const sections: Section[] = [
    { id: "about", title: "About", rows: about, sources: [] },
    { id: "exam", title: "Exam", lead: describeExam(cert), rows: exam, sources: e.sources },
    {
      id: "eligibility",
      title: "Eligibility",
      lead: el.summary,
      rows: eligibility,
      sources: el.sources,
      notes: el.notes,
    },
    {
      id: "maintenance",
      title: "Maintenance",
      lead: describeMaintenance(cert),
      rows: maintenance,
      sources: m.sources,
      notes: m.notes,
    },
  ];
  // A flag on a field no row above shows is still listed, so no unverified fact goes unmarked.
  for (const [s, read] of [
    [sections[1]!, ef],
    [sections[2]!, lf],
    [sections[3]!, mf],
  ] as const) {
    for (const [field, flag] of read.unread())
      s.rows.push({ label: `Also flagged: ${field}`, value: "", meta: [flag] });
  }
  return sections;
}

/** Reads a section's field flags by field name, remembering which were read. */
export function flagReader(flags: Record<string, Meta>) {
  const read = new Set<string>();
  const get = (...fields: string[]) =>
    fields.map((f) => {
      read.add(f);
      return flags[f];
    });
  get.unread = () => Object.entries(flags).filter(([f]) => !read.has(f));
  return get;
}
