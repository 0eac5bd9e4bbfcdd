/** Reading a candidate profile (JSON or YAML) from a file, with errors that name file, line and field. */
import { readFileSync } from "node:fs";
import type { Catalog } from "../core/catalog/catalog.js";
import { checkProfileAgainstCatalog, type Profile, profileSchema } from "../core/eligibility/profile.js";
import { parseAndValidate } from "../core/formats/structured-text.js";
import { InputError } from "../core/input-error.js";

export function readProfile(file: string, catalog: Catalog): Profile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? "unreadable");
    throw new InputError(`cannot read the profile (${why})`, { file });
  }
  if (text.trim() === "") throw new InputError("the profile is empty", { file });
  const profile = parseAndValidate(profileSchema, text, file);
  checkProfileAgainstCatalog(profile, catalog, { file });
  return profile;
}
