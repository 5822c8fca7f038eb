import type { PushSubscriptionInput } from '../../../protocol/src/notifications-api';
import { fetchPushKey, removePushSubscription, sendPushSubscription } from './notification-client';

/**
 * Web Push from this browser: a service worker of its own (client/public/push-sw.js) that only
 * shows pushed notifications and opens their link; it caches nothing and, on its narrow scope,
 * controls no page.
 */

export const PUSH_WORKER_URL = '/push-sw.js';
/** Narrower than any page, so the worker never controls (or intercepts) the app's requests. */
export const PUSH_WORKER_SCOPE = '/push-sw/';

/** Where this browser stands with push. */
export type PushState = 'unsupported' | 'denied' | 'on' | 'off';

/** Browsers without service workers or the Push API, or a page not in a secure context, cannot take push. */
export function pushSupported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The VAPID key as `applicationServerKey` takes it. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether this browser receives push now. */
export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const registration = await navigator.serviceWorker.getRegistration(PUSH_WORKER_SCOPE);
  return (await registration?.pushManager.getSubscription()) ? 'on' : 'off';
}

async function activeRegistration(): Promise<ServiceWorkerRegistration> {
  const registration = await navigator.serviceWorker.register(PUSH_WORKER_URL, { scope: PUSH_WORKER_SCOPE });
  const worker = registration.installing ?? registration.waiting;
  if (!registration.active && worker) {
    await new Promise<void>((resolve, reject) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve();
        if (worker.state === 'redundant') reject(new Error('notifications: the push worker could not be installed; reload the page and try again'));
      });
    });
  }
  return registration;
}

/**
 * Asks the person's permission, subscribes this browser with the server's VAPID key and hands the
 * subscription to the server.
 * @throws Error saying what to do when permission is refused or push is not available here
 */
export async function enablePush(token: string): Promise<void> {
  if (!pushSupported()) throw new Error('notifications: this browser cannot receive push notifications here (it needs https and a browser with Web Push)');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('notifications: the browser did not allow notifications; allow them in the site settings to receive push');
  const [registration, publicKey] = await Promise.all([activeRegistration(), fetchPushKey()]);
  const key = base64UrlToBytes(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another key (the server's VAPID key changed) is replaced.
  const current = subscription?.options.applicationServerKey;
  if (subscription && current && !sameBytes(new Uint8Array(current), key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await sendPushSubscription(token, subscription.toJSON() as PushSubscriptionInput);
}

/** Stops push to this browser: the server forgets the subscription, the browser drops it. */
export async function disablePush(token: string): Promise<void> {
  if (!pushSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration(PUSH_WORKER_SCOPE);
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return;
  await removePushSubscription(token, subscription.endpoint);
  await subscription.unsubscribe();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
