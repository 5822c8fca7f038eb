import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { GuestPass } from '../../wallet/session-store';
import { serverClock } from './clock';
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
