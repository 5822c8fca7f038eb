import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { LaunchReport } from '../protocol/launch';

/** How often queued visits and reaction counts are written, ms. */
const FLUSH_MS = 500;

interface Visit {
  id: string;
  subject: string;
  joinedAt: number;
  leftAt: number | null;
}

/**
 * What a launch's report is made of: each attendee's visits (join, leave, tier) and reactions
 * counted per minute. Thousands of people arrive within a minute, so both are queued and written
 * in batches twice a second rather than a statement per join; `flush` writes what is queued.
 */
export class VisitLog {
  private joins: { id: string; eventId: string; subject: string; tier: string; at: number }[] = [];
  private leaves: { id: string; at: number }[] = [];
  private reactions = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Database) {
    this.timer = setInterval(() => void this.flush().catch((error: unknown) => console.error(`launch: visits not written: ${String(error)}`)), FLUSH_MS);
    this.timer.unref();
  }

  /** Records an arrival; returns the visit's id, for {@link left}. */
  joined(eventId: string, subject: string, tier: 'embodied' | 'overflow', at = Date.now()): string {
    const id = randomUUID();
    this.joins.push({ id, eventId, subject, tier, at });
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

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const joins = this.joins.splice(0);
    const leaves = this.leaves.splice(0);
    const reactions = [...this.reactions];
    this.reactions.clear();
    if (joins.length > 0) {
      await this.db.query(
        `insert into launch_visits (id, event_id, subject, tier, joined_at)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
        [joins.map((j) => j.id), joins.map((j) => j.eventId), joins.map((j) => j.subject), joins.map((j) => j.tier), joins.map((j) => new Date(j.at).toISOString())],
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

  /** Joins and reactions over the last minute, for the console's live figures. */
  async lastMinute(eventId: string, now = Date.now()): Promise<{ joins: number; reactions: number }> {
    await this.flush();
    const since = new Date(now - 60_000).toISOString();
    const [joins] = await this.db.query<{ n: number | string }>('select count(*) as n from launch_visits where event_id = $1 and joined_at > $2', [eventId, since]);
    const [reactions] = await this.db.query<{ n: number | string | null }>(
      'select sum(count) as n from launch_reactions where event_id = $1 and minute >= $2',
      [eventId, new Date(Math.floor((now - 60_000) / 60_000) * 60_000).toISOString()],
    );
    return { joins: Number(joins?.n ?? 0), reactions: Number(reactions?.n ?? 0) };
  }

  /** Seconds each subject has stayed in all (visits still open count until `now`). */
  async stayedSeconds(eventId: string, subject: string, now = Date.now()): Promise<number> {
    await this.flush();
    const visits = await this.visits(eventId, subject);
    return visits.reduce((sum, v) => sum + ((v.leftAt ?? now) - v.joinedAt), 0) / 1000;
  }

  /** The event's report, from its visits and reaction counts. */
  async report(eventId: string, title: string, now = Date.now()): Promise<LaunchReport> {
    await this.flush();
    const visits = await this.visits(eventId);
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

  private async visits(eventId: string, subject?: string): Promise<Visit[]> {
    const rows = await this.db.query<{ id: string; subject: string; joined_at: Date | string; left_at: Date | string | null }>(
      `select id, subject, joined_at, left_at from launch_visits where event_id = $1 ${subject ? 'and subject = $2' : ''} order by joined_at`,
      subject ? [eventId, subject] : [eventId],
    );
    return rows.map((r) => ({ id: r.id, subject: r.subject, joinedAt: new Date(r.joined_at).getTime(), leftAt: r.left_at ? new Date(r.left_at).getTime() : null }));
  }
}

/** Dwell buckets of the report, seconds: under a minute, 1–5 min, 5–15, 15–30, 30–60, an hour or more. */
export const DWELL_BUCKETS = [0, 60, 300, 900, 1800, 3600] as const;

/**
 * The report of an event from its visits: distinct attendees, the peak number present at once
 * (a sweep over joins and leaves), each attendee's total stay bucketed, and per minute the joins,
 * the reactions and how many were present at the minute's end. Visits still open end at `now`.
 */
export function buildReport(
  eventId: string,
  title: string,
  visits: readonly Visit[],
  reactions: readonly { minute: number; count: number }[],
  now: number,
): LaunchReport {
  const stays = new Map<string, number>();
  const steps: [number, number][] = [];
  for (const v of visits) {
    const end = v.leftAt ?? now;
    stays.set(v.subject, (stays.get(v.subject) ?? 0) + Math.max(0, end - v.joinedAt) / 1000);
    steps.push([v.joinedAt, 1], [end, -1]);
  }
  // Leaves before joins at the same instant: someone reconnecting is not counted twice.
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
  const times = [...visits.map((v) => v.joinedAt), ...reactions.map((r) => r.minute)];
  if (times.length > 0) {
    const first = Math.floor(Math.min(...times) / 60_000) * 60_000;
    const lastEvent = Math.max(...visits.map((v) => v.leftAt ?? now), ...reactions.map((r) => r.minute));
    const last = Math.floor(Math.min(lastEvent, now) / 60_000) * 60_000;
    const reactionsAt = new Map(reactions.map((r) => [r.minute, r.count]));
    for (let minute = first; minute <= last && minutes.length < 24 * 60; minute += 60_000) {
      const end = minute + 60_000;
      minutes.push({
        minute: new Date(minute).toISOString(),
        joins: visits.filter((v) => v.joinedAt >= minute && v.joinedAt < end).length,
        reactions: reactionsAt.get(minute) ?? 0,
        concurrent: visits.filter((v) => v.joinedAt < end && (v.leftAt ?? now) >= Math.min(end, now)).length,
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
