import type { ConnectionStatus } from '../net/world-connection';

/** What {@link presenceLine} says. */
export interface Presence {
  /** The zone's name. */
  label: string;
  /** Whether the room is joined. */
  joined: boolean;
  status: ConnectionStatus['state'];
  /** Visitors in the instance, this one included. */
  visitors: number;
  /** At a launch event, watching from the overflow tier without an avatar. */
  watching: boolean;
}

/** The page's presence line: where the visitor is and who is there, or the connection's state. */
export function presenceLine({ label, joined, status, visitors, watching }: Presence): string {
  if (watching) return `${label} · watching without an avatar`;
  if (joined && status === 'connected') return `${label} · ${visitors} ${visitors === 1 ? 'visitor' : 'visitors'} here`;
  if (joined && status === 'reconnecting') return 'Connection lost · reconnecting…';
  return 'Connecting…';
}
