import { describe, expect, it } from "vitest";
import { HttpError } from "../errors.js";
import { HashGate } from "./hash-gate.js";

/** A task that finishes when the test says so. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { done, release };
}

describe("the hash gate", () => {
  it("never runs more than its limit at once, and runs the queued ones in turn", async () => {
    const gate = new HashGate({ limit: 2, queue: 10 });
    let running = 0;
    let most = 0;
    const tasks = Array.from({ length: 12 }, () => held());
    const runs = tasks.map((t) =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await t.done;
        running--;
      }),
    );
    expect(gate.running).toBe(2);
    expect(gate.queued).toBe(10);
    for (const t of tasks) t.release();
    await Promise.all(runs);
    expect(most).toBe(2);
    expect(gate.running).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it("refuses at once with 429 and Retry-After when the queue is full, without running the work", async () => {
    const gate = new HashGate({ limit: 1, queue: 1 });
    const first = held();
    const running = gate.run(() => first.done);
    const waiting = gate.run(async () => "second");
    let ran = false;
    const refused = await gate
      .run(async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 429, code: "busy", extra: { retryAfterSeconds: 1 } });
    first.release();
    await running;
    expect(await waiting).toBe("second");
    // A failing task frees its turn too.
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(gate.running).toBe(0);
  });
});
