import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/i18n';
import type { NotificationPreferences } from '../../../protocol/src/notifications-api';
import { badgeText, bellLabel, preferenceRows, relativeTime, toggleChange } from './notification-state';
import { base64UrlToBytes } from './push-subscription';

const PREFS: NotificationPreferences = { off: { stage: ['email'] }, available: ['inbox', 'push'], pushSubscriptions: 0 };

describe('notification centre page logic', () => {
  afterEach(() => setLanguage('en', { remember: false }));

  it('badge: nothing at 0, the count, then 99+', () => {
    expect([0, 1, 99, 100].map(badgeText)).toEqual(['', '1', '99', '99+']);
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
  });

  it('preferences grid: every kind × channel, off and unavailable channels marked', () => {
    const rows = preferenceRows(PREFS);
    expect(rows.map((r) => r.kind)).toEqual(['stage', 'appointment', 'launch-invitation', 'add-on', 'service-due']);
    expect(rows[0]!.channels).toEqual([
      { channel: 'inbox', on: true, available: true },
      { channel: 'push', on: true, available: true },
      { channel: 'email', on: false, available: false },
    ]);
  });

  it('a box turned off adds its channel to the kind\'s list; turned on removes it', () => {
    expect(toggleChange(PREFS, 'stage', 'push', false)).toEqual({ off: { stage: ['push', 'email'] } });
    expect(toggleChange(PREFS, 'stage', 'email', true)).toEqual({ off: { stage: [] } });
    expect(toggleChange(PREFS, 'add-on', 'inbox', false)).toEqual({ off: { 'add-on': ['inbox'] } });
  });

  it('relative times', () => {
    const now = Date.parse('2026-12-08T12:00:00Z');
    expect(relativeTime('2026-12-08T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-12-08T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-12-08T09:00:00Z', now)).toBe('3 h ago');
  });

  it('the bell\'s name and the times in the page\'s language, with its plurals', async () => {
    const now = Date.parse('2026-12-08T12:00:00Z');
    await setLanguage('fr', { remember: false });
    expect([bellLabel(0), bellLabel(1), bellLabel(3)]).toEqual(['Notifications, aucune non lue', 'Notifications, 1 non lue', 'Notifications, 3 non lues']);
    expect(relativeTime('2026-12-08T11:55:00Z', now)).toBe('il y a 5 min');
    await setLanguage('ja', { remember: false });
    expect(bellLabel(2)).toBe('お知らせ、未読 2 件');
    expect(relativeTime('2026-12-08T09:00:00Z', now)).toBe('3 時間前');
    // Older than a day: the date as the locale writes it.
    expect(relativeTime('2026-12-01T09:00:00Z', now)).toBe(new Intl.DateTimeFormat('ja', { dateStyle: 'medium' }).format(new Date('2026-12-01T09:00:00Z')));
  });

  it('the VAPID key decodes from base64url to its 65 bytes', () => {
    const key = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0xfb)]).toString('base64url');
    const bytes = base64UrlToBytes(key);
    expect(bytes).toHaveLength(65);
    expect(bytes[0]).toBe(4);
    expect(bytes[64]).toBe(0xfb);
  });
});
