import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
  type PreferencesInput,
} from '../../../protocol/src/notifications-api';

/**
 * The notification centre's page logic, out of React: the bell's badge, the preferences grid and
 * the change one box makes, relative times. The components bind these.
 */

/** The bell's badge: nothing at 0, the count up to 99, then `99+`. */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** The bell's accessible name, with the count. */
export function bellLabel(unread: number): string {
  return unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
}

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

/** "just now", "5 min ago", "3 h ago", then the date. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}
