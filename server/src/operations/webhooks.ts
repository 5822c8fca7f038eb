import { createHmac, randomBytes } from 'node:crypto';
import { MarqueError } from '../../../protocol/src/errors';
import type { DeliveryView, WebhookEventType, WebhookView } from '../../../protocol/src/operations-api';
import type { Database } from '../db/database';
import { PollLoop, retryDelay } from '../db/poll-loop';

/** Options of {@link Webhooks}. */
export interface WebhooksOptions {
  db: Database;
  /** First retry's delay; each next one doubles, up to `maxDelayMs`. */
  retryBaseMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is given up (it can still be replayed). */
  maxAttempts?: number;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
  /** How often due deliveries are looked for (they are also sent at once when emitted). */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

/**
 * Defaults of {@link WebhooksOptions}: 1 s, 2 s, 4 s … up to 15 min between attempts, 20 attempts
 * (about 2 h 50 min), so a receiver down for an hour gets every event once it is back.
 */
export const WEBHOOKS_DEFAULTS = {
  retryBaseMs: 1_000,
  maxDelayMs: 15 * 60_000,
  maxAttempts: 20,
  timeoutMs: 10_000,
  pollIntervalMs: 500,
  log: (line: string) => console.log(line),
};

/** Header of the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the subscription's secret>`. */
export const SIGNATURE_HEADER = 'marque-signature';

/** The signature header's value for `body` sent at `timestamp` (seconds). */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a delivery as a receiver should: the signature over the timestamp and the raw body, and a
 * timestamp at most `toleranceSeconds` old (a replayed old delivery is refused).
 */
export function verifyDelivery(secret: string, header: string | null, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  return signDelivery(secret, timestamp, body) === header;
}

export { retryDelay };

interface DeliveryRow {
  id: string | number;
  subscription_id: string;
  event_id: string;
  event_type: WebhookEventType;
  body: string;
  state: DeliveryView['state'];
  attempts: number;
  next_attempt_at: Date | string;
  responses: DeliveryView['responses'] | string;
  created_at: Date | string;
  delivered_at: Date | string | null;
  url?: string;
  secret?: string;
}

/**
 * Webhooks out: subscriptions per event type; each event becomes one delivery per subscription,
 * stored before it is sent, signed (HMAC over the timestamp and body), retried with exponential
 * back-off, every answer logged; a delivery can be replayed. Deliveries are at least once: a
 * receiver dedupes by the body's `id` (also the `Marque-Event-Id` header).
 */
export class Webhooks {
  private readonly db: Database;
  private readonly options: Required<Omit<WebhooksOptions, 'db'>>;
  private readonly loop: PollLoop;

  constructor(options: WebhooksOptions) {
    this.db = options.db;
    this.options = { ...WEBHOOKS_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => k !== 'db' && v !== undefined)) };
    this.loop = new PollLoop({ pass: () => this.sendDue(), pollIntervalMs: this.options.pollIntervalMs, unit: 'operations/webhooks', log: this.options.log });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops sending and waits for the pass under way. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A subscription; its `secret` is answered here only. */
  async subscribe(url: string, events: WebhookEventType[], createdBy: string): Promise<WebhookView & { secret: string }> {
    const id = `wh_${randomBytes(6).toString('hex')}`;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const [row] = await this.db.query<{ created_at: Date | string }>(
      'insert into webhook_subscriptions (id, url, events, secret, created_by) values ($1, $2, $3, $4, $5) returning created_at',
      [id, url, [...new Set(events)], secret, createdBy],
    );
    return { id, url, events: [...new Set(events)], createdAt: new Date(row!.created_at).toISOString(), secret };
  }

  async list(): Promise<WebhookView[]> {
    const rows = await this.db.query<{ id: string; url: string; events: WebhookEventType[]; created_at: Date | string; revoked_at: Date | string | null }>(
      'select id, url, events, created_at, revoked_at from webhook_subscriptions order by created_at desc',
    );
    return rows.map((r) => ({ id: r.id, url: r.url, events: r.events, createdAt: new Date(r.created_at).toISOString(), ...(r.revoked_at ? { revokedAt: new Date(r.revoked_at).toISOString() } : {}) }));
  }

  /** Stops a subscription: nothing more is delivered to it (pending deliveries are given up). */
  async revoke(id: string): Promise<void> {
    const rows = await this.db.query('update webhook_subscriptions set revoked_at = coalesce(revoked_at, now()) where id = $1 returning id', [id]);
    if (rows.length === 0) throw new MarqueError('operations', `no webhook subscription ${id}`, { status: 404, reason: 'unknown-webhook' });
    await this.db.query(`update webhook_deliveries set state = 'failed' where subscription_id = $1 and state = 'pending'`, [id]);
  }

  /**
   * Records event `eventId` of `type` for every live subscription to it (once per subscription,
   * however often it is emitted) and sends it.
   */
  async emit(type: WebhookEventType, eventId: string, data: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ id: eventId, type, createdAt: new Date().toISOString(), data });
    const rows = await this.db.query(
      `insert into webhook_deliveries (subscription_id, event_id, event_type, body, state)
       select id, $1, $2, $3, 'pending' from webhook_subscriptions where revoked_at is null and $2 = any(events)
       on conflict (subscription_id, event_id) do nothing returning id`,
      [eventId, type, body],
    );
    if (rows.length > 0) this.kick();
  }

  /** Deliveries, newest first: all, or one subscription's. */
  async deliveries(options: { subscriptionId?: string; limit?: number } = {}): Promise<DeliveryView[]> {
    const rows = await this.db.query<DeliveryRow>(
      'select * from webhook_deliveries where ($1::text is null or subscription_id = $1) order by id desc limit $2',
      [options.subscriptionId ?? null, Math.min(options.limit ?? 100, 500)],
    );
    return rows.map(toDeliveryView);
  }

  /** Sends a delivery again (the same event id and body, signed anew), whatever its state. */
  async replay(id: number): Promise<DeliveryView> {
    const [row] = await this.db.query<DeliveryRow>(
      `update webhook_deliveries d set state = 'pending', next_attempt_at = now()
       from webhook_subscriptions s where d.id = $1 and s.id = d.subscription_id and s.revoked_at is null returning d.*`,
      [id],
    );
    if (!row) throw new MarqueError('operations', `no delivery ${id} of a live subscription`, { status: 404, reason: 'unknown-delivery' });
    this.kick();
    return toDeliveryView(row);
  }

  /** Sends what is due now, then looks again at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  private async sendDue(): Promise<void> {
    const due = await this.db.query<DeliveryRow>(
      `select d.*, s.url, s.secret from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
       where d.state = 'pending' and d.next_attempt_at <= now() and s.revoked_at is null order by d.id limit 20`,
    );
    await Promise.all(due.map((delivery) => this.attempt(delivery)));
  }

  private async attempt(delivery: DeliveryRow): Promise<void> {
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | undefined;
    let error: string | undefined;
    let answer = '';
    try {
      const response = await fetch(delivery.url!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signDelivery(delivery.secret!, timestamp, delivery.body),
          'marque-event-id': delivery.event_id,
          'marque-event-type': delivery.event_type,
          'marque-delivery': String(delivery.id),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      answer = (await response.text().catch(() => '')).slice(0, 500);
    } catch (cause) {
      error = (cause as Error).message;
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    const attempts = delivery.attempts + 1;
    const giveUp = !ok && attempts >= this.options.maxAttempts;
    const delay = retryDelay(attempts, this.options);
    const response = { at: new Date().toISOString(), ...(status !== undefined ? { status } : {}), ...(error ? { error } : {}), ...(answer ? { body: answer } : {}) };
    await this.db.query(
      `update webhook_deliveries set attempts = $2, responses = responses || $3::jsonb,
       state = $4, next_attempt_at = now() + ($5 || ' milliseconds')::interval, delivered_at = case when $4 = 'delivered' then now() else delivered_at end
       where id = $1`,
      [delivery.id, attempts, JSON.stringify([response]), ok ? 'delivered' : giveUp ? 'failed' : 'pending', String(delay)],
    );
    if (giveUp) this.options.log(`operations/webhooks: gave up delivery ${delivery.id} (${delivery.event_type}) to ${delivery.url} after ${attempts} attempts; replay it from the console`);
  }
}

function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: Number(row.id),
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at).toISOString(),
    responses: typeof row.responses === 'string' ? JSON.parse(row.responses) : row.responses,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.delivered_at ? { deliveredAt: new Date(row.delivered_at).toISOString() } : {}),
  };
}
