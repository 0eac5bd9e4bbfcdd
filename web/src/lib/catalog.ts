/** The catalog's certifications as `GET /api/catalog` lists them, for every page that needs the list. */
import type { CatalogEntry } from "../../../src/core/api/catalog.js";
import { call, endpoints } from "../api.js";
import { type Loaded, useApi } from "./use-api.js";

export type { CatalogEntry };

export function listCertifications(): Promise<CatalogEntry[]> {
  return call(endpoints.catalog).then((r) => r.certifications);
}

/** Every certification, as a page load (loading, error, retries). */
export function useCatalog(): Loaded<CatalogEntry[]> {
  return useApi(listCertifications, []);
}

/** Every certification, or none until (or unless) the list arrives: for pickers that work without it. */
export function useCertifications(): CatalogEntry[] {
  return useCatalog().data ?? [];
}
