/** `certpath bank cues`, the options-only review and the difficulty ratings, on a copy of the bundled bank. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sheetOrder } from "../src/core/bank/review.js";
import type { BankItem } from "../src/core/items/item.js";
import { loadBank } from "../src/store/content/item-files.js";
import { useContentCopy } from "./content-copy.js";
import { cli, json } from "./run-cli.js";

describe("cue audit and review ratings from the command line", () => {
  const { dir, content } = useContentCopy("certpath-cues-cli-");

  it("bank cues --json prints exactly the audit's fields, the same for the same seed", async () => {
    const r = await cli("bank", "cues", "--exam", "issmp", "--json");
    expect(r.code).toBe(0);
    const audit = json<Record<string, unknown>>(r);
    expect(Object.keys(audit)).toEqual([
      "exam",
      "items",
      "chance",
      "heldOut",
      "keyLongest",
      "keyShortest",
      "keyMostParts",
      "features",
      "exposed",
    ]);
    const a = audit as {
      heldOut: { accuracy: number; ci: number[] };
      chance: number;
      features: { name: string; weight: number; says: string }[];
      exposed: { id: string; probability: number }[];
    };
    expect(Object.keys(a.heldOut)).toEqual(["accuracy", "ci"]);
    expect(a.heldOut.ci[0]).toBeLessThanOrEqual(a.heldOut.accuracy);
    expect(a.heldOut.accuracy).toBeGreaterThan(a.chance);
    expect(Object.keys(a.features[0]!)).toEqual(["name", "weight", "says"]);
    expect(Object.keys(a.exposed[0]!)).toEqual(["id", "probability"]);
    expect((await cli("bank", "cues", "--exam", "issmp", "--json")).stdout).toBe(r.stdout);
    const seeded = await cli("bank", "cues", "--exam", "issmp", "--json", "--seed", "other");
    expect(json<{ items: number }>(seeded).items).toBe((audit as { items: number }).items);
  });

  it("bank cues says the held-out share beside chance, the strongest cues and the items to rewrite first", async () => {
    const r = await cli("bank", "cues", "--exam", "issmp");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /ISSMP cue audit: \d+ live single-choice and multiple-response items\n {2}from the options alone, a surface-feature model finds the key of [\d.]+% of items held out \(95% CI [\d.]+%–[\d.]+%\); chance is [\d.]+%/,
    );
    expect(r.stdout).toContain("strongest cues:");
    // The strongest cues in words, strongest first, as the JSON ranks them (which cues lead depends on
    // the bank of the day).
    const audit = json<{ features: { says: string; weight: number }[]; exposed: { id: string }[] }>(
      await cli("bank", "cues", "--exam", "issmp", "--json"),
    );
    const listed = r.stdout.split("strongest cues:\n")[1]!.split("\n").slice(0, 5);
    expect(listed).toEqual(
      audit.features
        .slice(0, 5)
        .map((f) => `    ${f.says} (weight ${f.weight >= 0 ? "+" : ""}${f.weight.toFixed(2)})`),
    );
    expect(r.stdout).toContain("most exposed items (held-out probability of the key), rewrite these first:");
    expect(r.stdout).toContain(`    ${audit.exposed[0]!.id}  `);
  });

  it("bank cues refuses a missing or unknown exam in one sentence", async () => {
    const missing = await cli("bank", "cues");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("bank cues needs --exam <id>");
    const unknown = await cli("bank", "cues", "--exam", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown certification "nope"');
    expect(unknown.stderr).not.toContain("    at ");
    const empty = await cli("bank", "cues", "--exam", "cism");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("cism has 0 live single-choice or multiple-response item(s)");
  });

  it("bank stats shows the cue audit in short, in text and JSON", async () => {
    const r = await cli("bank", "stats", "--exam", "issmp");
    expect(r.stdout).toMatch(/ {2}cues: {8}from the options alone a model finds [\d.]+% of keys/);
    const s = json<{ exams: { issmp: { cues: { accuracy: number; strongest: string } } } }>(
      await cli("bank", "stats", "--exam", "issmp", "--json"),
    );
    const audit = json<{ heldOut: { accuracy: number }; features: { says: string }[] }>(
      await cli("bank", "cues", "--exam", "issmp", "--json"),
    );
    expect(s.exams.issmp.cues.accuracy).toBe(audit.heldOut.accuracy);
    expect(s.exams.issmp.cues.strongest).toBe(audit.features[0]!.says);
  });

  it("review-sheet --options-only shows options but no stems or case studies", async () => {
    const bank = loadBank(content);
    const live = bank.items.filter(
      (i) => i.status !== "retired" && bank.locations.get(i.id)?.exam === "issmp",
    );
    const r = await cli("bank", "review-sheet", "--exam", "issmp", "--options-only");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("# Options-only review sheet:");
    for (const item of live) {
      if (item.type === "numeric") {
        expect(r.stdout).not.toContain(`### ${item.id} (`);
        continue;
      }
      expect(r.stdout).toContain(`### ${item.id} (`);
      expect(r.stdout).not.toContain(item.stem.trim());
      if (item.scenario) expect(r.stdout).not.toContain(item.scenario.case.trim().slice(0, 80));
      expect(r.stdout).toContain(
        `- A. ${item.options.find((o) => o.id === sheetOrder(item)[0])!.text.trim()}`,
      );
    }
    expect(r.stdout).not.toContain("## Case study");
  });

  it("records ratings and options-only answers, reports their agreement and distribution, and lints priors", async () => {
    // Every bundled item is reviewed: take three single-choice items' reviews away in this copy.
    const rated = loadBank(content);
    for (const item of rated.items
      .filter((i) => i.type === "single-choice" && i.status === "live" && !i.scenario)
      .filter((i) => rated.locations.get(i.id)?.exam === "issmp")
      .slice(0, 3))
      withoutReview(rated.locations.get(item.id)!.file, item.id);
    const bank = loadBank(content);
    const singles = bank.items.filter(
      (i): i is Extract<BankItem, { type: "single-choice" }> =>
        i.type === "single-choice" &&
        i.status === "live" &&
        bank.locations.get(i.id)?.exam === "issmp" &&
        i.review?.rating === undefined &&
        i.review?.optionsOnly === undefined,
    );
    const [a, b, c] = singles;
    const letter = (item: BankItem, id: string) => String.fromCharCode(65 + sheetOrder(item).indexOf(id));
    const wrong = (item: (typeof singles)[number]) => item.options.find((o) => o.id !== item.key)!.id;
    type Reviews = {
      optionsOnly: { n: number; matching: number; agreement: number };
      ratings: { n: number; counts: Record<string, number>; mean: number; hard: number; easy: number };
      byDomain: Record<string, { ratings: { n: number } }>;
    };
    const reviewStats = async () =>
      json<{ exams: { issmp: { reviews: Reviews } } }>(
        await cli("bank", "stats", "--exam", "issmp", "--json"),
      ).exams.issmp.reviews;
    // The bundled bank may already hold ratings: what these answers add is checked against what was there.
    const before = await reviewStats();
    const full = join(dir, "full.json");
    writeFileSync(
      full,
      JSON.stringify({
        [a!.id]: { answer: letter(a!, a!.key), rating: 5, confidence: 4 },
        [b!.id]: { answer: letter(b!, b!.key), rating: 1 },
        [c!.id]: { answer: letter(c!, c!.key), rating: 3, confidence: 3, note: "fine" },
      }),
    );
    const r1 = await cli(
      "bank",
      "review-record",
      "--answers",
      full,
      "--reviewer",
      "r7",
      "--date",
      "2026-12-01",
    );
    expect(r1.stderr).toBe("");
    expect(r1.stdout).toContain("3 answers, 3 agree with the key (100.0%)");
    const optionsOnly = join(dir, "options-only.json");
    writeFileSync(
      optionsOnly,
      JSON.stringify({ [a!.id]: letter(a!, a!.key), [b!.id]: letter(b!, wrong(b!)) }),
    );
    const r2 = await cli(
      "bank",
      "review-record",
      "--options-only",
      "--answers",
      optionsOnly,
      "--reviewer",
      "r8",
      "--date",
      "2026-12-02",
    );
    expect(r2.stdout).toContain("2 options-only answers, 1 agree with the key (50.0%)");
    const after = loadBank(content);
    expect(after.items.find((i) => i.id === a!.id)!.review).toEqual({
      blind: true,
      date: "2026-12-01",
      answer: a!.key,
      reviewer: "r7",
      rating: 5,
      confidence: 4,
      optionsOnly: { answer: a!.key, reviewer: "r8", date: "2026-12-02" },
    });

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ [a!.id]: { answer: "A", rating: 3 } }));
    const refused = await cli("bank", "review-record", "--options-only", "--answers", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${bad}: at ${a!.id}: an options-only answer is the answer alone; "rating" belongs to a full review`,
    );

    const reviews = await reviewStats();
    const oo = { n: before.optionsOnly.n + 2, matching: before.optionsOnly.matching + 1 };
    expect(reviews.optionsOnly).toEqual({ ...oo, agreement: Number((oo.matching / oo.n).toFixed(3)) });
    const counts = { ...before.ratings.counts };
    for (const r of ["1", "3", "5"]) counts[r] = (counts[r] ?? 0) + 1;
    expect(reviews.ratings.n).toBe(before.ratings.n + 3);
    expect(reviews.ratings.counts).toEqual(counts);
    const n = before.ratings.n + 3;
    const sum = before.ratings.mean * before.ratings.n + 9;
    expect(reviews.ratings.mean).toBeCloseTo(sum / n, 2);
    expect(Object.values(reviews.byDomain).reduce((k, d) => k + d.ratings.n, 0)).toBe(n);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const text = await cli("bank", "stats", "--exam", "issmp");
    expect(text.stdout).toContain(
      `options-only: ${oo.matching} of ${oo.n} answers from the options alone match the key (${pct(oo.matching / oo.n)})`,
    );
    expect(text.stdout).toContain(
      `difficulty:  ${n} ratings, 1–5: ${[1, 2, 3, 4, 5].map((r) => counts[r] ?? 0).join(" / ")}; mean ${(sum / n).toFixed(2)}`,
    );

    // The prior of a rated item follows b = 1.25 × (rating − 3): lint warns where it is far off.
    const lint = json<{ warnings: { rule: string; itemId?: string; message: string }[] }>(
      await cli("bank", "lint", "--json"),
    );
    const priors = lint.warnings.filter((w) => w.rule === "difficulty-prior");
    const expectWarn = (item: BankItem, rating: number) =>
      Math.abs(item.difficulty - 1.25 * (rating - 3)) > 0.5;
    expect(priors.map((w) => w.itemId).sort()).toEqual(
      [
        [a!, 5],
        [b!, 1],
        [c!, 3],
      ]
        .filter(([item, rating]) => expectWarn(item as BankItem, rating as number))
        .map(([item]) => (item as BankItem).id)
        .sort(),
    );
    expect(priors.find((w) => w.itemId === a!.id)?.message).toContain("which maps to 2.5");
  });
});

/** Removes the one-line `review:` record of an item from its file (the bank's records are one line each). */
function withoutReview(file: string, id: string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `- id: ${id}`);
  const indent = lines[start]!.indexOf("-");
  const end = lines.findIndex((l, k) => k > start && l.indexOf("- id: ") === indent);
  const at = lines.findIndex((l, k) => k > start && (end < 0 || k < end) && /^\s+review: \{/.test(l));
  if (start < 0 || at < 0) throw new Error(`no one-line review record for ${id} in ${file}`);
  lines.splice(at, 1);
  writeFileSync(file, lines.join("\n"));
}
