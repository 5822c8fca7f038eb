// Marque's push worker (client/src/notifications/push-subscription.ts registers it on a scope no
// page lives under). It shows pushed notifications and opens their link; it caches nothing and
// handles no fetch, so it never changes how the app loads.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let message = { title: 'Marque', body: '', tag: 'marque' };
  try {
    message = { ...message, ...event.data.json() };
  } catch {
    if (event.data) message.body = event.data.text();
  }
  // The tag is the notification's: a message sent twice replaces the one shown instead of adding one.
  event.waitUntil(
    self.registration.showNotification(message.title, { body: message.body, tag: message.tag, data: { link: message.link || '/' } }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.link || '/', self.location.origin).href;
  // This worker controls no page, so it cannot steer an open tab: it opens the link in a new one.
  event.waitUntil(self.clients.openWindow(target));
});
