import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { buildBank } from "../bank/load.js";
import { reviewSheet, sheetOrder } from "../bank/review.js";
import { deliveredView, deliveryOf, toAuthored, toDelivered } from "../exam/delivery.js";
import { formEntry } from "../exam/start.js";
import { diagramSvg, type HotspotItem, shapeContains, sharedArea, svgSafetyProblems } from "./hotspot.js";
import { hotspotFixture } from "./hotspot-fixture.js";
import { authoredItemSchema, deliveryView, gradeResponse, type Item } from "./item.js";

const item = authoredItemSchema.parse(hotspotFixture) as HotspotItem;

describe("hotspot items", () => {
  it("grades the keyed region right, another wrong, nothing unanswered, a wrong shape incorrect", () => {
    expect(gradeResponse(item, "B")).toEqual({ credit: 1, state: "correct", partial: 1 });
    expect(gradeResponse(item, "A")).toEqual({ credit: 0, state: "incorrect", partial: 0 });
    expect(gradeResponse(item, null).state).toBe("unanswered");
    expect(gradeResponse(item as Item, ["B"]).credit).toBe(0);
  });

  it("delivers regions with shapes and the diagram, but no key, rationale or explanation", () => {
    const view = deliveryView(item);
    const text = JSON.stringify(view);
    expect(text).not.toMatch(/rationale|"key"|explanation|Plain HTTP|Inspect HTTP/);
    expect(view.diagram?.boxes).toHaveLength(3);
    expect(view.options.map((o) => o.shape?.kind)).toEqual(["rect", "rect", "circle", "polygon"]);
  });

  it("on an attempt, gives regions opaque seeded ids in a seeded shuffle, and maps answers both ways", () => {
    const place = { domain: "4", subdomain: "4.1", task: "cissp:4.1.1", pretest: false };
    const orders = new Set<string>();
    for (let s = 0; s < 12; s++) {
      const seed = `seed-${s}`;
      const d = deliveryOf(seed, formEntry(item, place, seed), item);
      const view = deliveredView(d);
      // Same seed, same delivery: the shuffle and ids are frozen by the seed.
      expect(deliveredView(deliveryOf(seed, formEntry(item, place, seed), item))).toEqual(view);
      for (const o of view.options) expect(o.id).toMatch(/^[a-z2-9]{10}$/);
      expect(JSON.stringify(view)).not.toMatch(/rationale|"key"|correct/);
      // Each delivered region keeps its own shape and name.
      for (const o of view.options) {
        const authored = item.options.find((r) => r.id === toAuthored(d, o.id))!;
        expect(o.shape).toEqual(authored.shape);
        expect(o.text).toBe(authored.text);
      }
      const keyed = toDelivered(d, item.key) as string;
      expect(gradeResponse(item, toAuthored(d, keyed)).credit).toBe(1);
      orders.add(view.options.map((o) => o.text).join("|"));
    }
    expect(orders.size).toBeGreaterThan(3);
  });

  it.each([
    [
      { options: hotspotFixture.options.map((o, i) => (i === 3 ? { ...o, rationale: "" } : o)) },
      /options\[3\]\.rationale: must not be empty/,
    ],
    [
      {
        options: hotspotFixture.options.map((o, i) =>
          i === 2 ? { ...o, shape: { kind: "rect", x: 1, y: 1, w: 0, h: 5 } } : o,
        ),
      },
      /options\[2\]\.shape\.w: must be more than 0/,
    ],
    [{ key: "F" }, /key: names option "F"/],
    [{ diagram: { ...hotspotFixture.diagram, boxes: [] } }, /diagram\.boxes/],
  ])("names the file, line and field of an inconsistent item: %#", (change, message) => {
    const bank = buildBank([
      {
        file: "content/items/cissp/hs.yaml",
        text: stringify({ items: [{ ...hotspotFixture, ...change }] }),
        exam: "cissp",
      },
    ]);
    expect(bank.items).toHaveLength(0);
    expect(bank.fileErrors.map((e) => e.message).join("\n")).toMatch(
      /^content\/items\/cissp\/hs\.yaml:\d+: /,
    );
    expect(bank.fileErrors.map((e) => e.message).join("\n")).toMatch(message);
  });

  it("knows which points lie in which shape and measures shared areas", () => {
    const [a, , c, d] = item.options.map((o) => o.shape);
    expect(shapeContains(a!, 100, 100)).toBe(true);
    expect(shapeContains(a!, 150, 100)).toBe(false);
    expect(shapeContains(c!, 340, 175)).toBe(true);
    expect(shapeContains(c!, 355, 175)).toBe(false);
    expect(shapeContains(d!, 40, 30)).toBe(true);
    expect(shapeContains(d!, 15, 55)).toBe(false);
    expect(sharedArea(a!, c!)).toBe(0);
    const half = { kind: "rect", x: 110, y: 85, w: 60, h: 30 } as const;
    expect(sharedArea(a!, half)).toBeCloseTo(30 * 30, -1);
  });

  it("draws a safe SVG with every text escaped, and the safety check refuses unsafe markup", () => {
    const tricky = structuredClone(item);
    tricky.diagram.boxes[0]!.label = '<script>alert("x")</script>';
    const svg = diagramSvg(tricky);
    expect(svg).not.toContain("<script");
    expect(svgSafetyProblems(svg)).toEqual([]);
    expect(svgSafetyProblems(diagramSvg(item))).toEqual([]);
    expect(svgSafetyProblems('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')).toEqual([
      "uses the element <script>, which diagrams may not use",
    ]);
    expect(svgSafetyProblems('<svg><rect onclick="x()"/></svg>')).toEqual(["has an event handler (onclick)"]);
    expect(svgSafetyProblems('<svg><image href="https://example.org/a.png"/></svg>').join()).toMatch(
      /<image>.*href/,
    );
    expect(svgSafetyProblems('<svg><rect fill="url(#x)"/></svg>').join()).toMatch(/outside the drawing/);
    expect(svgSafetyProblems('<!DOCTYPE x [<!ENTITY a "b">]><svg/>').join()).toMatch(/entity/);
  });

  it("puts the diagram on the review sheet, lettered as the sheet letters the regions", () => {
    const bankItem = { ...item };
    const sheet = reviewSheet([bankItem]);
    const order = sheetOrder(bankItem);
    const keyLetter = String.fromCharCode(65 + order.indexOf("B"));
    expect(sheet).toContain(`- ${keyLetter}. Link from the edge router to the web servers`);
    expect(sheet).toContain("<svg");
    expect(sheet).not.toMatch(/rationale|Plain HTTP/);
  });
});
