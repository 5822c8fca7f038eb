import { LocalPresence } from '@colyseus/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AttendanceLedger, SEATS_PER_SESSION, STREAMS_PER_SESSION } from './attendance-ledger';

const event = { id: 'e1', title: 'Astrale GT reveal', embodiedLimit: 10 };
const ledgers: AttendanceLedger[] = [];
afterEach(async () => {
  await Promise.all(ledgers.splice(0).map((l) => l.close()));
});

function ledger(presence = new LocalPresence(), limits = { guestsPerAddress: 3, viewersPerAddress: 2, signedInShare: 0.2 }) {
  const made = new AttendanceLedger(presence, limits);
  ledgers.push(made);
  return made;
}

const guest = (n: number, network = '10.0.0.1', device?: string) => ({ subject: `guest:${n}`, network, device });
const wallet = (n: number, network = '10.0.0.1') => ({ subject: `wallet:0x${String(n).padStart(40, '0')}`, network });

describe('AttendanceLedger', () => {
  it('seats a few guests per network, all at once as well as one by one, and keeps the last seats for signed-in attendees', async () => {
    const audience = ledger();
    // 30 throwaway guest sessions from one network, at the same moment.
    const burst = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => audience.admitSeat(event, guest(i))));
    expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect((burst.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 429, reason: 'address-quota' });
    // Guests from other networks fill the floor up to the seats kept for signed-in attendees (2 of 10).
    for (let i = 0; i < 5; i++) await audience.admitSeat(event, guest(100 + i, `10.0.1.${i}`));
    await expect(audience.admitSeat(event, guest(200, '10.0.2.1'))).rejects.toMatchObject({
      status: 409,
      reason: 'overflow',
      unit: 'events',
      shortMessage: 'the last 2 seats of "Astrale GT reveal" are kept for signed-in attendees; sign in with a wallet to take one, or watch from the overflow tier',
    });
    // A signed-in owner still gets in, from any network.
    await audience.admitSeat(event, wallet(1));
    await audience.admitSeat(event, wallet(2));
    await expect(audience.admitSeat(event, wallet(3))).rejects.toMatchObject({ status: 409, reason: 'overflow' });
  });

  it('gives a seat back when its holder leaves or never takes it', async () => {
    const audience = ledger();
    const tickets = await Promise.all([0, 1, 2].map((i) => audience.admitSeat(event, guest(i))));
    await expect(audience.admitSeat(event, guest(3))).rejects.toMatchObject({ reason: 'address-quota' });
    audience.seated(tickets[0]!);
    audience.left(tickets[0]!);
    await audience.admitSeat(event, guest(3));
  });

  it('holds one session to a few seats and streams', async () => {
    const audience = ledger();
    for (let i = 0; i < SEATS_PER_SESSION; i++) await audience.admitSeat(event, wallet(1));
    await expect(audience.admitSeat(event, wallet(1))).rejects.toMatchObject({ status: 409, reason: 'already-seated' });
    for (let i = 0; i < STREAMS_PER_SESSION; i++) await audience.admitStream(event, wallet(1));
    await expect(audience.admitStream(event, wallet(1))).rejects.toMatchObject({ status: 429, reason: 'session-quota' });
  });

  it('caps anonymous streams per network, and counts people, not streams', async () => {
    const audience = ledger();
    const anonymous = (n: number, network = '10.0.0.9') => ({ subject: `viewer:${n}`, network });
    await audience.admitStream(event, anonymous(1));
    await audience.admitStream(event, anonymous(2));
    await expect(audience.admitStream(event, anonymous(3))).rejects.toMatchObject({ status: 429, reason: 'address-quota' });
    // A wallet with a seat and two streams, a guest on one device with two guest sessions' streams.
    const seat = await audience.admitSeat(event, wallet(1));
    audience.seated(seat);
    await audience.admitStream(event, wallet(1));
    await audience.admitStream(event, wallet(1));
    await audience.admitStream(event, guest(7, '10.0.0.7', 'device-0123456789abcdef'));
    await audience.admitStream(event, guest(8, '10.0.0.7', 'device-0123456789abcdef'));
    expect(await audience.figures(event.id)).toEqual({ embodied: 1, overflow: 3, total: 4 });
  });

  it('adds up the processes sharing a presence, and forgets a process that stopped', async () => {
    const presence = new LocalPresence();
    const first = ledger(presence);
    const second = ledger(presence);
    await first.admitSeat(event, guest(1));
    await first.admitSeat(event, guest(2));
    await first.admitStream(event, wallet(5));
    // The first process publishes its tally within a fifth of a second.
    await expect.poll(() => second.figures(event.id)).toEqual({ embodied: 2, overflow: 1, total: 3 });
    await second.admitSeat(event, guest(3));
    await expect(second.admitSeat(event, guest(4))).rejects.toMatchObject({ reason: 'address-quota' });
    await first.close();
    expect(await second.figures(event.id)).toEqual({ embodied: 1, overflow: 0, total: 1 });
    // A killed process's tally is not refreshed: a minute old, it counts nobody.
    const dead = { at: Date.now() - 60_000, seats: 40, anonymous: 9, people: { 'guest:x': [1, 0] }, seatsBySubject: {}, streamsBySubject: {}, guestSeatsByNetwork: {}, viewersByNetwork: {} };
    await presence.hset(`launch:audience:${event.id}`, 'killed-process', JSON.stringify(dead));
    expect(await second.figures(event.id)).toEqual({ embodied: 1, overflow: 0, total: 1 });
  });
});
