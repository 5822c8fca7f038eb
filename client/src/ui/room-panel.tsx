import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatLine } from '../../../protocol/src/messages';
import { CHAT_MAX_LENGTH, EMOTES, type Emote } from '../../../protocol/src/social';
import { emoteLabel, emoteName } from './emote-labels';
import type { RoomName, WorldConnection } from '../net/world-connection';
import './room-panel.css';

interface Floating {
  key: number;
  glyph: string;
  left: number;
}

/**
 * The room's social layer: text chat (with the server's limits and moderation), emote
 * reactions that float up for everyone, and a link that brings a friend into this very
 * instance. At a launch the chat says when the host muted this visitor or slowed the chat
 * down. Keyboard- and screen-reader-usable; reduced motion stops the floating.
 */
export function RoomPanel({ connection, zone }: { connection: WorldConnection; zone: RoomName }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [copied, setCopied] = useState(false);
  const [floating, setFloating] = useState<Floating[]>([]);
  const inputId = useId();
  const log = useRef<HTMLOListElement>(null);
  const lines = useSyncExternalStore(
    (onChange) => connection.on('chat', onChange),
    () => connection.chat.length && connection.chat[connection.chat.length - 1]!.id,
  );
  const muted = useSyncExternalStore(
    (onChange) => connection.launch?.on('muted', onChange) ?? (() => {}),
    () => connection.launch?.muted ?? false,
  );
  const talking = useSyncExternalStore(
    (onChange) => connection.on('talkers', onChange),
    () => connection.talking,
  );
  const talkers = [...talking].map((id) => (id === connection.sessionId ? t('room.you') : (connection.avatars.get(id)?.name ?? t('room.someone'))));
  const slowMode = useSyncExternalStore(
    (onChange) => connection.launch?.on('show', onChange) ?? (() => {}),
    () => connection.launch?.show?.slowModeSeconds ?? 0,
  );

  // Braces: Chromium's scrollIntoView now returns a promise, which an effect must not return.
  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [lines, open]);

  useEffect(() => {
    let key = 0;
    return connection.on('reactions', (burst) => {
      const added = burst.recent.slice(0, 12).map((r) => ({
        key: ++key,
        glyph: (EMOTES as readonly string[]).includes(r.emote) ? emoteLabel(r.emote as Emote) : '★',
        left: 10 + Math.random() * 80,
      }));
      setFloating((current) => [...current, ...added].slice(-30));
      const keys = new Set(added.map((f) => f.key));
      setTimeout(() => setFloating((current) => current.filter((f) => !keys.has(f.key))), 2200);
    });
  }, [connection]);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    connection.sendChat(text);
    setDraft('');
  };

  const invite = async () => {
    const url = new URL(location.href);
    // A launch's link opens the event; the server seats the friend in an instance with room.
    const eventId = connection.launch?.show?.eventId;
    url.search = new URLSearchParams(eventId ? { event: eventId } : { zone, room: connection.roomId }).toString();
    await navigator.clipboard?.writeText(url.toString()).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <aside className="room-panel" aria-label={t('room.people')}>
      <div className="reaction-float" aria-hidden="true">
        {floating.map((f) => (
          <span key={f.key} style={{ left: `${f.left}%` }}>
            {f.glyph}
          </span>
        ))}
      </div>
      {open && (
        <section className="chat" aria-label={t('room.chat')}>
          <ol ref={log} aria-live="polite" className="chat-log">
            {connection.chat.map((line: ChatLine) => (
              <li key={line.id}>
                <strong>{line.from === connection.sessionId ? t('room.you') : line.name}</strong> {line.text}
              </li>
            ))}
            {connection.chat.length === 0 && <li className="chat-empty">{t('room.empty')}</li>}
          </ol>
          {(muted || slowMode > 0) && (
            <p className="chat-limit" role="status">
              {muted ? t('room.hostMuted') : t('room.slowMode', { count: slowMode })}
            </p>
          )}
          <form onSubmit={send} className="chat-form">
            <label htmlFor={inputId} className="visually-hidden">
              {t('room.message')}
            </label>
            <input
              id={inputId}
              value={draft}
              maxLength={CHAT_MAX_LENGTH}
              autoComplete="off"
              disabled={muted}
              placeholder={muted ? t('room.mutedPlaceholder') : t('room.placeholder')}
              onChange={(e) => setDraft(e.target.value)}
              // Typing must not walk the avatar.
              onKeyDown={(e) => e.stopPropagation()}
            />
            <button type="submit" disabled={muted || !draft.trim()}>
              {t('room.send')}
            </button>
          </form>
        </section>
      )}
      {talkers.length > 0 && (
        <p className="room-talking" role="status" data-testid="room-talking">
          {t('room.talking', { names: new Intl.ListFormat(i18n.language, { type: 'conjunction', style: 'narrow' }).format(talkers) })}
        </p>
      )}
      <div className="room-actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('room.closeChat') : connection.chat.length ? t('room.openChatCount', { count: connection.chat.length }) : t('room.openChat')}
        </button>
        <div role="group" aria-label={t('room.react')} className="emotes">
          {EMOTES.map((emote) => (
            <button key={emote} type="button" aria-label={t('room.reactWith', { emote: emoteName(emote) })} onClick={() => connection.react(emote)}>
              {emoteLabel(emote)}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => void invite()}>
          {copied ? t('room.copied') : t('room.invite')}
        </button>
      </div>
    </aside>
  );
}
