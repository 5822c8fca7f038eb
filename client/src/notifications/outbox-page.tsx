import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { errorMessage } from '../i18n/server-error';
import { fetchOutbox } from './notification-client';
import './notification-bell.css';

/**
 * The local mail outbox (`?outbox`): under `npm start` without SMTP_URL the notification centre's
 * mails are kept in the data folder instead of sent, and shown here so a newcomer can read them.
 * The server answers this machine only.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const mails = useQuery({ queryKey: ['outbox'], queryFn: ({ signal }) => fetchOutbox(signal), refetchInterval: 5_000 });
  return (
    <main className="outbox-page" data-testid="outbox-page">
      <h1>{t('notifications.outbox.title')}</h1>
      <p>{t('notifications.outbox.intro')}</p>
      {mails.error && <p role="alert">{errorMessage(mails.error)}</p>}
      {mails.data?.length === 0 && <p>{t('notifications.outbox.empty')}</p>}
      {mails.data?.map((mail) => (
        <article key={mail.key}>
          <h2>{mail.subject}</h2>
          <p>{t('notifications.outbox.to', { to: mail.to, when: formatDateTime(mail.createdAt) })}</p>
          <pre>{mail.text}</pre>
        </article>
      ))}
    </main>
  );
}
