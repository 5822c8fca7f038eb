import { afterEach, describe, expect, it, vi } from 'vitest';
import { PollLoop, retryDelay } from './poll-loop';

/** A loop (on fake timers) whose pass stays open until the test lets it finish, counting how often it ran. */
function controlledLoop(pollIntervalMs: number) {
  vi.useFakeTimers();
  const lines: string[] = [];
  const state = { runs: 0, finish: () => {}, fail: (_error: Error) => {} };
  const pass = () =>
    new Promise<void>((resolve, reject) => {
      state.runs++;
      state.finish = resolve;
      state.fail = reject;
    });
  const loop = new PollLoop({ pass, pollIntervalMs, unit: 'test/loop', log: (line) => lines.push(line) });
  return { state, loop, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PollLoop', () => {
  it('runs a pass at start, one more right after a kick that came mid-pass, then waits for the poll', async () => {
    const { state, loop } = controlledLoop(1_000);
    loop.start();
    expect(state.runs).toBe(1);
    loop.kick();
    loop.kick();
    expect(state.runs).toBe(1);
    state.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.runs).toBe(2);
    state.finish();
    await vi.advanceTimersByTimeAsync(999);
    expect(state.runs).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.runs).toBe(3);
    state.finish();
    await loop.stop();
  });

  it('passes again at once when a pass asks for it (a full batch)', async () => {
    const { state, loop } = controlledLoop(60_000);
    loop.start();
    loop.passAgain();
    state.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.runs).toBe(2);
    state.finish();
    await loop.stop();
  });

  it('says a failed pass with its unit and tries again at the next poll', async () => {
    const { state, loop, lines } = controlledLoop(500);
    loop.start();
    state.fail(new Error('the database went away'));
    await vi.advanceTimersByTimeAsync(0);
    expect(lines).toEqual(['test/loop: the database went away; trying again']);
    await vi.advanceTimersByTimeAsync(500);
    expect(state.runs).toBe(2);
    state.finish();
    await loop.stop();
  });

  it('stops: waits for the pass under way, then runs no more and ignores kicks', async () => {
    const { state, loop } = controlledLoop(100);
    loop.start();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    state.finish();
    await stopping;
    loop.kick();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.runs).toBe(1);
  });
});

describe('retryDelay', () => {
  it('doubles from the base up to the cap', () => {
    const options = { retryBaseMs: 1_000, maxDelayMs: 5_000 };
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelay(attempts, options))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });
});
