import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { withItemFields } from "./review-record.js";

const file = `items:
  - id: x-1
    stem: first
    enemies:
    - x-2
    - x-3
  - id: x-2
    stem: second
    tags: [a]
`;

describe("withItemFields", () => {
  it("appends a field after an item whose last field is a block list, leaving valid YAML", () => {
    const out = withItemFields(file, "f.yaml", [
      { id: "x-1", key: "review", value: () => ({ rating: 4, answer: "B" }) },
      { id: "x-2", key: "review", value: () => ({ rating: 3 }) },
    ]);
    const items = parse(out).items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual(["x-1", "x-2"]);
    expect(items[0]).toMatchObject({ enemies: ["x-2", "x-3"], review: { rating: 4, answer: "B" } });
    expect(items[1]).toMatchObject({ tags: ["a"], review: { rating: 3 } });
    expect(out).toContain("    - x-3\n    review: { rating: 4, answer: B }\n  - id: x-2");
  });

  it("replaces a field it already has, on one line", () => {
    const once = withItemFields(file, "f.yaml", [{ id: "x-2", key: "tags", value: () => ["b", "c"] }]);
    expect(parse(once).items[1].tags).toEqual(["b", "c"]);
    expect(once).toContain("    tags: [ b, c ]");
  });
});
