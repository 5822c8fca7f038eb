import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VoiceLink, type VoiceLinkState } from './voice-link';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function link() {
  const attempts: number[] = [];
  const states: VoiceLinkState[] = [];
  const voice = new VoiceLink((n) => attempts.push(n), (s) => states.push(s), { connectTimeoutMs: 10_000, retryPausesMs: [1_000, 4_000] });
  return { voice, attempts, states };
}

describe('VoiceLink', () => {
  it('times an attempt out, retries after growing pauses, then stays failed with the reason', () => {
    const { voice, attempts, states } = link();
    voice.start();
    expect(voice.state).toEqual({ state: 'connecting', attempt: 1 });
    vi.advanceTimersByTime(10_000);
    expect(voice.state).toEqual({ state: 'retrying', attempt: 2, reason: 'no connection after 10 s' });
    vi.advanceTimersByTime(999);
    expect(attempts).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(attempts).toEqual([1, 2]);
    voice.failed('the forwarder refused the answer');
    vi.advanceTimersByTime(4_000);
    expect(attempts).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(10_000);
    expect(voice.state).toEqual({ state: 'failed', reason: 'no connection after 10 s' });
    vi.advanceTimersByTime(60_000);
    expect(attempts).toEqual([1, 2, 3]);
    expect(states.map((s) => s.state)).toEqual(['connecting', 'retrying', 'connecting', 'retrying', 'connecting', 'failed']);
  });

  it('a connected link that drops starts over with every retry; stopping cancels what is pending', () => {
    const { voice, attempts } = link();
    voice.start();
    vi.advanceTimersByTime(10_000);
    vi.advanceTimersByTime(1_000);
    voice.connected();
    vi.advanceTimersByTime(60_000);
    expect(voice.state).toEqual({ state: 'connected' });
    voice.failed('connection lost');
    expect(voice.state).toEqual({ state: 'retrying', attempt: 1, reason: 'connection lost' });
    vi.advanceTimersByTime(1_000);
    expect(attempts).toEqual([1, 2, 1]);
    voice.stop();
    vi.advanceTimersByTime(60_000);
    expect(attempts).toEqual([1, 2, 1]);
    expect(voice.state).toEqual({ state: 'off' });
  });
});
