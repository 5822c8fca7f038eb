import { createHash } from 'node:crypto';
import { MarqueError } from '../../../protocol/src/errors';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type MarkReadInput,
  type NotificationChannel,
  type NotificationKind,
  type NotificationList,
  type NotificationPreferences,
  type NotificationView,
  type PreferencesInput,
  type PushSubscriptionInput,
} from '../../../protocol/src/notifications-api';
import type { Database, Queryable } from '../db/database';

/** What {@link NotificationCenter.notify} is told. */
export interface NotifyPayload {
  /**
   * Makes the call idempotent per person: a second notify with the same key is ignored
   * (`stage:12:3`, `appointment:7:confirmed`).
   */
  key: string;
  title: string;
  body: string;
  /** A link inside Marque, starting with `/` (`/?zone=garage`). */
  link?: string;
  /** Anything the page may use (a token id, an appointment id); at most 4 KiB as JSON. */
  data?: Record<string, unknown>;
}

/** What notify answers: the notification's id, and whether this call made it (false: it existed); undefined when the person turned the kind off everywhere. */
export interface NotifyResult {
  id: number;
  created: boolean;
}

/** Options of {@link NotificationCenter}. */
export interface NotificationCenterOptions {
  db: Database;
  /** Channels this server delivers (`push` needs a VAPID key, `email` SMTP or the local outbox). */
  available: () => NotificationChannel[];
  /** Called after deliveries were queued, so the outbox sends them at once. */
  onQueued?: () => void;
  /** Most push and mail deliveries queued for one person an hour; more are recorded as dropped (the centre still lists them). */
  deliveriesPerSubjectPerHour?: number;
  /** Most deliveries waiting in the outbox altogether; more are recorded as dropped, so a stuck receiver cannot grow it without end. */
  maxPendingDeliveries?: number;
  /** Notifications kept per person; the oldest read ones beyond are deleted. */
  keepPerSubject?: number;
  /** Browsers per person receiving push; a new one past it replaces the oldest. */
  maxPushSubscriptions?: number;
}

/** Defaults of {@link NotificationCenterOptions}. */
export const NOTIFICATION_CENTER_DEFAULTS = {
  deliveriesPerSubjectPerHour: 30,
  maxPendingDeliveries: 10_000,
  keepPerSubject: 500,
  maxPushSubscriptions: 10,
};

interface NotificationRow {
  id: string | number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  payload: Record<string, unknown> | string;
  created_at: Date | string;
  read_at: Date | string | null;
}

/** A person is a wallet address; the centre keeps it lowercase. */
export function subjectOf(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new MarqueError('notifications', `${JSON.stringify(address).slice(0, 60)} is not a wallet address`, {
      status: 400,
      reason: 'bad-subject',
      details: 'notifications go to a 0x-prefixed 20-byte address',
    });
  }
  return address.toLowerCase();
}

/** The outbox key of one delivery: the same notification, channel and target always give the same key. */
export function deliveryKey(notificationId: number, channel: string, target: string): string {
  return `n${notificationId}-${channel}-${createHash('sha256').update(target).digest('hex').slice(0, 16)}`;
}

/**
 * The notification centre: notifications kept per person (an unread count, a list, marked read),
 * what each person turned off per kind and channel, their browsers' push subscriptions, and the
 * outbox rows of the push and mail deliveries ({@link NotificationOutbox} sends them). Other units
 * call {@link notify}.
 */
export class NotificationCenter {
  private readonly db: Database;
  private readonly options: Required<Omit<NotificationCenterOptions, 'db' | 'onQueued'>> & Pick<NotificationCenterOptions, 'onQueued'>;

  constructor(options: NotificationCenterOptions) {
    this.db = options.db;
    this.options = { ...NOTIFICATION_CENTER_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => k !== 'db' && v !== undefined)) } as never;
  }

  /**
   * Tells `subject` (a wallet address) about something of `kind`: kept in their centre unless they
   * turned the kind's inbox off, and queued for push and email on the channels they left on.
   * Idempotent by `payload.key`.
   * @throws MarqueError `unknown-kind`, `bad-subject` or `bad-notification` (400) for bad input
   */
  async notify(subject: string, kind: NotificationKind, payload: NotifyPayload): Promise<NotifyResult | undefined> {
    const who = subjectOf(subject);
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) {
      throw new MarqueError('notifications', `unknown notification kind ${JSON.stringify(kind)}`, {
        status: 400,
        reason: 'unknown-kind',
        details: `kinds are ${NOTIFICATION_KINDS.join(', ')}`,
      });
    }
    checkPayload(payload);
    const result = await this.db.transaction(async (tx) => {
      const prefs = await readPreferences(tx, who);
      const off = new Set(prefs.off[kind] ?? []);
      const channels = NOTIFICATION_CHANNELS.filter((c) => !off.has(c) && (c === 'inbox' || this.options.available().includes(c)));
      if (channels.length === 0) return undefined;
      const inserted = await tx.query<{ id: string | number }>(
        `insert into notifications (subject, kind, dedupe_key, title, body, link, payload, read_at)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) on conflict (subject, dedupe_key) do nothing returning id`,
        // Turned off in the centre but on for push or mail: kept (the outbox needs it) as read.
        [who, kind, payload.key, payload.title, payload.body, payload.link ?? null, JSON.stringify(payload.data ?? {}), channels.includes('inbox') ? null : new Date()],
      );
      if (inserted.length === 0) {
        const [existing] = await tx.query<{ id: string | number }>('select id from notifications where subject = $1 and dedupe_key = $2', [who, payload.key]);
        return { id: Number(existing!.id), created: false };
      }
      const id = Number(inserted[0]!.id);
      const targets: { channel: 'push' | 'email'; target: string }[] = [];
      if (channels.includes('push')) {
        const subscriptions = await tx.query<{ endpoint: string }>('select endpoint from push_subscriptions where subject = $1 order by id', [who]);
        targets.push(...subscriptions.map((s) => ({ channel: 'push' as const, target: s.endpoint })));
      }
      if (channels.includes('email') && prefs.email) targets.push({ channel: 'email', target: prefs.email });
      if (targets.length > 0) {
        const [{ recent, pending }] = (await tx.query<{ recent: string | number; pending: string | number }>(
          `select (select count(*) from notification_deliveries where subject = $1 and created_at > now() - interval '1 hour' and state <> 'dropped') as recent,
                  (select count(*) from notification_deliveries where state in ('pending', 'sending')) as pending`,
          [who],
        )) as [{ recent: string | number; pending: string | number }];
        const drop =
          Number(recent) + targets.length > this.options.deliveriesPerSubjectPerHour
            ? `more than ${this.options.deliveriesPerSubjectPerHour} deliveries to this person in an hour`
            : Number(pending) + targets.length > this.options.maxPendingDeliveries
              ? `the outbox holds ${pending} waiting deliveries (the most is ${this.options.maxPendingDeliveries})`
              : undefined;
        for (const { channel, target } of targets) {
          await tx.query(
            `insert into notification_deliveries (notification_id, subject, channel, target, delivery_key, state, last_error)
             values ($1, $2, $3, $4, $5, $6, $7) on conflict (delivery_key) do nothing`,
            [id, who, channel, target, deliveryKey(id, channel, target), drop ? 'dropped' : 'pending', drop ?? null],
          );
        }
      }
      // Bounded per person: the oldest read notifications past the limit go.
      await tx.query(
        `delete from notifications where subject = $1 and read_at is not null and id in
           (select id from notifications where subject = $1 order by id desc offset $2)`,
        [who, this.options.keepPerSubject],
      );
      return { id, created: true, queued: targets.length > 0 };
    });
    if (result && 'queued' in result && result.queued) this.options.onQueued?.();
    return result && { id: result.id, created: result.created };
  }

  /** The person's notifications, newest first, with their unread count. */
  async list(subject: string, options: { limit?: number; before?: number } = {}): Promise<NotificationList> {
    const who = subjectOf(subject);
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    const [rows, [count]] = await Promise.all([
      this.db.query<NotificationRow>(
        `select id, kind, title, body, link, payload, created_at, read_at from notifications
         where subject = $1 and ($2::bigint is null or id < $2) order by id desc limit $3`,
        [who, options.before ?? null, limit],
      ),
      this.db.query<{ unread: string | number }>('select count(*) as unread from notifications where subject = $1 and read_at is null', [who]),
    ]);
    return { unread: Number(count!.unread), notifications: rows.map(toView) };
  }

  /** Marks the person's notifications read (some by id, or all); others' ids are ignored. Answers the unread count left. */
  async markRead(subject: string, input: MarkReadInput): Promise<{ unread: number }> {
    const who = subjectOf(subject);
    if ('all' in input) await this.db.query('update notifications set read_at = now() where subject = $1 and read_at is null', [who]);
    else await this.db.query('update notifications set read_at = now() where subject = $1 and read_at is null and id = any($2::bigint[])', [who, input.ids]);
    const [count] = await this.db.query<{ unread: string | number }>('select count(*) as unread from notifications where subject = $1 and read_at is null', [who]);
    return { unread: Number(count!.unread) };
  }

  async preferences(subject: string): Promise<NotificationPreferences> {
    const who = subjectOf(subject);
    const prefs = await readPreferences(this.db, who);
    const [count] = await this.db.query<{ n: string | number }>('select count(*) as n from push_subscriptions where subject = $1', [who]);
    return { ...(prefs.email ? { email: prefs.email } : {}), off: prefs.off, available: ['inbox', ...this.options.available()], pushSubscriptions: Number(count!.n) };
  }

  /** Changes what is given (the mail address, the channels off for the kinds named); the rest stays. */
  async setPreferences(subject: string, input: PreferencesInput): Promise<NotificationPreferences> {
    const who = subjectOf(subject);
    await this.db.transaction(async (tx) => {
      const current = await readPreferences(tx, who);
      const email = input.email === undefined ? current.email : (input.email ?? undefined);
      const off = { ...current.off };
      for (const [kind, channels] of Object.entries(input.off ?? {})) {
        if (channels && channels.length > 0) off[kind as NotificationKind] = [...new Set(channels)];
        else delete off[kind as NotificationKind];
      }
      await tx.query(
        `insert into notification_preferences (subject, email, off) values ($1, $2, $3::jsonb)
         on conflict (subject) do update set email = excluded.email, off = excluded.off, updated_at = now()`,
        [who, email ?? null, JSON.stringify(off)],
      );
      // A mail address removed or changed: what waits for the old one is not sent.
      await tx.query(
        `update notification_deliveries set state = 'dropped', last_error = 'the person changed their mail address'
         where subject = $1 and channel = 'email' and state = 'pending' and target is distinct from $2`,
        [who, email ?? null],
      );
    });
    return this.preferences(who);
  }

  /**
   * Keeps a browser's push subscription for the person (the endpoint moves to them if another held it).
   * @throws MarqueError `bad-subscription` (400) when its keys are not a P-256 public key and a 16-byte secret
   */
  async subscribe(subject: string, subscription: PushSubscriptionInput): Promise<void> {
    const who = subjectOf(subject);
    const p256dh = Buffer.from(subscription.keys.p256dh, 'base64url');
    const auth = Buffer.from(subscription.keys.auth, 'base64url');
    if (p256dh.length !== 65 || p256dh[0] !== 4 || auth.length !== 16) {
      throw new MarqueError('notifications', 'the push subscription\'s keys are not those of a browser', {
        status: 400,
        reason: 'bad-subscription',
        details: 'keys.p256dh must be an uncompressed P-256 public key (65 bytes) and keys.auth a 16-byte secret, base64url: send PushSubscription.toJSON() as the browser gives it',
      });
    }
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into push_subscriptions (subject, endpoint, p256dh, auth) values ($1, $2, $3, $4)
         on conflict (endpoint) do update set subject = excluded.subject, p256dh = excluded.p256dh, auth = excluded.auth, created_at = now()`,
        [who, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth],
      );
      await tx.query(
        `delete from push_subscriptions where subject = $1 and id in (select id from push_subscriptions where subject = $1 order by created_at desc, id desc offset $2)`,
        [who, this.options.maxPushSubscriptions],
      );
    });
  }

  /** Forgets a browser's subscription (its owner's only); answers whether there was one. */
  async unsubscribe(subject: string, endpoint: string): Promise<boolean> {
    const rows = await this.db.query('delete from push_subscriptions where subject = $1 and endpoint = $2 returning id', [subjectOf(subject), endpoint]);
    return rows.length > 0;
  }
}

async function readPreferences(db: Queryable, subject: string): Promise<{ email?: string; off: NotificationPreferences['off'] }> {
  const [row] = await db.query<{ email: string | null; off: NotificationPreferences['off'] | string }>('select email, off from notification_preferences where subject = $1', [subject]);
  if (!row) return { off: {} };
  return { ...(row.email ? { email: row.email } : {}), off: typeof row.off === 'string' ? JSON.parse(row.off) : row.off };
}

function checkPayload(payload: NotifyPayload): void {
  const problems: string[] = [];
  if (typeof payload.key !== 'string' || payload.key.length < 1 || payload.key.length > 200) problems.push('key: 1 to 200 characters');
  if (typeof payload.title !== 'string' || payload.title.length < 1 || payload.title.length > 200) problems.push('title: 1 to 200 characters');
  if (typeof payload.body !== 'string' || payload.body.length > 2000) problems.push('body: at most 2,000 characters');
  if (payload.link !== undefined && !/^\/[^/\\]/.test(payload.link) && payload.link !== '/') problems.push('link: a path inside Marque, starting with /');
  if (payload.data !== undefined && JSON.stringify(payload.data).length > 4096) problems.push('data: at most 4 KiB as JSON');
  if (problems.length > 0) {
    throw new MarqueError('notifications', 'a notification was refused', { status: 400, reason: 'bad-notification', details: problems.join('; ') });
  }
}

function toView(row: NotificationRow): NotificationView {
  return {
    id: Number(row.id),
    kind: row.kind,
    title: row.title,
    body: row.body,
    ...(row.link ? { link: row.link } : {}),
    payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.read_at ? { readAt: new Date(row.read_at).toISOString() } : {}),
  };
}
