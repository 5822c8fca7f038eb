import { t } from '../i18n/i18n';
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

/** The page's presence line, in its language: where the visitor is and who is there, or the connection's state. */
export function presenceLine({ label, joined, status, visitors, watching }: Presence): string {
  if (watching) return t('presence.watching', { zone: label });
  if (joined && status === 'connected') return t('presence.visitors', { zone: label, count: visitors });
  if (joined && status === 'reconnecting') return t('presence.reconnecting');
  return t('presence.connecting');
}
