/**
 * Side-by-side comparison of two or three certifications, with the overlap of their outlines. The
 * hash follows the choice (#/compare/issmp,cism), so a comparison can be shared or bookmarked.
 */

import { useEffect, useState } from "react";
import type { Comparison } from "../../../src/core/api/catalog.js";
import { call, endpoints } from "../api.js";
import { useCertifications } from "../lib/catalog.js";
import { useApi } from "../lib/use-api.js";
import { CertificationOptions } from "../ui.js";

const MARK: Record<string, string> = { unverified: " [unverified]", secondary: " [secondary source]" };

/** The certifications a hash names; "#/compare/cissp" (from a certification's page) adds a second. */
function fromIds(ids: string[]): string[] {
  if (ids.length >= 2) return ids.slice(0, 3);
  if (ids.length === 1) return [ids[0]!, ids[0] === "issmp" ? "cissp" : "issmp"];
  return ["issmp", "cism"];
}
const key = (ids: string[]) => ids.filter(Boolean).join(",");

export function ComparePage({ ids }: { ids: string[] }) {
  const certs = useCertifications();
  const [chosen, setChosen] = useState<string[]>(() => fromIds(ids));

  // The hash names the choice. Replacing it adds no history entry per select; the App hears of it
  // (its hashchange listener) so the ids it passes stay those of the hash.
  useEffect(() => {
    const hash = `#/compare/${key(chosen)}`;
    if (window.location.hash === hash) return;
    history.replaceState(history.state, "", hash);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }, [chosen]);
  // A hash changed from outside (a link, the Back button) is followed.
  const idsKey = ids.join(",");
  useEffect(() => {
    const wanted = fromIds(idsKey.split(",").filter(Boolean));
    setChosen((c) => (key(c) === key(wanted) ? c : wanted));
  }, [idsKey]);

  const picked = chosen.filter(Boolean);
  const choiceError =
    picked.length < 2
      ? "Choose at least two certifications."
      : new Set(picked).size !== picked.length
        ? "Choose different certifications."
        : null;
  const compared = useApi(
    choiceError ? null : () => call(endpoints.compare, { query: { ids: picked.join(",") } }),
    [key(chosen)],
  );
  const error = choiceError ?? compared.message;
  const comparison: Comparison | null = compared.error ? null : compared.data;

  return (
    <section>
      <h1>Compare certifications</h1>
      <form className="pickers" onSubmit={(e) => e.preventDefault()}>
        {[0, 1, 2].map((k) => (
          <label key={k}>
            {k === 2 ? "Third (optional)" : k === 0 ? "First" : "Second"}{" "}
            <select
              value={chosen[k] ?? ""}
              onChange={(e) => setChosen((c) => Object.assign([...c], { [k]: e.target.value }))}
            >
              {k === 2 && <option value="">—</option>}
              <CertificationOptions certs={certs} />
            </select>
          </label>
        ))}
      </form>
      {error && <p role="alert">{error}</p>}
      {comparison && (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1) */}
          <section className="scroll compare-scroll" tabIndex={0} aria-label="Comparison table">
            <table className="compare" aria-describedby="compare-legend">
              <caption className="sr-only">Attributes side by side</caption>
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  {comparison.certifications.map((c) => (
                    <th key={c.id} scope="col">
                      <a href={`#/catalog/${c.id}`}>{c.abbreviation}</a>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {comparison.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    {r.cells.map((cell, i) => (
                      <td
                        key={comparison.certifications[i]!.id}
                        data-cert={comparison.certifications[i]!.abbreviation}
                      >
                        {cell.text}
                        {cell.certainty ? <em className="small">{MARK[cell.certainty] ?? ""}</em> : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <dl id="compare-legend" className="compare-legend small" aria-label="Marks in the table">
            <div>
              <dt>[unverified]</dt>
              <dd>
                the catalog's sources could not confirm this fact; check it with the issuer before relying on
                it (the certification's page says why).
              </dd>
            </div>
            <div>
              <dt>[secondary source]</dt>
              <dd>only sources other than the issuer, such as training providers, confirm this fact.</dd>
            </div>
          </dl>
          <h2>Where the outlines overlap</h2>
          <ul>
            {comparison.overlap.map((t) => (
              <li key={t.id}>
                <strong>{t.name}</strong>:{" "}
                {comparison.certifications
                  .map((c) => `${c.abbreviation} ${(t.coverage[c.id] ?? []).join(", ") || "—"}`)
                  .join("; ")}
              </li>
            ))}
          </ul>
          {comparison.warnings.map((w) => (
            <p key={w} className="small">
              {w}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
