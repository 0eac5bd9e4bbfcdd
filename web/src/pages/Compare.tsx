/** Side-by-side comparison of two or three certifications, with the overlap of their outlines. */
import { useEffect, useState } from "react";
import { api } from "../api.js";

interface Cert {
  id: string;
  abbreviation: string;
  name: string;
}
interface Comparison {
  certifications: Cert[];
  rows: { key: string; label: string; cells: { text: string; certainty: string | null }[] }[];
  overlap: { id: string; name: string; coverage: Record<string, string[]> }[];
  warnings: string[];
}

const MARK: Record<string, string> = { unverified: " [unverified]", secondary: " [secondary source]" };

export function ComparePage({ ids }: { ids: string[] }) {
  const [certs, setCerts] = useState<Cert[]>([]);
  // "#/compare/cissp" (from a certification's page) starts with that one beside a second.
  const [chosen, setChosen] = useState<string[]>(
    ids.length >= 2
      ? ids
      : ids.length === 1
        ? [ids[0]!, ids[0] === "issmp" ? "cissp" : "issmp"]
        : ["issmp", "cism"],
  );
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ certifications: Cert[] }>("GET", "/api/catalog").then(
      (r) => setCerts(r.certifications),
      () => {},
    );
  }, []);
  useEffect(() => {
    const picked = chosen.filter(Boolean);
    if (picked.length < 2 || new Set(picked).size !== picked.length) {
      setComparison(null);
      setError(
        picked.length < 2 ? "Choose at least two certifications." : "Choose different certifications.",
      );
      return;
    }
    setError(null);
    api<Comparison>("GET", `/api/compare?ids=${picked.join(",")}`).then(setComparison, (e) =>
      setError(String(e.message)),
    );
  }, [chosen]);

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
              {certs.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.abbreviation}
                </option>
              ))}
            </select>
          </label>
        ))}
      </form>
      {error && <p role="alert">{error}</p>}
      {comparison && (
        <>
          <div className="scroll">
            <table>
              <caption className="sr-only">Attributes side by side</caption>
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  {comparison.certifications.map((c) => (
                    <th key={c.id} scope="col">
                      {c.abbreviation}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {comparison.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    {r.cells.map((cell, i) => (
                      <td key={comparison.certifications[i]!.id}>
                        {cell.text}
                        {cell.certainty ? <em className="small">{MARK[cell.certainty] ?? ""}</em> : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
