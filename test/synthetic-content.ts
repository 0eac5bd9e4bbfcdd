/** A content folder with the real catalog and a generated item bank, for tests of full-length exams. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { syntheticBank } from "../src/core/bank/synthetic.js";
import { findCertification } from "../src/core/catalog/catalog.js";
import { outlineAsOf } from "../src/core/catalog/outline-in-force.js";
import { contentDir, loadCatalog } from "../src/store/content/content-dir.js";

export function syntheticContent(exam = "issmp", size = 600, review = 0): string {
  const dir = mkdtempSync(join(tmpdir(), "certpath-content-"));
  cpSync(join(contentDir(), "catalog"), join(dir, "catalog"), { recursive: true });
  const cert = findCertification(loadCatalog(), exam);
  const items = syntheticBank({
    exam,
    outline: outlineAsOf(cert, "2026-11-24").outline,
    size,
    review,
    seed: "content",
  });
  mkdirSync(join(dir, "items", exam), { recursive: true });
  const plain = items.map(({ scenario: _s, generated: _g, ...rest }) => rest);
  writeFileSync(join(dir, "items", exam, "synthetic.yaml"), stringify({ items: plain }));
  return dir;
}
