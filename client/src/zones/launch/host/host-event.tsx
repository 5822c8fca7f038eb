import { useQuery } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { CUE_PREVIEWS, CUES, type Cue, type LaunchEvent, type ShowState } from '../../../../../protocol/src/launch';
import { ApiError } from '../../../net/api';
import type { SignedInSession } from '../../../wallet/session-store';
import { serverNow } from '../clock';
import { presetOf } from './event-form';
import { HostAudience } from './host-audience';
import { HostEventEditor } from './host-event-editor';
import { HostReport } from './host-report';
import { fireCue, issueInvitation } from '../launch-client';
import { CUE_LABELS, cueIndex, formatCountdown, formatStart, nextCue } from '../show';
import { isNewerShow } from '../../../net/show-feed';
import { CONSOLE_REFRESH_MS, launchQueries } from '../launch-queries';

/** Props of {@link HostEvent}. */
export interface HostEventProps {
  eventId: string;
  session: SignedInSession;
  onBack: () => void;
}

/**
 * One event in the host console: its run of show, live figures, Q&A and audience, report,
 * invitations and definition. Everything a host can change is refreshed every
 * {@link CONSOLE_REFRESH_MS}, so two hosts at two consoles see each other's moves.
 */
export function HostEvent({ eventId, session, onBack }: HostEventProps) {
  const tokenRef = useRef(session.token);
  tokenRef.current = session.token;
  const token = useCallback(() => tokenRef.current, []);
  const polled = useQuery(launchQueries.hostedEvent(eventId, token));
  const [fired, setFired] = useState<ShowState>();
  const [editing, setEditing] = useState(false);
  const event = polled.data;
  const show = event && fired && isNewerShow(event.show, fired) ? fired : event?.show;

  if (!event) {
    return (
      <section className="host-card" aria-busy={!polled.error}>
        <button type="button" className="host-back" onClick={onBack}>
          ← All events
        </button>
        {polled.error ? (
          <p className="host-problem" role="alert">
            This event could not be loaded: {polled.error.message}
          </p>
        ) : (
          <p className="host-note">Loading the event…</p>
        )}
      </section>
    );
  }
  const isHost = event.hosts.includes(session.address.toLowerCase());
  const access = presetOf(event.access, event.id);
  return (
    <>
      <section className="host-card" aria-labelledby="host-event-title">
        <button type="button" className="host-back" onClick={onBack}>
          ← All events
        </button>
        <h1 id="host-event-title">{event.title}</h1>
        <p className="host-note">
          {formatStart(Date.parse(event.startsAt))} · {access === 'custom' ? 'custom access rule' : access} · {event.capacityPerInstance} avatars per instance,{' '}
          {event.embodiedLimit.toLocaleString()} in all · <a href={`/?event=${encodeURIComponent(event.id)}`}>Open the arena</a> ·{' '}
          <a href={`/?event=${encodeURIComponent(event.id)}&watch`}>Watch without an avatar</a>
        </p>
        {polled.error && (
          <p className="host-problem" role="alert">
            The console lost the server ({polled.error.message}); it keeps trying.
          </p>
        )}
        {!isHost && <p className="host-problem">This wallet is not one of the event’s hosts: the server refuses its cues and moderation.</p>}
      </section>
      {show && (
        <RunOfShow
          event={event}
          show={show}
          token={token}
          onFired={setFired}
          onStale={() => void polled.refetch()}
        />
      )}
      {isHost && <LiveFiguresView eventId={event.id} token={token} />}
      {isHost && show && <HostAudience eventId={event.id} token={token} show={show} />}
      {isHost && <HostReport eventId={event.id} token={token} closed={show?.cue === 'closed'} />}
      {isHost && access === 'invitation' && <Invitations eventId={event.id} token={token} />}
      {isHost && (
        <section className="host-card" aria-labelledby="host-edit">
          <div className="host-heading">
            <h2 id="host-edit">The event</h2>
            <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
              {editing ? 'Close the form' : 'Edit'}
            </button>
          </div>
          {editing && (
            <Suspense fallback={<p className="host-note">Loading the cars…</p>}>
              <HostEventEditor
                token={session.token}
                event={event}
                onSaved={() => void polled.refetch()}
              />
            </Suspense>
          )}
        </section>
      )}
    </>
  );
}

/** Props of {@link RunOfShow}. */
interface RunOfShowProps {
  event: LaunchEvent;
  show: ShowState;
  token: () => string;
  onFired: (show: ShowState) => void;
  /** The server said another console moved the show on: load it again. */
  onStale: () => void;
}

/**
 * The run of show: every cue in order with what it does, the current one marked; the host
 * picks the next cue (or one further on, skipping) and reads its preview before firing it.
 * A countdown to the start time heads it.
 */
function RunOfShow({ event, show, token, onFired, onStale }: RunOfShowProps) {
  const id = useId();
  const following = nextCue(show.cue);
  const [picked, setPicked] = useState<Cue | undefined>(following);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; problem?: boolean }>();
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(timer);
  }, []);
  // The pick follows the show: once a cue is fired (here or at another console), the next one.
  useEffect(() => setPicked(nextCue(show.cue)), [show.cue]);

  const fire = async (cue: Cue) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const next = await fireCue(event.id, cue, show.seq, token());
      onFired(next);
      setMessage({ text: `${CUE_LABELS[cue]}: fired.` });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setMessage({ problem: true, text: 'Another host moved the show on since this console last looked: check where it stands now, then fire again.' });
        onStale();
      } else {
        setMessage({ problem: true, text: `${CUE_LABELS[cue]} was not fired: ${error instanceof Error ? error.message : String(error)}` });
      }
    } finally {
      setBusy(false);
    }
  };

  const startsAt = Date.parse(event.startsAt);
  const skipping = picked && following && cueIndex(picked) > cueIndex(following) ? CUES.slice(cueIndex(following), cueIndex(picked)) : [];
  return (
    <section className="host-card" aria-labelledby={`${id}-title`}>
      <div className="host-heading">
        <h2 id={`${id}-title`}>Run of show</h2>
        <p className="host-countdown" hidden={show.cue === 'closed'}>
          {startsAt > now ? 'Starts in ' : 'Started '}
          <span role="timer" aria-label={startsAt > now ? 'Time to the start' : 'Time since the start'}>
            {formatCountdown(Math.abs(startsAt - now))}
          </span>
          {startsAt > now ? '' : ' ago'}
        </p>
      </div>
      <ol className="host-cues">
        {CUES.map((cue) => {
          const done = cueIndex(cue) < cueIndex(show.cue);
          const current = cue === show.cue;
          return (
            <li key={cue} className={current ? 'current' : done ? 'done' : undefined} aria-current={current ? 'step' : undefined}>
              <button
                type="button"
                aria-pressed={picked === cue}
                aria-describedby={`${id}-${cue}`}
                disabled={done || current || busy}
                onClick={() => setPicked(cue)}
              >
                {CUE_LABELS[cue]}
                {current && <span className="host-tag">Now</span>}
              </button>
              <span id={`${id}-${cue}`} className="host-cue-preview">
                {CUE_PREVIEWS[cue]}
              </span>
            </li>
          );
        })}
      </ol>
      {picked ? (
        <div className="host-go" aria-live="polite">
          <p>
            <strong>Next: {CUE_LABELS[picked]}.</strong> {CUE_PREVIEWS[picked]}
            {skipping.length > 0 && <> This skips {skipping.map((cue) => CUE_LABELS[cue]).join(', ')}.</>}
          </p>
          <button type="button" className="primary host-fire" disabled={busy} onClick={() => void fire(picked)}>
            {busy ? 'Firing…' : `Fire: ${CUE_LABELS[picked]}`}
          </button>
        </div>
      ) : (
        <p className="host-note">The show is closed: the report below is final.</p>
      )}
      <p className={message?.problem ? 'host-problem' : 'host-status'} role={message?.problem ? 'alert' : 'status'}>
        {message?.text}
      </p>
    </section>
  );
}

/** The audience now, refreshed every few seconds: per instance and in all, with and without avatars, joins and reactions a minute. */
function LiveFiguresView({ eventId, token }: { eventId: string; token: () => string }) {
  const id = useId();
  const live = useQuery(launchQueries.live(eventId, token));
  const figures = live.data;
  return (
    <section className="host-card" aria-labelledby={`${id}-title`}>
      <div className="host-heading">
        <h2 id={`${id}-title`}>Live</h2>
        {figures && <p className="host-note">Updated {new Date(figures.at).toLocaleTimeString()}</p>}
      </div>
      {live.error && (
        <p className="host-problem" role="alert">
          Figures unavailable: {live.error.message}
        </p>
      )}
      {figures && (
        <>
          <dl className="host-figures">
            <Figure label="Attending" value={figures.total} />
            <Figure label="With an avatar" value={figures.embodied} />
            <Figure label="Watching (overflow)" value={figures.overflow} />
            <Figure label="Joins a minute" value={figures.joinsPerMinute} />
            <Figure label="Reactions a minute" value={figures.reactionsPerMinute} />
          </dl>
          {figures.instances.length > 0 && (
            <table className="host-table host-instances">
              <caption>Instances</caption>
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Attendees</th>
                </tr>
              </thead>
              <tbody>
                {figures.instances.map((instance, i) => (
                  <tr key={instance.roomId}>
                    <th scope="row" title={instance.roomId}>
                      #{i + 1} <span className="host-muted">{instance.roomId}</span>
                    </th>
                    <td>{instance.attendees}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{Math.round(value).toLocaleString()}</dd>
    </div>
  );
}

/** Invitation links for an invitation-only event: how many guests and for how long; the link to hand out. */
function Invitations({ eventId, token }: { eventId: string; token: () => string }) {
  const id = useId();
  const [guests, setGuests] = useState('20');
  const [hours, setHours] = useState('72');
  const [issued, setIssued] = useState<{ url: string; expiresAt: string; maxUses: number }>();
  // The server's link opens the world; this one opens the event, where the invitation is redeemed.
  const link = issued && `${location.origin}/?event=${encodeURIComponent(eventId)}&invite=${encodeURIComponent(new URL(issued.url).searchParams.get('invite') ?? '')}`;
  const [problem, setProblem] = useState<string>();
  const issue = async () => {
    setProblem(undefined);
    try {
      setIssued(await issueInvitation({ scope: `event:${eventId}`, maxUses: Number(guests), validHours: Number(hours), note: 'launch event' }, token()));
    } catch (error) {
      setProblem(error instanceof ApiError && error.details ? `${error.message} (${error.details})` : error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section className="host-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Invitations</h2>
      <div className="host-form-row">
        <div className="host-field">
          <label htmlFor={`${id}-guests`}>Guests</label>
          <input id={`${id}-guests`} type="number" min={1} max={10000} value={guests} onChange={(e) => setGuests(e.target.value)} />
        </div>
        <div className="host-field">
          <label htmlFor={`${id}-hours`}>Valid for (hours)</label>
          <input id={`${id}-hours`} type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} />
        </div>
      </div>
      <button type="button" onClick={() => void issue()}>
        Issue an invitation link
      </button>
      {issued && (
        <p className="host-status" role="status">
          For {issued.maxUses} guests until {new Date(issued.expiresAt).toLocaleString()}:{' '}
          <input className="host-link" readOnly aria-label="Invitation link" value={link} onFocus={(e) => e.target.select()} />
        </p>
      )}
      {problem && (
        <p className="host-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
