import { useEffect, useState } from 'react';
import type { LaunchEvent } from '../../../protocol/src/launch';
import { formatDate } from '../owner/owner-journey';
import { OwnerPanel } from '../ui/owner-panel';
import { fetchEvents } from './launch-client';
import { CUE_LABELS } from './show';

/**
 * The arena without an event link: the launches that are not over, soonest first, each to attend
 * with an avatar (`?event=`) or to watch without one (`&watch`).
 */
export default function UpcomingLaunches() {
  const [events, setEvents] = useState<{ list?: LaunchEvent[]; error?: string }>({});
  useEffect(() => {
    const aborting = new AbortController();
    fetchEvents(undefined, aborting.signal).then(
      (list) => setEvents({ list: list.filter((e) => e.show.cue !== 'closed').sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)) }),
      (error: unknown) => !aborting.signal.aborted && setEvents({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => aborting.abort();
  }, []);
  return (
    <OwnerPanel className="upcoming-launches" kicker="Launch arena" title="Live launches" subtitle="Join a launch with an avatar, or watch it">
      {!events.list && !events.error && <p className="owner-note">Looking for launches…</p>}
      {events.error && <p className="owner-problem">The launches could not be loaded: {events.error}</p>}
      {events.list?.length === 0 && <p className="owner-note">No launch is scheduled: the arena is open to walk around.</p>}
      {events.list && events.list.length > 0 && (
        <ul className="upcoming-launch-list">
          {events.list.map((event) => (
            <li key={event.id}>
              <strong>{event.title}</strong>
              <span className="owner-note">
                {event.show.cue === 'scheduled' ? `Starts ${formatDate(event.startsAt, { withTime: true })}` : `Live now · ${CUE_LABELS[event.show.cue]}`}
              </span>
              <span className="upcoming-launch-links">
                <a href={`?event=${encodeURIComponent(event.id)}`}>Attend</a>
                <a href={`?event=${encodeURIComponent(event.id)}&watch`}>Watch without an avatar</a>
              </span>
            </li>
          ))}
        </ul>
      )}
    </OwnerPanel>
  );
}
