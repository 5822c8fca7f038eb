import { matchMaker } from '@colyseus/core';
import type { Address } from 'viem';
import type { AccessControl } from '../access/access-control';
import type { Visitor } from '../access/evaluate';
import { MarqueError } from '../../../protocol/src/errors';
import { LAUNCH_ROOM, type Attendee, type LaunchEvent, type LiveFigures } from '../../../protocol/src/launch';
import type { AttendanceLedger, ClientOrigin } from './attendance-ledger';
import type { EventStore } from './event-store';
import type { VisitLog } from './visit-log';

/**
 * What keeps someone out of an event once a host removed or banned them: a wallet's session; a
 * guest's session, and also its network and device, so a new guest session from the same place
 * stays out (a wallet's ban follows the wallet only).
 */
export function banKeys(subject: string, origin?: ClientOrigin): string[] {
  if (subject.startsWith('wallet:') || !origin) return [subject];
  return [subject, ...(origin.network !== 'unknown' ? [`network:${origin.network}`] : []), ...(origin.device ? [`device:${origin.device}`] : [])];
}

/** What a launch room answers to `roster` (called through the matchmaker, on any process). */
export type Roster = Attendee[];

/** A launch room's listing, as the matchmaker keeps it. */
interface LaunchListing {
  roomId: string;
  clients: number;
  metadata?: { eventId?: string };
}

/** Options of {@link LaunchAudience}. */
export interface LaunchAudienceOptions {
  store: EventStore;
  access: AccessControl;
  /** Who is at each event now, on every process. */
  ledger: AttendanceLedger;
  visits: VisitLog;
}

/**
 * Who may come to an event and who is there: admission (bans and the event's access rule), the
 * attendees of every instance, and the live figures of the hosts' console.
 */
export class LaunchAudience {
  constructor(private readonly options: LaunchAudienceOptions) {}

  /**
   * Lets a visitor into the event: not banned or removed (a guest also by its network and
   * device, see {@link banKeys}), and the event's access rule met.
   * @throws MarqueError 403 (banned, removed, the rule), 401 (the rule needs a wallet), 404.
   */
  async admit(event: LaunchEvent, subject: string, visitor: Visitor, origin?: ClientOrigin): Promise<void> {
    const ban = await this.options.store.banOf(event.id, banKeys(subject, origin));
    if (ban) {
      throw new MarqueError(
        'events',
        ban === 'banned' ? `you are banned from "${event.title}"` : `the host removed you from "${event.title}"; you cannot rejoin it`,
        { status: 403, reason: ban },
      );
    }
    await this.options.access.admitByRule(event.access, visitor, { unit: 'events', title: `the launch "${event.title}"` });
  }

  /** Every attendee in every instance of the event, on whichever process it runs. */
  async attendees(id: string): Promise<Attendee[]> {
    const rosters = await Promise.all(
      (await this.instances(id)).map((room) => matchMaker.remoteRoomCall(room.roomId, 'roster', [], 5_000).catch(() => [] as Roster)),
    );
    return (rosters as Roster[]).flat();
  }

  /** The event's instances as the matchmaker lists them. */
  async instances(id: string): Promise<LaunchListing[]> {
    const rooms = (await matchMaker.query({ name: LAUNCH_ROOM })) as LaunchListing[];
    return rooms.filter((room) => room.metadata?.eventId === id);
  }

  /**
   * People at the event now, each once however many tabs, streams or guest sessions they use:
   * `embodied` with an avatar, `overflow` only watching, on every process; and each instance's seats.
   */
  async counts(id: string): Promise<{ instances: { roomId: string; attendees: number }[]; embodied: number; overflow: number; total: number }> {
    const [instances, people] = await Promise.all([this.instances(id), this.options.ledger.figures(id)]);
    return { instances: instances.map((room) => ({ roomId: room.roomId, attendees: room.clients })), ...people };
  }

  /** The console's live figures; the event's hosts only. */
  async live(id: string, wallet: Address): Promise<LiveFigures> {
    await this.options.store.requireHost(id, wallet);
    const [counts, lastMinute] = await Promise.all([this.counts(id), this.options.visits.lastMinute(id)]);
    return {
      at: Date.now(),
      ...counts,
      joinsPerMinute: lastMinute.joins,
      reactionsPerMinute: lastMinute.reactions,
    };
  }
}
