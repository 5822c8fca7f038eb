import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { errorMessage } from '../../i18n/server-error';
import { OwnerPanel } from '../../ui/owner-panel';
import { launchQueries } from './launch-queries';
import { cueLabel } from './show';

/**
 * The launch zone without an event link: the launches that are not over, soonest first, each to
 * attend with an avatar (`?event=`) or to watch without one (`&watch`).
 */
export default function UpcomingLaunches() {
  const { t } = useTranslation();
  const upcoming = useQuery(launchQueries.upcoming());
  const events = { list: upcoming.data, error: upcoming.error ? errorMessage(upcoming.error) : undefined };
  return (
    <OwnerPanel className="upcoming-launches" kicker={t('zones.launch')} title={t('launch.upcoming.title')} subtitle={t('launch.upcoming.subtitle')}>
      {!events.list && !events.error && <p className="owner-note">{t('launch.upcoming.looking')}</p>}
      {events.error && <p className="owner-problem">{t('launch.upcoming.problem', { problem: events.error })}</p>}
      {events.list?.length === 0 && <p className="owner-note">{t('launch.upcoming.none')}</p>}
      {events.list && events.list.length > 0 && (
        <ul className="upcoming-launch-list">
          {events.list.map((event) => (
            <li key={event.id}>
              <strong>{event.title}</strong>
              <span className="owner-note">
                {event.show.cue === 'scheduled' ? t('launch.upcoming.starts', { date: formatDateTime(event.startsAt) }) : t('launch.upcoming.live', { cue: cueLabel(event.show.cue) })}
              </span>
              <span className="upcoming-launch-links">
                <a href={`?event=${encodeURIComponent(event.id)}`}>{t('launch.upcoming.attend')}</a>
                <a href={`?event=${encodeURIComponent(event.id)}&watch`}>{t('launch.upcoming.watch')}</a>
              </span>
            </li>
          ))}
        </ul>
      )}
    </OwnerPanel>
  );
}
