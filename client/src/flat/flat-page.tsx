import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../i18n/language-switcher';
import type { LaunchEvent, ShowState } from '../../../protocol/src/launch';
import type { KeynotePlayer } from '../zones/launch/keynote-player';
import { hasReached } from '../zones/launch/show';
import type { RoomName, WorldConnection } from '../net/world-connection';
import { RoomPanel } from '../ui/room-panel';
import { listCars, loadManifest, zoneAssets, type ManifestEntry, type WorldManifest } from '../world/shared/manifest';
import { carFacts } from '../zones/museum/car-facts';
import { carText } from '../zones/museum/tour';
import { zoneSummary, ZONES } from '../zones/registry';
import '../ui/page.css';
import './flat-page.css';

/** The keynote and the reveal at a launch event, for {@link FlatPage}. */
export interface FlatLaunch {
  event: LaunchEvent;
  show?: ShowState;
  player?: KeynotePlayer;
  /** The launch panel (the show's state in words, the keynote's sound, Q&A, badge), shown as it is beside the 3D stage. */
  panel?: ReactNode;
}

/** Props of {@link FlatPage}. */
export interface FlatPageProps {
  /** The zones' names as shown, in order. */
  labels: Readonly<Record<RoomName, string>>;
  zone: RoomName;
  onZone: (zone: RoomName) => void;
  /** The zone's room, once joined: its chat and reactions. */
  connection?: WorldConnection;
  /** Who is here, or the connection's state, in words. */
  presence: string;
  /** The page's current notice (a refusal, a problem); announced. */
  notice?: string;
  onDismissNotice: () => void;
  /** Why the page is flat without being asked (no WebGL); shown as a warning at the top. */
  warning?: string;
  /** Back to the 3D world; absent where it cannot start. */
  onLeave?: () => void;
  /** Sign-in (the wallet button), as on the 3D page. */
  account?: ReactNode;
  /** The launch event's show, in the launch zone during an event. */
  launch?: FlatLaunch;
  /** Owner panels of the zone (garage, passport, timeline), as on the 3D page. */
  children?: ReactNode;
}

/**
 * The world without 3D: the zones as a list of buttons, what the current one holds (its cars
 * from the manifest, by name and year), its room's chat and reactions, and at a launch event
 * the show in words with the keynote as a plain video. Landmarks and headings for screen
 * readers, a live region for notices, the keyboard alone suffices; nothing animates.
 */
export function FlatPage({ labels, zone, onZone, connection, presence, notice, onDismissNotice, warning, onLeave, account, launch, children }: FlatPageProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();
  const [cars, setCars] = useState<{ zone: RoomName; cars: ManifestEntry[]; catalogue?: WorldManifest['catalogue'] }>();
  const [problem, setProblem] = useState<string>();
  const [moved, setMoved] = useState(false);

  useEffect(() => {
    let cancelled = false;
    loadManifest().then(
      (manifest) =>
        !cancelled && setCars({ zone, catalogue: manifest.catalogue, cars: zoneAssets(manifest, zone).filter((entry) => entry.kind === 'car').sort((a, b) => (a.year ?? 0) - (b.year ?? 0)) }),
      (error: unknown) => !cancelled && setProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [zone]);

  // After a zone change by the visitor, the focus goes to the new zone's heading (as a page change would).
  useEffect(() => {
    if (moved) heading.current?.focus();
  }, [zone, moved]);

  const shown = cars?.zone === zone ? cars.cars : undefined;
  return (
    <div className="flat-page page-column">
      <a className="flat-skip" href={`#${headingId}`}>
        {t('flat.skip')}
      </a>
      <header className="flat-header">
        <p className="wordmark" aria-label="Marque">
          MARQUE
        </p>
        <div className="flat-header-actions">
          {onLeave && (
            <button type="button" aria-pressed="true" onClick={onLeave}>
              {t('app.flatMode')}
            </button>
          )}
          <LanguageSwitcher />
          {account}
        </div>
      </header>
      {warning && (
        <div className="flat-warning" role="alert">
          {warning}
        </div>
      )}
      <div className="flat-notice" aria-live="assertive">
        {notice && (
          <p role="alert">
            <span>{notice}</span>{' '}
            <button type="button" onClick={onDismissNotice}>
              {t('app.dismiss')}
            </button>
          </p>
        )}
      </div>
      <div className="flat-columns">
        <nav className="flat-zones" aria-label={t('zoneSwitch.nav')}>
          <h2>{t('flat.zones')}</h2>
          <ul>
            {(Object.keys(labels) as RoomName[]).map((name) => (
              <li key={name}>
                <button
                  type="button"
                  aria-pressed={zone === name}
                  aria-describedby={`${headingId}-${name}`}
                  onClick={() => {
                    setMoved(true);
                    onZone(name);
                  }}
                >
                  {labels[name]}
                </button>
                <p id={`${headingId}-${name}`} className="flat-zone-blurb">
                  {zoneSummary(name)}
                </p>
              </li>
            ))}
          </ul>
        </nav>
        <main className="flat-main" aria-labelledby={headingId}>
          <h1 id={headingId} ref={heading} tabIndex={-1}>
            {labels[zone]}
          </h1>
          <p role="status" data-testid="presence">
            {presence}
          </p>
          <p>{zoneSummary(zone)}</p>
          {launch && <FlatLaunchSection launch={launch} cars={shown} />}
          <section aria-labelledby={`${headingId}-cars`}>
            <h2 id={`${headingId}-cars`}>{t(ZONES[zone].carsHeading ?? 'flat.carsHere')}</h2>
            {problem ? (
              <p role="alert">{t('flat.carsProblem', { problem })}</p>
            ) : !shown ? (
              <p>{t('flat.carsLoading')}</p>
            ) : shown.length === 0 ? (
              <p>{t('flat.noCars')}</p>
            ) : (
              <ul className="flat-cars">
                {shown.map((car) => {
                  // Where the zone tells its cars' stories (the museum's tour and panels), as text.
                  const text = ZONES[zone].carStories ? carText(car.id) : undefined;
                  return (
                    <li key={car.id}>
                      <strong>{car.name}</strong>
                      {car.year !== undefined && <span className="flat-car-year">, {car.year}</span>}
                      {text && (
                        <>
                          <dl className="flat-car-facts">
                            {carFacts(car, cars?.catalogue).map(({ label, value }) => (
                              <div key={label}>
                                <dt>{label}</dt>
                                <dd>{value}</dd>
                              </div>
                            ))}
                          </dl>
                          <p>{text.summary}</p>
                          <details>
                            <summary>{t('flat.story', { car: car.name })}</summary>
                            {text.story.map((paragraph) => (
                              <p key={paragraph.slice(0, 32)}>{paragraph}</p>
                            ))}
                          </details>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          {children}
          <section aria-labelledby={`${headingId}-room`} className="flat-room">
            <h2 id={`${headingId}-room`}>{t('room.people')}</h2>
            {connection ? <RoomPanel connection={connection} zone={zone} /> : <p>{t('flat.joining')}</p>}
          </section>
        </main>
      </div>
    </div>
  );
}

/** The show at a launch event without the stage: the launch panel, the keynote as a plain video, and the revealed car in words. */
function FlatLaunchSection({ launch, cars }: { launch: FlatLaunch; cars?: ManifestEntry[] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const holder = useRef<HTMLDivElement>(null);
  const [allCars, setAllCars] = useState<ManifestEntry[]>();
  const { event, show, player, panel } = launch;
  const keynote = show?.cue === 'keynote';

  useEffect(() => {
    loadManifest().then((manifest) => setAllCars(listCars(manifest)), () => {});
  }, []);

  // The player's own video element (in step with the show) goes on the page while the keynote runs.
  useEffect(() => {
    const video = player?.video;
    const box = holder.current;
    if (!video || !box || !keynote) return;
    video.setAttribute('aria-label', t('flat.keynoteOf', { title: event.title }));
    video.className = 'flat-keynote-video';
    box.append(video);
    return () => video.remove();
  }, [player, keynote, event.title, t]);

  const revealed = hasReached(show, 'reveal');
  const car = (allCars ?? cars)?.find((entry) => entry.id === event.car.model);
  const configuration = Object.values(event.car.configuration);
  return (
    <section aria-labelledby={`${id}-launch`} className="flat-launch">
      <h2 id={`${id}-launch`}>{t('flat.liveLaunch', { title: event.title })}</h2>
      {panel}
      <figure className="flat-keynote">
        <div ref={holder} />
        <figcaption>{keynote ? (player ? t('flat.keynoteInStep') : t('flat.keynoteLoading')) : t('flat.keynoteLater')}</figcaption>
      </figure>
      <p role="status" className="flat-reveal">
        {revealed
          ? t(configuration.length ? 'flat.revealedIn' : 'flat.revealed', {
              car: car ? (car.year ? t('flat.carWithYear', { name: car.name, year: car.year }) : car.name) : event.car.model,
              configuration: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(configuration),
            })
          : t('flat.covered')}
      </p>
    </section>
  );
}
