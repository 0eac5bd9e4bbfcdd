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
  if (/\.json$/i.test(file)) checkJsonSyntax(text, file);
  const profile = parseAndValidate(profileSchema, text, file);
  checkProfileAgainstCatalog(profile, catalog, { file });
  return profile;
}

/**
 * A JSON profile is checked as JSON first, so a syntax error is told in JSON's terms (with line and
 * column) rather than in the words of the YAML parser that reads it afterwards.
 */
function checkJsonSyntax(text: string, file: string): void {
  const problem = jsonProblem(text);
  if (!problem) return;
  const before = text.slice(0, problem.offset).split("\n");
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  throw new InputError(`is not valid JSON: ${problem.reason} (line ${line}, column ${column})`, {
    file,
    line,
  });
}

function jsonProblem(text: string): { reason: string; offset: number } | null {
  const message = parseError(text);
  if (message === null) return null;
  const reason = message
    .replace(/\s+in JSON at position \d+.*$/s, "")
    .replace(/, .* is not valid JSON$/s, "");
  const at = /at position (\d+)/.exec(message);
  if (at) return { reason, offset: Number(at[1]) };
  if (/Unexpected end/.test(message)) return { reason, offset: text.length };
  // Some messages carry no position: find the shortest prefix that is already wrong (not merely cut short).
  const wrong = (k: number) => {
    const m = parseError(text.slice(0, k));
    if (m === null || /Unexpected end|Unterminated string/.test(m)) return false;
    const p = /at position (\d+)/.exec(m);
    return !p || Number(p[1]) < k;
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (wrong(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { reason, offset: Math.max(0, lo - 1) };
}

function parseError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    if (e instanceof SyntaxError) return e.message;
    throw e;
  }
}
