import { useEffect, useState } from 'react';
import { isTouchDevice } from '../world/shared/touch-controls';
import { LAUNCH_ROOM } from '../../../protocol/src/launch';
import type { ConnectionStatus, RoomName, WorldConnection } from './world-connection';

/** What {@link useWorldConnection} reports besides the connection. */
export interface WorldConnectionEvents {
  /** Something to show the visitor: a refusal, a removal, a limit hit. */
  onNotice: (message: string) => void;
  /** The zone refused the visitor (gated, full): the app sends them somewhere public. */
  onRefused: (zone: RoomName) => void;
  /** A launch event's embodied audience is full (the room refused with 409): the app lets them watch without an avatar. */
  onOverflow?: (message: string) => void;
}

/** The instance a shared link names (`?room=`), followed once for the zone it was shared in. */
function followedRoom(zone: RoomName): string | undefined {
  const params = new URLSearchParams(location.search);
  const room = params.get('room');
  if (!room || (params.get('zone') ?? 'museum') !== zone) return undefined;
  params.delete('room');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
  return room;
}

/**
 * One room connection per zone and visitor (`identity`: the wallet or the guest's pass, not
 * the token itself — a refreshed token must not move anyone); the previous one is left
 * first. `token()` gives the current token at each join. A dropped
 * socket is retried by the SDK while the server holds the seat; when the instance is gone
 * for good (its server process died), the hook joins a new instance. A removal by the
 * server is reported and not retried. No zone: no connection (a page that watches without an
 * avatar). With `eventId`, the arena is that launch event's `launch` room, and its refusal
 * with 409 (no avatar left) goes to `onOverflow`.
 */
export function useWorldConnection(
  zone: RoomName | undefined,
  identity: string | undefined,
  token: () => string | undefined,
  events: WorldConnectionEvents,
  eventId?: string,
) {
  const [connection, setConnection] = useState<WorldConnection>();
  const [status, setStatus] = useState<ConnectionStatus['state']>('reconnecting');
  const [attempt, setAttempt] = useState(0);
  const { onNotice, onRefused, onOverflow } = events;

  useEffect(() => {
    if (!zone) return;
    const launch = zone === 'launch' && eventId ? eventId : undefined;
    let current: WorldConnection | undefined;
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const device = isTouchDevice() ? 'mobile' : 'desktop';
    // The room client (Colyseus SDK and schema) loads while the world draws, not before it.
    const network = import('./world-connection');
    const join = async (): Promise<WorldConnection> => {
      const { WorldConnection } = await network;
      if (launch) return WorldConnection.join(LAUNCH_ROOM, { token: token(), device, eventId: launch });
      const roomId = followedRoom(zone);
      if (!roomId) return WorldConnection.join(zone, { token: token(), device });
      try {
        return await WorldConnection.join(zone, { token: token(), device, roomId });
      } catch (error) {
        onNotice(`Could not join your friend's ${zone} (${error instanceof Error ? error.message : String(error)}); you are in another one.`);
        return WorldConnection.join(zone, { token: token(), device });
      }
    };
    join()
      .then((joined) => {
        if (cancelled) return void joined.leave();
        current = joined;
        setConnection(joined);
        setStatus('connected');
        const offNotice = joined.on('notice', (notice) => onNotice(notice.message));
        joined.on('status', (next) => {
          setStatus(next.state);
          if (next.state !== 'closed') return;
          offNotice();
          if (next.removal) onNotice(next.removal.message);
          if (next.retry) retry = setTimeout(() => setAttempt((n) => n + 1), 1000);
          else if (next.removal) onRefused(zone);
        });
      })
      .catch(async (error: unknown) => {
        if (cancelled) return;
        const { JoinRefusedError } = await network;
        if (launch && onOverflow && error instanceof JoinRefusedError && error.code === 409) return onOverflow(error.message);
        onNotice(error instanceof JoinRefusedError ? error.message : `Could not join the ${zone}: ${String(error)}`);
        onRefused(zone);
      });
    return () => {
      cancelled = true;
      clearTimeout(retry);
      setConnection(undefined);
      setStatus('reconnecting');
      void current?.leave();
    };
    // `token` is read at each join; `identity` says when the visitor changed.
  }, [zone, identity, attempt, eventId, onNotice, onRefused, onOverflow]);

  return { connection, status };
}
