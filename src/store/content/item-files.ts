/** Reading the item bank: every YAML file under `<content>/items/<exam>/`. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { type Bank, type BankSourceFile, buildBank } from "../../core/bank/load.js";
import { InputError } from "../../core/input-error.js";
import { contentDir } from "./content-dir.js";

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

export function readBankFiles(dir: string = contentDir()): BankSourceFile[] {
  const itemsDir = join(dir, "items");
  if (!existsSync(itemsDir)) return [];
  const files: BankSourceFile[] = [];
  for (const exam of readdirSync(itemsDir).sort()) {
    const examDir = join(itemsDir, exam);
    if (!statSync(examDir).isDirectory()) continue;
    for (const full of walk(examDir)) {
      const shown = relative(process.cwd(), full);
      files.push({ file: shown.startsWith("..") ? full : shown, text: readFileSync(full, "utf8"), exam });
    }
  }
  return files;
}

export function loadBank(dir: string = contentDir()): Bank {
  return buildBank(readBankFiles(dir));
}

/**
 * The item files of one folder (and its subfolders) read as the bank of `exam`, e.g. a custom bank for
 * `certpath cat simulate --exam cissp --bank <dir>`. A missing folder, a file instead of a folder and a
 * folder without item files are refused with the path.
 */
export function readItemFolder(dir: string, exam: string): BankSourceFile[] {
  if (!existsSync(dir)) throw new InputError("no such folder", { file: dir });
  if (!statSync(dir).isDirectory())
    throw new InputError("is a file; --bank takes a folder of item files", { file: dir });
  const files = walk(dir).map((full) => {
    const shown = relative(process.cwd(), full);
    return { file: shown.startsWith("..") ? full : shown, text: readFileSync(full, "utf8"), exam };
  });
  if (files.length === 0) throw new InputError("holds no item files (*.yaml or *.yml)", { file: dir });
  return files;
}
