/**
 * Passwords, after NIST SP 800-63B-4 §3.1.1.2: at least 15 characters where a password is the only
 * factor, up to 256; no composition rules; any printable character, spaces and Unicode (normalised
 * NFKC); refused when it is a repetition or sequence, built from the account's own email address or
 * the name of the service, or a commonly used or compromised password or easily guessed from them
 * (zxcvbn-ts with its common-password dictionaries estimates fewer than 10^10 guesses). Hashed with Argon2id at
 * the parameters OWASP recommends (19 MiB, two passes, one lane).
 */
import { createRequire } from "node:module";
import { hash, verify } from "@node-rs/argon2";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../core/accounts/password-length.js";

/** Argon2id in @node-rs/argon2's Algorithm enum (a const enum, which this build cannot import). */
const ARGON2ID = 2;

export { PASSWORD_MAX, PASSWORD_MIN };

/**
 * Fewer guesses than this (10^10, zxcvbn's "very unguessable" line) and a password is refused: it
 * is, or is built from, common and breached passwords, words, keyboard walks, dates or repeats.
 */
export const MIN_GUESSES_LOG10 = 10;
/** zxcvbn looks at this many characters at most (its time grows with the length; longer is long enough). */
const ZXCVBN_MAX_LENGTH = 64;

/**
 * zxcvbn with its common-password and word dictionaries, loaded on the first check rather than at
 * start-up (they take a tenth of a second to load, which every CLI command would otherwise pay).
 */
let estimator: ZxcvbnFactory | undefined;
function guessesLog10(password: string, userInputs: string[]): number {
  if (!estimator) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory: Factory } = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
    const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    estimator = new Factory({
      dictionary: { ...common.dictionary },
      graphs: common.adjacencyGraphs,
      maxLength: ZXCVBN_MAX_LENGTH,
    });
  }
  return estimator.check(password, userInputs).guessesLog10;
}

export function normalisePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  const p = normalisePassword(password);
  const length = [...p].length;
  if (length < PASSWORD_MIN) return `a password needs at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `a password may have at most ${PASSWORD_MAX} characters`;
  if ([...p].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127))
    return "a password may not contain control characters";
  const lower = p.toLowerCase();
  const compact = lower.replace(/[\s._-]/g, "");
  if (new Set(compact).size <= 3) return "that password repeats too few characters; choose another";
  if (isRun(compact)) return "that password is a simple sequence; choose another";
  const local = email?.split("@")[0]?.toLowerCase();
  if (
    compact.includes("certpath") ||
    (local && local.length >= 4 && compact.includes(local.replace(/[._-]/g, "")))
  )
    return "a password may not contain your email name or the name of the service";
  if (guessesLog10(p, ["certpath", ...(email ? [email, local!] : [])]) < MIN_GUESSES_LOG10)
    return "that password is too common or too easy to guess (it is built from common passwords, words or patterns); choose another";
  return null;
}

function isRun(s: string): boolean {
  if (s.length < 4) return false;
  let up = 0;
  let down = 0;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d === 1) up++;
    if (d === -1) down++;
  }
  return up >= s.length - 2 || down >= s.length - 2;
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), {
    algorithm: ARGON2ID as never,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalisePassword(password));
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword("certpath decoy password that matches no account");
  return decoy;
}
