import { randomUUID } from 'node:crypto';
import type { Presence } from '@colyseus/core';
import { MarqueError } from '../../../protocol/src/errors';

/** Per-address quotas of a launch (README "Guests cannot multiply themselves"). */
export interface LaunchLimits {
  /** Guests (no wallet) one network may seat on an event's floor at once; 0: no cap. */
  guestsPerAddress: number;
  /** Overflow streams of guests and anonymous viewers one network may hold open at one event; 0: no cap. */
  viewersPerAddress: number;
  /** Share of an event's embodied limit guests cannot take: the last seats are for signed-in attendees. */
  signedInShare: number;
}

export const LAUNCH_LIMITS_DEFAULTS: Readonly<LaunchLimits> = { guestsPerAddress: 4, viewersPerAddress: 8, signedInShare: 0.2 };

/** Seats one session (a wallet, or one guest session) may hold at one event at once: a headset, a laptop, a page reloading. */
export const SEATS_PER_SESSION = 3;
/** Overflow streams one session may hold open at one event at once. */
export const STREAMS_PER_SESSION = 3;
/** How long a seat admitted at matchmaking is kept for the client to take it (Colyseus' seat reservation is 15 s). */
const PENDING_MS = 30_000;
/** How often a changed tally is published to the other processes, and how often an unchanged one is (its heartbeat), ms. */
const PUBLISH_MS = 200;
const HEARTBEAT_MS = 2_000;
/** A process's tally not refreshed for this long is a dead process's: ignored and removed. */
const STALE_MS = 3 * HEARTBEAT_MS;
/** How long a process reuses the other processes' tallies it read, ms. */
const REMOTE_CACHE_MS = 100;

/** Where a client comes from, as quotas and bans see it. */
export interface ClientOrigin {
  /** The client's network (rooms/client-address.ts `networkOf`): an IPv4 address or an IPv6 /64. */
  network: string;
  /** The page's device id, when it sends one. */
  device?: string;
}

/** Someone arriving at an event. */
export interface Arrival extends ClientOrigin {
  /** `wallet:0x…`, `guest:…` (a guest session), or `viewer:…` (an overflow viewer without a session). */
  subject: string;
}

/**
 * Who a visit belongs to, so that one person counts once however many tabs, streams and guest
 * sessions they open: a wallet; else the device the page runs on; else the session.
 */
export function personOf(arrival: Pick<Arrival, 'subject' | 'device'>): string {
  if (arrival.subject.startsWith('wallet:')) return arrival.subject;
  return arrival.device ? `device:${arrival.device}` : arrival.subject;
}

type Tier = 'embodied' | 'overflow';

interface Entry {
  eventId: string;
  person: string;
  subject: string;
  network: string;
  guest: boolean;
  /** An overflow viewer with no session and no device id: one person each, counted by number. */
  anonymous: boolean;
  tier: Tier;
  /** Admitted but not seated yet: dropped at this time unless {@link AttendanceLedger.seated} comes first. */
  pendingUntil?: number;
}

/** What one process publishes about one event's audience. */
interface Tally {
  at: number;
  /** Seats (admitted ones not yet taken included). */
  seats: number;
  /** Anonymous overflow viewers. */
  anonymous: number;
  /** person → [seats, streams]. */
  people: Record<string, [number, number]>;
  seatsBySubject: Record<string, number>;
  streamsBySubject: Record<string, number>;
  guestSeatsByNetwork: Record<string, number>;
  viewersByNetwork: Record<string, number>;
}

const emptyTally = (): Tally => ({
  at: 0,
  seats: 0,
  anonymous: 0,
  people: {},
  seatsBySubject: {},
  streamsBySubject: {},
  guestSeatsByNetwork: {},
  viewersByNetwork: {},
});

const key = (eventId: string) => `launch:audience:${eventId}`;

function bump(map: Record<string, number>, field: string, delta: number) {
  const next = (map[field] ?? 0) + delta;
  if (next > 0) map[field] = next;
  else delete map[field];
}

/**
 * Who is at each launch right now, on every process: seats and overflow streams by session, by
 * person and by network. It decides the per-address and per-session quotas and the seats kept for
 * signed-in attendees at the moment of admission (exactly within a process: the check and the
 * reservation happen in one turn of the event loop), and it makes the live figures count people,
 * not connections. Each process keeps its own tally and publishes it on the presence layer
 * (in-process, or Redis) a few times a second; a dead process's tally ages out in seconds, so a
 * crash leaves no phantom attendees in the figures. Across processes a quota can be overrun by
 * what arrives within one publication (a fifth of a second).
 */
export class AttendanceLedger {
  private readonly entries = new Map<string, Entry>();
  /** The entries of {@link entries} still pending, by ticket. */
  private readonly pending = new Map<string, Entry>();
  private readonly tallies = new Map<string, Tally>();
  private readonly changed = new Set<string>();
  private readonly remoteCache = new Map<string, { at: number; tallies: Promise<Tally[]> }>();
  private readonly publisher: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;
  /** This process's field in each event's hash. */
  readonly processId = randomUUID();

  constructor(
    private readonly presence: Presence,
    private readonly limits: LaunchLimits = LAUNCH_LIMITS_DEFAULTS,
  ) {
    this.publisher = setInterval(() => this.publishChanged(), PUBLISH_MS);
    this.heartbeat = setInterval(() => {
      for (const eventId of this.tallies.keys()) this.changed.add(eventId);
    }, HEARTBEAT_MS);
    this.publisher.unref();
    this.heartbeat.unref();
  }

  /**
   * Admits `arrival` to a seat on `event`'s floor, or says why not. The seat counts at once (a
   * burst of joins cannot all see the same free seat); call {@link seated} when the client took
   * it, {@link left} when it goes.
   * @throws MarqueError 409 `overflow` (the floor is full, or only the seats kept for signed-in
   * attendees are left), 409 `already-seated` (this session holds its seats already), 429
   * `address-quota` (enough guests from this network).
   */
  async admitSeat(event: { id: string; title: string; embodiedLimit: number }, arrival: Arrival): Promise<string> {
    const others = await this.remote(event.id);
    this.expirePending(event.id);
    const all = [this.tally(event.id), ...others];
    const sum = (pick: (t: Tally) => number) => all.reduce((n, t) => n + pick(t), 0);
    const guest = !arrival.subject.startsWith('wallet:');
    if (sum((t) => t.seatsBySubject[arrival.subject] ?? 0) >= SEATS_PER_SESSION) {
      throw new MarqueError('events', `you already have ${SEATS_PER_SESSION} seats at "${event.title}" (other tabs or devices); leave one to join here`, {
        status: 409,
        reason: 'already-seated',
      });
    }
    const guestCap = this.limits.guestsPerAddress;
    if (guest && guestCap > 0 && sum((t) => t.guestSeatsByNetwork[arrival.network] ?? 0) >= guestCap) {
      throw new MarqueError(
        'events',
        `${this.limits.guestsPerAddress} guests from your network are already at "${event.title}"; sign in with a wallet to join them, or watch from the overflow tier`,
        { status: 429, reason: 'address-quota' },
      );
    }
    const seats = sum((t) => t.seats);
    if (seats >= event.embodiedLimit) {
      throw new MarqueError('events', `the floor of "${event.title}" is full (${event.embodiedLimit} avatars); watch from the overflow tier`, {
        status: 409,
        reason: 'overflow',
      });
    }
    const kept = Math.floor(event.embodiedLimit * this.limits.signedInShare);
    if (guest && seats >= event.embodiedLimit - kept) {
      throw new MarqueError(
        'events',
        `the last ${kept} seats of "${event.title}" are kept for signed-in attendees; sign in with a wallet to take one, or watch from the overflow tier`,
        { status: 409, reason: 'overflow' },
      );
    }
    return this.add({ ...this.entryOf(event.id, arrival, 'embodied'), pendingUntil: Date.now() + PENDING_MS });
  }

  /** The client took the seat {@link admitSeat} gave it. */
  seated(ticket: string): void {
    const entry = this.pending.get(ticket);
    if (!entry) return;
    entry.pendingUntil = undefined;
    this.pending.delete(ticket);
  }

  /**
   * Admits an overflow viewer's stream, or says why not; {@link left} when it closes.
   * @throws MarqueError 429 `session-quota` (this session's streams are open already),
   * `address-quota` (enough guests' and anonymous streams from this network).
   */
  async admitStream(event: { id: string; title: string }, arrival: Arrival): Promise<string> {
    const others = await this.remote(event.id);
    const all = [this.tally(event.id), ...others];
    const sum = (pick: (t: Tally) => number) => all.reduce((n, t) => n + pick(t), 0);
    if (sum((t) => t.streamsBySubject[arrival.subject] ?? 0) >= STREAMS_PER_SESSION) {
      throw new MarqueError('events', `you already watch "${event.title}" in ${STREAMS_PER_SESSION} streams; close one to open another`, {
        status: 429,
        reason: 'session-quota',
      });
    }
    const viewerCap = this.limits.viewersPerAddress;
    if (!arrival.subject.startsWith('wallet:') && viewerCap > 0 && sum((t) => t.viewersByNetwork[arrival.network] ?? 0) >= viewerCap) {
      throw new MarqueError(
        'events',
        `${this.limits.viewersPerAddress} guests and viewers from your network already watch "${event.title}"; sign in with a wallet to watch as well`,
        { status: 429, reason: 'address-quota' },
      );
    }
    return this.add(this.entryOf(event.id, arrival, 'overflow'));
  }

  left(ticket: string): void {
    const entry = this.entries.get(ticket);
    if (!entry) return;
    this.entries.delete(ticket);
    this.pending.delete(ticket);
    this.count(entry, -1);
  }

  /** People at the event now, on every process, each once: with an avatar, only watching, and both together. */
  async figures(eventId: string): Promise<{ embodied: number; overflow: number; total: number }> {
    const others = await this.remote(eventId, true);
    this.expirePending(eventId);
    const people = new Map<string, number>();
    let anonymous = 0;
    for (const tally of [this.tally(eventId), ...others]) {
      anonymous += tally.anonymous;
      for (const [person, [seats, streams]] of Object.entries(tally.people)) {
        people.set(person, (people.get(person) ?? 0) | (seats > 0 ? 1 : 0) | (streams > 0 ? 2 : 0));
      }
    }
    let embodied = 0;
    for (const flags of people.values()) if (flags & 1) embodied++;
    const overflow = people.size - embodied + anonymous;
    return { embodied, overflow, total: embodied + overflow };
  }

  /** Stops publishing and takes this process's tallies off the presence layer. */
  async close(): Promise<void> {
    clearInterval(this.publisher);
    clearInterval(this.heartbeat);
    await Promise.all([...this.tallies.keys()].map((eventId) => Promise.resolve(this.presence.hdel(key(eventId), this.processId)).catch(() => false)));
  }

  private entryOf(eventId: string, arrival: Arrival, tier: Tier): Entry {
    const guest = !arrival.subject.startsWith('wallet:');
    return {
      eventId,
      person: personOf(arrival),
      subject: arrival.subject,
      network: arrival.network,
      guest,
      anonymous: arrival.subject.startsWith('viewer:') && !arrival.device,
      tier,
    };
  }

  private add(entry: Entry): string {
    const ticket = randomUUID();
    this.entries.set(ticket, entry);
    if (entry.pendingUntil !== undefined) this.pending.set(ticket, entry);
    this.count(entry, 1);
    return ticket;
  }

  private tally(eventId: string): Tally {
    let tally = this.tallies.get(eventId);
    if (!tally) this.tallies.set(eventId, (tally = emptyTally()));
    return tally;
  }

  private count(entry: Entry, delta: 1 | -1) {
    const tally = this.tally(entry.eventId);
    if (entry.tier === 'embodied') {
      tally.seats += delta;
      bump(tally.seatsBySubject, entry.subject, delta);
      if (entry.guest) bump(tally.guestSeatsByNetwork, entry.network, delta);
    } else {
      bump(tally.streamsBySubject, entry.subject, delta);
      if (entry.guest) bump(tally.viewersByNetwork, entry.network, delta);
    }
    if (entry.anonymous) {
      tally.anonymous += delta;
    } else {
      const counts = tally.people[entry.person] ?? [0, 0];
      counts[entry.tier === 'embodied' ? 0 : 1] += delta;
      if (counts[0] <= 0 && counts[1] <= 0) delete tally.people[entry.person];
      else tally.people[entry.person] = counts;
    }
    this.changed.add(entry.eventId);
  }

  /** Drops seats admitted but never taken (the client gave up, or its join failed after admission). */
  private expirePending(eventId: string) {
    const now = Date.now();
    for (const [ticket, entry] of this.pending) {
      if (entry.eventId === eventId && entry.pendingUntil! <= now) this.left(ticket);
    }
  }

  private publishChanged() {
    for (const eventId of this.changed) {
      this.expirePending(eventId);
      const tally = this.tally(eventId);
      if (tally.seats === 0 && tally.anonymous === 0 && Object.keys(tally.people).length === 0) {
        this.tallies.delete(eventId);
        void Promise.resolve(this.presence.hdel(key(eventId), this.processId)).catch(() => false);
      } else {
        tally.at = Date.now();
        void Promise.resolve(this.presence.hset(key(eventId), this.processId, JSON.stringify(tally))).catch(() => false);
      }
    }
    this.changed.clear();
  }

  /** The other live processes' tallies of the event. */
  private remote(eventId: string, fresh = false): Promise<Tally[]> {
    const cached = this.remoteCache.get(eventId);
    if (cached && !fresh && Date.now() - cached.at <= REMOTE_CACHE_MS) return cached.tallies;
    const tallies = this.readRemote(eventId);
    this.remoteCache.set(eventId, { at: Date.now(), tallies });
    if (this.remoteCache.size > 1_000) this.remoteCache.delete(this.remoteCache.keys().next().value!);
    return tallies;
  }

  private async readRemote(eventId: string): Promise<Tally[]> {
    const all = ((await Promise.resolve(this.presence.hgetall(key(eventId))).catch(() => undefined)) ?? {}) as Record<string, string>;
    const now = Date.now();
    const tallies: Tally[] = [];
    for (const [processId, json] of Object.entries(all)) {
      if (processId === this.processId) continue;
      let tally: Tally | undefined;
      try {
        tally = JSON.parse(json) as Tally;
      } catch {
        tally = undefined;
      }
      if (!tally || now - tally.at > STALE_MS) {
        void Promise.resolve(this.presence.hdel(key(eventId), processId)).catch(() => false);
        continue;
      }
      tallies.push(tally);
    }
    return tallies;
  }
}
