/** The item editor names schema problems by the form's fields, not by JSON paths. */
import { describe, expect, it } from "vitest";
import { fieldName } from "../web/src/lib/field-name.js";

describe("field names for the item editor's checks", () => {
  it("turns a path into the form's words", () => {
    expect(fieldName("item.options.0.text")).toBe("Option A, text");
    expect(fieldName("item.options.3.rationale")).toBe("Option D, rationale");
    expect(fieldName("item.categories.1.text")).toBe("Category 2, text");
    expect(fieldName("item.outlines.0")).toBe("Task statement 1");
    expect(fieldName("item.stem")).toBe("Stem");
    expect(fieldName("item.key")).toBe("Key");
    expect(fieldName("item.")).toBe("The item");
    expect(fieldName("item")).toBe("The item");
  });
});
