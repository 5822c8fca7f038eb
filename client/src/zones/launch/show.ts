import { currentLocale, t } from '../../i18n/i18n';
import { CUES, type Cue, type ShowState } from '../../../../protocol/src/launch';

/**
 * What the show looks like at a given server time, as pure functions of the show state: every
 * attendee's page computes the same stage from the same state and the same (synced) clock.
 */

/** Each cue as attendees and hosts read it. */
// Each cue's name on the attendee's page, by translation key.
const CUE_KEYS: Readonly<Record<Cue, string>> = {
  scheduled: 'launch.cues.scheduled',
  doors: 'launch.cues.doors',
  countdown: 'launch.cues.countdown',
  keynote: 'launch.cues.keynote',
  reveal: 'launch.cues.reveal',
  qa: 'launch.cues.qa',
  'after-party': 'launch.cues.after-party',
  closed: 'launch.cues.closed',
};

/** A cue's name in the page's language (the attendee's side; the host console still uses {@link CUE_LABELS}). */
export function cueLabel(cue: Cue): string {
  return t(CUE_KEYS[cue]);
}

export const CUE_LABELS: Readonly<Record<Cue, string>> = {
  scheduled: 'Scheduled',
  doors: 'Doors open',
  countdown: 'Countdown',
  keynote: 'Keynote',
  reveal: 'Reveal',
  qa: 'Q&A',
  'after-party': 'After-party',
  closed: 'Closed',
};

/** Position of `cue` in the run of show. */
export function cueIndex(cue: Cue): number {
  return CUES.indexOf(cue);
}

/** Whether the show has reached `cue` (or gone past it). */
export function hasReached(show: Pick<ShowState, 'cue'> | undefined, cue: Cue): boolean {
  return show !== undefined && cueIndex(show.cue) >= cueIndex(cue);
}

/** The cue after the current one, or undefined once the show is closed. */
export function nextCue(cue: Cue): Cue | undefined {
  return CUES[cueIndex(cue) + 1];
}

/** How long the cover takes to lift at the reveal, ms. */
export const REVEAL_MS = 3500;
/** How fast the turntable turns from the reveal on, radians per second. */
export const TURNTABLE_SPEED = 0.22;

/** The arena's lights for a cue, each 0 (off) to 1 (full). */
export interface StageLights {
  /** The house lights over the audience. */
  house: number;
  /** The show spots from the rig onto the car. */
  spots: number;
  /** Coloured washes of the after-party. */
  party: number;
}

const LIGHTS: Readonly<Record<Cue, StageLights>> = {
  scheduled: { house: 0.6, spots: 0.15, party: 0 },
  doors: { house: 1, spots: 0.25, party: 0 },
  countdown: { house: 0.35, spots: 0.2, party: 0 },
  keynote: { house: 0.1, spots: 0.05, party: 0 },
  reveal: { house: 0.25, spots: 1, party: 0 },
  qa: { house: 0.7, spots: 0.7, party: 0 },
  'after-party': { house: 0.3, spots: 0.5, party: 1 },
  closed: { house: 1, spots: 0.3, party: 0 },
};

/** The lights the show calls for; before any state arrives, the house lights of an empty venue. */
export function stageLights(show: Pick<ShowState, 'cue'> | undefined): StageLights {
  return LIGHTS[show?.cue ?? 'scheduled'];
}

/**
 * How far the cover has lifted, 0 (on the car) to 1 (gone): it lifts over {@link REVEAL_MS}
 * from the reveal; an attendee arriving later finds it gone.
 */
export function coverLift(show: Pick<ShowState, 'cue' | 'cueAt'> | undefined, now: number): number {
  if (!show || !hasReached(show, 'reveal')) return 0;
  if (show.cue !== 'reveal') return 1;
  return Math.min(1, Math.max(0, (now - show.cueAt) / REVEAL_MS));
}

/**
 * The turntable's angle, radians: still until the reveal, then turning with the server's clock,
 * so every attendee sees the car from the same side at the same moment.
 */
export function turntableAngle(show: Pick<ShowState, 'cue'> | undefined, now: number): number {
  if (!hasReached(show, 'reveal')) return 0;
  return ((now / 1000) * TURNTABLE_SPEED) % (2 * Math.PI);
}

/** Where the keynote video should be, seconds from its start; undefined outside the keynote. */
export function keynoteSeconds(show: Pick<ShowState, 'cue' | 'cueAt'> | undefined, now: number): number | undefined {
  if (show?.cue !== 'keynote') return undefined;
  return Math.max(0, (now - show.cueAt) / 1000);
}

/** A duration as a countdown reads: `1:02:03`, `04:05`; never below `00:00`. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** What the stage screen shows. */
export type ScreenContent =
  | { kind: 'title'; title: string; line: string }
  | { kind: 'countdown'; title: string; remaining: string }
  | { kind: 'keynote' };

/** The screen's content at `now`: the event's title and the moment, the countdown to the start, or the keynote video. */
export function screenContent(show: Pick<ShowState, 'cue'> | undefined, title: string, startsAt: number, now: number): ScreenContent {
  switch (show?.cue ?? 'scheduled') {
    case 'countdown':
      return { kind: 'countdown', title, remaining: formatCountdown(startsAt - now) };
    case 'keynote':
      return { kind: 'keynote' };
    case 'scheduled':
    case 'doors':
      return { kind: 'title', title, line: t('launch.upcoming.starts', { date: formatStart(startsAt, currentLocale()) }) };
    case 'reveal':
      return { kind: 'title', title, line: t('launch.screen.premiere') };
    case 'qa':
      return { kind: 'title', title, line: t('launch.screen.qa') };
    case 'after-party':
      return { kind: 'title', title, line: t('launch.cues.after-party') };
    case 'closed':
      return { kind: 'title', title, line: t('launch.screen.thanks') };
  }
}

/** An event's start as a person reads it, in their own time zone: `Tue 1 Dec, 18:00`. */
export function formatStart(startsAt: number, locale?: string): string {
  return new Date(startsAt).toLocaleString(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * One sentence for the page's live region, in the page's language, said when the cue changes (not at every tick of the
 * countdown, which the timer shows).
 */
export function cueAnnouncement(show: Pick<ShowState, 'cue'> | undefined, title: string): string {
  switch (show?.cue) {
    case undefined:
      return t('launch.announce.waiting', { title });
    case 'scheduled':
      return t('launch.announce.scheduled', { title });
    case 'doors':
      return t('launch.announce.doors', { title });
    case 'countdown':
      return t('launch.announce.countdown');
    case 'keynote':
      return t('launch.announce.keynote');
    case 'reveal':
      return t('launch.announce.reveal');
    case 'qa':
      return t('launch.announce.qa');
    case 'after-party':
      return t('launch.announce.after-party');
    case 'closed':
      return t('launch.announce.closed');
  }
}
