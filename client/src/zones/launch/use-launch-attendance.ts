import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LaunchEvent } from '../../../../protocol/src/launch';
import type { LaunchChannel } from '../../net/launch-channel';
import type { ShowFeed } from '../../net/show-feed';
import type { GuestPass } from '../../wallet/session-store';
import { serverClock, serverNow } from './clock';
import type { KeynotePlayer } from './keynote-player';
import { LaunchAttendance, type LaunchLink } from './launch-attendance';
import { startGuestSession, streamUrl } from './launch-client';
import { launchQueries } from './launch-queries';
import { OverflowStream } from './overflow-stream';

/** Options of {@link useLaunchAttendance}. */
export interface LaunchAttendanceHookOptions {
  link: LaunchLink | undefined;
  /** The visitor is in the launch zone (not visiting another zone): the overflow stream is open only then. */
  inLaunchZone: boolean;
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
 * The page's binding of a {@link LaunchAttendance} for the link's event, with the event itself
 * (read once) and the server's clock synced.
 */
export function useLaunchAttendance({ link, inLaunchZone, hasSession, token, identity, onGuestPass, onNotice }: LaunchAttendanceHookOptions) {
  const eventId = link?.eventId;
  const latest = useRef({ token, onGuestPass, onNotice });
  latest.current = { token, onGuestPass, onNotice };
  const [attendance] = useState(
    () =>
      link &&
      new LaunchAttendance({
        link,
        openStream: (id, current) => new OverflowStream(streamUrl(id, current)),
        startGuestSession,
        token: () => latest.current.token(),
        onGuestPass: (pass) => latest.current.onGuestPass(pass),
        onNotice: (message) => latest.current.onNotice(message),
      }),
  );
  const event = useQuery({ ...launchQueries.event(eventId ?? ''), enabled: eventId !== undefined });
  useEffect(() => {
    if (event.error) onNotice(`This launch event could not be opened: ${event.error.message}`);
  }, [event.error, onNotice]);
  useEffect(() => {
    if (eventId) serverClock.sync().catch((error: unknown) => console.warn(`${error instanceof Error ? error.message : String(error)}; the show follows this device's clock`));
  }, [eventId]);
  useEffect(() => attendance?.needGuestSession(!hasSession), [attendance, hasSession]);
  useEffect(() => {
    attendance?.watchAs(inLaunchZone ? identity : undefined);
    return () => attendance?.watchAs(undefined);
  }, [attendance, inLaunchZone, identity]);
  const state = useSyncExternalStore(attendance?.subscribe ?? noSubscription, attendance?.getSnapshot ?? noAttendance);
  const enterOverflow = useCallback((message: string) => attendance?.enterOverflow(message), [attendance]);
  return {
    eventId,
    event: event.data,
    /** Watching without an avatar. */
    overflow: state.overflow,
    /** The overflow tier's stream, while watching there. */
    stream: state.stream,
    /** A session is there to attend with: the room may be joined. */
    ready: hasSession,
    enterOverflow,
  };
}

const noSubscription = () => () => {};
const NO_ATTENDANCE = { overflow: false, stream: undefined };
const noAttendance = () => NO_ATTENDANCE;

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
