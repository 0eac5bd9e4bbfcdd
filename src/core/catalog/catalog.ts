/**
 * Building the catalog from the text of its files: parse, validate, cross-check. Pure: the caller
 * reads the files and passes their names and contents.
 */

import { parseStructuredText, type StructuredText, validateStructured } from "../formats/structured-text.js";
import { formatPath, InputError } from "../input-error.js";
import { checkCertification, checkCrossReferences, checkTopicMap, type Problem } from "./checks.js";
import {
  type Certification,
  certificationSchema,
  credentialListSchema,
  type ExternalCredential,
  type TopicMap,
  topicMapSchema,
} from "./schema.js";

export interface Catalog {
  certifications: Certification[];
  credentials: ExternalCredential[];
  topicMap: TopicMap;
}

export interface CatalogSourceFile {
  /** Name shown in errors, e.g. "content/catalog/cissp.yaml". */
  file: string;
  text: string;
}

export const CREDENTIALS_FILE = "credentials.yaml";
export const TOPIC_MAP_FILE = "topic-map.yaml";

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function fail(problem: Problem, parsed: StructuredText, file: string): never {
  throw new InputError(problem.reason, {
    file,
    line: parsed.lineOf(problem.path),
    path: problem.path.length ? formatPath(problem.path) : undefined,
  });
}

/**
 * Builds the catalog from its files: one file per certification (named `<id>.yaml`), plus
 * `credentials.yaml` and `topic-map.yaml`. The first problem found is thrown as an InputError.
 */
export function buildCatalog(files: readonly CatalogSourceFile[]): Catalog {
  const certs: { cert: Certification; parsed: StructuredText; file: string }[] = [];
  let credentials: ExternalCredential[] = [];
  let topicMap: { map: TopicMap; parsed: StructuredText; file: string } | undefined;

  for (const { file, text } of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const name = baseName(file);
    const parsed = parseStructuredText(text, file);
    if (name === CREDENTIALS_FILE) {
      credentials = validateStructured(credentialListSchema, parsed, file).credentials;
      continue;
    }
    if (name === TOPIC_MAP_FILE) {
      topicMap = { map: validateStructured(topicMapSchema, parsed, file), parsed, file };
      continue;
    }
    const cert = validateStructured(certificationSchema, parsed, file);
    const expected = name.replace(/\.(ya?ml|json)$/, "");
    if (cert.id !== expected)
      fail(
        { path: ["id"], reason: `is "${cert.id}" but the file is named ${name}; they must match` },
        parsed,
        file,
      );
    const first = checkCertification(cert)[0];
    if (first) fail(first, parsed, file);
    certs.push({ cert, parsed, file });
  }

  if (certs.length === 0) throw new InputError("the catalog has no certification files");
  const byId = new Map(certs.map((c) => [c.cert.id, c]));
  const seenCredential = new Set<string>();
  for (const c of credentials) {
    if (byId.has(c.id) || seenCredential.has(c.id)) {
      throw new InputError(`credential "${c.id}" is listed twice (or is also a catalog certification)`, {
        file: CREDENTIALS_FILE,
      });
    }
    seenCredential.add(c.id);
  }
  const cross = checkCrossReferences(
    certs.map((c) => c.cert),
    credentials,
  )[0];
  if (cross) {
    const entry = byId.get(cross.certId)!;
    fail(cross.problem, entry.parsed, entry.file);
  }
  if (!topicMap) throw new InputError(`the catalog has no ${TOPIC_MAP_FILE}`);
  const topicProblem = checkTopicMap(
    topicMap.map,
    certs.map((c) => c.cert),
  )[0];
  if (topicProblem) fail(topicProblem, topicMap.parsed, topicMap.file);

  return { certifications: certs.map((c) => c.cert), credentials, topicMap: topicMap.map };
}

/** Looks a certification up by id, case-insensitively; throws an InputError listing the known ids. */
export function findCertification(catalog: Catalog, id: string): Certification {
  const cert = catalog.certifications.find((c) => c.id === id.toLowerCase());
  if (!cert) {
    throw new InputError(
      `unknown certification "${id}"; known: ${catalog.certifications.map((c) => c.id).join(", ")}`,
    );
  }
  return cert;
}

/** Display name of a credential id (catalog certification or external credential). */
export function credentialName(catalog: Catalog, id: string): string {
  const cert = catalog.certifications.find((c) => c.id === id);
  if (cert) return cert.abbreviation;
  return catalog.credentials.find((c) => c.id === id)?.name ?? id.toUpperCase();
}
