/**
 * Which outline applies on a date, and what a reader should be warned about: a superseded outline
 * being shown because its successor's content is not captured, or a newer outline announced.
 */
import { toDay } from "../calendar/dates.js";
import type { Certification, Outline } from "./schema.js";

export interface OutlineView {
  outline: Outline;
  warnings: string[];
  /**
   * When the outline in force is one the catalog holds no details of (a placeholder), a plain
   * sentence saying so and naming the outline practice uses instead; shown at the top (it is also the
   * first of `warnings`, for readers of those alone). Else null.
   */
  notice: string | null;
}

function inForce(outline: Outline, day: number): boolean {
  const starts = outline.effective === null || toDay(outline.effective) <= day;
  const ends = outline.retired !== null && toDay(outline.retired) <= day;
  return starts && !ends;
}

/** The outline examined on `asOf`, falling back to the newest captured one, with warnings. */
export function outlineAsOf(cert: Certification, asOf: string): OutlineView {
  const day = toDay(asOf);
  const captured = cert.outlines.filter((o) => o.detailsCaptured);
  const current = cert.outlines.find((o) => inForce(o, day));
  const warnings: string[] = [];
  let notice: string | null = null;
  let outline: Outline | undefined;

  if (current?.detailsCaptured) {
    outline = current;
  } else if (current) {
    // In force, but its content is not captured: show the newest captured outline and say so.
    outline = [...captured].sort((a, b) => effectiveDay(b) - effectiveDay(a))[0];
    notice =
      `${current.effective ? `The exam has followed a new outline (${current.label}) since ${current.effective}` : `The exam follows a new outline (${current.label})`}; ` +
      `certpath does not hold its details yet. Practice uses the ${outline?.label ?? "previous outline"}.`;
    warnings.push(notice);
  } else {
    // Before the first outline or in a gap: the nearest captured outline.
    outline =
      captured
        .filter((o) => o.effective === null || toDay(o.effective) <= day)
        .sort((a, b) => effectiveDay(b) - effectiveDay(a))[0] ??
      [...captured].sort((a, b) => effectiveDay(a) - effectiveDay(b))[0];
    if (outline?.retired && toDay(outline.retired) <= day) {
      warnings.push(`The ${outline.label} outline was retired on ${outline.retired}.`);
    } else if (outline?.effective && toDay(outline.effective) > day) {
      warnings.push(`The ${outline.label} outline takes effect on ${outline.effective}, after ${asOf}.`);
    }
  }
  if (!outline) throw new Error(`certification ${cert.id} has no captured outline`);

  for (const later of cert.outlines) {
    if (later === outline || later === current || later.effective === null) continue;
    if (toDay(later.effective) > day) {
      warnings.push(
        later.detailsCaptured
          ? `A new outline (${later.label}) takes effect on ${later.effective}.`
          : `A new outline (${later.label}) takes effect on ${later.effective}; it has been announced but its content is not in the catalog yet.`,
      );
    }
  }
  if (outline.effectiveUnverified)
    warnings.push(`The effective date of the ${outline.label} outline is unverified.`);
  return { outline, warnings, notice };
}

function effectiveDay(o: Outline): number {
  return o.effective === null ? Number.NEGATIVE_INFINITY : toDay(o.effective);
}
