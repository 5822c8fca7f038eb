import { createHmac, randomBytes } from 'node:crypto';
import { MarqueError } from '../../../protocol/src/errors';
import {
  ANALYTICS_MIN_PEOPLE,
  type AnalyticsDashboard,
  type AnalyticsEvent,
  type Figure,
  type FigureGroup,
} from '../../../protocol/src/analytics-api';
import type { Database } from '../db/database';
import type { PersonalDataSource } from '../privacy/personal-data';

/** Who an event is from: a signed-in person (their address) or a guest's device. */
export type AnalyticsPerson = { address: string } | { device: string };

/** Options of {@link AnalyticsStore}. */
export interface AnalyticsOptions {
  /** Below this many people a figure is withheld. */
  minPeople?: number;
}

/**
 * The brand's analytics: events from people who agreed, under a keyed hash of who they are (the
 * salt never leaves the server), read back only as aggregates that rest on enough people. Consent is
 * checked by the caller (the routes); this store refuses nothing it is given but an unknown person.
 */
export class AnalyticsStore {
  #salt?: string;
  readonly minPeople: number;

  constructor(
    private readonly db: Database,
    options: AnalyticsOptions = {},
  ) {
    this.minPeople = options.minPeople ?? ANALYTICS_MIN_PEOPLE;
  }

  /** The salt, made once and kept in the database (server-side only). */
  private async salt(): Promise<string> {
    if (this.#salt) return this.#salt;
    await this.db.query('insert into analytics_salt (id, salt) values (1, $1) on conflict (id) do nothing', [randomBytes(32).toString('hex')]);
    const [row] = await this.db.query<{ salt: string }>('select salt from analytics_salt where id = 1');
    this.#salt = row!.salt;
    return this.#salt;
  }

  /** The pseudonym of a person: an HMAC of their address or device under the salt. */
  async pseudonym(person: AnalyticsPerson): Promise<string> {
    const key = 'address' in person ? `wallet:${person.address.toLowerCase()}` : `device:${person.device}`;
    return createHmac('sha256', await this.salt()).update(key).digest('hex').slice(0, 32);
  }

  /** Records a batch for `person` (who agreed: checked by the caller). */
  async record(person: AnalyticsPerson, events: AnalyticsEvent[], comment?: string): Promise<number> {
    if (events.length === 0) return 0;
    const id = await this.pseudonym(person);
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      values.push(id, event.kind, event.zone ?? null, event.subject ?? null, event.value ?? null, comment ?? null);
      const o = i * 6;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6})`;
    });
    await this.db.query(`insert into analytics_events (person, kind, zone, subject, value, comment) values ${rows.join(', ')}`, values);
    return events.length;
  }

  /** The answer to the question after a launch: one per person and launch (a second replaces the first). */
  async satisfaction(person: AnalyticsPerson, eventId: string, score: number, comment?: string): Promise<void> {
    const id = await this.pseudonym(person);
    await this.db.transaction(async (tx) => {
      await tx.query(`delete from analytics_events where person = $1 and kind = 'launch-satisfaction' and subject = $2`, [id, eventId]);
      await tx.query(
        `insert into analytics_events (person, kind, subject, value, comment) values ($1, 'launch-satisfaction', $2, $3, $4)`,
        [id, eventId, score, comment || null],
      );
    });
  }

  /** Deletes every event of a person (erasure, or a guest forgetting their device). */
  async forget(person: AnalyticsPerson, tx: Pick<Database, 'query'> = this.db): Promise<number> {
    const id = await this.pseudonym(person);
    return (await tx.query('delete from analytics_events where person = $1 returning 1 as gone', [id])).length;
  }

  /** The dashboard's figures over `[since, until)`, each withheld below {@link minPeople} people. */
  async dashboard(since: Date, until: Date): Promise<AnalyticsDashboard> {
    if (!(since < until)) {
      throw new MarqueError('analytics', 'the period ends before it starts', { status: 400, reason: 'bad-period', details: 'Send since < until.' });
    }
    const range = [since, until];
    const where = 'at >= $1 and at < $2';
    const grouped = async (sql: string): Promise<Array<{ label: string; people: number; value: number }>> =>
      (await this.db.query<{ label: string; people: string | number; value: string | number | null }>(sql, range)).map((row) => ({
        label: row.label,
        people: Number(row.people),
        value: Number(row.value ?? 0),
      }));
    const figure = (row: { label: string; people: number; value: number }): Figure => ({
      label: row.label,
      people: row.people,
      value: row.people >= this.minPeople ? round(row.value) : null,
    });
    const group = (id: string, title: string, unit: string, rows: Array<{ label: string; people: number; value: number }>): FigureGroup => ({
      id,
      title,
      unit,
      figures: rows.map(figure),
    });

    const zoneVisits = await grouped(
      `select zone as label, count(distinct person) as people, count(*) as value from analytics_events
       where kind = 'zone-visit' and zone is not null and ${where} group by zone order by zone`,
    );
    const zoneDwell = await grouped(
      `select zone as label, count(distinct person) as people, avg(value) as value from analytics_events
       where kind = 'zone-visit' and zone is not null and value is not null and ${where} group by zone order by zone`,
    );
    const tour = await grouped(
      `select case kind when 'tour-started' then 'Started' else 'Completed' end as label, count(distinct person) as people, count(distinct person) as value
       from analytics_events where kind in ('tour-started', 'tour-completed') and ${where} group by kind order by kind desc`,
    );
    const cars = await grouped(
      `select subject as label, count(distinct person) as people, count(*) as value from analytics_events
       where kind = 'car-viewed' and subject is not null and ${where} group by subject order by subject`,
    );
    const configurator = await grouped(
      `select case kind when 'build-saved' then 'Builds' when 'build-shared' then 'Shares' else 'Dealer requests' end as label,
       count(distinct person) as people, count(*) as value from analytics_events
       where kind in ('build-saved', 'build-shared', 'dealer-request') and ${where} group by kind order by kind`,
    );
    // Launch funnels, from the server's own records of people who agreed to analytics (signed in:
    // passes and badges are held by wallets): access pass held or attended → attended → stayed the
    // launch's minimum → badge held. Guests are not in funnels.
    const funnel = await grouped(
      `with consenting as (select address from consents where analytics),
       visits as (
         select v.event_id, lower(substr(v.subject, 8)) as address,
                sum(extract(epoch from (coalesce(v.left_at, now()) - v.joined_at))) as seconds
         from launch_visits v
         where lower(v.subject) like 'wallet:%' and v.joined_at >= $1 and v.joined_at < $2
         group by 1, 2),
       events as (select id, title, chain_event_id, minimum_stay_seconds from launch_events),
       passes as (
         select e.id as event_id, b.holder as address, b.token_id = (e.chain_event_id::numeric * 2 + 1) as badge
         from events e join event_pass_balances b
           on e.chain_event_id is not null and b.amount > 0 and b.token_id in (e.chain_event_id::numeric * 2, e.chain_event_id::numeric * 2 + 1)),
       stages as (
         select event_id, address, 1 as stage from passes where not badge
         union select event_id, address, 1 from visits
         union select event_id, address, 2 from visits
         union select v.event_id, v.address, 3 from visits v join events e on e.id = v.event_id where v.seconds >= e.minimum_stay_seconds
         union select event_id, address, 4 from passes where badge)
       select e.title || ' · ' || (case s.stage when 1 then '1 invited' when 2 then '2 attended' when 3 then '3 stayed' else '4 badge' end) as label,
              count(distinct s.address) as people, count(distinct s.address) as value
       from stages s join consenting c on c.address = s.address join events e on e.id = s.event_id
       group by e.title, s.stage order by label`,
    );
    const returning = await grouped(
      `with days as (select person, count(distinct date_trunc('day', at)) as n from analytics_events where ${where} group by person)
       select 'Returning visitors' as label, count(*) filter (where n > 1) as people, count(*) filter (where n > 1) as value from days
       union all select 'All visitors', count(*), count(*) from days`,
    );
    const satisfaction = await grouped(
      `select subject as label, count(distinct person) as people, avg(value) as value from analytics_events
       where kind = 'launch-satisfaction' and subject is not null and ${where} group by subject order by subject`,
    );
    const answered = new Set(satisfaction.filter((row) => row.people >= this.minPeople).map((row) => row.label));
    const comments = (
      await this.db.query<{ subject: string; value: number; comment: string }>(
        `select subject, value, comment from analytics_events
         where kind = 'launch-satisfaction' and comment is not null and ${where} order by at`,
        range,
      )
    )
      .filter((row) => answered.has(row.subject))
      .map((row) => ({ eventId: row.subject, score: Number(row.value), comment: row.comment }));

    return {
      since: since.toISOString(),
      until: until.toISOString(),
      minPeople: this.minPeople,
      groups: [
        group('zone-visits', 'Zone visits', 'visits', zoneVisits),
        group('zone-dwell', 'Time in each zone', 'mean seconds', zoneDwell),
        group('tour', 'Museum tour', 'people', tour),
        group('cars', 'Cars looked at', 'views', cars),
        group('configurator', 'Configurator', 'count', configurator),
        group('launch-funnel', 'Launch funnels (invited → attended → stayed → badge)', 'people', funnel),
        group('returning', 'Returning visitors (seen on more than one day)', 'people', returning),
        group('satisfaction', 'Satisfaction after launches', 'mean score (0–10)', satisfaction),
      ],
      comments,
    };
  }

  /** The personal-data source of analytics: the events under the person's pseudonym. */
  source(): PersonalDataSource {
    return {
      name: 'analytics',
      what: 'What you did in Marque (zones visited and for how long, tours, cars looked at, builds, launches, your satisfaction answers), under a pseudonym.',
      where: "Marque's database, table analytics_events, under a keyed hash of your address (the key stays on the server).",
      why: 'Analytics for the brand team, only with your consent; shown only in totals of at least ' + this.minPeople + ' people.',
      retention: 'Until you withdraw analytics consent or erase your data.',
      export: async (subject, db) =>
        db.query('select kind, zone, subject, value, comment, at from analytics_events where person = $1 order by at', [
          await this.pseudonym({ address: subject.address }),
        ]),
      erase: (subject, tx) => this.forget({ address: subject.address }, tx),
    };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The dashboard as CSV: one line per figure, an empty value where it is withheld. */
export function dashboardCsv(dashboard: AnalyticsDashboard): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [['group', 'label', 'unit', 'people', 'value'].join(',')];
  for (const group of dashboard.groups) {
    for (const figure of group.figures) lines.push([group.title, figure.label, group.unit, figure.people, figure.value].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
