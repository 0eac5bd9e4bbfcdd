/**
 * The catalog: every certification (#/catalog), and one certification (#/catalog/<id>) with its exam
 * facts, eligibility and maintenance rules, each marked with how sure the catalog is of it, the sources
 * those facts cite (#/catalog/<id>/source/<KEY> jumps to one), and the outline in force, domain by domain.
 */
import { useEffect } from "react";
import { outlineAsOf } from "../../../../src/core/catalog/outline-in-force.js";
import type { Outline } from "../../../../src/core/catalog/schema.js";
import { taskNumber } from "../../../../src/core/catalog/task-id.js";
import { call, endpoints, HttpProblem } from "../../api.js";
import { type CatalogEntry, useCatalog } from "../../lib/catalog.js";
import { outlineInForce } from "../../lib/outline.js";
import { useApi } from "../../lib/use-api.js";
import { Cites, citations, FactList, factSections, Marks, showSource } from "./facts.js";
import type { CertView } from "./types.js";

export function CatalogPage({ id }: { id: string }) {
  /** Every certification, with how many practice items the bank holds for each (none if it fails). */
  const catalog = useCatalog();
  const entries: CatalogEntry[] | null = catalog.error ? [] : catalog.data;
  const loaded = useApi(() => call(endpoints.certification, { params: { id } }), [id]);
  const cert: CertView | null = loaded.data;
  const notFound = loaded.error instanceof HttpProblem && loaded.error.problem.status === 404;
  const error = notFound ? null : loaded.message;
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
