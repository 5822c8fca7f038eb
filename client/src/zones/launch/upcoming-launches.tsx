import { useQuery } from '@tanstack/react-query';
import { formatDate } from '../../owner/owner-journey';
import { OwnerPanel } from '../../ui/owner-panel';
import { launchQueries } from './launch-queries';
import { CUE_LABELS } from './show';

/**
 * The launch zone without an event link: the launches that are not over, soonest first, each to
 * attend with an avatar (`?event=`) or to watch without one (`&watch`).
 */
export default function UpcomingLaunches() {
  const upcoming = useQuery(launchQueries.upcoming());
  const events = { list: upcoming.data, error: upcoming.error?.message };
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
