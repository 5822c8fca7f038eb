import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../net/api';
import { pollEvery } from './poll-every';

// React Query polls only in a browser: it tells one by `window`, once, when it loads.
vi.stubGlobal('window', globalThis);
const { QueryClient, QueryObserver } = await import('@tanstack/react-query');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** Polls `answer` every second through a real query client, as a console's query does. */
function poll(answer: () => Promise<string>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const queryFn = vi.fn(answer);
  const observer = new QueryObserver(client, { queryKey: ['polled'], queryFn, ...pollEvery(1000) });
  const seen: { data?: string; error?: string }[] = [];
  const off = observer.subscribe((result) => seen.push({ data: result.data, error: result.error?.message }));
  return { queryFn, seen, stop: () => (off(), client.clear()) };
}

describe('polling a server resource', () => {
  it('asks again every interval, keeping the last answer through a failure', async () => {
    let calls = 0;
    const { queryFn, seen, stop } = poll(async () => {
      calls++;
      if (calls === 2) throw new ApiError('events: the database is busy; try again', 503);
      return `answer ${calls}`;
    });
    await vi.advanceTimersByTimeAsync(2500);
    expect(queryFn).toHaveBeenCalledTimes(3);
    expect(seen.at(-1)).toEqual({ data: 'answer 3', error: undefined });
    expect(seen).toContainEqual({ data: 'answer 1', error: 'events: the database is busy; try again' });
    stop();
  });

  it('stops asking after a 404: what is not there does not appear by asking again', async () => {
    const { queryFn, stop } = poll(async () => {
      throw new ApiError('events: no event e9', 404, 'not-found');
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(queryFn).toHaveBeenCalledTimes(1);
    stop();
  });
});
