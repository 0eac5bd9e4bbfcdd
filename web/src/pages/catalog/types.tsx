/** The shapes the catalog pages share: a certification as the server sends it, and provenance of facts. */
import type { ReactNode } from "react";
import type { CertificationView } from "../../../../src/core/api/catalog.js";

/** GET /api/catalog/:id: the certification, and which outline the server holds in force today. */
export type CertView = CertificationView;

/** Where a fact comes from and how sure the catalog is of it (a fact, or a section's field flag). */
export interface Meta {
  sources?: string[];
  unverified?: true | string;
  secondary?: true;
  note?: string;
}

/** A labelled fact and the provenance of every catalog field it is made of. */
export interface Row {
  label: string;
  value: ReactNode;
  meta?: (Meta | undefined)[];
}

export interface Section {
  id: string;
  title: string;
  lead?: string;
  rows: Row[];
  /** Sources the section as a whole cites. */
  sources: string[];
  notes?: string[];
}
