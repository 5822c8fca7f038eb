import type { MarkReadInput, NotificationList, NotificationPreferences, OutboxMail, PreferencesInput, PushSubscriptionInput } from '../../../protocol/src/notifications-api';
import { request } from '../net/api';

/**
 * The notification centre's API as the page calls it (protocol/src/notifications-api.ts): one
 * function per route, each resolving to the route's JSON or rejecting with an `ApiError`.
 */

/** `GET /api/notifications`: newest first, with the unread count. */
export function fetchNotifications(token: string, signal?: AbortSignal): Promise<NotificationList> {
  return request<NotificationList>('/api/notifications?limit=50', { token, signal });
}

/** `POST /api/notifications/read`: some by id, or all; answers the unread count left. */
export function markNotificationsRead(token: string, input: MarkReadInput): Promise<{ unread: number }> {
  return request<{ unread: number }>('/api/notifications/read', { method: 'POST', token, body: input });
}

/** `GET /api/notifications/preferences`. */
export function fetchPreferences(token: string, signal?: AbortSignal): Promise<NotificationPreferences> {
  return request<NotificationPreferences>('/api/notifications/preferences', { token, signal });
}

/** `PUT /api/notifications/preferences`: what is given changes, the rest stays. */
export function savePreferences(token: string, input: PreferencesInput): Promise<NotificationPreferences> {
  return request<NotificationPreferences>('/api/notifications/preferences', { method: 'PUT', token, body: input });
}

/** `GET /api/notifications/push-key`: the server's VAPID public key. */
export async function fetchPushKey(signal?: AbortSignal): Promise<string> {
  return (await request<{ publicKey: string }>('/api/notifications/push-key', { signal })).publicKey;
}

/** `POST /api/notifications/push-subscriptions`: this browser's subscription. */
export async function sendPushSubscription(token: string, subscription: PushSubscriptionInput): Promise<void> {
  await request<unknown>('/api/notifications/push-subscriptions', { method: 'POST', token, body: subscription });
}

/** `POST /api/notifications/push-subscriptions/remove`. */
export async function removePushSubscription(token: string, endpoint: string): Promise<void> {
  await request<unknown>('/api/notifications/push-subscriptions/remove', { method: 'POST', token, body: { endpoint } });
}

/** `GET /api/notifications/outbox`: the local outbox's mails (npm start without SMTP_URL, this machine only). */
export function fetchOutbox(signal?: AbortSignal): Promise<OutboxMail[]> {
  return request<OutboxMail[]>('/api/notifications/outbox', { signal });
}
