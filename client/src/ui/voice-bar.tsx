import type { TFunction } from 'i18next';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorldConnection } from '../net/world-connection';
import type { VoiceClient, VoiceSnapshot } from '../voice/voice-client';
import { rememberVoice, useVoiceSnapshot } from '../voice/use-voice';
import './voice-bar.css';

/** The key held to talk on a keyboard. */
export const TALK_KEY = 't';

/** Props of {@link VoiceBar}. */
export interface VoiceBarProps {
  voice: VoiceClient;
  /** The room: names of the people heard, and who talks now. */
  connection: WorldConnection;
  /** In the flow of a 2D page (flat mode) rather than over the canvas. */
  inline?: boolean;
}

/**
 * Voice controls: hold to talk (the button, or the T key; open mic instead as an option), mute
 * oneself, voice on or off; the connection's state and any problem in words; and the people heard
 * here, each with their own volume (for this visitor only) and whether they are talking.
 */
export function VoiceBar({ voice, connection, inline = false }: VoiceBarProps) {
  const { t } = useTranslation();
  const snapshot = useVoiceSnapshot(voice);
  const talking = useSyncExternalStore(
    (onChange) => connection.on('talkers', onChange),
    () => connection.talking,
  );
  const [people, setPeople] = useState(false);

  useEffect(() => {
    const typing = (event: KeyboardEvent) => event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable]');
    const down = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== TALK_KEY || event.repeat || typing(event)) return;
      voice.hold('key', true);
    };
    const up = (event: KeyboardEvent) => event.key.toLowerCase() === TALK_KEY && voice.hold('key', false);
    // A window that loses focus while the key is down never hears it go up.
    const blur = () => voice.hold('key', false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [voice]);

  const heard = [...new Set([...snapshot.slots.filter((id): id is string => id !== null), ...talking])].filter((id) => id !== connection.sessionId);
  const nameOf = (id: string) => connection.avatars.get(id)?.name ?? t('room.someone');
  const status = describe(snapshot, t);

  return (
    <section className={`voice-bar${inline ? ' inline' : ''}`} aria-label={t('voice.region')} data-testid="voice-bar">
      {snapshot.enabled && (
        <div className="voice-controls">
          {snapshot.mode === 'push' ? (
            <button
              type="button"
              className={`talk${snapshot.sending ? ' on' : ''}`}
              aria-pressed={snapshot.sending}
              disabled={snapshot.selfMuted}
              onPointerDown={(e) => {
                e.currentTarget.setPointerCapture?.(e.pointerId);
                voice.hold('button', true);
              }}
              onPointerUp={() => voice.hold('button', false)}
              onPointerCancel={() => voice.hold('button', false)}
              onKeyDown={(e) => (e.key === ' ' || e.key === 'Enter') && !e.repeat && voice.hold('button', true)}
              onKeyUp={(e) => (e.key === ' ' || e.key === 'Enter') && voice.hold('button', false)}
            >
              {snapshot.sending ? t('voice.talking') : t('voice.hold')}
            </button>
          ) : (
            <span className={`talk open${snapshot.sending ? ' on' : ''}`} role="status">
              {snapshot.sending ? t('voice.talking') : t('voice.openListening')}
            </span>
          )}
          <button type="button" aria-pressed={snapshot.mode === 'open'} onClick={() => voice.setMode(snapshot.mode === 'open' ? 'push' : 'open')}>
            {snapshot.mode === 'open' ? t('voice.usePush') : t('voice.useOpen')}
          </button>
          <button type="button" aria-pressed={snapshot.selfMuted} onClick={() => voice.setSelfMuted(!snapshot.selfMuted)}>
            {snapshot.selfMuted ? t('voice.unmuteMe') : t('voice.muteMe')}
          </button>
          <button type="button" aria-expanded={people} onClick={() => setPeople(!people)}>
            {heard.length ? t('voice.peopleHeardCount', { count: heard.length }) : t('voice.peopleHeard')}
          </button>
        </div>
      )}
      <div className="voice-line">
        <span className={`voice-status ${status.tone}`} role={status.tone === 'problem' ? 'alert' : 'status'} data-testid="voice-status">
          {status.text}
        </span>
        {snapshot.enabled && snapshot.link.state === 'failed' && (
          <button type="button" onClick={() => voice.retry()}>
            {t('voice.retry')}
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            rememberVoice(!snapshot.enabled);
            if (snapshot.enabled) voice.disable();
            else voice.enable();
          }}
        >
          {snapshot.enabled ? t('voice.off') : t('voice.on')}
        </button>
      </div>
      {snapshot.enabled && people && (
        <ul className="voice-people" aria-label={t('voice.peopleHeard')}>
          {heard.length === 0 && <li className="voice-empty">{t('voice.nobody')}</li>}
          {heard.map((id) => {
            const volume = snapshot.volumes[id] ?? 1;
            return (
              <li key={id} className={talking.has(id) ? 'speaking' : undefined}>
                <span className="voice-name">{nameOf(id)}</span>
                <label>
                  <span className="visually-hidden">{t('voice.volumeOf', { name: nameOf(id) })}</span>
                  <input type="range" min={0} max={2} step={0.1} value={volume} onChange={(e) => voice.setVolume(id, Number(e.target.value))} />
                </label>
                <button type="button" aria-pressed={volume === 0} onClick={() => voice.setVolume(id, volume === 0 ? 1 : 0)}>
                  {volume === 0 ? t('voice.unmute') : t('voice.mute')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The voice's state in words (the page's language), and whether it is a problem. */
function describe(snapshot: VoiceSnapshot, t: TFunction): { text: string; tone: 'quiet' | 'problem' } {
  if (!snapshot.enabled) return { text: t('voice.isOff'), tone: 'quiet' };
  if (snapshot.silenced) return { text: snapshot.silenced, tone: 'problem' };
  if (snapshot.problem) return { text: snapshot.problem, tone: 'problem' };
  switch (snapshot.link.state) {
    case 'connecting':
      return { text: snapshot.link.attempt > 1 ? t('voice.connectingTry', { attempt: snapshot.link.attempt }) : t('voice.connecting'), tone: 'quiet' };
    case 'retrying':
      return { text: t('voice.retrying', { reason: snapshot.link.reason }), tone: 'quiet' };
    case 'failed':
      return { text: t('voice.failed', { reason: snapshot.link.reason }), tone: 'problem' };
    case 'connected':
      return { text: snapshot.mic === 'asking' ? t('voice.allowMic') : t('voice.hearing'), tone: 'quiet' };
    case 'off':
      return { text: t('voice.starting'), tone: 'quiet' };
  }
}
