/** Where a schema problem is, in the words of the item editor's form rather than a JSON path. */

/** "item.options.0.text" → "Option A, text"; "item.key" → "Key"; "item.stem" → "Stem". */
export function fieldName(path: string): string {
  const parts = path
    .replace(/^item\.?/, "")
    .split(".")
    .filter(Boolean);
  if (parts.length === 0) return "The item";
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (
      (p === "options" || p === "categories" || p === "misconceptions" || p === "outlines") &&
      next &&
      /^\d+$/.test(next)
    ) {
      const n = Number(next);
      words.push(
        p === "options"
          ? `Option ${String.fromCharCode(65 + n)}`
          : p === "categories"
            ? `Category ${n + 1}`
            : p === "outlines"
              ? `Task statement ${n + 1}`
              : `Wrong answer ${n + 1}`,
      );
      i++;
    } else words.push(p === "outlines" ? "Task statements" : p === "timeSeconds" ? "time" : p);
  }
  const text = words.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
