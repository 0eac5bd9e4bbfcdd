import { describe, expect, it } from "vitest";
import { parseResponseFile } from "./response-file.js";

const parse = (text: string, minResponses?: number) =>
  parseResponseFile(text, "r.csv", minResponses === undefined ? {} : { minResponses });

describe("the calibration response file", () => {
  it("reads a sparse file: empty cells are missing, not wrong", () => {
    const f = parse("person,q1,q2,q3\nann,1,,0\nbob,0,1,\ncy,,0,1\n");
    expect(f.matrix.items).toEqual(["q1", "q2", "q3"]);
    expect(f.matrix.persons).toEqual(["ann", "bob", "cy"]);
    expect(Array.from(f.matrix.start)).toEqual([0, 2, 4, 6]);
    expect(Array.from(f.matrix.item)).toEqual([0, 2, 0, 1, 1, 2]);
    expect(Array.from(f.matrix.score)).toEqual([1, 0, 0, 1, 0, 1]);
  });

  it.each([
    ["", "r.csv: the response file is empty"],
    ["id,q1\na,1\n", 'r.csv:1: the header must start with "person" followed by item ids (got "id")'],
    ["person\na\n", "r.csv:1: the header names no items"],
    ["person,q1,q2,q1\na,1,0,1\n", 'r.csv:1: item "q1" appears twice in the header (columns 2 and 4)'],
    ["person,q1,,q2\na,1,0,1\n", "r.csv:1: column 3 of the header has no item id"],
    ["person,q1,q2\n", "r.csv:1: the response file has a header but no rows"],
    ["person,q1,q2\na,1,0\nb,1\n", "r.csv:3: has 2 cells, the header has 3"],
    ["person,q1,q2\na,1,0\nb,1,x\n", 'r.csv:3: the cell for item q2 must be 1, 0 or empty, not "x"'],
    ["person,q1,q2\na,1,0\n,1,1\n", "r.csv:3: the person id is empty"],
    ["person,q1,q2\na,1,0\nb,0,1\na,1,1\n", 'r.csv:4: person "a" appears twice (first on line 2)'],
    ["person,q1,q2\na,1,\nb,0,\n", 'r.csv:1: item "q2" (column 3) has no responses'],
    [
      "person,q1,q2\na,1,1\nb,0,1\n",
      'r.csv:1: item "q2" (column 3) has only correct responses (2); its parameters cannot be estimated',
    ],
  ])("refuses %j with one clear message", (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it("leaves out items with fewer responses than asked, and the rows left empty", () => {
    const f = parse("person,q1,q2,q3\na,1,0,\nb,0,1,\nc,1,0,\nd,,,1\n", 2);
    expect(f.matrix.items).toEqual(["q1", "q2"]);
    expect(f.skipped).toEqual([{ id: "q3", responses: 1 }]);
    expect(f.emptyRows).toBe(1);
    expect(f.matrix.persons).toEqual(["a", "b", "c"]);
  });
});
