/**
 * Generated items in the bank: a set of instances of every family for a seed, and regeneration of
 * any instance from its id, so an attempt can always show the exact item it delivered.
 */
import type { BankItem } from "../items/item.js";
import { seededRandom } from "../random/seeded.js";
import { FAMILIES } from "./families.js";
import { type Family, generateItem } from "./family.js";

/** `count` instances of each family (ids `gen-<family>-<seed>`), drawn from `seed`. */
export function generatedItems(seed: string, count = 10, families: readonly Family[] = FAMILIES): BankItem[] {
  const rng = seededRandom(`generated:${seed}`);
  return families.flatMap((family) =>
    Array.from({ length: count }, () =>
      generateItem(
        family,
        Math.floor(rng.next() * 0xffffffff)
          .toString(16)
          .padStart(8, "0"),
      ),
    ),
  );
}

const GENERATED_ID = /^gen-(.+)-([0-9a-f]+)$/;

/** The family of a generated item's id (`gen-ale-3f9c1a` → `ale`), or undefined for another id. */
export function familyIdOf(id: string): string | undefined {
  return GENERATED_ID.exec(id)?.[1];
}

/** The item behind a generated id, or undefined when the id is not a generated one. */
export function regenerate(id: string, families: readonly Family[] = FAMILIES): BankItem | undefined {
  const m = GENERATED_ID.exec(id);
  if (!m) return undefined;
  const family = families.find((f) => f.id === m[1]);
  return family ? generateItem(family, m[2]!) : undefined;
}

/** An item index that also knows every generated item by its id (regenerated on demand). */
export class ItemIndex extends Map<string, BankItem> {
  override get(id: string): BankItem | undefined {
    const found = super.get(id);
    if (found) return found;
    const item = regenerate(id);
    if (item) super.set(id, item);
    return item;
  }

  override has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}

/** The families that measure tasks of an exam. */
export function familiesFor(exam: string, families: readonly Family[] = FAMILIES): Family[] {
  return families.filter((f) => f.outlines.some((t) => t.startsWith(`${exam}:`)));
}

/** A family as a listing shows it: what it measures and cites, never an instance (so never a key). */
export interface FamilySummary {
  id: string;
  name: string;
  /** The exams whose banks its instances join. */
  exams: string[];
  tasks: string[];
  difficulty: number;
  references: string[];
}

/** The families, or those of one exam, for listings. */
export function familySummaries(exam?: string, families: readonly Family[] = FAMILIES): FamilySummary[] {
  return (exam ? familiesFor(exam, families) : families).map((f) => ({
    id: f.id,
    name: f.name,
    exams: [...new Set(f.outlines.map((t) => t.split(":")[0]!))],
    tasks: exam ? f.outlines.filter((t) => t.startsWith(`${exam}:`)) : [...f.outlines],
    difficulty: f.difficulty,
    references: [...f.references],
  }));
}
