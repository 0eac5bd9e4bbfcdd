/**
 * Building the item bank from the text of its YAML files. Pure: the caller reads the files. Schema
 * problems do not stop the load: each file's first problem is collected, so `bank lint` can list
 * them all, while the items of valid files are kept.
 */
import { parseStructuredText, type StructuredText, validateStructured } from "../formats/structured-text.js";
import { InputError } from "../input-error.js";
import { type BankItem, itemFileSchema, scenarioFileSchema } from "../items/item.js";

export interface BankSourceFile {
  /** Path shown in messages, e.g. "content/items/issmp/3.3-risk-assessment.yaml". */
  file: string;
  text: string;
  /** The exam folder the file sits in (content/items/<exam>/…). */
  exam: string;
}

export interface ItemLocation {
  file: string;
  line: number | undefined;
  exam: string;
}

export interface Bank {
  items: BankItem[];
  /** Where each item (by id) was authored. */
  locations: Map<string, ItemLocation>;
  /** Files that could not be read as items, with the reason. */
  fileErrors: InputError[];
}

export function buildBank(files: readonly BankSourceFile[]): Bank {
  const items: BankItem[] = [];
  const locations = new Map<string, ItemLocation>();
  const fileErrors: InputError[] = [];
  for (const source of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    try {
      const parsed = parseStructuredText(source.text, source.file);
      for (const { item, path } of itemsOf(parsed, source.file)) {
        const line = parsed.lineOf(path);
        if (locations.has(item.id)) {
          const first = locations.get(item.id)!;
          fileErrors.push(
            new InputError(`repeats item id "${item.id}" (first at ${first.file}:${first.line ?? "?"})`, {
              file: source.file,
              line,
              path: "id",
            }),
          );
          continue;
        }
        items.push(item);
        locations.set(item.id, { file: source.file, line, exam: source.exam });
      }
    } catch (error) {
      if (error instanceof InputError) fileErrors.push(error);
      else throw error;
    }
  }
  return { items, locations, fileErrors };
}

function itemsOf(parsed: StructuredText, file: string): { item: BankItem; path: PropertyKey[] }[] {
  const data = parsed.data;
  if (data && typeof data === "object" && "scenario" in data) {
    const { scenario } = validateStructured(scenarioFileSchema, parsed, file);
    const context = { id: scenario.id, title: scenario.title, case: scenario.case };
    return scenario.items.map((item, i) => ({
      item: { ...item, scenario: context },
      path: ["scenario", "items", i, "id"],
    }));
  }
  const { items } = validateStructured(itemFileSchema, parsed, file);
  return items.map((item, i) => ({ item, path: ["items", i, "id"] }));
}

/** The bank's items, failing on the first file error (for commands that need a sound bank). */
export function requireSoundBank(bank: Bank): BankItem[] {
  const first = bank.fileErrors[0];
  if (first) throw first;
  return bank.items;
}
