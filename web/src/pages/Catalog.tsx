/** One certification: exam facts and the outline in force, domain by domain. */
import { useEffect, useState } from "react";
import { api } from "../api.js";

interface Outline {
  domains: {
    id: string;
    name: string;
    weight: number;
    subdomains: { id: string; name: string; tasks: { id: string; text: string }[] }[];
  }[];
}
interface Cert {
  id: string;
  abbreviation: string;
  name: string;
  issuer: string;
  outlines: Outline[];
}

export function CatalogPage({ id }: { id: string }) {
  const [cert, setCert] = useState<Cert | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Cert>("GET", `/api/catalog/${id}`).then(setCert, (e) => setError(String(e.message)));
  }, [id]);
  if (error) return <p role="alert">{error}</p>;
  if (!cert) return <p>Loading…</p>;
  const withContent = cert.outlines.filter((o) => o.domains.length > 0);
  const outline = withContent[withContent.length - 1];
  return (
    <section>
      <h1>
        {cert.abbreviation} — {cert.name}
      </h1>
      <p>Issuer: {cert.issuer}</p>
      {outline?.domains.map((d) => (
        <details key={d.id}>
          <summary>
            Domain {d.id}: {d.name} ({d.weight}%)
          </summary>
          {d.subdomains.map((s) => (
            <div key={s.id}>
              <h3>
                {s.id} {s.name}
              </h3>
              <ul>
                {s.tasks.map((t) => (
                  <li key={t.id}>{t.text}</li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      ))}
    </section>
  );
}
