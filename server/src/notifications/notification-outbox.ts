import type { NotificationKind, PushMessage } from '../../../protocol/src/notifications-api';
import type { Database } from '../db/database';
import { PollLoop, retryDelay } from '../db/poll-loop';
import { SendFailure, type MailSender, type PushSender } from './senders';

/** Options of {@link NotificationOutbox}. */
export interface NotificationOutboxOptions {
  db: Database;
  push?: PushSender;
  mail?: MailSender;
  /** Origin of the links in mails (PUBLIC_URL). */
  publicUrl: string;
  /** First retry's delay; each next one doubles, up to `maxDelayMs`. */
  retryBaseMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is given up. */
  maxAttempts?: number;
  /** How long a claimed delivery is this process's: past it (the process died mid-send) another pass takes it again. */
  leaseMs?: number;
  /** Deliveries sent at once in one pass. */
  batchSize?: number;
  /** How often due deliveries are looked for (they are also sent at once when queued). */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

/** Defaults of {@link NotificationOutboxOptions}: 5 s, 10 s, 20 s … up to 1 h apart, 12 attempts (about 6 h). */
export const NOTIFICATION_OUTBOX_DEFAULTS = {
  retryBaseMs: 5_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 12,
  leaseMs: 60_000,
  batchSize: 20,
  pollIntervalMs: 1_000,
  log: (line: string) => console.log(line),
};

interface DueRow {
  id: string | number;
  notification_id: string | number;
  subject: string;
  channel: 'push' | 'email';
  target: string;
  delivery_key: string;
  attempts: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
}

/**
 * Sends the outbox's deliveries: each is claimed with a lease before it is sent (two processes
 * on one PostgreSQL never take the same one), marked delivered after, retried with exponential
 * back-off when the receiver fails, given up after `maxAttempts`. After a crash mid-send the
 * lease runs out and the delivery is sent again under the same key, which the receivers
 * dedupe: the local outbox writes one file per key, a mail keeps its Message-ID, a push message
 * its topic (the push service replaces one not yet delivered) and its tag (the browser replaces
 * the one shown).
 */
export class NotificationOutbox {
  private readonly db: Database;
  private readonly options: Required<Omit<NotificationOutboxOptions, 'db' | 'push' | 'mail'>>;
  private readonly loop: PollLoop;

  constructor(private readonly init: NotificationOutboxOptions) {
    this.db = init.db;
    this.options = {
      ...NOTIFICATION_OUTBOX_DEFAULTS,
      ...Object.fromEntries(Object.entries(init).filter(([k, v]) => !['db', 'push', 'mail'].includes(k) && v !== undefined)),
    } as Required<Omit<NotificationOutboxOptions, 'db' | 'push' | 'mail'>>;
    this.loop = new PollLoop({ pass: () => this.sendDue(), pollIntervalMs: this.options.pollIntervalMs, unit: 'notifications/outbox', log: this.options.log });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops looking for deliveries and waits for the pass under way. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due now, then looks again at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  /** One pass: claims up to `batchSize` due deliveries and sends them; answers how many it claimed. */
  async sendDue(): Promise<number> {
    const claimed = await this.db.query<DueRow>(
      `with due as (
         select id from notification_deliveries
         where (state = 'pending' and next_attempt_at <= now()) or (state = 'sending' and lease_until < now())
         order by next_attempt_at, id limit $1 for update skip locked)
       update notification_deliveries d set state = 'sending', attempts = d.attempts + 1, lease_until = now() + ($2 || ' milliseconds')::interval
       from due, notifications n where d.id = due.id and n.id = d.notification_id
       returning d.id, d.notification_id, d.subject, d.channel, d.target, d.delivery_key, d.attempts, n.kind, n.title, n.body, n.link`,
      [this.options.batchSize, String(this.options.leaseMs)],
    );
    await Promise.all(claimed.map((row) => this.attempt(row)));
    if (claimed.length === this.options.batchSize) this.loop.passAgain();
    return claimed.length;
  }

  private async attempt(row: DueRow): Promise<void> {
    try {
      await this.send(row);
      await this.db.query(
        `update notification_deliveries set state = 'delivered', delivered_at = now(), lease_until = null, last_error = null where id = $1`,
        [row.id],
      );
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure((error as Error).message, false);
      // Counted when claimed, so a delivery that kills its process every time is given up too.
      const attempts = row.attempts;
      const giveUp = failure.permanent || attempts >= this.options.maxAttempts;
      const delay = retryDelay(attempts, this.options);
      await this.db.query(
        `update notification_deliveries set state = $2, attempts = $3, last_error = $4, lease_until = null,
         next_attempt_at = now() + ($5 || ' milliseconds')::interval where id = $1`,
        [row.id, giveUp ? 'failed' : 'pending', attempts, failure.message.slice(0, 500), String(delay)],
      );
      if (failure.gone) {
        // The browser unsubscribed: forget it, and what else waits for it.
        await this.db.query('delete from push_subscriptions where endpoint = $1', [row.target]);
        await this.db.query(`update notification_deliveries set state = 'dropped', last_error = 'the subscription is gone' where target = $1 and channel = 'push' and state = 'pending'`, [row.target]);
      }
      if (giveUp) this.options.log(`notifications/outbox: gave up ${row.channel} delivery ${row.delivery_key} after ${attempts} attempt(s): ${failure.message}`);
    }
  }

  private async send(row: DueRow): Promise<void> {
    if (row.channel === 'push') {
      if (!this.init.push) throw new SendFailure('push: this server has no VAPID key', true);
      const [subscription] = await this.db.query<{ endpoint: string; p256dh: string; auth: string }>('select endpoint, p256dh, auth from push_subscriptions where endpoint = $1', [row.target]);
      if (!subscription) throw new SendFailure('push: the browser unsubscribed', true);
      const message: PushMessage = { title: row.title, body: row.body, tag: `marque-${row.notification_id}`, kind: row.kind, ...(row.link ? { link: row.link } : {}) };
      await this.init.push.send(subscription, message, row.delivery_key);
      return;
    }
    if (!this.init.mail) throw new SendFailure('email: this server sends no mail (set SMTP_URL)', true);
    const link = row.link ? new URL(row.link, this.options.publicUrl).href : new URL('/', this.options.publicUrl).href;
    const settings = new URL('/?notifications=preferences', this.options.publicUrl).href;
    await this.init.mail.send(
      {
        to: row.target,
        subject: `Marque — ${row.title}`,
        text: `${row.title}\n\n${row.body}\n\n${link}\n\n—\nYou receive this because you asked Marque for news by mail. Turn it off in your notification preferences: ${settings}\n`,
      },
      row.delivery_key,
      row.subject,
    );
  }
}
