/** The web app's loads: a failure on the way is retried with back-off, a refusal is shown at once. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpProblem } from "../web/src/api.js";
import { loadWithRetries, retryable } from "../web/src/lib/use-api.js";

describe("loading with retries", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const refusal = new HttpProblem({ status: 404, code: "not-found", message: "no such cohort" });
  const away = new HttpProblem({ status: 503, code: "unavailable", message: "restarting" });

  it("tells a refusal from a failure on the way", () => {
    expect(retryable(refusal)).toBe(false);
    expect(retryable(away)).toBe(true);
    expect(retryable(new TypeError("Failed to fetch"))).toBe(true);
  });

  it("retries a failure on the way after 500, 1000 and 2000 ms, then reports the data", async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockRejectedValueOnce(away)
      .mockResolvedValueOnce("ok");
    const report = vi.fn();
    loadWithRetries(load, { retries: 3, firstDelayMs: 500 }, report);
    await vi.advanceTimersByTimeAsync(499);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(load).toHaveBeenCalledTimes(3);
    expect(report).toHaveBeenCalledExactlyOnceWith({ data: "ok" });
  });

  it("reports a refusal at once, and the last failure once the retries are spent", async () => {
    const report = vi.fn();
    loadWithRetries(() => Promise.reject(refusal), { retries: 3, firstDelayMs: 500 }, report);
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenCalledExactlyOnceWith({ error: refusal });
    const load = vi.fn(() => Promise.reject(away));
    const last = vi.fn();
    loadWithRetries(load, { retries: 2, firstDelayMs: 100 }, last);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(load).toHaveBeenCalledTimes(3);
    expect(last).toHaveBeenCalledExactlyOnceWith({ error: away });
  });

  it("reports nothing once cancelled (the page moved on)", async () => {
    const report = vi.fn();
    const cancel = loadWithRetries(() => Promise.reject(away), { retries: 3, firstDelayMs: 100 }, report);
    await vi.advanceTimersByTimeAsync(50);
    cancel();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(report).not.toHaveBeenCalled();
  });
});
