import { describe, expect, it } from "vitest";
import type { Command } from "./attempt.js";
import { retryVerdict } from "./retry.js";
import type { Step } from "./steps.js";

const step = (seq: number, body: Record<string, unknown>) => ({ seq, at: 1000 + seq, ...body }) as Step;
const answer: Command = { kind: "answer", itemId: "i-1", response: { A: "x", B: "y" } };

describe("commands sent again", () => {
  const log = [
    step(0, { kind: "open" }),
    step(1, { kind: "answer", itemId: "i-1", response: { B: "y", A: "x" } }),
  ];

  it("knows a retry of a logged command, whatever the order of its keys", () => {
    expect(retryVerdict(log, 1, answer)).toBe("duplicate");
  });

  it("applies a command when only the server's own steps came since", () => {
    const withClock = [
      ...log,
      step(2, { kind: "close" }),
      step(3, { kind: "open" }),
      step(4, { kind: "heartbeat" }),
    ];
    expect(retryVerdict(withClock, 2, { kind: "flag", itemId: "i-1", flagged: true })).toBe("apply");
    expect(retryVerdict(log, 2, { kind: "flag", itemId: "i-1", flagged: true })).toBe("apply");
  });

  it("refuses a command made on a state that has changed, or on steps the log does not have", () => {
    expect(retryVerdict(log, 1, { kind: "answer", itemId: "i-1", response: { A: "y", B: "x" } })).toBe(
      "stale",
    );
    expect(retryVerdict(log, 0, { kind: "flag", itemId: "i-1", flagged: true })).toBe("stale");
    expect(retryVerdict(log, 3, answer)).toBe("stale");
  });

  it("takes only the candidate's own finish as a retry of a finish", () => {
    const timedOut = [...log, step(2, { kind: "finish", reason: "time-out" })];
    expect(retryVerdict(timedOut, 2, { kind: "finish" })).toBe("stale");
    const finished = [...log, step(2, { kind: "finish", reason: "candidate" })];
    expect(retryVerdict(finished, 2, { kind: "finish" })).toBe("duplicate");
  });
});
