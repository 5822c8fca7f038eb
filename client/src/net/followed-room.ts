import type { RoomName } from '../../../protocol/src/messages';

/**
 * The instance a shared link names (`?room=`), followed once for the zone it was shared in: the
 * parameter is taken off the address, so a reload or a later visit joins any instance.
 */
export function followedRoom(zone: RoomName): string | undefined {
  const params = new URLSearchParams(location.search);
  const room = params.get('room');
  if (!room || (params.get('zone') ?? 'museum') !== zone) return undefined;
  params.delete('room');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
  return room;
}
