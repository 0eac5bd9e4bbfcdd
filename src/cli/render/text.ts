/** Small text helpers for terminal output: wrapping and indentation. */

/** Wraps `text` to `width` columns, prefixing every line with `indent` (and `first` on the first). */
export function wrap(text: string, width: number, indent = "", first = indent): string {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = lines.length === 0 ? first : indent;
    let empty = true;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (!empty && line.length + 1 + word.length > width) {
        lines.push(line);
        line = indent + word;
      } else {
        line += (empty ? "" : " ") + word;
      }
      empty = false;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/** "[unverified]" / "[secondary source]" marks shown next to facts. */
export function mark(certainty: "unverified" | "secondary" | null): string {
  if (certainty === "unverified") return " [unverified]";
  if (certainty === "secondary") return " [secondary source]";
  return "";
}
