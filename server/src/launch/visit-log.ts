import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { LaunchReport } from '../../../protocol/src/launch';

/** How often queued visits and reaction counts are written, ms. */
const FLUSH_MS = 500;
/** How often a process notes in the database that it is alive, ms. */
const HEARTBEAT_MS = 5_000;
/** A process not seen for this long is dead: its open visits end at its last heartbeat. */
export const PROCESS_STALE_MS = 6 * HEARTBEAT_MS;

/** One presence of a person at an event: a seat or an overflow stream, from join to leave. */
export interface Visit {
  id: string;
  /** Who counts once: a wallet, else a device, else a session (see attendance-ledger.ts `personOf`). */
  person: string;
  subject: string;
  joinedAt: number;
  /** When it ended; null while it goes on. */
  leftAt: number | null;
}

/** Options of {@link VisitLog}. */
export interface VisitLogOptions {
  /**
   * Where this process serves (`PUBLIC_ADDRESS`, or `host:port` with a fixed port): a process that
   * starts at the address of a dead one replaces it, and closes its open visits at once.
   */
  instance?: string;
  /**
   * The database is this process's alone (the embedded one): every other process in it is a
   * dead predecessor.
   */
  exclusive?: boolean;
}

/**
 * What a launch's report is made of: each attendee's visits (join, leave, tier) and reactions
 * counted per minute. Thousands of people arrive within a minute, so both are queued and written
 * in batches twice a second rather than a statement per join; `flush` writes what is queued.
 *
 * Each visit carries the process that recorded it, and each process its last heartbeat
 * (`launch_processes`): a visit a killed process left open ends at that heartbeat. At start a
 * process closes the open visits of its dead predecessors (every other process, on the embedded
 * database; on PostgreSQL those at its own address and those not seen for
 * {@link PROCESS_STALE_MS}), and every heartbeat closes those of processes that died since; live
 * sibling processes' visits are left alone.
 */
export class VisitLog {
  private joins: { id: string; eventId: string; subject: string; person: string; tier: string; at: number }[] = [];
  private leaves: { id: string; at: number }[] = [];
  private reactions = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** This process's id on its visits. */
  readonly processId = randomUUID();

  constructor(
    private readonly db: Database,
    private readonly options: VisitLogOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush().catch((error: unknown) => console.error(`launch: visits not written: ${String(error)}`)), FLUSH_MS);
    this.timer.unref();
  }

  /**
   * Registers this process, closes the visits its dead predecessors left open, and starts the
   * heartbeat. Call once before the first visit.
   */
  async start(now = Date.now()): Promise<void> {
    await this.db.query('insert into launch_processes (id, instance, started_at, seen_at) values ($1, $2, $3, $3)', [
      this.processId,
      this.options.instance ?? null,
      new Date(now).toISOString(),
    ]);
    const closed = await this.closeAbandoned(now, true);
    if (closed > 0) console.log(`launch: closed ${closed} visit(s) left open by a server process that stopped without closing them`);
    this.heartbeat = setInterval(() => void this.beat().catch((error: unknown) => console.error(`launch: heartbeat not written: ${String(error)}`)), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Records an arrival; returns the visit's id, for {@link left}. */
  joined(eventId: string, subject: string, tier: 'embodied' | 'overflow', at = Date.now(), person = subject): string {
    const id = randomUUID();
    this.joins.push({ id, eventId, subject, person, tier, at });
    return id;
  }

  left(visitId: string, at = Date.now()): void {
    this.leaves.push({ id: visitId, at });
  }

  reacted(eventId: string, count = 1, at = Date.now()): void {
    const key = `${eventId}\n${new Date(Math.floor(at / 60_000) * 60_000).toISOString()}`;
    this.reactions.set(key, (this.reactions.get(key) ?? 0) + count);
  }

  /** Writes everything queued so far (joins before leaves, so a short visit is whole). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Writes what is queued and stops. Visits still open stay open: a process that stops closes its rooms (and their visits) first. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.heartbeat);
    await this.flush();
    await this.db.query('update launch_processes set seen_at = $2 where id = $1', [this.processId, new Date().toISOString()]).catch(() => []);
  }

  private async beat(now = Date.now()): Promise<void> {
    await this.db.query('update launch_processes set seen_at = $2 where id = $1', [this.processId, new Date(now).toISOString()]);
    await this.closeAbandoned(now, false);
  }

  /**
   * Ends the open visits of dead processes at their last heartbeat (never before the visit
   * began); visits from before processes were recorded end where they began, as nothing says
   * how long they lasted. Returns how many it closed.
   */
  private async closeAbandoned(now: number, starting: boolean): Promise<number> {
    const staleBefore = new Date(now - PROCESS_STALE_MS).toISOString();
    const dead = this.options.exclusive
      ? 'p.id <> $1'
      : `p.id <> $1 and (p.seen_at < $2${starting && this.options.instance ? ' or p.instance = $3' : ''})`;
    const params: unknown[] = [this.processId, staleBefore];
    if (!this.options.exclusive && starting && this.options.instance) params.push(this.options.instance);
    const closed = await this.db.query<{ id: string }>(
      `update launch_visits v set left_at = greatest(v.joined_at, p.seen_at)
       from launch_processes p
       where v.left_at is null and v.process_id = p.id and ${dead}
       returning v.id`,
      this.options.exclusive ? [this.processId] : params,
    );
    let count = closed.length;
    if (starting) {
      count += (await this.db.query('update launch_visits set left_at = joined_at where left_at is null and process_id is null returning id')).length;
    }
    // Dead processes' rows are kept a day (their visits' ends refer to them), then dropped.
    await this.db.query(
      `delete from launch_processes p where p.id <> $1 and p.seen_at < $2
       and not exists (select 1 from launch_visits v where v.process_id = p.id and v.left_at is null)`,
      [this.processId, new Date(now - 86_400_000).toISOString()],
    );
    return count;
  }

  private async write(): Promise<void> {
    const joins = this.joins.splice(0);
    const leaves = this.leaves.splice(0);
    const reactions = [...this.reactions];
    this.reactions.clear();
    if (joins.length > 0) {
      await this.db.query(
        `insert into launch_visits (id, event_id, subject, person, tier, joined_at, process_id)
         select *, $7::text from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])`,
        [
          joins.map((j) => j.id),
          joins.map((j) => j.eventId),
          joins.map((j) => j.subject),
          joins.map((j) => j.person),
          joins.map((j) => j.tier),
          joins.map((j) => new Date(j.at).toISOString()),
          this.processId,
        ],
      );
    }
    if (leaves.length > 0) {
      await this.db.query(
        `update launch_visits set left_at = v.left_at from unnest($1::text[], $2::timestamptz[]) as v(id, left_at) where launch_visits.id = v.id`,
        [leaves.map((l) => l.id), leaves.map((l) => new Date(l.at).toISOString())],
      );
    }
    if (reactions.length > 0) {
      await this.db.query(
        `insert into launch_reactions (event_id, minute, count)
         select * from unnest($1::text[], $2::timestamptz[], $3::int[])
         on conflict (event_id, minute) do update set count = launch_reactions.count + excluded.count`,
        [reactions.map(([k]) => k.split('\n')[0]), reactions.map(([k]) => k.split('\n')[1]), reactions.map(([, n]) => n)],
      );
    }
  }

  /** Joins and reactions over the last minute, for the console's live figures: people who arrived, each once. */
  async lastMinute(eventId: string, now = Date.now()): Promise<{ joins: number; reactions: number }> {
    await this.flush();
    const since = new Date(now - 60_000).toISOString();
    const [joins] = await this.db.query<{ n: number | string }>(
      'select count(distinct coalesce(person, subject)) as n from launch_visits where event_id = $1 and joined_at > $2',
      [eventId, since],
    );
    const [reactions] = await this.db.query<{ n: number | string | null }>(
      'select sum(count) as n from launch_reactions where event_id = $1 and minute >= $2',
      [eventId, new Date(Math.floor((now - 60_000) / 60_000) * 60_000).toISOString()],
    );
    return { joins: Number(joins?.n ?? 0), reactions: Number(reactions?.n ?? 0) };
  }

  /**
   * How long `subject` has been at the event, seconds: the union of its visits (seats and
   * streams), so parallel tabs or streams count once. Visits still open count until `now`, those
   * of a dead process until its last heartbeat.
   */
  async stayedSeconds(eventId: string, subject: string, now = Date.now()): Promise<number> {
    await this.flush();
    return unionMs(intervals(await this.visits(eventId, now, subject), now)) / 1000;
  }

  /** The event's report, from its visits and reaction counts. */
  async report(eventId: string, title: string, now = Date.now()): Promise<LaunchReport> {
    await this.flush();
    const visits = await this.visits(eventId, now);
    const reactions = await this.db.query<{ minute: Date | string; count: number }>(
      'select minute, count from launch_reactions where event_id = $1 order by minute',
      [eventId],
    );
    return buildReport(
      eventId,
      title,
      visits,
      reactions.map((r) => ({ minute: new Date(r.minute).getTime(), count: r.count })),
      now,
    );
  }

  /** The event's visits (of one subject), those a dead process left open ended at its last heartbeat. */
  private async visits(eventId: string, now: number, subject?: string): Promise<Visit[]> {
    const rows = await this.db.query<{
      id: string;
      person: string;
      subject: string;
      joined_at: Date | string;
      left_at: Date | string | null;
      process_id: string | null;
      seen_at: Date | string | null;
    }>(
      `select v.id, coalesce(v.person, v.subject) as person, v.subject, v.joined_at, v.left_at, v.process_id, p.seen_at
       from launch_visits v left join launch_processes p on p.id = v.process_id
       where v.event_id = $1 ${subject ? 'and v.subject = $2' : ''} order by v.joined_at`,
      subject ? [eventId, subject] : [eventId],
    );
    return rows.map((r) => {
      const joinedAt = new Date(r.joined_at).getTime();
      let leftAt = r.left_at ? new Date(r.left_at).getTime() : null;
      if (leftAt === null && r.process_id !== this.processId) {
        const seen = r.seen_at ? new Date(r.seen_at).getTime() : joinedAt;
        if (!r.seen_at || now - seen > PROCESS_STALE_MS) leftAt = Math.max(joinedAt, seen);
      }
      return { id: r.id, person: r.person, subject: r.subject, joinedAt, leftAt };
    });
  }
}

/** Each visit as [start, end), open ones ending at `now`. */
function intervals(visits: readonly Visit[], now: number): [number, number][] {
  return visits.map((v) => [v.joinedAt, Math.max(v.joinedAt, v.leftAt ?? now)]);
}

/** Overlapping intervals merged into disjoint ones, in order. */
export function mergeIntervals(list: readonly [number, number][]): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function unionMs(list: readonly [number, number][]): number {
  return mergeIntervals(list).reduce((sum, [start, end]) => sum + (end - start), 0);
}

/** Dwell buckets of the report, seconds: under a minute, 1–5 min, 5–15, 15–30, 30–60, an hour or more. */
export const DWELL_BUCKETS = [0, 60, 300, 900, 1800, 3600] as const;

/**
 * The report of an event from its visits, counting people, not connections: each person's visits
 * (seats and streams, on any tab or device) are merged into the spans they were there, so one
 * person is one attendee, present once at any moment, and stays as long as the union of their
 * visits. Distinct attendees, the peak number present at once (a sweep over arrivals and
 * departures), each attendee's total stay bucketed, and per minute the arrivals, the reactions and
 * how many were present at the minute's end. Visits still open end at `now`.
 */
export function buildReport(
  eventId: string,
  title: string,
  visits: readonly Visit[],
  reactions: readonly { minute: number; count: number }[],
  now: number,
): LaunchReport {
  const byPerson = new Map<string, [number, number][]>();
  for (const v of visits) {
    const list = byPerson.get(v.person) ?? [];
    list.push([v.joinedAt, Math.max(v.joinedAt, v.leftAt ?? now)]);
    byPerson.set(v.person, list);
  }
  const spans: [number, number][] = [];
  const stays = new Map<string, number>();
  for (const [person, list] of byPerson) {
    const merged = mergeIntervals(list);
    spans.push(...merged);
    stays.set(person, merged.reduce((sum, [start, end]) => sum + (end - start), 0) / 1000);
  }
  const steps: [number, number][] = spans.flatMap(([start, end]): [number, number][] => [
    [start, 1],
    [end, -1],
  ]);
  // Departures before arrivals at the same instant: one person leaving as another comes is not two at once.
  steps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let present = 0;
  let peak = 0;
  let peakAt: number | null = null;
  for (const [at, delta] of steps) {
    present += delta;
    if (present > peak) {
      peak = present;
      peakAt = at;
    }
  }

  const dwell = DWELL_BUCKETS.map((from, i) => ({ fromSeconds: from, toSeconds: DWELL_BUCKETS[i + 1] ?? null, attendees: 0 }));
  for (const seconds of stays.values()) {
    const bucket = dwell.findLast((b) => seconds >= b.fromSeconds)!;
    bucket.attendees++;
  }
  const sorted = [...stays.values()].sort((a, b) => a - b);
  const median = sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

  const minutes: LaunchReport['minutes'] = [];
  const times = [...spans.map(([start]) => start), ...reactions.map((r) => r.minute)];
  if (times.length > 0) {
    const first = Math.floor(Math.min(...times) / 60_000) * 60_000;
    const lastEvent = Math.max(...spans.map(([, end]) => end), ...reactions.map((r) => r.minute));
    const last = Math.floor(Math.min(lastEvent, now) / 60_000) * 60_000;
    const reactionsAt = new Map(reactions.map((r) => [r.minute, r.count]));
    for (let minute = first; minute <= last && minutes.length < 24 * 60; minute += 60_000) {
      const end = minute + 60_000;
      minutes.push({
        minute: new Date(minute).toISOString(),
        joins: spans.filter(([start]) => start >= minute && start < end).length,
        reactions: reactionsAt.get(minute) ?? 0,
        concurrent: spans.filter(([start, until]) => start < end && until >= Math.min(end, now)).length,
      });
    }
  }
  return {
    eventId,
    title,
    attendance: stays.size,
    peakConcurrency: peak,
    peakAt: peakAt === null ? null : new Date(peakAt).toISOString(),
    dwell,
    medianDwellSeconds: Math.round(median),
    minutes,
  };
}

/** The report as CSV: one row per minute, then the dwell buckets, with a header line each. */
export function reportCsv(report: LaunchReport): string {
  const lines = [
    'section,minute,joins,reactions,concurrent',
    ...report.minutes.map((m) => `minute,${m.minute},${m.joins},${m.reactions},${m.concurrent}`),
    '',
    'section,from_seconds,to_seconds,attendees',
    ...report.dwell.map((d) => `dwell,${d.fromSeconds},${d.toSeconds ?? ''},${d.attendees}`),
    '',
    'section,attendance,peak_concurrency,peak_at,median_dwell_seconds',
    `summary,${report.attendance},${report.peakConcurrency},${report.peakAt ?? ''},${report.medianDwellSeconds}`,
  ];
  return `${lines.join('\n')}\n`;
}
