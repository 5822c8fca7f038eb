import { useQuery } from '@tanstack/react-query';
import { fetchOutbox } from './notification-client';
import './notification-bell.css';

/**
 * The local mail outbox (`?outbox`): under `npm start` without SMTP_URL the notification centre's
 * mails are kept in the data folder instead of sent, and shown here so a newcomer can read them.
 * The server answers this machine only.
 */
export function OutboxPage() {
  const mails = useQuery({ queryKey: ['outbox'], queryFn: ({ signal }) => fetchOutbox(signal), refetchInterval: 5_000 });
  return (
    <main className="outbox-page" data-testid="outbox-page">
      <h1>Local mail outbox</h1>
      <p>Mails Marque would have sent; set SMTP_URL to send them through a mail server instead.</p>
      {mails.error && <p role="alert">{mails.error.message}</p>}
      {mails.data?.length === 0 && <p>No mail yet. Give an address in the notification preferences (the bell, when signed in) and it will come here.</p>}
      {mails.data?.map((mail) => (
        <article key={mail.key}>
          <h2>{mail.subject}</h2>
          <p>
            To {mail.to} · {new Date(mail.createdAt).toLocaleString()}
          </p>
          <pre>{mail.text}</pre>
        </article>
      ))}
    </main>
  );
}
