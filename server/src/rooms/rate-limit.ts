/**
 * A token bucket: `burst` actions at once, then `perSecond` on average. Used per client for
 * poses, chat, reactions and protocol strikes.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token if there is one; false when the caller is over the limit. */
  take(now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until the next token is available (0 when one is). */
  waitSeconds(now = Date.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perSecond;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}

/**
 * Token buckets by key (a subject, a network), created on first use. Keys idle long enough for
 * their bucket to be full again are dropped now and then, so thousands of throwaway keys do not
 * pile up.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastUsed: number }>();
  private nextSweep = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** The bucket of `key`, created full. */
  get(key: string, now = Date.now()): TokenBucket {
    this.sweep(now);
    let entry = this.buckets.get(key);
    if (!entry) this.buckets.set(key, (entry = { bucket: new TokenBucket(this.perSecond, this.burst, now), lastUsed: now }));
    entry.lastUsed = now;
    return entry.bucket;
  }

  private sweep(now: number) {
    if (now < this.nextSweep) return;
    const refillMs = (this.burst / this.perSecond) * 1000;
    this.nextSweep = now + Math.max(10_000, refillMs);
    for (const [key, entry] of this.buckets) if (now - entry.lastUsed > refillMs) this.buckets.delete(key);
  }
}
