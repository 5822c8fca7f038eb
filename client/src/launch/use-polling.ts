import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../net/api';

/** How often the host console asks for the show, the figures and the audience, ms. */
export const CONSOLE_REFRESH_MS = 2500;

/** What {@link usePolling} holds: the last answer, the last failure (cleared by a success), and a way to ask again now. */
export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  refresh: () => void;
}

/**
 * Calls `load` now and every `intervalMs` while `enabled` (and again whenever `load` changes),
 * keeping the last answer through failures so a console does not blank out when one request
 * fails. A request still running when the next is due is aborted. A 404 stops the polling
 * (what is not there does not appear by asking again) until {@link Polled.refresh}.
 */
export function usePolling<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number, enabled = true): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, [load]);

  useEffect(() => {
    if (!enabled) return;
    let aborting = new AbortController();
    const run = () => {
      aborting.abort();
      aborting = new AbortController();
      const signal = aborting.signal;
      loadRef.current(signal).then(
        (answer) => {
          if (signal.aborted) return;
          setData(answer);
          setError(undefined);
        },
        (failure: unknown) => {
          if (signal.aborted) return;
          setError(failure instanceof Error ? failure.message : String(failure));
          if (failure instanceof ApiError && failure.status === 404) clearInterval(timer);
        },
      );
    };
    const timer = setInterval(run, intervalMs);
    run();
    return () => {
      clearInterval(timer);
      aborting.abort();
    };
  }, [load, intervalMs, enabled, tick]);

  return { data, error, refresh };
}
