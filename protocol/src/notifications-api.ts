/**
 * The notification centre's HTTP API: what an owner's page reads and sends. Dependency-free but
 * for zod, so the client can import it. Routes (Bearer session of a wallet; errors
 * `{ error, reason, details? }`):
 *
 * - `GET  /api/notifications?limit=&before=` — {@link NotificationList}: newest first, with the unread count.
 * - `POST /api/notifications/read` — body {@link markReadInput} (`{ ids }` or `{ all: true }`); answers `{ unread }`.
 * - `GET  /api/notifications/preferences` — {@link NotificationPreferences}.
 * - `PUT  /api/notifications/preferences` — body {@link preferencesInput}; answers the new preferences.
 * - `GET  /api/notifications/push-key` — `{ publicKey }`: the server's VAPID key (public, no session).
 * - `POST /api/notifications/push-subscriptions` — body {@link pushSubscriptionInput} (a browser's `PushSubscription.toJSON()`); 201.
 * - `POST /api/notifications/push-subscriptions/remove` — body `{ endpoint }`.
 * - `GET  /api/notifications/outbox` — {@link OutboxMail}[]: the mails kept in the data folder when
 *   `SMTP_URL` is unset (the local outbox page `?outbox`); answered to loopback clients only.
 */

import { z } from 'zod';

/** What a notification is about; each can be turned off per channel by the person. */
export const NOTIFICATION_KINDS = ['stage', 'appointment', 'launch-invitation', 'add-on', 'service-due'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Where a notification goes: the centre in the page, Web Push, email. */
export const NOTIFICATION_CHANNELS = ['inbox', 'push', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Labels of the kinds, for the preferences panel. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  stage: 'Production stages of your car',
  appointment: 'Service appointments',
  'launch-invitation': 'Invitations to launches',
  'add-on': 'New add-ons for your car',
  'service-due': 'Service due',
};

/** One notification as the centre lists it. */
export interface NotificationView {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A link inside Marque (`/?zone=garage`), when the notification leads somewhere. */
  link?: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt?: string;
}

/** `GET /api/notifications`. */
export interface NotificationList {
  unread: number;
  notifications: NotificationView[];
}

/** `GET /api/notifications/preferences`: the channels turned off per kind, the mail address, and what this server can send. */
export interface NotificationPreferences {
  /** Absent: no mail is sent. */
  email?: string;
  /** Per kind, the channels the person turned off (absent: all on). */
  off: Partial<Record<NotificationKind, NotificationChannel[]>>;
  /** Channels this server delivers: `push` with a VAPID key, `email` with SMTP or the local outbox. */
  available: NotificationChannel[];
  /** How many browsers of this person receive Web Push. */
  pushSubscriptions: number;
}

export const markReadInput = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkReadInput = z.infer<typeof markReadInput>;

export const preferencesInput = z
  .object({
    /** `null` removes the address. */
    email: z.union([z.email().max(254), z.null()]).optional(),
    off: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.array(z.enum(NOTIFICATION_CHANNELS)).max(3)).optional(),
  })
  .strict();
export type PreferencesInput = z.infer<typeof preferencesInput>;

/** base64url without padding, as browsers write subscription keys. */
const base64url = (min: number, max: number) => z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

/** A browser's `PushSubscription.toJSON()`: an https endpoint (http on loopback only) and its keys. */
export const pushSubscriptionInput = z
  .object({
    endpoint: z.url().max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
  })
  .refine((s) => {
    const url = new URL(s.endpoint);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  }, 'endpoint must be an https URL of a push service');
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;

export const pushUnsubscribeInput = z.object({ endpoint: z.url().max(2048) }).strict();

/** A mail kept in the local outbox (no `SMTP_URL`). */
export interface OutboxMail {
  key: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** What a push message carries (the service worker shows it; `tag` makes a repeat replace, not add). */
export interface PushMessage {
  title: string;
  body: string;
  tag: string;
  link?: string;
  kind: NotificationKind;
}
