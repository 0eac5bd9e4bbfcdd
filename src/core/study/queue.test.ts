import { describe, expect, it } from "vitest";
import { type StudyAnswer, studyQueue } from "./queue.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const answer = (itemId: string, day: number, correct: boolean, domain = "1"): StudyAnswer => ({
  itemId,
  at: T0 + day * DAY,
  correct,
  domain,
  task: `issmp:${domain}.1.1`,
});

describe("study queue (FSRS)", () => {
  it("brings a missed item back the next day and a known one only days later", () => {
    const q = studyQueue([answer("missed", 0, false), answer("known", 0, true)], T0 + DAY + 1);
    expect(q.due.map((d) => d.itemId)).toEqual(["missed"]);
    expect(q.upcoming.map((u) => u.itemId)).toEqual(["known"]);
    expect(q.upcoming[0]!.due).toBeGreaterThan(T0 + 2 * DAY);
    expect(q.due[0]).toMatchObject({ lastCorrect: false, reviews: 1, lapses: 0 });
  });

  it("spaces reviews further apart after each right answer, and resets after a lapse", () => {
    const gaps: number[] = [];
    let history: StudyAnswer[] = [];
    let day = 0;
    for (let k = 0; k < 4; k++) {
      history = [...history, answer("i", day, true)];
      const next = studyQueue(history, T0 + day * DAY).upcoming[0]!.due;
      gaps.push(next - (T0 + day * DAY));
      day = Math.ceil((next - T0) / DAY);
    }
    for (let k = 1; k < gaps.length; k++) expect(gaps[k]!).toBeGreaterThan(gaps[k - 1]!);
    const lapsed = studyQueue([...history, answer("i", day, false)], T0 + day * DAY);
    const afterLapse = lapsed.upcoming[0]?.due ?? lapsed.due[0]!.due;
    expect(afterLapse - (T0 + day * DAY)).toBeLessThan(gaps[gaps.length - 1]!);
  });

  it("orders due items by how likely they are to be forgotten, and names weak domains", () => {
    const answers = [
      answer("a", 0, false, "3"),
      answer("b", 5, false, "3"),
      answer("c", 0, false, "3"),
      answer("d", 0, true, "1"),
      answer("e", 0, true, "1"),
      answer("f", 0, true, "1"),
    ];
    const q = studyQueue(answers, T0 + 30 * DAY);
    for (let k = 1; k < q.due.length; k++)
      expect(q.due[k]!.retrievability).toBeGreaterThanOrEqual(q.due[k - 1]!.retrievability);
    expect(q.domains).toEqual([
      { domain: "1", answered: 3, correct: 3, share: 1 },
      { domain: "3", answered: 3, correct: 0, share: 0 },
    ]);
    expect(q.weakDomains).toEqual(["3"]);
    // The same answers in any order give the same queue (it is built from the answers' times).
    expect(studyQueue([...answers].reverse(), T0 + 30 * DAY)).toEqual(q);
  });
});
