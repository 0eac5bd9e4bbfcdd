/** The catalog's certifications as `GET /api/catalog` lists them, for every page that needs the list. */
import { useEffect, useState } from "react";
import type { CatalogEntry } from "../../../src/core/api/catalog.js";
import { call, endpoints } from "../api.js";

export type { CatalogEntry };

export function listCertifications(): Promise<CatalogEntry[]> {
  return call(endpoints.catalog).then((r) => r.certifications);
}

/** Every certification, or none until (or unless) the list arrives. */
export function useCertifications(): CatalogEntry[] {
  const [certs, setCerts] = useState<CatalogEntry[]>([]);
  useEffect(() => {
    let live = true;
    listCertifications().then(
      (c) => live && setCerts(c),
      () => live && setCerts([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return certs;
}
