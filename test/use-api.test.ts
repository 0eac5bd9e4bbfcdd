/** The web app's loads: a failure on the way is retried with back-off, a refusal is shown at once. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpProblem } from "../web/src/api.js";
import { type LoadState, loadWithRetries, PageLoads, retryable } from "../web/src/lib/use-api.js";

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

  it("waits for a pause before loading when debounced, and a cancel in the wait loads nothing", async () => {
    const load = vi.fn(() => Promise.resolve("ok"));
    const report = vi.fn();
    loadWithRetries(load, { retries: 3, firstDelayMs: 500, debounceMs: 200 }, report);
    await vi.advanceTimersByTimeAsync(199);
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledOnce();
    expect(report).toHaveBeenCalledExactlyOnceWith({ data: "ok" });
    const early = vi.fn(() => Promise.resolve("ok"));
    const cancel = loadWithRetries(early, { retries: 3, firstDelayMs: 500, debounceMs: 200 }, report);
    await vi.advanceTimersByTimeAsync(100);
    cancel();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(early).not.toHaveBeenCalled();
  });
});

/** A load whose outcome the test decides: `pass(value)` or `fail(error)` settles the latest call. */
function controlled<T>() {
  const calls: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = vi.fn(
    () =>
      new Promise<T>((resolve, reject) => {
        calls.push({ resolve, reject });
      }),
  );
  return {
    load,
    pass: (value: T) => calls.at(-1)!.resolve(value),
    fail: (error: unknown) => calls.at(-1)!.reject(error),
  };
}

describe("a page's loads", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const refusal = new HttpProblem({ status: 403, code: "forbidden", message: "for admins only" });

  function page<T>() {
    const shown: LoadState<T>[] = [];
    const loads = new PageLoads<T>((s) => shown.push(s));
    return { loads, shown };
  }

  it("shows loading, then the data; a reload keeps the data on show while it runs", async () => {
    const { loads, shown } = page<string>();
    const first = controlled<string>();
    const done = loads.start(first.load);
    expect(loads.current).toEqual({ data: null, error: null, loading: true });
    first.pass("users, page 1");
    await done;
    expect(loads.current).toEqual({ data: "users, page 1", error: null, loading: false });
    const again = controlled<string>();
    const reloaded = loads.start(again.load);
    expect(loads.current).toEqual({ data: "users, page 1", error: null, loading: true });
    again.pass("users, page 1 without the deleted one");
    await reloaded;
    expect(loads.current.data).toBe("users, page 1 without the deleted one");
    expect(shown.map((s) => s.loading)).toEqual([true, false, true, false]);
  });

  it("keeps the last data beside a failure, and clears the failure when the next load starts", async () => {
    const { loads } = page<string>();
    const ok = controlled<string>();
    const loaded = loads.start(ok.load);
    ok.pass("cohort");
    await loaded;
    const refused = controlled<string>();
    const failed = loads.start(refused.load);
    refused.fail(refusal);
    await failed;
    expect(loads.current).toEqual({ data: "cohort", error: refusal, loading: false });
    void loads.start(controlled<string>().load);
    expect(loads.current).toEqual({ data: "cohort", error: null, loading: true });
  });

  it("resolves a start only once its outcome is shown, after the retries it needs", async () => {
    const { loads } = page<number>();
    const load = vi
      .fn<() => Promise<number>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValueOnce(42);
    let settled = false;
    void loads.start(load, { firstDelayMs: 100 }).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    expect(loads.current.loading).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect(loads.current).toEqual({ data: 42, error: null, loading: false });
  });

  it("drops a load overtaken by the next: its outcome is never shown, and its start resolves", async () => {
    const { loads, shown } = page<string>();
    const old = controlled<string>();
    const dropped = loads.start(old.load);
    const current = controlled<string>();
    const taken = loads.start(current.load);
    await dropped;
    current.pass("ISACA reports");
    await taken;
    old.pass("ISC2 reports");
    await vi.advanceTimersByTimeAsync(0);
    expect(loads.current.data).toBe("ISACA reports");
    expect(shown.map((s) => s.data)).not.toContain("ISC2 reports");
  });

  it("with nothing to load, shows no data, no error and no loading; a stop drops the load under way", async () => {
    const { loads, shown } = page<string>();
    const first = controlled<string>();
    const loaded = loads.start(first.load);
    first.pass("a comparison");
    await loaded;
    await loads.start(null);
    expect(loads.current).toEqual({ data: null, error: null, loading: false });
    const late = controlled<string>();
    const stopped = loads.start(late.load);
    loads.stop();
    await stopped;
    late.pass("after the page closed");
    await vi.advanceTimersByTimeAsync(0);
    expect(shown.at(-1)).toEqual({ data: null, error: null, loading: true });
  });

  it("debounced, loads the first time at once, and later once the typing pauses", async () => {
    const { loads } = page<string>();
    const load = vi.fn((q: string) => Promise.resolve(`results for ${q}`));
    const first = loads.start(() => load(""), { debounceMs: 200 });
    expect(load).toHaveBeenCalledExactlyOnceWith("");
    await first;
    expect(loads.current.data).toBe("results for ");
    load.mockClear();
    void loads.start(() => load("ri"), { debounceMs: 200 });
    await vi.advanceTimersByTimeAsync(150);
    void loads.start(() => load("ris"), { debounceMs: 200 });
    await vi.advanceTimersByTimeAsync(150);
    const last = loads.start(() => load("risk"), { debounceMs: 200 });
    expect(loads.current).toEqual({ data: "results for ", error: null, loading: true });
    await vi.advanceTimersByTimeAsync(199);
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await last;
    expect(load).toHaveBeenCalledExactlyOnceWith("risk");
    expect(loads.current.data).toBe("results for risk");
  });
});
