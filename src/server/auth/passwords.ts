/**
 * Passwords, after NIST SP 800-63B-4 §3.1.1.2: at least 15 characters where a password is the only
 * factor, up to 256; no composition rules; any printable character, spaces and Unicode (normalised
 * NFKC); refused when it is a commonly used or compromised password, a repetition or sequence, or
 * built from the account's own email address or the name of the service. Hashed with Argon2id at
 * the parameters OWASP recommends (19 MiB, two passes, one lane).
 */
import { hash, verify } from "@node-rs/argon2";

/** Argon2id in @node-rs/argon2's Algorithm enum (a const enum, which this build cannot import). */
const ARGON2ID = 2;

export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 256;

/** A short list of the most common passwords and phrases (the check also refuses anything that only repeats or runs). */
const COMMON = new Set(
  [
    "password",
    "passwordpassword",
    "password123456789",
    "123456789012345",
    "qwertyuiopasdfgh",
    "qwertyuiopasdfghjkl",
    "iloveyouiloveyou",
    "letmeinletmein",
    "welcomewelcome",
    "correcthorsebatterystaple",
    "trustno1trustno1",
    "administrator123",
    "changemechangeme",
    "passw0rdpassw0rd",
    "1q2w3e4r5t6y7u8i",
    "abcdefghijklmnop",
    "monkeymonkeymonkey",
    "dragondragondragon",
    "footballfootball",
    "baseballbaseball",
    "superman12345678",
    "princess12345678",
    "sunshinesunshine",
    "masterkey12345678",
    "securitysecurity",
    "informationsecurity",
    "cybersecurity123",
  ].map((p) => p.toLowerCase()),
);

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
  if (COMMON.has(lower) || COMMON.has(compact)) return "that password is too common; choose another";
  if (new Set(compact).size <= 3) return "that password repeats too few characters; choose another";
  if (isRun(compact)) return "that password is a simple sequence; choose another";
  const local = email?.split("@")[0]?.toLowerCase();
  if (
    compact.includes("certpath") ||
    (local && local.length >= 4 && compact.includes(local.replace(/[._-]/g, "")))
  )
    return "a password may not contain your email name or the name of the service";
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
