import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBank } from "../../core/bank/load.js";
import { compareReview } from "../../core/bank/review.js";
import { recordReviews, withReviews } from "./review-record.js";

const item = (id: string, key: string) => `  # the item ${id}
  - id: ${id}
    status: live
    outlines: [issmp:3.3.2]
    type: single-choice
    stem: >-
      Which approach lets the board weigh the cost of a breach
      against the cost of controls (${id})?
    options:
      - { id: A, text: Quantitative analysis, rationale: r }
      - { id: B, text: Qualitative ranking, rationale: r }
      - { id: C, text: Control self-assessment, rationale: r }
      - { id: D, text: Penetration testing, rationale: r }
    key: ${key}
    references: ["NIST SP 800-30 Rev. 1 §2.3"]
`;
const text = `# a comment that must survive\nitems:\n${item("t-001", "A")}${item("t-002", "C")}`;

describe("recording blind reviews in item files", () => {
  it("adds one review line per item, keeps comments and layout, and replaces on a second review", () => {
    const bank = buildBank([{ file: "t.yaml", text, exam: "issmp" }]);
    const first = compareReview(
      bank.items,
      { "t-001": "A", "t-002": { answer: "B", flag: "unclear" } },
      "a",
      "authored",
    );
    const once = withReviews(text, "t.yaml", first, { date: "2026-11-29", reviewer: "r1" });
    expect(once.split("\n").length).toBe(text.split("\n").length + 2);
    expect(once).toContain("# a comment that must survive");
    expect(once).toContain("# the item t-002");
    const reread = buildBank([{ file: "t.yaml", text: once, exam: "issmp" }]);
    expect(reread.fileErrors).toEqual([]);
    expect(reread.items.map((i) => i.review)).toEqual([
      { blind: true, date: "2026-11-29", answer: "A", reviewer: "r1" },
      { blind: true, date: "2026-11-29", answer: "B", reviewer: "r1", note: "[unclear]" },
    ]);
    expect(reread.items.map((i) => i.stem)).toEqual(bank.items.map((i) => i.stem));

    const second = compareReview(reread.items, { "t-002": "C" }, "b", "authored");
    const twice = withReviews(once, "t.yaml", second, { date: "2026-12-01" });
    const again = buildBank([{ file: "t.yaml", text: twice, exam: "issmp" }]);
    expect(again.items[0]!.review?.date).toBe("2026-11-29");
    expect(again.items[1]!.review).toEqual({ blind: true, date: "2026-12-01", answer: "C" });
    expect(twice.split("\n").length).toBe(once.split("\n").length);
  });

  it("records rating and confidence, and an options-only answer beside the full review", () => {
    const bank = buildBank([{ file: "t.yaml", text, exam: "issmp" }]);
    const full = compareReview(
      bank.items,
      { "t-001": { answer: "A", rating: 4, confidence: 2 }, "t-002": "C" },
      "a",
      "authored",
    );
    const once = withReviews(text, "t.yaml", full, { date: "2026-11-29", reviewer: "r1" });
    const optionsOnly = compareReview(
      buildBank([{ file: "t.yaml", text: once, exam: "issmp" }]).items,
      { "t-001": "B" },
      "b",
      "authored",
      "options-only",
    );
    const twice = withReviews(once, "t.yaml", optionsOnly, {
      date: "2026-12-01",
      reviewer: "r2",
      optionsOnly: true,
    });
    const reread = buildBank([{ file: "t.yaml", text: twice, exam: "issmp" }]);
    expect(reread.fileErrors).toEqual([]);
    expect(reread.items[0]!.review).toEqual({
      blind: true,
      date: "2026-11-29",
      answer: "A",
      reviewer: "r1",
      rating: 4,
      confidence: 2,
      optionsOnly: { answer: "B", reviewer: "r2", date: "2026-12-01" },
    });
    // A later full review keeps the options-only answer.
    const again = compareReview(reread.items, { "t-001": { answer: "A", rating: 3 } }, "c", "authored");
    const thrice = withReviews(twice, "t.yaml", again, { date: "2026-12-02" });
    expect(buildBank([{ file: "t.yaml", text: thrice, exam: "issmp" }]).items[0]!.review).toEqual({
      blind: true,
      date: "2026-12-02",
      answer: "A",
      rating: 3,
      optionsOnly: { answer: "B", reviewer: "r2", date: "2026-12-01" },
    });
    // An options-only answer on an item without a full review is a review of its own.
    const alone = withReviews(text, "t.yaml", optionsOnly, { date: "2026-12-01", optionsOnly: true });
    const aloneBank = buildBank([{ file: "t.yaml", text: alone, exam: "issmp" }]);
    expect(aloneBank.fileErrors).toEqual([]);
    expect(aloneBank.items[0]!.review).toEqual({
      optionsOnly: { answer: "B", date: "2026-12-01" },
    });
  });

  it("refuses a rating out of range and a rating on an options-only answer", () => {
    const bank = buildBank([{ file: "t.yaml", text, exam: "issmp" }]);
    expect(() =>
      compareReview(bank.items, { "t-001": { answer: "A", rating: 6 } }, "a.json", "authored"),
    ).toThrow("a.json: at t-001.rating: is not a review answers file: rating must be 1 to 5");
    expect(() =>
      compareReview(
        bank.items,
        { "t-001": { answer: "A", rating: 3 } },
        "a.json",
        "authored",
        "options-only",
      ),
    ).toThrow(
      'a.json: at t-001: an options-only answer is the answer alone; "rating" belongs to a full review',
    );
  });

  it("writes every file or none, and leaves no temporary file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "certpath-review-"));
    const good = join(dir, "good.yaml");
    writeFileSync(good, text);
    const bank = buildBank([{ file: good, text, exam: "issmp" }]);
    const outcomes = compareReview(bank.items, { "t-001": "D" }, "a", "authored");
    const missing = { ...outcomes[0]!, id: "t-404" };
    const locations = new Map([
      ["t-001", { file: good, exam: "issmp" }],
      ["t-404", { file: join(dir, "gone.yaml"), exam: "issmp" }],
    ]);
    expect(() => recordReviews([...outcomes, missing], locations, { date: "2026-11-29" })).toThrow();
    expect(readFileSync(good, "utf8")).toBe(text);
    expect(recordReviews(outcomes, locations, { date: "2026-11-29" })).toEqual([good]);
    expect(readFileSync(good, "utf8")).toContain("review: { blind: true, date: 2026-11-29, answer: D }");
    expect(readdirSync(dir)).toEqual(["good.yaml"]);
  });
});
