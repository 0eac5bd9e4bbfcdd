import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadCatalog } from "../../store/content/content-dir.js";
import type { Catalog } from "../catalog/catalog.js";
import { hotspotFixture } from "../items/hotspot-fixture.js";
import { lintBank } from "./lint.js";
import { buildBank } from "./load.js";
import { bankStats } from "./stats.js";

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});

const stems = [
  "A regional hospital is adopting a cloud-hosted records system. What should the security manager do FIRST?",
  "After a merger, two security teams report to different executives. Which action BEST aligns the programs?",
  "The board asks for a quarterly view of cyber risk. Which metric is MOST useful to present?",
  "A vendor refuses a right-to-audit clause in a renewal. What is the security manager's BEST response?",
  "An engineering team deploys a large language model without review. What should the security manager do FIRST?",
];

function good(id: string, k: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    status: "live",
    outlines: ["issmp:1.1.1"],
    type: "single-choice",
    stem: stems[k % stems.length],
    options: ["A", "B", "C", "D"].map((o, i) => ({
      id: o,
      text: `Choice number ${i + 1} for ${id}`,
      rationale: `Rationale ${o}`,
    })),
    key: "ABCD"[k % 4],
    references: ["NIST SP 800-39 §2.1"],
    ...extra,
  };
}

function lint(items: object[], extraFiles: { file: string; text: string }[] = []) {
  const bank = buildBank([
    { file: "content/items/issmp/test.yaml", text: stringify({ items }), exam: "issmp" },
    ...extraFiles.map((f) => ({ ...f, exam: "issmp" })),
  ]);
  return lintBank(bank, catalog);
}

const rules = (r: ReturnType<typeof lint>, severity: "errors" | "warnings") =>
  r[severity].map((f) => `${f.itemId ?? "-"}:${f.rule}`);

describe("bank lint", () => {
  it("passes well-formed distinct items", () => {
    const r = lint([good("t-1", 0), good("t-2", 1), good("t-3", 2)]);
    expect(r.errors).toEqual([]);
    expect(r.itemsChecked).toBe(3);
  });

  it.each([
    ["an unknown task statement", { outlines: ["issmp:9.9.9"] }, "task-id"],
    [
      "three options",
      {
        options: [0, 1, 2].map((i) => ({ id: "ABC"[i], text: `t${i} long enough`, rationale: "r" })),
        key: "A",
      },
      "four-options",
    ],
    [
      "a banned option phrase",
      {
        options: ["A", "B", "C", "D"].map((o) => ({
          id: o,
          text: o === "D" ? "All of the above" : `Choice ${o} of the item`,
          rationale: "r",
        })),
      },
      "banned-option",
    ],
    [
      "a lowercase negative in the question",
      { stem: "The audit committee asks for assurance. Which control is not required for the program?" },
      "negative-caps",
    ],
    ["no references", { references: [] }, "references"],
    ["an unknown enemy", { enemies: ["t-404"] }, "enemies"],
    ["a stem that is too short", { stem: "Why?" }, "stem-length"],
  ])("reports %s as an error with file and line", (_name, extra, rule) => {
    const r = lint([good("t-1", 0, extra), good("t-2", 1)]);
    expect(rules(r, "errors")).toContain(`t-1:${rule}`);
    const finding = r.errors.find((f) => f.rule === rule)!;
    expect(finding.file).toBe("content/items/issmp/test.yaml");
    expect(finding.line).toBe(2);
  });

  it("bans 'all of these' as an answer but not the words inside a longer option", () => {
    const withOption = (text: string) =>
      good("t-1", 0, {
        options: ["A", "B", "C", "D"].map((o) => ({
          id: o,
          text: o === "D" ? text : `Choice ${o} of the item`,
          rationale: "r",
        })),
      });
    expect(rules(lint([withOption("All of these.")]), "errors")).toContain("t-1:banned-option");
    expect(rules(lint([withOption("Take over all of these tasks personally")]), "errors")).not.toContain(
      "t-1:banned-option",
    );
  });

  it("requires the count to choose in multiple-response stems", () => {
    const mr = (stem: string) => ({
      ...good("t-9", 0),
      type: "multiple-response",
      stem,
      options: ["A", "B", "C", "D", "E"].map((o) => ({
        id: o,
        text: `Option ${o} of the item`,
        rationale: "r",
      })),
      key: ["A", "C"],
    });
    expect(rules(lint([mr("Which controls reduce the exposure MOST? Choose THREE.")]), "errors")).toContain(
      "t-9:select-count",
    );
    expect(rules(lint([mr("Which controls reduce the exposure MOST? Choose TWO.")]), "errors")).not.toContain(
      "t-9:select-count",
    );
  });

  it("finds near-duplicate stems", () => {
    const r = lint([good("t-1", 0), good("t-2", 0, { stem: `${stems[0]!.slice(0, -1)} now?` })]);
    expect(rules(r, "errors")).toContain("t-2:near-duplicate");
  });

  it("reads scenario items with their case: the same short question in two case studies is no duplicate", () => {
    const scenario = (id: string, caseText: string, stems: string[]) => ({
      file: `content/items/issmp/${id}.yaml`,
      exam: "issmp",
      text: stringify({
        scenario: {
          id,
          title: id,
          case: caseText,
          items: stems.map((stem, i) => ({ ...good(`${id}-${i + 1}`, i), stem })),
        },
      }),
    });
    const q = "Given the situation described, what should the security manager do FIRST?";
    const bank = buildBank([
      scenario(
        "case-a",
        "A hospital discovers ransomware spreading through its imaging systems on a weekend.",
        [q, "Which stakeholder must approve invoking the continuity plan?"],
      ),
      scenario("case-b", "A retailer prepares for an audit by its payment card acquirer after a merger.", [
        q,
        "Which evidence BEST shows that access reviews now work?",
      ]),
    ]);
    expect(lintBank(bank, catalog).errors.filter((f) => f.rule === "near-duplicate")).toEqual([]);
    const twice = buildBank([
      scenario("case-c", "A bank migrates its core ledger to a new cloud provider.", [q, q]),
    ]);
    expect(rules(lintBank(twice, catalog), "errors")).toContain("case-c-2:near-duplicate");
  });

  it("warns when the key is the longest option and about lowercase qualifiers", () => {
    const long = good("t-1", 0, {
      key: "A",
      stem: "A regional hospital is adopting a cloud-hosted records system. What should the security manager do first?",
      options: ["A", "B", "C", "D"].map((o) => ({
        id: o,
        text: o === "A" ? "A much longer and more precise keyed option text" : `Short ${o}`,
        rationale: "r",
      })),
    });
    const r = lint([long]);
    expect(rules(r, "warnings")).toEqual(expect.arrayContaining(["t-1:longest-key", "t-1:qualifier-caps"]));
  });

  it("fails an exam whose keys sit on one position, once the bank is big enough", () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      good(`t-${i}`, i, {
        key: "A",
        stem: `Case ${i}: a distinct situation number ${i * 7919} about governance topic ${i}. What should the manager do FIRST?`,
      }),
    );
    const r = lint(many);
    expect(r.errors.filter((f) => f.rule === "key-balance").map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/key position A holds 100% of 40/)]),
    );
  });

  it("reports a malformed file with its line, and a repeated id, without losing the other items", () => {
    const r = lint(
      [good("t-1", 0)],
      [
        {
          file: "content/items/issmp/broken.yaml",
          text: "items:\n  - id: t-2\n    status: live\n    type: single-choice\n    stem: 5\n",
        },
        { file: "content/items/issmp/again.yaml", text: stringify({ items: [good("t-1", 1)] }) },
      ],
    );
    const messages = r.errors.filter((f) => f.rule === "schema").map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^content\/items\/issmp\/broken\.yaml:\d+: at items\[0\]\./),
        expect.stringMatching(/repeats item id "t-1"/),
      ]),
    );
    expect(r.itemsChecked).toBe(1);
  });
});

describe("bank stats", () => {
  it("counts live items by domain, type and key position, and lists the gaps", () => {
    const bank = buildBank([
      {
        file: "a.yaml",
        text: stringify({
          items: [
            good("t-1", 0),
            good("t-2", 1, { outlines: ["issmp:3.3.2"] }),
            good("t-3", 2, { status: "draft" }),
            good("t-4", 0, {
              outlines: ["issmp:3.3.2"],
              review: { blind: true, date: "2026-11-29", answer: "C" },
            }),
            good("t-5", 1, {
              outlines: ["issmp:3.3.2"],
              review: { blind: true, date: "2026-11-29", answer: "B" },
            }),
          ],
        }),
        exam: "issmp",
      },
    ]);
    const s = bankStats(bank, catalog, "2026-11-24", "issmp").issmp!;
    expect(s.items).toBe(4);
    expect(s.byDomain).toEqual({ "1": 1, "3": 3 });
    expect(s.byStatus).toEqual({ live: 4, draft: 1 });
    expect(s.keyPositions).toEqual({ A: 2, B: 2 });
    expect(s.gaps.subdomains).toHaveLength(28);
    expect(s.gaps.tasks).toHaveLength(132);
    expect(s.thin.subdomains).toHaveLength(30);
    expect(s.thin.tasks).toHaveLength(133);
    expect(s.domainShares["3"]).toEqual({ share: 75, weight: 20 });
    expect(s.domainShares["2"]).toEqual({ share: 0, weight: 15 });
    expect(s.reviews).toMatchObject({ reviewed: 2, agreeing: 1, agreement: 0.5 });
    expect(s.reviews.byDomain["3"]).toMatchObject({ reviewed: 2, agreeing: 1, agreement: 0.5 });
    expect(s.reviews.byDomain["1"]).toMatchObject({ reviewed: 0, agreeing: 0, agreement: 0 });
    // Four items are too few for a cue audit.
    expect(s.cues).toBeNull();
  });
});

describe("hotspot lint", () => {
  const hotspot = (id: string, change: (item: typeof hotspotFixture) => void = () => {}) => {
    const item = structuredClone({ ...hotspotFixture, id, outlines: ["issmp:1.1.1"] });
    change(item);
    return item;
  };

  it("passes a sound hotspot item", () => {
    const r = lint([hotspot("hs-ok")]);
    expect(r.errors).toEqual([]);
  });

  it("refuses overlapping, tiny and out-of-bounds regions, names that give the answer away, and markup", () => {
    const r = lint([
      hotspot("hs-overlap", (i) => {
        i.options[1]!.shape = { kind: "rect", x: 120, y: 85, w: 60, h: 30 };
      }),
      hotspot("hs-small", (i) => {
        i.options[2]!.shape = { kind: "circle", cx: 340, cy: 160, r: 5 };
      }),
      hotspot("hs-outside", (i) => {
        i.options[0]!.shape = { kind: "rect", x: 380, y: 10, w: 40, h: 30 };
      }),
      hotspot("hs-names", (i) => {
        i.options[0]!.text = "The correct link";
        i.options[3]!.text = i.options[2]!.text;
      }),
      hotspot("hs-markup", (i) => {
        i.diagram.boxes[0]!.label = '<img src="x" onerror="alert(1)">';
      }),
    ]);
    const found = rules(r, "errors");
    expect(found).toContain("hs-overlap:hotspot-overlap");
    expect(found).toContain("hs-small:hotspot-region");
    expect(found).toContain("hs-outside:hotspot-region");
    expect(found.filter((f) => f === "hs-names:hotspot-name")).toHaveLength(2);
    expect(found).toContain("hs-markup:hotspot-svg");
    expect(r.errors.find((e) => e.itemId === "hs-overlap")!.message).toMatch(/regions A and B overlap/);
    expect(r.errors.find((e) => e.itemId === "hs-outside")!.message).toMatch(
      /region A reaches outside the 400×200/,
    );
    for (const f of r.errors) expect(f.file).toBe("content/items/issmp/test.yaml");
  });
});
