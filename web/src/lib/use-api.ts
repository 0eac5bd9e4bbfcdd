/**
 * Loading what a page shows from the API, in one way for every page: the data, the error as a
 * sentence, whether it is loading, and a reload. A failure on the way (the network, or the server
 * away with a 5xx) is retried a few times with back-off before it is shown; a refusal (4xx) is shown
 * at once. A load whose page moved on (new arguments, or unmounted) is dropped, never shown.
 *
 * The last data loaded stays while the next load runs and beside its failure, so a list does not
 * blink away on a reload; a page that must not show it then checks `error` first. Several things
 * needed at once are one load (`Promise.all` inside it), shown together or failed together.
 */
import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { HttpProblem, messageOf } from "../api.js";

export interface LoadState<T> {
  data: T | null;
  /** The latest load's failure, kept whole (e.g. to tell a 404 from other errors); null after a success. */
  error: unknown;
  loading: boolean;
}

export interface Loaded<T> extends LoadState<T> {
  /** The failure in one sentence, or null. */
  message: string | null;
  /** Loads again; resolves once the outcome is shown (or the page moved on), never rejects. */
  reload: () => Promise<void>;
}

export interface LoadOptions {
  /** Tries after the first, for a failure on the way (default 3). */
  retries?: number;
  /** The wait before the first retry, doubled for each one after (default 500 ms). */
  firstDelayMs?: number;
  /**
   * A wait before each load but a page's first, so a load that follows typing waits for a pause
   * (default 0; a reload never waits).
   */
  debounceMs?: number;
}

/** Whether a failed load is worth trying again: not a refusal by the server. */
export function retryable(error: unknown): boolean {
  return !(error instanceof HttpProblem && error.problem.status < 500);
}

/**
 * Loads once (after `debounceMs`, if given), retrying a retryable failure `retries` times after
 * `firstDelayMs`, then twice as long each time; reports the outcome once. Returns a cancel: after
 * it, nothing is loaded or reported.
 */
export function loadWithRetries<T>(
  load: () => Promise<T>,
  options: { retries: number; firstDelayMs: number; debounceMs?: number },
  report: (outcome: { data: T } | { error: unknown }) => void,
): () => void {
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = (n: number) => {
    timer = undefined;
    load().then(
      (data) => live && report({ data }),
      (error) => {
        if (!live) return;
        if (n < options.retries && retryable(error))
          timer = setTimeout(() => attempt(n + 1), options.firstDelayMs * 2 ** n);
        else report({ error });
      },
    );
  };
  if (options.debounceMs) timer = setTimeout(() => attempt(0), options.debounceMs);
  else attempt(0);
  return () => {
    live = false;
    if (timer) clearTimeout(timer);
  };
}

/**
 * The loads of one page, one at a time, as the state the page shows: `show` hears every change.
 * Kept free of React so that its rules are tested on their own; `useApi` drives it from a page.
 */
export class PageLoads<T> {
  private state: LoadState<T> = { data: null, error: null, loading: false };
  private cancel: () => void = () => {};
  private settle: () => void = () => {};
  /** Whether a load has been started: the first is not debounced. */
  private started = false;

  constructor(private readonly show: (state: LoadState<T>) => void) {}

  get current(): LoadState<T> {
    return this.state;
  }

  /**
   * Starts `load` (after `debounceMs` unless it is the first), dropping a load under way; `null`
   * means there is nothing to load (no data, no error). Resolves once the outcome is shown, or once
   * this load is dropped.
   */
  start(load: (() => Promise<T>) | null, options: LoadOptions = {}): Promise<void> {
    this.stop();
    if (!load) {
      this.set({ data: null, error: null, loading: false });
      return Promise.resolve();
    }
    this.set({ data: this.state.data, error: null, loading: true });
    const debounceMs = this.started ? (options.debounceMs ?? 0) : 0;
    this.started = true;
    return new Promise((resolve) => {
      this.settle = resolve;
      this.cancel = loadWithRetries(
        load,
        {
          retries: options.retries ?? 3,
          firstDelayMs: options.firstDelayMs ?? 500,
          debounceMs,
        },
        (outcome) => {
          this.set(
            "data" in outcome
              ? { data: outcome.data, error: null, loading: false }
              : { data: this.state.data, error: outcome.error, loading: false },
          );
          this.cancel = () => {};
          this.settle = () => {};
          resolve();
        },
      );
    });
  }

  /** Drops the load under way, if any: its outcome is never shown. */
  stop(): void {
    this.cancel();
    this.settle();
    this.cancel = () => {};
    this.settle = () => {};
  }

  private set(state: LoadState<T>): void {
    this.state = state;
    this.show(state);
  }
}

/**
 * Loads with `load` when the page shows and again whenever `deps` change (or `reload` is called);
 * `load` null: nothing to load for now.
 */
export function useApi<T>(
  load: (() => Promise<T>) | null,
  deps: DependencyList,
  options: LoadOptions = {},
): Loaded<T> {
  const [state, setState] = useState<LoadState<T>>(() => ({
    data: null,
    error: null,
    loading: load !== null,
  }));
  const [loads] = useState(() => new PageLoads<T>(setState));
  // The load and options of the latest render, for a reload (the effect below reads them too).
  const latest = useRef({ load, options });
  latest.current = { load, options };
  const mounted = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    mounted.current = true;
    void loads.start(latest.current.load, latest.current.options);
    return () => {
      mounted.current = false;
      loads.stop();
    };
  }, [...deps]);
  const reload = useCallback(
    () =>
      mounted.current
        ? loads.start(latest.current.load, { ...latest.current.options, debounceMs: 0 })
        : Promise.resolve(),
    [loads],
  );
  return {
    ...state,
    message: state.error === null ? null : messageOf(state.error),
    reload,
  };
}
