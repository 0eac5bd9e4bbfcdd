/** The app shell: a header, and the page the location hash names (#/, #/catalog/issmp, #/attempt/ID, #/report/ID). */
import { type ReactElement, useEffect, useState } from "react";
import { CatalogPage } from "./pages/Catalog.js";
import { ComparePage } from "./pages/Compare.js";
import { EligibilityPage } from "./pages/Eligibility.js";
import { HomePage } from "./pages/Home.js";
import { PlayerPage } from "./pages/Player.js";
import { ReportPage } from "./pages/Report.js";

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return hash;
}

export function App() {
  const hash = useHash();
  const [, page, id] = /^#\/([a-z]+)(?:\/([\w,-]+))?/.exec(hash) ?? [];
  let body: ReactElement;
  if (page === "attempt" && id) body = <PlayerPage id={id} />;
  else if (page === "report" && id) body = <ReportPage id={id} />;
  else if (page === "catalog" && id) body = <CatalogPage id={id} />;
  else if (page === "compare") body = <ComparePage ids={(id ?? "").split(",").filter(Boolean)} />;
  else if (page === "eligibility") body = <EligibilityPage />;
  else body = <HomePage />;
  return (
    <>
      <header className="top">
        <a href="#/" className="brand">
          certpath
        </a>
        <nav aria-label="Main">
          <a href="#/">Practice</a>
          <a href="#/catalog/issmp">ISSMP outline</a>
          <a href="#/compare">Compare</a>
          <a href="#/eligibility">Eligibility</a>
        </nav>
      </header>
      <main id="main">{body}</main>
    </>
  );
}
