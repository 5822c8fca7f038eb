import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { RoomName } from '../../../protocol/src/messages';
import { isTouchDevice } from '../world/shared/touch-controls';
import { followedRoom } from '../net/followed-room';
import type { WorldConnection } from '../net/world-connection';
import { WorldSession, type WorldSessionEvents } from '../net/world-session';

/**
 * The page's binding of a {@link WorldSession}: joins `zone`'s room for `identity` (the wallet or
 * the guest's pass: a refreshed token, read through `token()` at each join, moves no one), or
 * with `eventId` (in a zone that hosts launches) that launch event's room; no zone, no connection. The room client
 * (Colyseus SDK and schema) loads while the world draws, not before it.
 */
export function useWorldConnection(zone: RoomName | undefined, identity: string | undefined, token: () => string | undefined, events: WorldSessionEvents, eventId?: string) {
  const latest = useRef({ token, events });
  latest.current = { token, events };
  const [session] = useState(
    () =>
      new WorldSession<WorldConnection>({
        join: async (room, request) => (await import('../net/world-connection')).WorldConnection.join(room, request),
        token: () => latest.current.token(),
        device: isTouchDevice() ? 'mobile' : 'desktop',
        followedRoom,
        events: {
          onNotice: (message) => latest.current.events.onNotice(message),
          onRefused: (refused) => latest.current.events.onRefused(refused),
          // Read when a launch refuses: a page without one hears a 409 as any refusal.
          get onOverflow() {
            return latest.current.events.onOverflow;
          },
        },
      }),
  );
  useEffect(() => {
    session.connect({ zone, identity, eventId });
    return () => session.disconnect();
  }, [session, zone, identity, eventId]);
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
