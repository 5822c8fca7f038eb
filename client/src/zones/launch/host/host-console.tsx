import { useQuery } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { SignedInSession } from '../../../wallet/session-store';
import { PageShell } from '../../../ui/page-shell';
import { usePageSession } from '../../../wallet/use-page-session';
import { useRoles } from '../../../wallet/use-roles';
import WalletPanel from '../../../wallet/wallet-panel';
import type { WorldInfo } from '../../../wallet/world-info';
import { serverClock } from '../clock';
import { HostEvent } from './host-event';
import { HostEventEditor } from './host-event-editor';
import { launchQueries } from '../launch-queries';
import { CUE_LABELS, formatStart } from '../show';
import './host-console.css';

/** Props of {@link HostConsole}. */
export interface HostConsoleProps {
  world: WorldInfo;
  /** The event the link opened (`?host=<id>`); the list of events without one. */
  eventId?: string;
}

/** What the console shows: the list, a new event's form, or one event. */
type View = { kind: 'list' } | { kind: 'new' } | { kind: 'event'; id: string };

function viewFromUrl(): View {
  const id = new URLSearchParams(location.search).get('host');
  return id ? { kind: 'event', id } : { kind: 'list' };
}

/**
 * The brand team's host console (`?host`, `?host=<eventId>`), a 2D page of its own: sign in with
 * a wallet; list the events; create or edit one; and run it — the run of show, the live
 * figures, the Q&A and raised hands, moderation, and the report afterwards. Each view has its
 * own address, so the browser's back button and a shared link work.
 */
export function HostConsole({ world, eventId }: HostConsoleProps) {
  const { session, problem, setProblem, wallet } = usePageSession();
  const [view, setView] = useState<View>(eventId ? { kind: 'event', id: eventId } : { kind: 'list' });
  const roles = useRoles(session);

  useEffect(() => {
    serverClock.sync().catch((error: unknown) => console.warn(String(error)));
    const back = () => setView(viewFromUrl());
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);

  useEffect(() => {
    document.title = 'Host console · Marque';
  }, []);

  const go = useCallback((next: View) => {
    const search = next.kind === 'event' ? `?host=${encodeURIComponent(next.id)}` : '?host';
    if (location.search !== search) history.pushState(null, '', `${location.pathname}${search}`);
    setView(next);
    setProblem(undefined);
    window.scrollTo({ top: 0 });
  }, [setProblem]);

  return (
    <PageShell
      className="host"
      kicker="Host console"
      actions={<WalletPanel world={world} {...wallet} />}
      notice={
        problem && (
          <div className="host-alert" role="alert">
            <span>{problem}</span>
            <button type="button" aria-label="Dismiss" onClick={() => setProblem(undefined)}>
              ×
            </button>
          </div>
        )
      }
      mainClassName="host-main"
    >
      {!session ? (
        <section className="host-card" aria-labelledby="host-sign-in">
          <h1 id="host-sign-in">Sign in to host</h1>
          <p>
            Launch events are created and run by the brand team. Sign in with a brand-team wallet (on the local chain: “Marque staff”) with the
            button at the top right.
          </p>
        </section>
      ) : view.kind === 'new' ? (
        <Suspense fallback={<p className="host-note">Loading the cars…</p>}>
          <HostEventEditor token={session.token} onSaved={(saved) => go({ kind: 'event', id: saved.id })} onCancel={() => go({ kind: 'list' })} />
        </Suspense>
      ) : view.kind === 'event' ? (
        <HostEvent key={view.id} eventId={view.id} session={session} onBack={() => go({ kind: 'list' })} />
      ) : (
        <EventList session={session} canCreate={roles.includes('brand-team')} onOpen={(id) => go({ kind: 'event', id })} onNew={() => go({ kind: 'new' })} />
      )}
    </PageShell>
  );
}

/** The events, soonest first, each with where its show stands; the way to a new one for the brand team. */
function EventList({ session, canCreate, onOpen, onNew }: { session: SignedInSession; canCreate: boolean; onOpen: (id: string) => void; onNew: () => void }) {
  const tokenRef = useRef(session.token);
  tokenRef.current = session.token;
  const events = useQuery(launchQueries.hosted(() => tokenRef.current));
  const address = session.address.toLowerCase();
  return (
    <section className="host-card" aria-labelledby="host-events" aria-busy={!events.data && !events.error}>
      <div className="host-heading">
        <h1 id="host-events">Launch events</h1>
        {canCreate && (
          <button type="button" className="primary" onClick={onNew}>
            New event
          </button>
        )}
      </div>
      {!canCreate && <p className="host-note">This wallet has no brand-team role: it can run the events it hosts, not create new ones.</p>}
      {events.error && (
        <p className="host-problem" role="alert">
          The events could not be loaded: {events.error.message}
        </p>
      )}
      {events.data?.length === 0 && <p className="host-note">No events yet.</p>}
      {events.data && events.data.length > 0 && (
        <table className="host-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Starts</th>
              <th scope="col">Show</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {events.data.map((event) => (
              <tr key={event.id}>
                <th scope="row">{event.title}</th>
                <td>{formatStart(Date.parse(event.startsAt))}</td>
                <td>{CUE_LABELS[event.show.cue]}</td>
                <td>
                  <div className="host-row-actions">
                    <button type="button" onClick={() => onOpen(event.id)} aria-label={`${event.hosts.includes(address) ? 'Run' : 'Open'} ${event.title}`}>
                      {event.hosts.includes(address) ? 'Run' : 'Open'}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
