/**
 * Loading what a page shows from the API, in one way for every page: the data, the error as a
 * sentence, whether it is loading, and a reload. A failure on the way (the network, or the server
 * away with a 5xx) is retried a few times with back-off before it is shown; a refusal (4xx) is shown
 * at once. A load whose page moved on (new arguments, or unmounted) is dropped, never shown.
 */
import { type DependencyList, useCallback, useEffect, useState } from "react";
import { HttpProblem, messageOf } from "../api.js";

export interface Loaded<T> {
  data: T | null;
  /** The failure, kept whole (e.g. to tell a 404 from other errors). */
  error: unknown;
  /** The failure in one sentence, or null. */
  message: string | null;
  loading: boolean;
  reload: () => void;
}

/** Whether a failed load is worth trying again: not a refusal by the server. */
export function retryable(error: unknown): boolean {
  return !(error instanceof HttpProblem && error.problem.status < 500);
}

/**
 * Loads once, retrying a retryable failure `retries` times after `firstDelayMs`, then twice as long
 * each time; reports the outcome once. Returns a cancel: after it, nothing is reported.
 */
export function loadWithRetries<T>(
  load: () => Promise<T>,
  options: { retries: number; firstDelayMs: number },
  report: (outcome: { data: T } | { error: unknown }) => void,
): () => void {
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = (n: number) => {
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
  attempt(0);
  return () => {
    live = false;
    if (timer) clearTimeout(timer);
  };
}

export function useApi<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: { retries?: number; firstDelayMs?: number } = {},
): Loaded<T> {
  const retries = options.retries ?? 3;
  const firstDelay = options.firstDelayMs ?? 500;
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    setState((st) => ({ data: st.data, error: null, loading: true }));
    return loadWithRetries(load, { retries, firstDelayMs: firstDelay }, (outcome) =>
      setState(
        "data" in outcome
          ? { data: outcome.data, error: null, loading: false }
          : { data: null, error: outcome.error, loading: false },
      ),
    );
  }, [...deps, round]);
  return {
    ...state,
    message: state.error === null ? null : messageOf(state.error),
    reload,
  };
}
