import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { freshDatabases } from '../testing/fresh-database';
import { EventStore } from './event-store';
import { buildReport, VisitLog } from './visit-log';

/**
 * Honest attendance: a person's stay is the union of their visits, one person counts once in
 * every figure of the report, and visits a killed process left open end at its last sign of life
 * (its heartbeat), closed at the next start — never those of a live sibling process.
 */

const databases = freshDatabases('visit-log');
let db: Database;
let eventId: string;
const T0 = Date.parse('2026-06-01T18:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

beforeAll(async () => {
  db = await openDatabase(await databases.fresh('pglite'));
  const event = await new EventStore(db).create(
    {
      title: 'Astrale GT reveal',
      startsAt: new Date(T0).toISOString(),
      access: { public: true },
      capacityPerInstance: 50,
      embodiedLimit: 1000,
      hosts: [],
      car: { model: 'astrale-2025', configuration: {} },
      videoUrl: '/media/keynote.mp4',
      minimumStaySeconds: 120,
    },
    'test',
  );
  eventId = event.id;
});
afterAll(async () => {
  await db?.close();
  await databases.cleanup();
});

/** Closes the log without touching its process's heartbeat: as a killed process leaves it. */
function kill(log: VisitLog) {
  return log.flush().then(() => log.close());
}

describe('stay', () => {
  it('is the union of a wallet\'s visits: 13 parallel streams for 11 s are 11 s, not 143', async () => {
    const log = new VisitLog(db, { exclusive: true });
    await log.start(s(0));
    const wallet = 'wallet:0x00000000000000000000000000000000000000a1';
    const visits = Array.from({ length: 13 }, () => log.joined(eventId, wallet, 'overflow', s(0)));
    for (const id of visits) log.left(id, s(11));
    // A seat overlapping the streams, and a later one: 11 + 5 s.
    log.left(log.joined(eventId, wallet, 'embodied', s(5)), s(9));
    log.left(log.joined(eventId, wallet, 'embodied', s(100)), s(105));
    expect(await log.stayedSeconds(eventId, wallet, s(200))).toBe(16);
    await log.close();
  });
});

describe('the report', () => {
  it('counts each person once: attendance, peak, dwell and minutes', () => {
    const visit = (id: string, person: string, from: number, to: number | null) => ({ id, person, subject: `guest:${id}`, joinedAt: s(from), leftAt: to === null ? null : s(to) });
    const report = buildReport(
      'e',
      'Reveal',
      [
        // One device: three guest sessions' streams and a seat, overlapping, 0–130 s.
        visit('a1', 'device:aaaa', 0, 100),
        visit('a2', 'device:aaaa', 10, 110),
        visit('a3', 'device:aaaa', 20, 120),
        visit('a4', 'device:aaaa', 30, 130),
        // Someone else, 40–70 s.
        visit('b1', 'guest:b', 40, 70),
      ],
      [],
      s(300),
    );
    expect(report).toMatchObject({ attendance: 2, peakConcurrency: 2, medianDwellSeconds: 80 });
    expect(report.dwell.find((b) => b.fromSeconds === 60)!.attendees).toBe(1);
    expect(report.dwell.find((b) => b.fromSeconds === 0)!.attendees).toBe(1);
    expect(report.minutes.reduce((n, m) => n + m.joins, 0)).toBe(2);
    // Present at each minute's end: both, then the device's owner, then nobody (five visits, two people).
    expect(report.minutes.map((m) => m.concurrent)).toEqual([2, 1, 0]);
  });
});

describe('visits left open by a killed process', () => {
  it('end at its last heartbeat, closed when the next process starts on the embedded database', async () => {
    const crashed = new VisitLog(db, { exclusive: true });
    await crashed.start(s(1000));
    const wallet = 'wallet:0x00000000000000000000000000000000000000b2';
    crashed.joined(eventId, wallet, 'embodied', s(1000));
    await kill(crashed);
    // Its last heartbeat, 90 s after the visit began; then it was killed, no leave recorded.
    await db.query('update launch_processes set seen_at = $2 where id = $1', [crashed.processId, new Date(s(1090)).toISOString()]);

    const next = new VisitLog(db, { exclusive: true });
    await next.start(s(5000));
    const [row] = await db.query<{ left_at: Date | string }>('select left_at from launch_visits where process_id = $1', [crashed.processId]);
    expect(new Date(row!.left_at).getTime()).toBe(s(1090));
    // An hour later the stay is still the 90 s the visit lasted, not the hour since.
    expect(await next.stayedSeconds(eventId, wallet, s(8600))).toBe(90);
    const report = await next.report(eventId, 'Reveal', s(8600));
    expect(report.minutes.at(-1)!.concurrent).toBe(0);
    await next.close();
  });

  it('on a shared PostgreSQL, closes those of dead processes (not seen lately, or at its own address) and leaves live siblings\' open', async () => {
    const now = Date.now();
    const open = async (log: VisitLog, subject: string) => {
      await log.start(now - 60_000);
      const id = log.joined(eventId, subject, 'embodied', now - 60_000);
      await kill(log);
      return id;
    };
    const sibling = new VisitLog(db, { instance: 'marque-2:2567' });
    const dead = new VisitLog(db, { instance: 'marque-3:2567' });
    const predecessor = new VisitLog(db, { instance: 'marque-1:2567' });
    const siblingVisit = await open(sibling, 'guest:sibling');
    const deadVisit = await open(dead, 'guest:dead');
    const predecessorVisit = await open(predecessor, 'guest:predecessor');
    const seen = (log: VisitLog, at: number) => db.query('update launch_processes set seen_at = $2 where id = $1', [log.processId, new Date(at).toISOString()]);
    await seen(sibling, now - 2_000);
    await seen(dead, now - 45_000);
    await seen(predecessor, now - 3_000);

    // A process restarted at marque-1's address replaces it; marque-2 is alive; marque-3 went quiet 45 s ago.
    const restarted = new VisitLog(db, { instance: 'marque-1:2567' });
    await restarted.start(now);
    const leftAt = async (id: string) => (await db.query<{ left_at: Date | string | null }>('select left_at from launch_visits where id = $1', [id]))[0]!.left_at;
    expect(await leftAt(siblingVisit)).toBeNull();
    expect(new Date((await leftAt(deadVisit))!).getTime()).toBe(now - 45_000);
    expect(new Date((await leftAt(predecessorVisit))!).getTime()).toBe(now - 3_000);
    // The sibling's visit goes on: it counts until now.
    expect(await restarted.stayedSeconds(eventId, 'guest:sibling', now)).toBe(60);
    await restarted.close();
  });
});
