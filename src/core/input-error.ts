/**
 * An error in something a person wrote or typed: a content file, a profile, a flag.
 * It carries where the problem is so the edges (CLI, server) can print one clear sentence.
 */
export interface InputLocation {
  /** File name or other label of the input ("profile.json", "content/catalog/cissp.yaml"). */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** Path inside the document, e.g. "eligibility.paths[0].experience.years". */
  path?: string;
}

export class InputError extends Error {
  readonly location: InputLocation;
  readonly reason: string;

  constructor(reason: string, location: InputLocation = {}) {
    super(formatInputError(reason, location));
    this.name = "InputError";
    this.reason = reason;
    this.location = location;
  }
}

/** "file:line: at path: reason" with the parts that are known. */
export function formatInputError(reason: string, { file, line, path }: InputLocation): string {
  const where = file ? (line ? `${file}:${line}` : file) : "";
  const at = path ? `at ${path}` : "";
  const prefix = [where, at].filter(Boolean).join(": ");
  return prefix ? `${prefix}: ${reason}` : reason;
}

/** Renders a zod issue path as `a.b[0].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
