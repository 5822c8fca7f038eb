import type { PersonalDataRegistry, PersonalDataSource } from '../privacy/personal-data';
import { eraseFolderMails } from './senders';

/**
 * The notification centre's personal data, for the privacy page's export and erasure: the person's
 * notifications, preferences (their mail address), their browsers' push subscriptions and the
 * outbox's deliveries to them. Mails kept in the local outbox folder (no SMTP_URL) naming the person
 * are deleted after the erasure commits.
 */
export function notificationDataSource(): PersonalDataSource {
  return {
    name: 'notifications',
    what: 'Your notifications (read or not), what you turned off, the mail address you gave for news, your browsers\' push subscriptions, and each delivery to them',
    where: "Marque's database (tables notifications, notification_preferences, push_subscriptions, notification_deliveries); without SMTP, the mails in the data folder's mail-outbox",
    why: 'To tell you about your car, appointments, launches and add-ons, on the channels you left on',
    retention: 'Until you erase it; the 500 newest notifications are kept, older read ones are deleted',
    async export(subject, db) {
      const [notifications, preferences, subscriptions, deliveries] = await Promise.all([
        db.query('select id::text as id, kind, title, body, link, payload, created_at, read_at from notifications where subject = $1 order by id', [subject.address]),
        db.query('select email, off, updated_at from notification_preferences where subject = $1', [subject.address]),
        db.query('select endpoint, created_at from push_subscriptions where subject = $1 order by id', [subject.address]),
        db.query('select notification_id::text as notification_id, channel, target, state, attempts, created_at, delivered_at from notification_deliveries where subject = $1 order by id', [subject.address]),
      ]);
      return { notifications, preferences: preferences[0] ?? null, pushSubscriptions: subscriptions, deliveries };
    },
    async erase(subject, tx) {
      let erased = 0;
      // Deliveries go with their notifications (on delete cascade); counted first.
      erased += (await tx.query('delete from notification_deliveries where subject = $1 returning 1 as gone', [subject.address])).length;
      erased += (await tx.query('delete from notifications where subject = $1 returning 1 as gone', [subject.address])).length;
      erased += (await tx.query('delete from push_subscriptions where subject = $1 returning 1 as gone', [subject.address])).length;
      erased += (await tx.query('delete from notification_preferences where subject = $1 returning 1 as gone', [subject.address])).length;
      return erased;
    },
  };
}

/** Registers the source, and deletes the person's mails from the local outbox folder once an erasure committed. */
export function registerNotificationData(registry: PersonalDataRegistry, mailOutboxDir?: string): void {
  registry.register(notificationDataSource());
  if (mailOutboxDir) registry.onErased((subject) => eraseFolderMails(mailOutboxDir, subject.address).then(() => undefined));
}
