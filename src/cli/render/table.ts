/** Terminal tables that fit a given width (cli-table3 with word wrap). */
import Table from "cli-table3";

/**
 * Renders rows as a table no wider than `width`. The first column keeps its natural width (up to a
 * third of the space); the others share the rest evenly, and long cells wrap.
 */
export function renderTable(
  head: string[],
  rows: string[][],
  width: number,
  maxFirst = Math.floor(width / 3),
): string {
  const columns = head.length;
  const borders = columns + 1;
  const padding = 2 * columns;
  const firstNatural = Math.max(...[head, ...rows].map((r) => longestWord(r[0] ?? "", true)));
  const first = Math.min(firstNatural, maxFirst);
  const rest = Math.max(8, Math.floor((width - borders - padding - first) / Math.max(1, columns - 1)));
  const table = new Table({
    head,
    colWidths: [first + 2, ...Array.from({ length: columns - 1 }, () => rest + 2)],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1 },
  });
  for (const r of rows) table.push(r);
  return table.toString();
}

function longestWord(text: string, whole: boolean): number {
  if (whole) return Math.max(...text.split("\n").map((l) => l.length));
  return Math.max(...text.split(/\s+/).map((w) => w.length));
}

/** A GitHub-flavoured Markdown table; newlines inside cells become <br>. */
export function renderMarkdownTable(head: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
  return [
    `| ${head.map(esc).join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}
