/**
 * The item-writing rules applied to computed families: a sample of instances of each family goes
 * through the bank linter, so a family that measures an unknown task statement, forgets its
 * references or writes a stem the rules refuse fails `bank lint` like an authored item would.
 */
import type { Finding } from "../bank/lint.js";
import { lintBank } from "../bank/lint.js";
import { buildBank } from "../bank/load.js";
import type { Catalog } from "../catalog/catalog.js";
import { familyIdOf, generatedItems } from "./bank.js";
import { FAMILIES } from "./families.js";
import type { Family } from "./family.js";

/**
 * Rules that do not apply to instances of one family: they share a stem template by design
 * (near-duplicate), and a computed key is the longest option by chance, a share the families' own
 * tests bound (longest-key).
 */
const NOT_FOR_INSTANCES = new Set(["near-duplicate", "longest-key"]);

export interface FamilyLint {
  families: number;
  instances: number;
  errors: Finding[];
  warnings: Finding[];
}

/** Lints `perFamily` instances of every family (the same instances each run). */
export function lintFamilies(
  catalog: Catalog,
  families: readonly Family[] = FAMILIES,
  perFamily = 5,
): FamilyLint {
  const items = generatedItems("lint", perFamily, families);
  const bank = buildBank([]);
  bank.items.push(...items);
  for (const item of items) {
    const exam = item.outlines[0]?.split(":")[0] ?? "?";
    bank.locations.set(item.id, { file: `computed family ${familyIdOf(item.id)}`, line: undefined, exam });
  }
  const result = lintBank(bank, catalog);
  const keep = (f: Finding) => f.itemId !== undefined && !NOT_FOR_INSTANCES.has(f.rule);
  const errors = result.errors.filter(keep);
  for (const family of families)
    if (family.outlines.length === 0)
      errors.push({
        severity: "error",
        rule: "task-id",
        message: "measures no task statement",
        file: `computed family ${family.id}`,
      });
  return {
    families: families.length,
    instances: items.length,
    errors: once(errors, perFamily),
    warnings: once(result.warnings.filter(keep), perFamily),
  };
}

/** One finding per family and rule (the first instance's), saying in how many instances it came up. */
function once(findings: readonly Finding[], perFamily: number): Finding[] {
  const seen = new Map<string, { finding: Finding; count: number }>();
  for (const f of findings) {
    const key = `${f.file}\u0000${f.rule}`;
    const entry = seen.get(key);
    if (entry) entry.count++;
    else seen.set(key, { finding: f, count: 1 });
  }
  return [...seen.values()].map(({ finding, count }) =>
    finding.itemId
      ? { ...finding, message: `${finding.message} (in ${count} of ${perFamily} instances)` }
      : finding,
  );
}
