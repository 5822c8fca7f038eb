import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

/** The HTTP API's token buckets: per key, refilled over time, scaled, and forgotten once full again. */

const LIMITS = { test: { what: 'tests', perAddress: { burst: 3, perMinute: 60 }, perSubject: { burst: 1, perMinute: 6 } } };

describe('RateLimiter', () => {
  it('allows a burst per key, then one a second as the bucket refills, saying how long to wait', () => {
    const limiter = new RateLimiter(1, LIMITS);
    const t0 = 1_000_000;
    const take = (key: string, now: number) => limiter.wait('test' as never, 'perAddress', key, now);
    expect([take('a', t0), take('a', t0), take('a', t0)]).toEqual([0, 0, 0]);
    expect(take('a', t0)).toBe(1);
    expect(take('b', t0)).toBe(0);
    expect(take('a', t0 + 1_000)).toBe(0);
    expect(take('a', t0 + 1_000)).toBeCloseTo(1);
  });

  it('throws the 429 with Retry-After seconds and the limits in its details', () => {
    const limiter = new RateLimiter(1, LIMITS);
    limiter.take('test' as never, 'perSubject', 'guest:1', 0);
    let error: unknown;
    try {
      limiter.take('test' as never, 'perSubject', 'guest:1', 0);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      status: 429,
      reason: 'rate-limited',
      retryAfterSeconds: 10,
      unit: 'http',
      shortMessage: 'too many tests for your session; wait 10 s and try again',
      details: expect.stringContaining('at most 1 at once, then 6 a minute'),
    });
  });

  it('scales every limit, and 0 turns them off', () => {
    const doubled = new RateLimiter(2, LIMITS);
    expect(Array.from({ length: 7 }, () => doubled.wait('test' as never, 'perAddress', 'a', 0)).filter((w) => w === 0)).toHaveLength(6);
    const off = new RateLimiter(0, LIMITS);
    expect(Array.from({ length: 100 }, () => off.wait('test' as never, 'perAddress', 'a', 0)).every((w) => w === 0)).toBe(true);
  });

  it('forgets a key once its bucket is full again: a returning client starts afresh, memory follows active keys', () => {
    const limiter = new RateLimiter(1, LIMITS);
    for (let i = 0; i < 1000; i++) limiter.wait('test' as never, 'perAddress', `10.0.${i >> 8}.${i & 255}`, 1);
    expect(limiter.trackedKeys()).toBe(1000);
    // A minute later every one of those buckets is full again: the next sweep drops them.
    limiter.wait('test' as never, 'perAddress', 'late', 60_000);
    expect(limiter.trackedKeys()).toBe(1);
  });
});
