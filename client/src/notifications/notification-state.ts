import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
  type PreferencesInput,
} from '../../../protocol/src/notifications-api';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';

/**
 * The notification centre's page logic, out of React: the bell's badge, the preferences grid and
 * the change one box makes, relative times. The components bind these.
 */

/** The bell's badge: nothing at 0, the count up to 99, then `99+`. */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** The bell's accessible name, with the count, in the page's language. */
export function bellLabel(unread: number): string {
  return unread === 0 ? t('notifications.bellNone') : t('notifications.bellUnread', { count: unread });
}

/** The message keys of the kinds (the preferences' rows), in the page's language through {@link t}. */
export const KIND_KEYS: Readonly<Record<NotificationKind, string>> = {
  stage: 'notifications.kinds.stage',
  appointment: 'notifications.kinds.appointment',
  'launch-invitation': 'notifications.kinds.launch-invitation',
  'add-on': 'notifications.kinds.add-on',
  'service-due': 'notifications.kinds.service-due',
};

/** The message keys of the channels (the preferences' columns). */
export const CHANNEL_KEYS: Readonly<Record<NotificationChannel, string>> = {
  inbox: 'notifications.channels.inbox',
  push: 'notifications.channels.push',
  email: 'notifications.channels.email',
};

/** One row of the preferences grid: a kind and, per channel, whether it is on and whether this server offers it. */
export interface PreferenceRow {
  kind: NotificationKind;
  channels: { channel: NotificationChannel; on: boolean; available: boolean }[];
}

/** The preferences as a grid: every kind × every channel. */
export function preferenceRows(preferences: NotificationPreferences): PreferenceRow[] {
  return NOTIFICATION_KINDS.map((kind) => ({
    kind,
    channels: NOTIFICATION_CHANNELS.map((channel) => ({
      channel,
      on: !(preferences.off[kind] ?? []).includes(channel),
      available: preferences.available.includes(channel),
    })),
  }));
}

/** The change that turns `channel` of `kind` on or off: the kind's whole list of channels off. */
export function toggleChange(preferences: NotificationPreferences, kind: NotificationKind, channel: NotificationChannel, on: boolean): PreferencesInput {
  const off = new Set(preferences.off[kind] ?? []);
  if (on) off.delete(channel);
  else off.add(channel);
  return { off: { [kind]: NOTIFICATION_CHANNELS.filter((c) => off.has(c)) } };
}

/** "just now", "5 min ago", "3 h ago", then the date, in the page's language. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return t('notifications.justNow');
  if (seconds < 3600) return t('notifications.minutesAgo', { count: Math.floor(seconds / 60) });
  if (seconds < 86_400) return t('notifications.hoursAgo', { count: Math.floor(seconds / 3600) });
  return formatDateTime(iso, true);
}
