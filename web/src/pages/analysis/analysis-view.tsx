/**
 * Item analysis as authors and instructors read it (the authors' item page and the instructor's
 * cohort results): one item's statistics with its options by score group, its DIF and its flags;
 * the items of an exam in a table; the forms' KR-20, SEM and score distributions.
 */
import type { ExamAnalysis, ItemStatistics } from "../../../../src/core/analysis/analyse.js";
import { Scroll } from "../../ui.js";

export type { ExamAnalysis, ItemStatistics };

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);
const two = (x: number | null) => (x === null ? "—" : x.toFixed(2));
const seconds = (ms: number | null) => (ms === null ? "—" : `${Math.round(ms / 1000)} s`);
const groupKind = (groups: number) =>
  groups === 5 ? "quintile" : groups === 4 ? "quartile" : groups === 2 ? "half" : "group";

/** What was analysed, and what was left out. */
export function AnalysisSummary({ analysis }: { analysis: ExamAnalysis }) {
  const a = analysis;
  return (
    <div className="analysis-summary">
      <p>
        {a.attempts} finished attempt{a.attempts === 1 ? "" : "s"}, {a.items.length} scored item
        {a.items.length === 1 ? "" : "s"}.
        {a.leftOut.adaptive > 0 &&
          ` ${a.leftOut.adaptive} adaptive attempt(s) left out: an adaptive test picks items by ability, so classical statistics do not apply to it.`}
        {a.leftOut.unknownVersions > 0 &&
          ` ${a.leftOut.unknownVersions} response(s) to item versions no longer known left out.`}
      </p>
      <p className="small">
        Each attempt's score is its share of scored items right; the corrected correlation and the score
        groups leave the item itself out. Flags need {a.minResponses} responses to an item.
      </p>
      {a.dif && (
        <p className="small">
          DIF: {a.dif.focal} ({a.dif.attempts.focal} attempts) against {a.dif.reference} (
          {a.dif.attempts.reference}), matched on the {a.dif.matching} score; Mantel–Haenszel Δ with the ETS
          categories (A negligible, B moderate, C large; − harder for {a.dif.focal}).
        </p>
      )}
      {a.forms.length > 0 && (
        <Scroll label="Forms">
          <table>
            <caption className="caption">Forms two or more attempts shared</caption>
            <thead>
              <tr>
                <th scope="col">Form</th>
                <th scope="col">Items</th>
                <th scope="col">Attempts</th>
                <th scope="col">Mean (SD)</th>
                <th scope="col">KR-20</th>
                <th scope="col">SEM</th>
                <th scope="col">Attempts by number right</th>
              </tr>
            </thead>
            <tbody>
              {a.forms.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <code>{f.id}</code>
                  </th>
                  <td>{f.items}</td>
                  <td>{f.attempts}</td>
                  <td>
                    {f.mean.toFixed(1)} ({f.sd.toFixed(2)})
                  </td>
                  <td>{two(f.kr20)}</td>
                  <td>{two(f.sem)}</td>
                  <td className="small">{f.distribution.map((n, k) => `${k}: ${n}`).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {a.singleAttemptForms > 0 && (
        <p className="small">
          {a.singleAttemptForms} attempt(s) took a form no other attempt took (each attempt gets its own form
          from the bank): KR-20 needs several attempts on one form.
        </p>
      )}
      {a.attempts > 0 && (
        <p className="small">
          Attempts by share right:{" "}
          {a.scoreBands.map((n, k) => `${k * 10}–${k === 9 ? 100 : k * 10 + 9}%: ${n}`).join(" · ")}
        </p>
      )}
    </div>
  );
}

/** The items of an analysis in a table; `onOpen` shows one in full. */
export function ItemsTable({ analysis, onOpen }: { analysis: ExamAnalysis; onOpen: (unit: string) => void }) {
  return (
    <Scroll label="Item statistics">
      <table className="analysis-items">
        <caption className="caption">Items (flagged ones first)</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Attempts</th>
            <th scope="col">Exposure</th>
            <th scope="col">Right (p)</th>
            <th scope="col">Corrected r</th>
            <th scope="col">Omitted</th>
            <th scope="col">Mean time</th>
            {analysis.dif && <th scope="col">DIF</th>}
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {[...analysis.items]
            .sort((x, y) => y.flags.length - x.flags.length || x.unit.localeCompare(y.unit))
            .map((i) => (
              <tr key={i.unit}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onOpen(i.unit)}>
                    <code>{i.unit}</code>
                  </button>
                </th>
                <td>{i.n}</td>
                <td>{pct(i.exposure)}</td>
                <td>{two(i.p)}</td>
                <td>{two(i.corrected)}</td>
                <td>{pct(i.omissionRate)}</td>
                <td>{seconds(i.meanTimeMs)}</td>
                {analysis.dif && <td>{i.dif?.ets ?? "—"}</td>}
                <td className="small">{i.flags.map((f) => f.message).join("; ") || "—"}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </Scroll>
  );
}

/** One item (one version, or a computed family) in full. */
export function ItemAnalysisCard({ item, analysis }: { item: ItemStatistics; analysis: ExamAnalysis }) {
  const t = item.distractors;
  const kind = groupKind(analysis.groups);
  const d = item.dif;
  const labels =
    t?.groups.map((g, k) => ({ name: kind === "quintile" ? `Q${k + 1}` : `G${k + 1}`, n: g.n })) ?? [];
  return (
    <div className="card item-analysis">
      <h3>
        {item.family
          ? `${item.itemId} (computed family, all instances)`
          : `${item.itemId}, version ${item.version}`}
      </h3>
      <dl className="facts">
        <dt>Attempts</dt>
        <dd>
          {item.n} ({pct(item.exposure)} of attempts)
        </dd>
        <dt>Right (p)</dt>
        <dd>{two(item.p)}</dd>
        <dt>Point-biserial</dt>
        <dd>{two(item.pointBiserial)}</dd>
        <dt>Corrected item–total r</dt>
        <dd>{two(item.corrected)}</dd>
        <dt>Left unanswered</dt>
        <dd>{pct(item.omissionRate)}</dd>
        <dt>Mean time</dt>
        <dd>{seconds(item.meanTimeMs)}</dd>
      </dl>
      {item.flags.length > 0 ? (
        <ul className="flags">
          {item.flags.map((f) => (
            <li key={`${f.code}:${f.message}`}>{f.message}</li>
          ))}
        </ul>
      ) : (
        <p className="small">No flags.</p>
      )}
      {t && (
        <Scroll label={`${item.unit}: options by score group`}>
          <table>
            <caption className="caption">
              Share choosing each option, by {kind} of the rest score (lowest first); ✓ marks the key
            </caption>
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">All</th>
                {labels.map((g) => (
                  <th scope="col" key={g.name}>
                    {g.name} <span className="small">({g.n})</span>
                  </th>
                ))}
                <th scope="col">r with rest</th>
              </tr>
            </thead>
            <tbody>
              {t.options.map((o) => (
                <tr key={o.id} className={o.key ? "key" : undefined}>
                  <th scope="row" title={o.text}>
                    {o.key ? "✓ " : ""}
                    {o.id.length > 24 ? `${o.id.slice(0, 23)}…` : o.id}
                    {o.key && <span className="sr-only"> (the key)</span>}
                  </th>
                  <td>{pct(o.share)}</td>
                  {labels.map((g, k) => (
                    <td key={g.name}>{pct(o.byGroup[k] ?? null)}</td>
                  ))}
                  <td>{two(o.restCorrelation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {d && analysis.dif && (
        <p className="small">
          DIF, {analysis.dif.focal} against {analysis.dif.reference}: {d.groups.focal.n} and{" "}
          {d.groups.reference.n} attempts;{" "}
          {d.delta !== null
            ? `Δ_MH ${d.delta.toFixed(2)} (SE ${two(d.seDelta)}), MH χ² ${two(d.chiSquare)}, p ${d.p === null ? "—" : d.p.toFixed(3)}: ETS ${d.ets}`
            : d.unbounded
              ? `Δ_MH beyond any bound, MH χ² ${two(d.chiSquare)}: ETS ${d.ets}`
              : "no estimate (the groups never meet at one score with answers that differ)"}
          .
        </p>
      )}
    </div>
  );
}
