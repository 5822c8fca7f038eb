import { MarqueError } from '../../../protocol/src/errors';
import { markReadInput, preferencesInput, pushSubscriptionInput, pushUnsubscribeInput } from '../../../protocol/src/notifications-api';
import type { RouteHelper } from '../http/route';
import type { Notifications } from './notifications';

const NO_STORE = { 'cache-control': 'no-store' };

function centre(notifications: Notifications | undefined): Notifications {
  if (!notifications) {
    throw new MarqueError('notifications', 'this server keeps no notifications', { status: 503, reason: 'notifications-off', details: 'the notification centre was not started with this server' });
  }
  return notifications;
}

/** A whole number from a query parameter, or undefined when absent. */
function intParam(url: URL, name: string, max: number): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new MarqueError('notifications', `?${name} must be a whole number from 1 to ${max}`, { status: 400, reason: 'bad-query' });
  }
  return Number(value);
}

/** The notification centre's routes (protocol/src/notifications-api.ts; README "Notifications"). */
export function createNotificationRoutes(notifications: Notifications | undefined, route: RouteHelper) {
  return {
    notificationList: route('/api/notifications', { method: 'GET', unit: 'notifications', auth: 'wallet', headers: NO_STORE }, async ({ wallet, url }) =>
      centre(notifications).center.list(wallet, { limit: intParam(url, 'limit', 200), before: intParam(url, 'before', Number.MAX_SAFE_INTEGER) }),
    ),

    notificationRead: route(
      '/api/notifications/read',
      { method: 'POST', unit: 'notifications', auth: 'wallet', limit: 'write', body: markReadInput, bodyShape: '{ ids: number[] } or { all: true }', headers: NO_STORE },
      async ({ wallet, body }) => centre(notifications).center.markRead(wallet, body),
    ),

    notificationPreferences: route('/api/notifications/preferences', { method: 'GET', unit: 'notifications', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) =>
      centre(notifications).center.preferences(wallet),
    ),

    notificationPreferencesSet: route(
      '/api/notifications/preferences',
      { method: 'PUT', unit: 'notifications', auth: 'wallet', limit: 'write', body: preferencesInput, bodyShape: '{ email?: string | null, off?: { <kind>: ("inbox" | "push" | "email")[] } }', headers: NO_STORE },
      async ({ wallet, body }) => centre(notifications).center.setPreferences(wallet, body),
    ),

    notificationPushKey: route('/api/notifications/push-key', { method: 'GET', unit: 'notifications' }, async () => ({ publicKey: centre(notifications).pushPublicKey })),

    notificationPushSubscribe: route(
      '/api/notifications/push-subscriptions',
      { method: 'POST', unit: 'notifications', auth: 'wallet', limit: 'write', body: pushSubscriptionInput, bodyShape: "as the browser's PushSubscription.toJSON(): { endpoint, keys: { p256dh, auth } }", status: 201 },
      async ({ wallet, body }) => {
        await centre(notifications).center.subscribe(wallet, body);
        return { subscribed: true };
      },
    ),

    notificationPushUnsubscribe: route(
      '/api/notifications/push-subscriptions/remove',
      { method: 'POST', unit: 'notifications', auth: 'wallet', limit: 'write', body: pushUnsubscribeInput, bodyShape: '{ endpoint }' },
      async ({ wallet, body }) => ({ removed: await centre(notifications).center.unsubscribe(wallet, body.endpoint) }),
    ),

    // The local outbox page's mails: only where no SMTP server is set, and only to this machine.
    notificationOutbox: route('/api/notifications/outbox', { method: 'GET', unit: 'notifications', headers: NO_STORE }, async ({ clientAddress }) => {
      const local = centre(notifications).localOutbox;
      if (!local) {
        throw new MarqueError('notifications', 'this server has no local mail outbox', { status: 404, reason: 'no-outbox', details: 'mails go through SMTP_URL; the outbox page is for npm start without it' });
      }
      if (!/^(127\.|::1$|::ffff:127\.)/.test(clientAddress)) {
        throw new MarqueError('notifications', 'the local mail outbox is shown on this machine only', { status: 403, reason: 'not-loopback' });
      }
      return local.list();
    }),
  };
}
