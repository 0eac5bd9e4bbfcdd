/** Near-duplicate detection for stems: word shingles and Jaccard similarity. */

const STOP = new Set([
  "the",
  "a",
  "an",
  "of",
  "to",
  "and",
  "or",
  "in",
  "on",
  "for",
  "is",
  "are",
  "be",
  "what",
  "which",
  "should",
  "that",
  "with",
  "by",
  "it",
  "its",
  "as",
  "this",
]);

/** Normalised words of a text: lowercase letters and digits, stop words removed. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((w) => w && !STOP.has(w));
}

/** The set of word pairs (2-shingles) of a text. */
export function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length === 1) out.add(w[0]!);
  for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i]} ${w[i + 1]}`);
  return out;
}

/**
 * Pairs of texts whose shingle similarity is at least `threshold`. An inverted index on shingles
 * keeps this near-linear for a bank of thousands of stems.
 */
export function similarPairs(
  texts: readonly string[],
  threshold: number,
): { a: number; b: number; similarity: number }[] {
  const sets = texts.map(shingles);
  const index = new Map<string, number[]>();
  sets.forEach((s, i) => {
    for (const sh of s) {
      const list = index.get(sh);
      if (list) list.push(i);
      else index.set(sh, [i]);
    }
  });
  const out: { a: number; b: number; similarity: number }[] = [];
  sets.forEach((s, i) => {
    const shared = new Map<number, number>();
    for (const sh of s) for (const j of index.get(sh)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, inter] of shared) {
      const sim = inter / (s.size + sets[j]!.size - inter);
      if (sim >= threshold) out.push({ a: i, b: j, similarity: sim });
    }
  });
  return out;
}
