// The CISSP outline's domain weights as the catalog holds them (domain id → per cent), for the
// benchmarks that simulate CISSP candidates.
import { findCertification } from "../dist/core/catalog/catalog.js";
import { outlineAsOf } from "../dist/core/catalog/outline-in-force.js";
import { loadCatalog } from "../dist/store/content/content-dir.js";

const cissp = findCertification(loadCatalog(), "cissp");
export const cisspWeights = new Map(
  outlineAsOf(cissp, new Date().toISOString().slice(0, 10)).outline.domains.map((d) => [d.id, d.weight]),
);
