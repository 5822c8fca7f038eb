import { describe, expect, it } from 'vitest';
import { estimateOffset, ServerClock } from './clock';

describe('the server clock', () => {
  it('takes the offset from the round trip that was shortest, the server read half-way through', () => {
    const estimate = estimateOffset([
      { sentAt: 1000, serverNow: 6100, receivedAt: 1400 },
      { sentAt: 2000, serverNow: 7030, receivedAt: 2040 },
      { sentAt: 3000, serverNow: 8300, receivedAt: 3900 },
    ]);
    expect(estimate).toEqual({ offset: 5010, roundTrip: 40 });
  });

  it('refuses to guess from no samples', () => {
    expect(() => estimateOffset([])).toThrow(/no time samples/);
  });

  it('reads the server time through its offset, skipping rounds that failed', async () => {
    let local = 10_000;
    const answers = [Promise.reject(new Error('offline')), Promise.resolve(70_050)];
    const clock = new ServerClock({
      localNow: () => local,
      fetchTime: () => {
        local += 100;
        return answers.shift() ?? Promise.reject(new Error('offline'));
      },
    });
    expect(clock.now()).toBe(10_000);
    await clock.sync(3);
    // The one good round was sent at 10 100 and answered at 10 200: the server said 70 050 at 10 150.
    expect(clock.offset).toBe(59_900);
    expect(clock.roundTrip).toBe(100);
    local = 20_000;
    expect(clock.now()).toBe(79_900);
  });

  it('keeps its estimate and says why when no round succeeds', async () => {
    const clock = new ServerClock({ localNow: () => 5, fetchTime: () => Promise.reject(new Error('HTTP 502')) });
    await expect(clock.sync(2)).rejects.toThrow(/could not be read \(HTTP 502\)/);
    expect(clock.offset).toBe(0);
  });
});
