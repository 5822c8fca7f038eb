import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LaunchEvent } from '../../../protocol/src/launch';
import type { LaunchChannel } from '../net/launch-channel';
import type { GuestPass } from '../wallet/session-store';
import { serverClock, serverNow } from './clock';
import type { KeynotePlayer } from './keynote-player';
import { fetchEvent, startGuestSession, streamUrl } from './launch-client';
import { OverflowStream } from './overflow-stream';
import type { ShowFeed } from '../net/show-feed';

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

/** Options of {@link useLaunchAttendance}. */
export interface LaunchAttendanceOptions {
  link: LaunchLink | undefined;
  /** The visitor is in the arena (not visiting another zone): the overflow stream is open only then. */
  inArena: boolean;
  /** Whether the visitor has a session (a wallet's or a guest's) to attend with. */
  hasSession: boolean;
  /** The session token now, for the overflow stream. */
  token: () => string | undefined;
  /** The identity behind the token (not the token: a refreshed token must not reopen the stream). */
  identity: string | undefined;
  /** A guest session was started for the event: the app keeps it like an invitation's pass. */
  onGuestPass: (pass: GuestPass) => void;
  onNotice: (message: string) => void;
}

/**
 * An attendee's side of a launch event, outside the 3D scene: the event itself, the server's
 * clock synced, a guest session for a visitor with none (so votes and bans follow them), and
 * the overflow tier — entered from the link (`?watch`) or when the room says the arena is
 * full — with its event stream (reopened with a fresh token when the server closes it).
 */
export function useLaunchAttendance({ link, inArena, hasSession, token, identity, onGuestPass, onNotice }: LaunchAttendanceOptions) {
  const eventId = link?.eventId;
  const [event, setEvent] = useState<LaunchEvent>();
  const [overflow, setOverflow] = useState(link?.watch ?? false);
  const [stream, setStream] = useState<OverflowStream>();
  const [attempt, setAttempt] = useState(0);
  const tokenRef = useRef(token);
  tokenRef.current = token;

  useEffect(() => {
    if (!eventId) return;
    const aborting = new AbortController();
    fetchEvent(eventId, undefined, aborting.signal).then(setEvent, (error: unknown) => {
      if (!aborting.signal.aborted) onNotice(`This launch event could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    });
    serverClock.sync().catch((error: unknown) => console.warn(`${error instanceof Error ? error.message : String(error)}; the show follows this device's clock`));
    return () => aborting.abort();
  }, [eventId, onNotice]);

  useEffect(() => {
    if (!eventId || hasSession || link?.invited) return;
    let cancelled = false;
    startGuestSession().then(
      (issued) => {
        if (!cancelled) onGuestPass({ token: issued.token, scopes: issued.scopes, expiresAt: issued.expiresAt });
      },
      (error: unknown) => onNotice(`Could not start a guest session for the event: ${error instanceof Error ? error.message : String(error)}`),
    );
    return () => {
      cancelled = true;
    };
  }, [eventId, hasSession, link?.invited, onGuestPass, onNotice]);

  useEffect(() => {
    if (!eventId || !overflow || !inArena || !identity) return;
    const opened = new OverflowStream(streamUrl(eventId, tokenRef.current()));
    setStream(opened);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const off = opened.on('state', () => {
      if (opened.state === 'closed') retry = setTimeout(() => setAttempt((n) => n + 1), 3000);
    });
    return () => {
      off();
      clearTimeout(retry);
      opened.close();
      setStream(undefined);
    };
  }, [eventId, overflow, inArena, identity, attempt]);

  const enterOverflow = useCallback(
    (message: string) => {
      setOverflow(true);
      onNotice(`The arena is full, so you are watching the show without an avatar (${message}).`);
    },
    [onNotice],
  );

  return {
    eventId,
    event,
    /** Watching without an avatar. */
    overflow,
    /** The overflow tier's stream, while watching there. */
    stream,
    /** A session is there to attend with: the room may be joined. */
    ready: hasSession,
    enterOverflow,
  };
}

/**
 * Where a guest brought onto the stage stands: on the stage floor (0.8 m up; see
 * assets/src/environments/launch-venue.ts) to the left of the turntable, facing the audience.
 */
export const STAGE_GUEST_SPOT: { position: [number, number, number]; yaw: number } = { position: [-5.6, 0.8, -3.4], yaw: Math.PI };

/**
 * The show on this page: the latest state from `feed` (for the page's inspection handle), the
 * keynote's player (loaded in its own chunk once the event is known, following the feed), and
 * where the visitor stands while the host has them on stage (`channel`: their launch room's).
 */
export function useLaunchShow(event: LaunchEvent | undefined, feed: ShowFeed | undefined, channel: LaunchChannel | undefined) {
  const [player, setPlayer] = useState<KeynotePlayer>();
  const videoUrl = event?.videoUrl;
  useEffect(() => {
    if (!videoUrl) return;
    let created: KeynotePlayer | undefined;
    let cancelled = false;
    import('./keynote-player').then(
      ({ KeynotePlayer }) => {
        if (cancelled) return;
        created = new KeynotePlayer(videoUrl, { now: serverNow });
        setPlayer(created);
      },
      (error: unknown) => console.warn(`launch: the keynote player could not be loaded (${String(error)})`),
    );
    return () => {
      cancelled = true;
      created?.dispose();
      setPlayer(undefined);
    };
  }, [videoUrl]);
  useEffect(() => (player && feed ? player.follow(feed) : undefined), [player, feed]);
  const show = useSyncExternalStore(
    useCallback((onChange: () => void) => feed?.on('show', onChange) ?? (() => {}), [feed]),
    () => feed?.show,
  );
  const onStage = useSyncExternalStore(
    useCallback((onChange: () => void) => channel?.on('own', onChange) ?? (() => {}), [channel]),
    () => channel?.own.stage ?? false,
  );
  return { show, player, standAt: onStage ? STAGE_GUEST_SPOT : undefined };
}
