import fc from "fast-check";
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
  it("brings a missed item back the next day and an unsure one only days later", () => {
    const q = studyQueue(
      [answer("missed", 0, false), { ...answer("unsure", 0, true), confidence: "unsure" }],
      T0 + DAY + 1,
    );
    expect(q.due.map((d) => d.itemId)).toEqual(["missed"]);
    expect(q.upcoming.map((u) => u.itemId)).toEqual(["unsure"]);
    expect(q.upcoming[0]!.due).toBeGreaterThanOrEqual(T0 + 2 * DAY);
    expect(q.due[0]).toMatchObject({ lastCorrect: false, reviews: 1, lapses: 0 });
  });

  it("spaces reviews further apart after each right answer once an item is a card, and resets after a lapse", () => {
    const gaps: number[] = [];
    // The item became a card when it was first missed; each later right answer is a review.
    let history: StudyAnswer[] = [answer("i", 0, false)];
    let day = 1;
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

  it("makes a card of a missed, unsure, guessed or flagged answer, never of a sure right one", () => {
    const q = studyQueue(
      [
        answer("sure", 0, true),
        { ...answer("unsure", 0, true), confidence: "unsure" },
        { ...answer("guessed", 0, true), confidence: "guessed" },
        { ...answer("flagged", 0, true), flagged: true },
        { ...answer("missed", 0, false), confidence: "sure" },
      ],
      T0 + 60 * DAY,
    );
    const carded = [...q.due.map((d) => d.itemId), ...q.upcoming.map((u) => u.itemId)].sort();
    expect(carded).toEqual(["flagged", "guessed", "missed", "unsure"]);
    // Every answer still counts toward its domain's standing.
    expect(q.domains[0]).toMatchObject({ answered: 5, correct: 4 });
  });

  it("treats a right guess as a lapse: it comes back as soon as a miss does, sooner than an unsure answer", () => {
    const nextDue = (a: StudyAnswer) => {
      const q = studyQueue([a], T0);
      return (q.upcoming[0] ?? q.due[0])!.due;
    };
    const guessed = nextDue({ ...answer("i", 0, true), confidence: "guessed" });
    const missed = nextDue(answer("i", 0, false));
    const unsure = nextDue({ ...answer("i", 0, true), confidence: "unsure" });
    expect(guessed).toBe(missed);
    expect(unsure).toBeGreaterThan(guessed);
  });

  it("with an exam date, never schedules a card after the day before the exam", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            item: fc.integer({ min: 0, max: 5 }),
            day: fc.integer({ min: 0, max: 80 }),
            correct: fc.boolean(),
            confidence: fc.constantFrom("sure", "unsure", "guessed", undefined),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 120 }),
        (answers, examDay) => {
          const list = answers.map((a) => ({
            ...answer(`i${a.item}`, a.day, a.correct),
            ...(a.confidence ? { confidence: a.confidence as StudyAnswer["confidence"] } : {}),
          }));
          const lastAt = Math.max(...list.map((a) => a.at));
          const examAt = T0 + examDay * DAY;
          const q = studyQueue(list, lastAt, examAt);
          for (const d of [...q.due, ...q.upcoming])
            expect(d.due).toBeLessThanOrEqual(Math.max(lastAt, examAt - DAY));
          // Without the exam date a well-known card lands later than that for long horizons.
          return true;
        },
      ),
      { numRuns: 200 },
    );
    // A card answered right five times is scheduled weeks away, but not past the exam's eve.
    const history = [0, 3, 10, 25, 50].map((d) => ({
      ...answer("k", d, true),
      confidence: "unsure" as const,
    }));
    const free = studyQueue(history, T0 + 50 * DAY).upcoming[0]!.due;
    const aimed = studyQueue(history, T0 + 50 * DAY, T0 + 60 * DAY).upcoming[0]!.due;
    expect(free).toBeGreaterThan(T0 + 60 * DAY);
    expect(aimed).toBe(T0 + 59 * DAY);
  });
});
