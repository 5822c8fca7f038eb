import { LAUNCH_ROOM } from '../../../protocol/src/launch';
import type { Notice, RoomName } from '../../../protocol/src/messages';
import { JoinRefusedError } from './join-refused-error';
import type { ConnectionStatus, JoinableRoom, JoinRequest } from './world-connection';

/** What a {@link WorldSession} reports besides the connection. */
export interface WorldSessionEvents {
  /** Something to show the visitor: a refusal, a removal, a limit hit. */
  onNotice: (message: string) => void;
  /** The zone refused the visitor (gated, full): the app sends them somewhere public. */
  onRefused: (zone: RoomName) => void;
  /** A launch event's embodied audience is full (the room refused with 409): the app lets them watch without an avatar. */
  onOverflow?: (message: string) => void;
}

/** The part of a joined room's connection the session drives (a `WorldConnection`, or a test's fake). */
export interface SessionConnection {
  on(kind: 'notice', listener: (notice: Notice) => void): () => void;
  on(kind: 'status', listener: (status: ConnectionStatus) => void): () => void;
  leave(): Promise<void>;
}

/** Options of {@link WorldSession}. */
export interface WorldSessionOptions<C extends SessionConnection> {
  /** Joins a room (`WorldConnection.join`); rejects with a {@link JoinRefusedError} when the server refuses. */
  join: (room: JoinableRoom, request: JoinRequest) => Promise<C>;
  /** The session token now, read at each join (a refreshed token must not move anyone). */
  token: () => string | undefined;
  /** What the server shows others: `mobile` or `desktop`. */
  device: NonNullable<JoinRequest['device']>;
  /** The instance a shared link names for `zone`, read once; none by default. */
  followedRoom?: (zone: RoomName) => string | undefined;
  events: WorldSessionEvents;
  /** Waits before joining again after the instance went away: doubling from the first, up to the most. */
  retry?: Partial<RetryOptions>;
  /** The clock the back-off reads, ms. */
  now?: () => number;
}

/** The back-off between joins after an instance went away for good. */
export interface RetryOptions {
  /** The first wait, ms. */
  firstMs: number;
  /** The longest wait, ms. */
  maxMs: number;
  /** A connection that stayed up this long starts the back-off afresh, ms. */
  stableMs: number;
}

export const RETRY_DEFAULTS: Readonly<RetryOptions> = { firstMs: 1000, maxMs: 8000, stableMs: 30_000 };

/** Where the session should be: a zone's room (none: no connection), for whom, and at which launch event. */
export interface SessionTarget {
  zone: RoomName | undefined;
  /** The wallet or the guest's pass (not the token itself); a change joins again. */
  identity: string | undefined;
  /** A launch event whose own room to join instead of the zone's (given only in a zone that hosts launches). */
  eventId?: string;
}

/** What the session holds now; a new object at each change, so React can compare snapshots. */
export interface SessionSnapshot<C> {
  connection: C | undefined;
  status: ConnectionStatus['state'];
}

/**
 * The visitor's seat in the world, as a state machine with no React: one room connection per
 * zone and visitor, the previous one left first. A link's shared instance (`?room=`) is joined
 * once, falling back to any instance with a notice. A dropped socket is retried by the SDK while
 * the server holds the seat; when the instance is gone for good (its server process died), the
 * session joins a new instance after a back-off that doubles while instances keep going away. A
 * removal by the server is reported and not retried; a refused join is reported and hands the
 * zone back (`onRefused`), except a launch's 409 (no avatar left), which goes to `onOverflow`.
 */
export class WorldSession<C extends SessionConnection> {
  private snapshot: SessionSnapshot<C> = { connection: undefined, status: 'reconnecting' };
  private readonly listeners = new Set<() => void>();
  private readonly retry: RetryOptions;
  private readonly now: () => number;
  /** Bumped by every (re)join and disconnect: an answer for an older one is stale. */
  private generation = 0;
  private target: SessionTarget | undefined;
  private current: C | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Retries since a connection last stayed up for {@link RetryOptions.stableMs}. */
  private retries = 0;

  constructor(private readonly options: WorldSessionOptions<C>) {
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    this.now = options.now ?? Date.now;
  }

  /** The connection and its state now. */
  getSnapshot = (): SessionSnapshot<C> => this.snapshot;

  /** Calls `listener` at each change of {@link getSnapshot}; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Joins `target`'s room (leaving any other); without a zone, stays out of every room. */
  connect(target: SessionTarget): void {
    this.disconnect();
    this.target = target;
    this.retries = 0;
    if (target.zone) void this.join(target.zone);
  }

  /** Leaves the room and stops any retry. */
  disconnect(): void {
    this.generation++;
    this.target = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const left = this.current;
    this.current = undefined;
    this.set({ connection: undefined, status: 'reconnecting' });
    void left?.leave();
  }

  private async join(zone: RoomName): Promise<void> {
    const generation = ++this.generation;
    const { events } = this.options;
    const launch = this.target?.eventId;
    let joined: C;
    try {
      joined = await this.joinRoom(zone, launch, () => generation === this.generation);
    } catch (error) {
      if (generation !== this.generation) return;
      if (launch && events.onOverflow && error instanceof JoinRefusedError && error.code === 409) return events.onOverflow(error.message);
      events.onNotice(error instanceof JoinRefusedError ? error.message : `Could not join the ${zone}: ${String(error)}`);
      events.onRefused(zone);
      return;
    }
    if (generation !== this.generation) return void joined.leave();
    this.current = joined;
    const joinedAt = this.now();
    this.set({ connection: joined, status: 'connected' });
    const offNotice = joined.on('notice', (notice) => events.onNotice(notice.message));
    joined.on('status', (next) => {
      if (generation !== this.generation) return;
      this.set({ connection: joined, status: next.state });
      if (next.state !== 'closed') return;
      offNotice();
      if (next.removal) events.onNotice(next.removal.message);
      if (next.retry) this.scheduleRetry(zone, joinedAt);
      else if (next.removal) events.onRefused(zone);
    });
  }

  private async joinRoom(zone: RoomName, launch: string | undefined, current: () => boolean): Promise<C> {
    const { join, token, device, followedRoom, events } = this.options;
    if (launch) return join(LAUNCH_ROOM, { token: token(), device, eventId: launch });
    const roomId = followedRoom?.(zone);
    if (!roomId) return join(zone, { token: token(), device });
    try {
      return await join(zone, { token: token(), device, roomId });
    } catch (error) {
      if (current()) events.onNotice(`Could not join your friend's ${zone} (${error instanceof Error ? error.message : String(error)}); you are in another one.`);
      return join(zone, { token: token(), device });
    }
  }

  /** The instance went away for good: a new one is joined after the back-off. */
  private scheduleRetry(zone: RoomName, joinedAt: number): void {
    if (this.now() - joinedAt >= this.retry.stableMs) this.retries = 0;
    const wait = Math.min(this.retry.maxMs, this.retry.firstMs * 2 ** this.retries);
    this.retries++;
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      if (generation !== this.generation) return;
      this.current = undefined;
      this.set({ connection: undefined, status: 'reconnecting' });
      void this.join(zone);
    }, wait);
  }

  private set(next: SessionSnapshot<C>): void {
    if (next.connection === this.snapshot.connection && next.status === this.snapshot.status) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
