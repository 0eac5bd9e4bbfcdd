/** The catalog's certifications as `GET /api/catalog` lists them, for every page that needs the list. */
import { useEffect, useState } from "react";
import { api } from "../api.js";

export interface CatalogEntry {
  id: string;
  abbreviation: string;
  name: string;
  issuer: string;
  exam: { items?: number; durationMinutes?: number; delivery?: string };
  /** The exam format in one line. */
  examSummary: string;
  /** Live items in the bank for it: practice needs some. */
  bankItems: number;
}

export function listCertifications(): Promise<CatalogEntry[]> {
  return api<{ certifications: CatalogEntry[] }>("GET", "/api/catalog").then((r) => r.certifications);
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
