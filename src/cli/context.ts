/**
 * What every command gets: where to write, the clock (read here, at the edge, never in core),
 * and the loaded catalog.
 */

import { isIsoDate } from "../core/calendar/dates.js";
import type { Catalog } from "../core/catalog/catalog.js";
import { loadCatalog } from "../store/content/content-dir.js";
import { UsageError } from "./errors.js";

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Terminal width for wrapping, 80 when not a terminal. */
  width: number;
}

export interface CommandContext extends Output {
  catalog(): Catalog;
  today(): string;
}

export function processOutput(): Output {
  return {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    width: process.stdout.isTTY ? Math.max(60, Math.min(process.stdout.columns ?? 80, 140)) : 80,
  };
}

/** Today's date in the local time zone, YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export function createContext(output: Output = processOutput()): CommandContext {
  let cached: Catalog | undefined;
  return {
    ...output,
    catalog: () => {
      cached ??= loadCatalog();
      return cached;
    },
    today: () => process.env.CERTPATH_TODAY ?? localToday(),
  };
}

/** Validates an `--as-of` value. */
export function parseAsOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${value}"`);
  return value;
}
