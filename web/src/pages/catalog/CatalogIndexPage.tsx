/** Every certification (#/catalog). */
import { useCatalog } from "../../lib/catalog.js";

export function CatalogIndexPage() {
  const { data: certs, message: error } = useCatalog();
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
