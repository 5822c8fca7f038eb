import { MarqueError } from '../../../protocol/src/errors';
import { TokenBucket } from '../rooms/rate-limit';

/** A token bucket's shape: `burst` requests at once, then `perMinute` on average. */
export interface RateShape {
  burst: number;
  perMinute: number;
}

/** One named limit: per client address, per session subject, or both. */
export interface RateLimit {
  /** What the refusal says is being limited: "sign-in nonces", "questions". */
  what: string;
  perAddress?: RateShape;
  perSubject?: RateShape;
}

/**
 * The HTTP API's rate limits (README "Reliability and limits"), multiplied by `RATE_LIMIT_SCALE`.
 * Sized so that a person, or a venue of a few dozen behind one address, never meets them, while a
 * script is down to a trickle within its first seconds. Per process: several processes behind a
 * load balancer each allow this much.
 */
export const RATE_LIMITS = {
  /** Every request, whatever its route: a ceiling no page comes near. */
  api: { what: 'requests', perAddress: { burst: 600, perMinute: 3_000 } },
  nonce: { what: 'sign-in nonces', perAddress: { burst: 60, perMinute: 60 } },
  signIn: { what: 'sign-ins', perAddress: { burst: 60, perMinute: 60 } },
  guest: { what: 'guest sessions', perAddress: { burst: 30, perMinute: 30 } },
  redeem: { what: 'invitation redemptions', perAddress: { burst: 30, perMinute: 30 } },
  question: { what: 'questions', perAddress: { burst: 30, perMinute: 60 }, perSubject: { burst: 3, perMinute: 6 } },
  /** Writes by a session (showcases, orders, events, cues, moderation, badges, invitations). */
  write: { what: 'changes', perAddress: { burst: 120, perMinute: 600 }, perSubject: { burst: 30, perMinute: 120 } },
  /** Dealers' records relayed on chain: each costs the relayer gas. */
  relay: { what: 'service records', perAddress: { burst: 20, perMinute: 30 } },
  /** Builds saved by the public configurator (no session): each is a row kept for its link. */
  builds: { what: 'saved builds', perAddress: { burst: 20, perMinute: 10 } },
  /** Builds sent to a dealer with the visitor's contact (no session): each reaches a person. */
  leads: { what: 'requests to dealers', perAddress: { burst: 5, perMinute: 2 } },
  /** Colyseus' matchmaking (`/matchmake/*`): joins and reconnections. */
  matchmake: { what: 'room joins', perAddress: { burst: 100, perMinute: 600 } },
  /** Analytics batches (server/src/analytics): a page sends one every few seconds at most. */
  analytics: { what: 'analytics batches', perAddress: { burst: 60, perMinute: 240 }, perSubject: { burst: 20, perMinute: 60 } },
} as const satisfies Record<string, RateLimit>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** How often buckets that refilled are dropped. */
const SWEEP_INTERVAL_MS = 10_000;

/** Most keys one limit remembers; past it the least recently used are forgotten. */
const MAX_KEYS = 100_000;

/**
 * Token buckets per key (an address, a session subject) for every named limit: the HTTP guard
 * takes per-address tokens before a request is read, the route helper per-subject ones after the
 * session is known. Buckets that have refilled are dropped every few seconds, and each limit
 * remembers at most {@link MAX_KEYS} keys, so memory follows active clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Map<string, { bucket: TokenBucket; full: number }>>();
  private nextSweep = 0;

  /** @param scale multiplies every burst and rate; 0 turns limiting off. */
  constructor(
    readonly scale = 1,
    private readonly limits: Record<string, RateLimit> = RATE_LIMITS,
  ) {}

  /**
   * Takes one token of `name`'s `per` bucket for `key`.
   * @throws MarqueError 429 `rate-limited`, saying what and when to try again (`retryAfterSeconds`).
   */
  take(name: RateLimitName, per: 'perAddress' | 'perSubject', key: string, now = Date.now()): void {
    const wait = this.wait(name, per, key, now);
    if (wait > 0) throw rateLimited(this.limits[name]!, per, wait, this.scale);
  }

  /** Takes one token; returns 0 when taken, else the seconds until one is available (nothing taken). */
  wait(name: RateLimitName, per: 'perAddress' | 'perSubject', key: string, now = Date.now()): number {
    const shape = this.limits[name]?.[per];
    if (!shape || this.scale === 0) return 0;
    this.sweep(now);
    const burst = Math.max(1, Math.round(shape.burst * this.scale));
    const perSecond = (shape.perMinute * this.scale) / 60;
    const id = `${name}:${per}`;
    let keys = this.buckets.get(id);
    if (!keys) this.buckets.set(id, (keys = new Map()));
    let entry = keys.get(key);
    if (entry && entry.full <= now) entry = undefined;
    if (entry) keys.delete(key);
    else {
      entry = { bucket: new TokenBucket(perSecond, burst, now), full: now };
      if (keys.size >= MAX_KEYS) this.forget(keys, now);
    }
    // Re-inserted on every use: the map's order is least recently used first.
    keys.set(key, entry);
    const taken = entry.bucket.take(now);
    // When this bucket will be full again, and may be forgotten.
    entry.full = Math.max(entry.full, now) + (taken ? 1000 / perSecond : 0);
    return taken ? 0 : entry.bucket.waitSeconds(now);
  }

  /** Keys the limiter remembers now, all limits together. */
  trackedKeys(): number {
    let count = 0;
    for (const keys of this.buckets.values()) count += keys.size;
    return count;
  }

  /** Drops every bucket that is full again (its key would get the same fresh bucket), every {@link SWEEP_INTERVAL_MS}. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_INTERVAL_MS;
    for (const keys of this.buckets.values()) for (const [key, entry] of keys) if (entry.full <= now) keys.delete(key);
  }

  private forget(keys: Map<string, { full: number }>, now: number): void {
    for (const [key, entry] of keys) if (entry.full <= now) keys.delete(key);
    // Still full of active keys: the oldest tenth goes (they get a fresh bucket when they return).
    let drop = keys.size >= MAX_KEYS ? Math.ceil(MAX_KEYS / 10) : 0;
    for (const key of keys.keys()) {
      if (drop-- <= 0) break;
      keys.delete(key);
    }
  }
}

/**
 * A refusal of the `http` unit as the API answers it, without an Error's stack: the HTTP guard
 * sends thousands a second under a flood.
 */
export interface Refusal {
  status: number;
  /** What is wrong and what to do, without the unit (the answer's `error` starts with `http: `). */
  shortMessage: string;
  reason: string;
  details?: string;
  /** Seconds to wait, sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

/** The 429 answered past a limit: what was limited and when to try again (also as `Retry-After`). */
export function rateLimitRefusal(limit: RateLimit, per: 'perAddress' | 'perSubject', waitSeconds: number, scale = 1): Refusal {
  const seconds = Math.max(1, Math.ceil(waitSeconds));
  const who = per === 'perAddress' ? 'from your network address' : 'for your session';
  const shape = limit[per]!;
  return {
    status: 429,
    shortMessage: `too many ${limit.what} ${who}; wait ${seconds} s and try again`,
    reason: 'rate-limited',
    details: `at most ${Math.max(1, Math.round(shape.burst * scale))} at once, then ${+(shape.perMinute * scale).toFixed(2)} a minute (README "Reliability and limits")`,
    retryAfterSeconds: seconds,
  };
}

/** {@link rateLimitRefusal} as an error for a route to throw; `errorResponse` adds its `Retry-After`. */
export function rateLimited(
  limit: RateLimit,
  per: 'perAddress' | 'perSubject',
  waitSeconds: number,
  scale = 1,
): MarqueError & { retryAfterSeconds: number } {
  const refusal = rateLimitRefusal(limit, per, waitSeconds, scale);
  const error = new MarqueError('http', refusal.shortMessage, { status: refusal.status, reason: refusal.reason, details: refusal.details });
  return Object.assign(error, { retryAfterSeconds: refusal.retryAfterSeconds! });
}
