import { t } from '../../i18n/i18n';
import { errorMessage } from '../../i18n/server-error';
import type { GuestPass } from '../../wallet/session-store';
import type { IssuedGuestSession } from './launch-client';
import type { OverflowStream } from './overflow-stream';

/** The launch event a page was opened for: `?event=<id>`, and `?watch` to watch without an avatar. */
export interface LaunchLink {
  eventId: string;
  /** Watch in the overflow tier from the start. */
  watch: boolean;
  /** The link carries an invitation (`?invite=`): its redemption gives the guest a session, so none is started. */
  invited: boolean;
}

/** The launch event of the page's link, if any. */
export function launchLink(search = location.search): LaunchLink | undefined {
  const params = new URLSearchParams(search);
  const eventId = params.get('event');
  return eventId ? { eventId, watch: params.has('watch'), invited: params.has('invite') } : undefined;
}

/** Options of {@link LaunchAttendance}. */
export interface LaunchAttendanceOptions {
  link: LaunchLink;
  /** Opens the overflow tier's stream of the event with the token of the moment. */
  openStream: (eventId: string, token: string | undefined) => OverflowStream;
  /** Starts a guest session (`POST /api/auth/guest`). */
  startGuestSession: () => Promise<IssuedGuestSession>;
  /** The session token now. */
  token: () => string | undefined;
  /** A guest session was started for the event: the page keeps it like an invitation's pass. */
  onGuestPass: (pass: GuestPass) => void;
  onNotice: (message: string) => void;
  /** How long after the server closed the stream it is opened again (with a fresh token), ms. */
  reopenMs?: number;
}

/** What {@link LaunchAttendance} holds now; a new object at each change. */
export interface AttendanceSnapshot {
  /** Watching without an avatar. */
  overflow: boolean;
  /** The overflow tier's stream, while watching there. */
  stream: OverflowStream | undefined;
}

/**
 * An attendee's side of a launch event outside the 3D scene, with no React: a guest session for
 * a visitor with none (so votes and bans follow them), and the overflow tier — entered from the
 * link (`?watch`) or when the room says the launch is full — with its event stream, open while
 * the visitor is in the launch zone with an identity and opened again with a fresh token when
 * the server closes it.
 */
export class LaunchAttendance {
  private snapshot: AttendanceSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly reopenMs: number;
  /** Where the stream may be open: in the launch zone, for this identity; undefined when not. */
  private watching: string | undefined;
  private offState: (() => void) | undefined;
  private reopen: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever a started guest session is no longer wanted. */
  private guestGeneration = 0;
  private guestStarting = false;

  constructor(private readonly options: LaunchAttendanceOptions) {
    this.reopenMs = options.reopenMs ?? 3000;
    this.snapshot = { overflow: options.link.watch, stream: undefined };
  }

  /** The overflow state now. */
  getSnapshot = (): AttendanceSnapshot => this.snapshot;

  /** Calls `listener` at each change of {@link getSnapshot}; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Whether the visitor needs a guest session: they have none, and the link brings no
   * invitation (its redemption gives one). Started once while needed; an answer that comes after
   * the need went away (they signed in) is dropped.
   */
  needGuestSession(needed: boolean): void {
    if (!needed || this.options.link.invited) {
      this.guestGeneration++;
      this.guestStarting = false;
      return;
    }
    if (this.guestStarting) return;
    this.guestStarting = true;
    const generation = this.guestGeneration;
    this.options.startGuestSession().then(
      (issued) => {
        if (generation !== this.guestGeneration) return;
        this.guestStarting = false;
        this.options.onGuestPass({ token: issued.token, scopes: issued.scopes, expiresAt: issued.expiresAt });
      },
      (error: unknown) => {
        if (generation === this.guestGeneration) this.guestStarting = false;
        this.options.onNotice(t('launch.guestFailed', { reason: errorMessage(error) }));
      },
    );
  }

  /** The room refused an avatar for a full audience: the visitor watches in the overflow tier from now on. */
  enterOverflow(message: string): void {
    this.options.onNotice(t('launch.overflow', { reason: message }));
    if (this.snapshot.overflow) return;
    this.set({ overflow: true, stream: undefined });
    this.openStream();
  }

  /**
   * Where the visitor is: in the launch zone with `identity` (the stream may be open; a new
   * identity opens it again), or not (`undefined`: it is closed).
   */
  watchAs(identity: string | undefined): void {
    if (identity === this.watching) return;
    this.closeStream();
    this.watching = identity;
    this.openStream();
  }

  /** Closes the stream and stops reopening it. */
  dispose(): void {
    this.watching = undefined;
    this.closeStream();
  }

  private openStream(): void {
    if (!this.snapshot.overflow || this.watching === undefined || this.snapshot.stream) return;
    const stream = this.options.openStream(this.options.link.eventId, this.options.token());
    this.offState = stream.on('state', () => {
      if (stream.state !== 'closed') return;
      // Refused (a token expired, a server restarted): asked again with the token of the moment.
      clearTimeout(this.reopen);
      this.reopen = setTimeout(() => {
        if (this.snapshot.stream !== stream) return;
        this.closeStream();
        this.openStream();
      }, this.reopenMs);
    });
    this.set({ overflow: true, stream });
  }

  private closeStream(): void {
    clearTimeout(this.reopen);
    this.reopen = undefined;
    this.offState?.();
    this.offState = undefined;
    const stream = this.snapshot.stream;
    if (!stream) return;
    stream.close();
    this.set({ overflow: this.snapshot.overflow, stream: undefined });
  }

  private set(next: AttendanceSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
