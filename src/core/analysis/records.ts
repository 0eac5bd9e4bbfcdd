/**
 * What item analysis reads of a finished attempt: for each scored item it delivered, what the
 * candidate chose, whether it was right, whether it was left unanswered, and the time spent on it.
 *
 * Variants are resolved here, once:
 * - Option shuffles: the log records responses by authored option id (delivery maps the letters a
 *   candidate saw back before a step is written), so an option is the same option on every attempt
 *   whatever letter it was shown under.
 * - Item versions: each response is graded against the version the attempt delivered, and a version
 *   is analysed apart from the others (a changed key or option is another item).
 * - Computed families (`gen-<family>-<seed>`): every instance is a fresh item seen by about one
 *   candidate, so the family is analysed as one item, and its wrong options by the misconception
 *   each stands for (the same misconception is the same distractor across instances).
 * - Numeric items: the wrong answers the author listed are their distractors, by value.
 *
 * Pretest (unscored) items are left out: their statistics belong to calibration.
 */
import type { AttemptState } from "../exam/attempt.js";
import { familyIdOf } from "../generators/bank.js";
import { distractorMisconception } from "../generators/family.js";
import { type BankItem, gradeResponse, type ItemType } from "../items/item.js";
import { matchedMisconception, type NumericItem } from "../items/numeric.js";

/** One scored item as one finished attempt met it. */
export interface ItemResponse {
  /** The unit analysed: `<item id>@<version>`, or `gen-<family>` for a computed family. */
  unit: string;
  /** The item delivered, `<item id>@<version>` (a family's instance by its own id): a form is a set of these. */
  item: string;
  credit: 0 | 1;
  omitted: boolean;
  /** What was chosen, as ids of the unit's options; empty when omitted or for ordering and matching. */
  chosen: string[];
  /** The options this attempt offered (a family's instance offers three of its misconceptions). */
  offered: string[];
  /** Time the item was on screen while the clock ran, in ms. */
  timeMs: number;
}

/** A finished attempt as item analysis reads it. */
export interface AttemptRecord {
  id: string;
  /** The group of a DIF comparison the attempt belongs to, if any. */
  group?: "reference" | "focal";
  /** Its scored items (the form's signature is their units). */
  responses: ItemResponse[];
}

/** What the analysis knows of a unit: its item, its type and its options (the key marked). */
export interface UnitInfo {
  unit: string;
  itemId: string;
  version: number;
  type: ItemType;
  /** Whether the unit is a computed family (its options are misconceptions). */
  family: boolean;
  /** Options the distractor table lists, in order; empty for ordering and matching items. */
  options: { id: string; text: string; key: boolean }[];
}

/** The unit an item is analysed as. */
export function unitOf(item: Pick<BankItem, "id" | "version" | "generated">): string {
  const family = item.generated ? familyIdOf(item.id) : undefined;
  return family ? `gen-${family}` : `${item.id}@${item.version}`;
}

/** The id of the key option of a family or numeric unit (a family's options are misconceptions). */
export const KEY_OPTION = "key";
/** A numeric answer that is neither right nor one of the listed misconceptions. */
export const OTHER_OPTION = "other";

/**
 * The record of one finished attempt: its scored items, each graded against the version it
 * delivered. `itemAt(id, version)` gives that version (undefined when it is not known: the item is
 * then left out, and counted in `unresolved`). `info` collects what is learnt of each unit.
 */
export function attemptRecord(
  id: string,
  state: AttemptState,
  itemAt: (itemId: string, version: number) => BankItem | undefined,
  info: Map<string, UnitInfo>,
): { record: AttemptRecord; unresolved: number } {
  const responses: ItemResponse[] = [];
  let unresolved = 0;
  for (const entry of state.form) {
    if (entry.pretest) continue;
    const item = itemAt(entry.id, entry.version);
    if (!item) {
      unresolved++;
      continue;
    }
    const versioned = item.generated ? item : { ...item, version: entry.version };
    const unit = unitOf(versioned);
    const response = state.responses.get(entry.id);
    const grade = gradeResponse(item, response);
    const omitted = grade.state === "unanswered";
    const known = learn(info, unit, versioned);
    const { chosen, offered } = choices(item, known, omitted ? undefined : response);
    responses.push({
      unit,
      item: `${entry.id}@${entry.version}`,
      credit: grade.credit,
      omitted,
      chosen,
      offered,
      timeMs: state.itemMs.get(entry.id) ?? 0,
    });
  }
  return { record: { id, responses }, unresolved };
}

/** Adds what this item says of its unit (a family's misconceptions accumulate across instances). */
function learn(info: Map<string, UnitInfo>, unit: string, item: BankItem): UnitInfo {
  let known = info.get(unit);
  if (!known) {
    known = {
      unit,
      itemId: item.generated ? unit : item.id,
      version: item.generated ? 1 : item.version,
      type: item.type,
      family: item.generated === true,
      options: [],
    };
    info.set(unit, known);
    if (item.type === "single-choice" || item.type === "multiple-response" || item.type === "hotspot") {
      if (!item.generated) {
        // A hotspot's regions are its options: distractor analysis counts the regions chosen.
        const keys = new Set(item.type === "multiple-response" ? item.key : [item.key]);
        known.options = item.options.map((o) => ({ id: o.id, text: o.text, key: keys.has(o.id) }));
      } else known.options = [{ id: KEY_OPTION, text: "the computed answer", key: true }];
    } else if (item.type === "numeric") {
      known.options = [
        { id: KEY_OPTION, text: `${item.key.value} ± ${item.key.tolerance} ${item.key.unit}`, key: true },
        ...item.misconceptions.map((m) => ({ id: numericOption(m.value), text: m.rationale, key: false })),
        { id: OTHER_OPTION, text: "any other value", key: false },
      ];
    }
  }
  if (item.generated && item.type === "single-choice")
    for (const o of item.options) {
      if (o.id === item.key) continue;
      const m = distractorMisconception(o.rationale);
      if (!known.options.some((x) => x.id === m)) known.options.push({ id: m, text: m, key: false });
    }
  return known;
}

function numericOption(value: number): string {
  return `=${value}`;
}

/** What was chosen and what was offered, as the unit's option ids. */
function choices(
  item: BankItem,
  known: UnitInfo,
  response: unknown,
): { chosen: string[]; offered: string[] } {
  switch (item.type) {
    case "single-choice": {
      if (!item.generated) {
        const offered = item.options.map((o) => o.id);
        return { chosen: typeof response === "string" ? [response] : [], offered };
      }
      const label = (id: string) => {
        if (id === item.key) return KEY_OPTION;
        const o = item.options.find((x) => x.id === id);
        return o ? distractorMisconception(o.rationale) : undefined;
      };
      const offered = item.options.map((o) => label(o.id)!);
      const chosen = typeof response === "string" ? label(response) : undefined;
      return { chosen: chosen ? [chosen] : [], offered };
    }
    case "hotspot":
      return {
        chosen: typeof response === "string" ? [response] : [],
        offered: item.options.map((o) => o.id),
      };
    case "multiple-response":
      return {
        chosen: Array.isArray(response) ? [...new Set(response as string[])] : [],
        offered: item.options.map((o) => o.id),
      };
    case "numeric": {
      const offered = known.options.map((o) => o.id);
      if (typeof response !== "number") return { chosen: [], offered };
      if (gradeResponse(item, response).credit === 1) return { chosen: [KEY_OPTION], offered };
      const n = item as NumericItem;
      const m = matchedMisconception(n, response);
      const hit = m === undefined ? undefined : n.misconceptions.find((x) => x.rationale === m);
      return { chosen: [hit ? numericOption(hit.value) : OTHER_OPTION], offered };
    }
    default:
      return { chosen: [], offered: [] };
  }
}

/** Adds what `from` knows of units to `into` (a family's misconceptions are the union of both). */
export function mergeUnits(into: Map<string, UnitInfo>, from: ReadonlyMap<string, UnitInfo>): void {
  for (const [unit, info] of from) {
    const known = into.get(unit);
    if (!known) {
      into.set(unit, { ...info, options: [...info.options] });
      continue;
    }
    for (const o of info.options) if (!known.options.some((x) => x.id === o.id)) known.options.push(o);
  }
}
