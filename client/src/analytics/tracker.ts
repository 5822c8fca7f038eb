import { ANALYTICS_MAX_BATCH } from '../../../protocol/src/analytics-events';
import type { AnalyticsBatch, AnalyticsEvent } from '../../../protocol/src/analytics-api';
import type { ConsentView } from '../../../protocol/src/privacy-api';
import { request } from '../net/api';
import { deviceId } from '../net/device-id';

/** Sends one batch; the token is the signed-in person's (their consent is checked on the server). */
export type BatchSender = (batch: AnalyticsBatch, token?: string) => Promise<void>;

/** Options of {@link AnalyticsTracker}. */
export interface TrackerOptions {
  /** The consent that counts now (the page's consent store). */
  consent: () => ConsentView;
  /** Hears consent changes, to drop what waits when analytics is withdrawn. */
  subscribe: (listener: () => void) => () => void;
  /** The signed-in person's token, if any. */
  token: () => string | undefined;
  send?: BatchSender;
  /** This device's id, for a guest's events (hashed by the server). */
  device?: () => string | undefined;
  /** Longest an event waits before its batch is sent, ms. */
  flushMs?: number;
  /** Most events kept while the server cannot be reached; older ones are dropped. */
  maxQueue?: number;
}

export const TRACKER_DEFAULTS = { flushMs: 4_000, maxQueue: 200 } as const;

const httpSend: BatchSender = async (batch, token) => {
  await request('/api/analytics/events', { method: 'POST', token, body: batch });
};

/**
 * The page's analytics: events are kept only while the person agrees to analytics, sent in small
 * batches, and dropped (those waiting included) the moment consent is withdrawn. Zone dwell is
 * measured here: a zone-visit event with its seconds when the visitor leaves it.
 */
export class AnalyticsTracker {
  #queue: AnalyticsEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #zone?: { zone: string; since: number };
  #sending = false;
  /** Events sent and accepted so far (tests and the console read it). */
  sent = 0;
  /** Events refused on the page because there was no consent. */
  refused = 0;
  readonly #options: Required<Omit<TrackerOptions, 'device'>> & Pick<TrackerOptions, 'device'>;

  constructor(options: TrackerOptions) {
    this.#options = { send: httpSend, device: deviceId, ...TRACKER_DEFAULTS, ...options };
    options.subscribe(() => {
      if (!this.#options.consent().analytics) this.#drop();
    });
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Records an event if the person agreed to analytics; returns whether it was kept. */
  track(event: AnalyticsEvent): boolean {
    if (!this.#options.consent().analytics) {
      this.refused++;
      return false;
    }
    this.#queue.push(event);
    if (this.#queue.length > this.#options.maxQueue) this.#queue.splice(0, this.#queue.length - this.#options.maxQueue);
    if (this.#queue.length >= ANALYTICS_MAX_BATCH) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#options.flushMs);
    return true;
  }

  /** The visitor is now in `zone` (undefined: nowhere); the zone left gets its dwell. */
  enterZone(zone: string | undefined, now = Date.now()): void {
    if (this.#zone?.zone === zone) return;
    if (this.#zone) this.track({ kind: 'zone-visit', zone: this.#zone.zone, value: Math.min(86_400, Math.round((now - this.#zone.since) / 1000)) });
    this.#zone = zone ? { zone, since: now } : undefined;
  }

  /** Sends what waits (one batch at a time); kept for a later try when the server cannot be reached. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#sending || this.#queue.length === 0) return;
    if (!this.#options.consent().analytics) return this.#drop();
    const events = this.#queue.splice(0, ANALYTICS_MAX_BATCH);
    const token = this.#options.token();
    const device = token ? undefined : this.#options.device?.();
    this.#sending = true;
    try {
      await this.#options.send(token ? { events } : { events, consent: true, ...(device ? { device } : {}) }, token);
      this.sent += events.length;
    } catch (error) {
      const status = (error as { status?: number }).status;
      // Refused for consent or shape: never retried. Unreachable: tried again with the next batch.
      if (status === 0 || (status !== undefined && status >= 500)) this.#queue.unshift(...events);
      else console.warn(`analytics: a batch was refused (${(error as Error).message})`);
    } finally {
      this.#sending = false;
    }
    if (this.#queue.length > 0) this.#timer ??= setTimeout(() => void this.flush(), this.#options.flushMs);
  }

  #drop(): void {
    this.#queue = [];
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#zone) this.#zone.since = Date.now();
  }
}
