/**
 * The catalog: every certification (#/catalog), and one certification (#/catalog/<id>) with its exam
 * facts, eligibility and maintenance rules, each marked with how sure the catalog is of it, the sources
 * those facts cite (#/catalog/<id>/source/<KEY> jumps to one), and the outline in force, domain by domain.
 */

import { type MouseEvent, type ReactNode, useEffect, useState } from "react";
import {
  describeExam,
  describeExperience,
  describeMaintenance,
  describeMoney,
  describePrerequisites,
  describeStopRule,
} from "../../../src/core/catalog/describe.js";
import { outlineAsOf } from "../../../src/core/catalog/outline-in-force.js";
import type { Certification, Exam, Outline } from "../../../src/core/catalog/schema.js";
import { taskNumber } from "../../../src/core/catalog/task-id.js";
import { api, HttpProblem } from "../api.js";
import { type CatalogEntry, listCertifications } from "../lib/catalog.js";
import { outlineInForce } from "../lib/outline.js";

/** One row of GET /api/catalog. */

/** GET /api/catalog/:id: the certification, and which outline the server holds in force today. */
type CertView = Certification & { inForce?: { outline: string; asOf: string; warnings: string[] } };

/** Where a fact comes from and how sure the catalog is of it (a fact, or a section's field flag). */
interface Meta {
  sources?: string[];
  unverified?: true | string;
  secondary?: true;
  note?: string;
}

/** A labelled fact and the provenance of every catalog field it is made of. */
interface Row {
  label: string;
  value: ReactNode;
  meta?: (Meta | undefined)[];
}

interface Section {
  id: string;
  title: string;
  lead?: string;
  rows: Row[];
  /** Sources the section as a whole cites. */
  sources: string[];
  notes?: string[];
}

export function CatalogIndexPage() {
  const [certs, setCerts] = useState<CatalogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listCertifications().then(setCerts, (e) => setError(String(e.message)));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!certs) return <p>Loading…</p>;
  return (
    <section>
      <h1>Certifications</h1>
      <p>
        {certs.length} certifications in the catalog. Open one for its exam facts, eligibility rules, sources
        and outline, or <a href="#/compare">compare certifications</a> side by side.
      </p>
      <div className="scroll">
        <table className="catalog-index">
          <caption className="sr-only">Every certification in the catalog</caption>
          <thead>
            <tr>
              <th scope="col">Certification</th>
              <th scope="col">Name</th>
              <th scope="col">Issuer</th>
              <th scope="col">Exam</th>
              <th scope="col">
                <span className="sr-only">Compare</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {certs.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <a href={`#/catalog/${c.id}`}>{c.abbreviation}</a>
                </th>
                <td>{c.name}</td>
                <td>{c.issuer}</td>
                <td>{c.examSummary}</td>
                <td>
                  <a href={`#/compare/${c.id}`}>
                    Compare <span className="sr-only">{c.abbreviation} </span>with…
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function CatalogPage({ id }: { id: string }) {
  const [cert, setCert] = useState<CertView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  /** Every certification, with how many practice items the bank holds for each. */
  const [entries, setEntries] = useState<CatalogEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    setCert(null);
    setError(null);
    setNotFound(false);
    api<CertView>("GET", `/api/catalog/${id}`).then(
      (c) => live && setCert(c),
      (e) => {
        if (!live) return;
        if (e instanceof HttpProblem && e.problem.status === 404) setNotFound(true);
        else setError(String(e.message));
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  useEffect(() => {
    listCertifications().then(setEntries, () => setEntries([]));
  }, []);
  // #/catalog/<id>/source/<KEY>: bring that source into view once the page is there.
  useEffect(() => {
    if (!cert) return;
    const go = () => {
      const m = /\/source\/([A-Za-z0-9-]+)$/.exec(window.location.hash);
      if (m) showSource(m[1]!);
    };
    go();
    window.addEventListener("hashchange", go);
    return () => window.removeEventListener("hashchange", go);
  }, [cert]);
  if (notFound) return <NotFound id={id} entries={entries} />;
  if (error) return <p role="alert">{error}</p>;
  if (!cert) return <p>Loading…</p>;

  const bankItems = entries?.find((e) => e.id === cert.id)?.bankItems;
  const sections = factSections(cert);
  const inForce = outlineInForce(cert);
  // When the outline in force is a placeholder (no details held), say so plainly at the top.
  const notice = cert.inForce ? outlineAsOf(cert, cert.inForce.asOf).notice : null;
  const others = cert.outlines.filter((o) => o !== inForce);
  const citedBy = citations(cert, sections, inForce);
  const cite = (keys: readonly string[] | undefined) => <Cites cert={cert.id} keys={keys ?? []} />;

  return (
    <section className="cert">
      <p className="small">
        <a href="#/catalog">All certifications</a>
      </p>
      <h1>
        {cert.abbreviation} — {cert.name}
      </h1>
      {notice && (
        <p className="outline-notice" role="note">
          {notice}
        </p>
      )}
      <p>Issuer: {cert.issuer}</p>
      <p>{cert.summary}</p>
      <div className="actions cert-actions">
        <a className="button" href="#/eligibility">
          Check my eligibility
        </a>
        {bankItems !== undefined && bankItems > 0 && (
          <a className="button" href="#/">
            Practise
          </a>
        )}
        <a className="button" href={`#/compare/${cert.id}`}>
          Compare with…
        </a>
      </div>
      {bankItems === 0 && (
        <p className="no-practice">certpath has no practice items for {cert.abbreviation} yet.</p>
      )}

      {sections.map((s) => (
        <section key={s.id} aria-labelledby={`h-${s.id}`}>
          <h2 id={`h-${s.id}`}>{s.title}</h2>
          {s.lead && <p>{s.lead}</p>}
          <FactList cert={cert.id} rows={s.rows} />
          {s.notes && s.notes.length > 0 && (
            <ul className="notes">
              {s.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {s.sources.length > 0 && <p className="small">Sources for this section: {cite(s.sources)}</p>}
        </section>
      ))}

      {cert.notes.length > 0 && (
        <section aria-labelledby="h-notes">
          <h2 id="h-notes">Notes</h2>
          <ul className="notes">
            {cert.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="h-sources">
        <h2 id="h-sources">Sources</h2>
        <ol className="sources">
          {cert.sources.map((s) => (
            <li key={s.key} id={`source-${s.key}`} tabIndex={-1}>
              <strong>[{s.key}]</strong>{" "}
              {s.url ? (
                <a href={s.url} rel="noreferrer">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
              <span className="source-facts">
                {s.publisher}
                {s.kind === "secondary" ? (
                  <span className="mark mark-secondary">secondary source</span>
                ) : s.kind === "seed" ? (
                  " (reference summary)"
                ) : (
                  " (official)"
                )}
                {s.published ? `; published ${s.published}` : ""}; last checked {s.checked}
              </span>
              {citedBy.has(s.key) && (
                <span className="source-facts">Cited for: {[...citedBy.get(s.key)!].join(", ")}</span>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="h-outline">
        <h2 id="h-outline">Exam outline</h2>
        {inForce ? (
          <>
            <p>
              {notice ? "Used for practice: " : cert.inForce ? `In force on ${cert.inForce.asOf}: ` : ""}
              <strong>{inForce.label}</strong>,{" "}
              {inForce.effective ? `effective ${inForce.effective}` : "effective date not published"}
              {inForce.retired ? `, retired ${inForce.retired}` : ""}{" "}
              <Marks
                cert={cert.id}
                meta={[{ unverified: inForce.effectiveUnverified, sources: inForce.sources }]}
              />
            </p>
            {(cert.inForce?.warnings.filter((w) => w !== notice).length ?? 0) > 0 && (
              <ul className="outline-warnings" aria-label="About this outline">
                {cert.inForce?.warnings
                  .filter((w) => w !== notice)
                  .map((w) => (
                    <li key={w}>{w}</li>
                  ))}
              </ul>
            )}
            {inForce.note && <p>{inForce.note}</p>}
            <OutlineDomains outline={inForce} />
          </>
        ) : (
          <p>The catalog holds no outline content for {cert.abbreviation} yet.</p>
        )}
        {others.length > 0 && (
          <>
            <h3>Other outlines</h3>
            <ul className="other-outlines">
              {others.map((o) => (
                <li key={o.id}>
                  <strong>{o.label}</strong>:{" "}
                  {o.effective ? `effective ${o.effective}` : "effective date not published"}
                  {o.retired ? `, retired ${o.retired}` : ""}
                  {o.detailsCaptured
                    ? `; ${o.domains.length} domains`
                    : "; announced, its content is not in the catalog yet"}{" "}
                  <Marks cert={cert.id} meta={[{ unverified: o.effectiveUnverified, sources: o.sources }]} />
                  {o.note && <span className="reason">{o.note}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </section>
  );
}

/** A certification id the catalog does not hold: say so, and offer the ones it does. */
function NotFound({ id, entries }: { id: string; entries: CatalogEntry[] | null }) {
  return (
    <section>
      <h1>No certification called “{id}”</h1>
      <p>
        certpath's catalog has no certification with that id. See <a href="#/catalog">all certifications</a>
        {entries && entries.length > 0 ? ", or open one of these:" : "."}
      </p>
      {entries && entries.length > 0 && (
        <ul className="plain other-certs">
          {entries.map((c) => (
            <li key={c.id}>
              <a href={`#/catalog/${c.id}`}>{c.abbreviation}</a> — {c.name}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OutlineDomains({ outline }: { outline: Outline }) {
  if (outline.domains.length === 0) return null;
  const total = outline.domains.reduce((n, d) => n + d.weight, 0);
  return (
    <>
      <p className="small">
        {outline.domains.length} domains; weights total {Math.round(total * 10) / 10}%. Open a domain for its
        subdomains and task statements.
      </p>
      {outline.domains.map((d) => (
        <details key={d.id} className="domain">
          <summary>
            Domain {d.id}: {d.name} (<span className="weight">{d.weight}%</span>)
            {d.weightUnverified && (
              <>
                {" "}
                <span className="mark mark-unverified">weight unverified</span>
              </>
            )}
          </summary>
          {typeof d.weightUnverified === "string" && <p className="reason">{d.weightUnverified}</p>}
          {d.subdomains.map((s) => (
            <div key={s.id}>
              <h3>
                {s.id} {s.name}
                {s.unverified && (
                  <>
                    {" "}
                    <span className="mark mark-unverified">unverified</span>
                  </>
                )}
              </h3>
              {typeof s.unverified === "string" && <p className="reason">{s.unverified}</p>}
              <ul className="tasks">
                {s.tasks.map((t) => (
                  <li key={t.id}>
                    <span className="task-id">{taskNumber(t.id)}</span> {t.text}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      ))}
    </>
  );
}

function FactList({ cert, rows }: { cert: string; rows: Row[] }) {
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
function Marks({ cert, meta }: { cert: string; meta: (Meta | undefined)[] }) {
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

function Cites({ cert, keys }: { cert: string; keys: readonly string[] }) {
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

function showSource(key: string): void {
  const el = document.getElementById(`source-${key}`);
  if (!el) return;
  el.scrollIntoView({ block: "start" });
  el.focus({ preventScroll: true });
}

function merged(meta: (Meta | undefined)[]) {
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
function citations(cert: CertView, sections: Section[], outline: Outline | undefined) {
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

function minutes(n: number): string {
  const h = Math.floor(n / 60);
  const m = n % 60;
  const long = h === 0 ? "" : m === 0 ? ` (${h} hour${h === 1 ? "" : "s"})` : ` (${h} h ${m} min)`;
  return `${n} minutes${long}`;
}

/** The catalog's facts about one certification, section by section, each with its provenance. */
function factSections(cert: CertView): Section[] {
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
function flagReader(flags: Record<string, Meta>) {
  const read = new Set<string>();
  const get = (...fields: string[]) =>
    fields.map((f) => {
      read.add(f);
      return flags[f];
    });
  get.unread = () => Object.entries(flags).filter(([f]) => !read.has(f));
  return get;
}
