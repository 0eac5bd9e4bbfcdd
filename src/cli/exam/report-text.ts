/** The score report in the terminal. */
import type { Report } from "../../core/scoring/report.js";
import { wrap } from "../render/text.js";

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`
    : `${m}:${String(sec).padStart(2, "0")}`;
}

/** A response (or key) as the candidate saw it: option ids turned into the letters shown. */
export function responseText(
  type: string,
  response: unknown,
  labels: ReadonlyMap<string, string> = new Map(),
): string {
  const l = (id: string) => labels.get(id) ?? id;
  if (response === null || response === undefined) return "—";
  if (Array.isArray(response)) {
    const shown = response.map((x) => l(String(x)));
    return (type === "ordering" ? shown : shown.sort()).join(type === "ordering" ? " → " : ", ");
  }
  if (typeof response === "object") {
    return Object.entries(response as Record<string, string>)
      .map(([o, c]) => [l(o), c] as const)
      .sort()
      .map(([o, c]) => `${o}=${c}`)
      .join(", ");
  }
  return type === "numeric" ? String(response) : l(String(response));
}

const SOURCE = { calibrated: "calibrated parameters", prior: "author's prior parameters" } as const;

export function reportText(r: Report, width: number, opts: { items?: boolean } = {}): string {
  const out: string[] = [];
  const verdict = r.scaled.passed ? "PASS" : "FAIL";
  out.push(
    `${r.exam.toUpperCase()} ${r.behaviour} attempt — ${r.status}${r.finishReason ? ` (${r.finishReason})` : ""}`,
    "",
    `Scaled score  ${r.scaled.score} on ${r.scaled.min}–${r.scaled.max} (passing ${r.scaled.passing}): ${verdict}`,
    `95% band      ${r.scaled.band[0]}–${r.scaled.band[1]}`,
    wrap(r.scaled.note, width, "              ", "              "),
    wrap(r.scaled.method, width, "              ", "Scale         "),
    `Raw score     ${r.raw.correct} of ${r.raw.scored} scored items (${r.raw.answered} answered${r.raw.pretest ? `, ${r.raw.pretest} unscored pretest` : ""})`,
    `Time          ${formatDuration(r.time.usedMs)}${r.time.limitMs ? ` of ${formatDuration(r.time.limitMs)}` : ""}; ${formatDuration(r.time.meanItemMs)} per item against a pace of ${formatDuration(r.time.paceItemMs)}`,
    "",
    "Domain                                         Correct   Proficiency",
  );
  for (const d of r.domains) {
    const name = `${d.id}. ${d.name}`;
    out.push(
      `${name.length > 45 ? `${name.slice(0, 44)}…` : name.padEnd(45)}  ${`${d.correct}/${d.scored}`.padStart(7)}   ${d.proficiency} the standard`,
    );
  }
  if (r.adaptive) {
    out.push(
      "",
      wrap(`Why the test ended: ${r.adaptive.stopReason ?? "it has not ended yet"}`, width, "  ", ""),
    );
    const path = r.adaptive.selections.map((s) => s.theta.toFixed(2));
    if (path.length) out.push(wrap(`θ before each item: ${path.join(" → ")}`, width, "  ", ""));
  }
  if (r.flagged.length) out.push("", `Flagged: ${r.flagged.join(", ")}`);
  if (opts.items !== false) {
    // Which items rest on calibrated parameters, said item by item when the form mixes the two.
    const mixed = r.parameterSources.calibrated > 0 && r.parameterSources.prior > 0;
    for (const i of r.items) {
      out.push(
        "",
        `── ${i.position + 1}. ${i.id} (${i.task})${i.pretest ? " [pretest, unscored]" : ""}${mixed && i.parameterSource ? ` [${SOURCE[i.parameterSource]}]` : ""} — ${i.state}${i.flagged ? " ⚑" : ""}`,
      );
      if (i.scenario) out.push(wrap(`Case: ${i.scenario.title}`, width, "   ", "   "));
      out.push(wrap(i.stem, width, "   ", "   "));
      // Options in the order the candidate saw them, under the letters shown (not the authored ids).
      for (const o of i.options)
        out.push(
          wrap(`${o.label}) ${o.text}`, width, "      ", "   "),
          wrap(`↳ ${o.rationale}`, width, "        ", "      "),
        );
      if (i.categories)
        out.push(
          wrap(
            `Categories: ${i.categories.map((c) => `${c.id} (${c.text})`).join(", ")}`,
            width,
            "   ",
            "   ",
          ),
        );
      const labels = new Map(i.options.map((o) => [o.id, o.label]));
      out.push(
        `   Your answer: ${responseText(i.type, i.response, labels)}   Key: ${responseText(i.type, i.key, labels)}`,
      );
      if (i.misconception) out.push(wrap(`Your answer: ${i.misconception}`, width, "   ", "   "));
      if (i.numericRationale) out.push(wrap(`Working: ${i.numericRationale}`, width, "   ", "   "));
      if (i.explanation) out.push(wrap(`Why: ${i.explanation}`, width, "   ", "   "));
      if (i.references.length) out.push(wrap(`References: ${i.references.join("; ")}`, width, "   ", "   "));
    }
  } else {
    out.push("", "Every item with its rationales: certpath exam report <attempt>");
  }
  return out.join("\n");
}
