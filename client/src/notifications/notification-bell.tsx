import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationList, NotificationPreferences } from '../../../protocol/src/notifications-api';
import { errorMessage } from '../i18n/server-error';
import { fetchNotifications, fetchPreferences, markNotificationsRead, savePreferences } from './notification-client';
import { notificationText } from './notification-text';
import { badgeText, bellLabel, CHANNEL_KEYS, KIND_KEYS, preferenceRows, relativeTime, toggleChange } from './notification-state';
import { disablePush, enablePush, pushState, type PushState } from './push-subscription';
import './notification-bell.css';

/** Props of {@link NotificationBell}. */
export interface NotificationBellProps {
  /** The signed-in wallet's session token. */
  token: string;
  /** How often the unread count is asked again, in ms (default 30 s). */
  pollMs?: number;
  /** Opens on the preferences (a mail's "turn it off" link: `?notifications=preferences`). */
  initialView?: 'list' | 'preferences';
}

/**
 * The notification centre in the page's top bar: a bell with the unread count, the list (mark one
 * or all read, follow a link), and the preferences (per kind and channel, a mail address, push on
 * this browser). A DOM overlay: it never takes input from the 3D world outside its own box.
 */
export function NotificationBell({ token, pollMs = 30_000, initialView }: NotificationBellProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initialView !== undefined);
  const [view, setView] = useState<'list' | 'preferences'>(initialView ?? 'list');
  const id = useId();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['notifications', token], queryFn: ({ signal }) => fetchNotifications(token, signal), refetchInterval: pollMs });
  const markRead = useMutation({
    mutationFn: (input: { ids: number[] } | { all: true }) => markNotificationsRead(token, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications', token] }),
  });
  const unread = list.data?.unread ?? 0;
  return (
    <div className="notification-bell" onKeyDown={(event) => event.stopPropagation()}>
      <button type="button" className="notification-bell-button" aria-label={bellLabel(unread)} aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)} data-testid="notification-bell">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" />
          <path d="M10 20a2 2 0 0 0 4 0" />
        </svg>
        {unread > 0 && (
          <span className="notification-badge" data-testid="notification-unread">
            {badgeText(unread)}
          </span>
        )}
      </button>
      {open && (
        <section id={`${id}-panel`} className="notification-panel hung-panel" aria-label={t('notifications.title')}>
          <header className="notification-panel-header">
            <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
              {t('notifications.news')}
            </button>
            <button type="button" aria-pressed={view === 'preferences'} onClick={() => setView('preferences')}>
              {t('notifications.preferences')}
            </button>
            {view === 'list' && unread > 0 && (
              <button type="button" onClick={() => markRead.mutate({ all: true })} disabled={markRead.isPending}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </header>
          {view === 'list' ? <NotificationItems list={list.data} error={list.error ?? markRead.error} onRead={(ids) => markRead.mutate({ ids })} /> : <PreferencesForm token={token} />}
        </section>
      )}
    </div>
  );
}

function NotificationItems({ list, error, onRead }: { list?: NotificationList; error: Error | null; onRead: (ids: number[]) => void }) {
  const { t } = useTranslation();
  if (error) return <p role="alert" className="notification-error">{errorMessage(error)}</p>;
  if (!list) return <p className="notification-empty">{t('notifications.loading')}</p>;
  if (list.notifications.length === 0) return <p className="notification-empty">{t('notifications.empty')}</p>;
  return (
    <ul className="notification-list" data-testid="notification-list">
      {list.notifications.map((n) => {
        const { title, body } = notificationText(n);
        return (
          <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
            <strong>{title}</strong>
            {body && <p>{body}</p>}
            <small>
              {relativeTime(n.createdAt)}
              {n.link && (
                <>
                  {' · '}
                  <a href={n.link} onClick={() => !n.readAt && onRead([n.id])}>
                    {t('notifications.open')}
                  </a>
                </>
              )}
              {!n.readAt && (
                <>
                  {' · '}
                  <button type="button" className="link-button" onClick={() => onRead([n.id])}>
                    {t('notifications.markRead')}
                  </button>
                </>
              )}
            </small>
          </li>
        );
      })}
    </ul>
  );
}

function PreferencesForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const preferences = useQuery({ queryKey: ['notification-preferences', token], queryFn: ({ signal }) => fetchPreferences(token, signal) });
  const save = useMutation({
    mutationFn: (input: Parameters<typeof savePreferences>[1]) => savePreferences(token, input),
    onSuccess: (next) => client.setQueryData(['notification-preferences', token], next),
  });
  const [email, setEmail] = useState<string>();
  const [push, setPush] = useState<PushState>();
  const [pushProblem, setPushProblem] = useState<string>();
  useEffect(() => {
    void pushState().then(setPush, () => setPush('unsupported'));
  }, []);
  const prefs: NotificationPreferences | undefined = preferences.data;
  if (preferences.error) return <p role="alert" className="notification-error">{errorMessage(preferences.error)}</p>;
  if (!prefs) return <p className="notification-empty">{t('notifications.loading')}</p>;
  const togglePush = async () => {
    setPushProblem(undefined);
    try {
      if (push === 'on') await disablePush(token);
      else await enablePush(token);
      setPush(await pushState());
      await client.invalidateQueries({ queryKey: ['notification-preferences', token] });
    } catch (error) {
      setPushProblem(errorMessage(error));
    }
  };
  return (
    <div className="notification-preferences" data-testid="notification-preferences">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('notifications.newsOf')}</th>
            {preferenceRows(prefs)[0]!.channels.map((c) => (
              <th scope="col" key={c.channel}>
                {t(CHANNEL_KEYS[c.channel])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preferenceRows(prefs).map((row) => (
            <tr key={row.kind}>
              <th scope="row">{t(KIND_KEYS[row.kind])}</th>
              {row.channels.map((c) => (
                <td key={c.channel}>
                  <input
                    type="checkbox"
                    aria-label={t('notifications.kindChannel', { kind: t(KIND_KEYS[row.kind]), channel: t(CHANNEL_KEYS[c.channel]) })}
                    checked={c.on && c.available}
                    disabled={!c.available || save.isPending}
                    onChange={(event) => save.mutate(toggleChange(prefs, row.kind, c.channel, event.target.checked))}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ email: (email ?? prefs.email ?? '').trim() || null });
        }}
      >
        <label>
          {t('notifications.emailLabel')} <input type="email" value={email ?? prefs.email ?? ''} onChange={(event) => setEmail(event.target.value)} placeholder="you@example.com" maxLength={254} />
        </label>
        <button type="submit" disabled={save.isPending}>
          {t('notifications.save')}
        </button>
      </form>
      <p>
        {t(push === 'on' ? 'notifications.pushOn' : push === 'denied' ? 'notifications.pushDenied' : push === 'unsupported' ? 'notifications.pushUnsupported' : 'notifications.pushOff')}{' '}
        {(push === 'on' || push === 'off') && (
          <button type="button" onClick={() => void togglePush()}>
            {push === 'on' ? t('notifications.turnOff') : t('notifications.turnOn')}
          </button>
        )}
      </p>
      {(save.error || pushProblem) && (
        <p role="alert" className="notification-error">
          {save.error ? errorMessage(save.error) : pushProblem}
        </p>
      )}
    </div>
  );
}
