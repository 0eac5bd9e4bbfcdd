/**
 * What counts as an email address for an account, in one place: the server's requests and the
 * `certpath user add` command both use it, so the CLI cannot create an account the server refuses.
 */
import { z } from "zod";

/** An account's email address: trimmed, lower-cased, at most 254 characters. */
export const emailAddress = z.string().trim().toLowerCase().email().max(254);

/** The normalised address, or null when `text` is not an email address an account may have. */
export function parseEmailAddress(text: string): string | null {
  const parsed = emailAddress.safeParse(text);
  return parsed.success ? parsed.data : null;
}
