import { randomBytes } from 'node:crypto';
import type { AccessRule } from '../../../protocol/src/access-rules';
import type { Database } from '../db/database';
import { MarqueError } from '../../../protocol/src/errors';
import type { LaunchEvent, Question, ShowState } from '../../../protocol/src/launch';

/** How a host kept someone out of an event. */
export type BanKind = 'removed' | 'banned';

/** An event's definition as validated by the service (see `launchEventInput`). */
export type EventDefinition = Omit<LaunchEvent, 'id' | 'show' | 'chainEventId'>;

interface EventRow {
  id: string;
  title: string;
  starts_at: Date | string;
  access: AccessRule | string;
  capacity_per_instance: number;
  embodied_limit: number;
  hosts: string[] | string;
  car: LaunchEvent['car'] | string;
  video_url: string;
  minimum_stay_seconds: number;
  chain_event_id: string | null;
  show: ShowState | string;
}

/** PGlite hands jsonb back parsed, node-postgres too; a text column stays a string. */
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function toEvent(row: EventRow): LaunchEvent {
  return {
    id: row.id,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    access: json(row.access),
    capacityPerInstance: row.capacity_per_instance,
    embodiedLimit: row.embodied_limit,
    hosts: json(row.hosts),
    car: json(row.car),
    videoUrl: row.video_url,
    minimumStaySeconds: row.minimum_stay_seconds,
    chainEventId: row.chain_event_id,
    show: json(row.show),
  };
}

/**
 * Launch events in the database (migration 006): their definitions and persisted show state,
 * bans, and the questions with their votes. Visits and reactions: ./visit-log.ts.
 */
export class EventStore {
  constructor(private readonly db: Database) {}

  async create(definition: EventDefinition, createdBy: string): Promise<LaunchEvent> {
    // Lower-case, so an invitation's scope (`event:<id>`) can name it.
    const id = randomBytes(6).toString('hex');
    const show: ShowState = { eventId: id, cue: 'scheduled', cueAt: Date.now(), seq: 0, onStage: [], slowModeSeconds: 0 };
    const [row] = await this.db.query<EventRow>(
      `insert into launch_events (id, title, starts_at, access, capacity_per_instance, embodied_limit, hosts, car, video_url, minimum_stay_seconds, show, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *`,
      [id, ...definitionParams(definition), JSON.stringify(show), createdBy],
    );
    return toEvent(row!);
  }

  async update(id: string, definition: EventDefinition): Promise<LaunchEvent> {
    const [row] = await this.db.query<EventRow>(
      `update launch_events set title = $2, starts_at = $3, access = $4, capacity_per_instance = $5, embodied_limit = $6, hosts = $7,
       car = $8, video_url = $9, minimum_stay_seconds = $10, updated_at = now() where id = $1 returning *`,
      [id, ...definitionParams(definition)],
    );
    if (!row) throw notFound(id);
    return toEvent(row);
  }

  async get(id: string): Promise<LaunchEvent | undefined> {
    const [row] = await this.db.query<EventRow>('select * from launch_events where id = $1', [id]);
    return row ? toEvent(row) : undefined;
  }

  /** @throws MarqueError 404 when there is no such event. */
  async require(id: string): Promise<LaunchEvent> {
    const event = await this.get(id);
    if (!event) throw notFound(id);
    return event;
  }

  /** The event, if `wallet` is one of its hosts. @throws MarqueError 404, 403 `not-host`. */
  async requireHost(id: string, wallet: string): Promise<LaunchEvent> {
    const event = await this.require(id);
    if (!event.hosts.includes(wallet.toLowerCase())) {
      throw new MarqueError('events', `${wallet} is not a host of "${event.title}"`, { status: 403, reason: 'not-host' });
    }
    return event;
  }

  async list(): Promise<LaunchEvent[]> {
    return (await this.db.query<EventRow>('select * from launch_events order by starts_at desc limit 200')).map(toEvent);
  }

  /**
   * Writes the show's next state if the stored one is still at `expectedSeq`: two hosts firing
   * at once cannot both move it. Returns false when another change came first.
   */
  async saveShow(show: ShowState, expectedSeq: number): Promise<boolean> {
    const rows = await this.db.query(
      `update launch_events set show = $2, updated_at = now() where id = $1 and (show->>'seq')::int = $3 returning id`,
      [show.eventId, JSON.stringify(show), expectedSeq],
    );
    return rows.length === 1;
  }

  /** The event's on-chain badge event and the transaction that created it, as stored. */
  async chainEventOf(id: string): Promise<{ chainEventId: string; transactionHash?: `0x${string}` } | undefined> {
    const [row] = await this.db.query<{ chain_event_id: string | null; chain_event_tx: string | null }>(
      'select chain_event_id, chain_event_tx from launch_events where id = $1',
      [id],
    );
    if (!row?.chain_event_id) return undefined;
    return { chainEventId: row.chain_event_id, transactionHash: (row.chain_event_tx as `0x${string}` | null) ?? undefined };
  }

  /**
   * Stores the on-chain badge event the chain just created for `id`. Ids are unique to a launch
   * (a unique index): a launch that still holds this id had its own creation lost in a rollback of
   * the chain (the chain gave the id out again), so it is cleared there, and that launch creates
   * its own again at its next claim. Returns the launches cleared.
   */
  async setChainEvent(id: string, chainEventId: string, transactionHash: string): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const cleared = await tx.query<{ id: string }>(
        'update launch_events set chain_event_id = null, chain_event_tx = null where chain_event_id = $1 and id <> $2 returning id',
        [chainEventId, id],
      );
      await tx.query('update launch_events set chain_event_id = $2, chain_event_tx = $3 where id = $1', [id, chainEventId, transactionHash]);
      return cleared.map((r) => r.id);
    });
  }

  /** Forgets a badge event the chain no longer has. */
  async clearChainEvent(id: string, chainEventId: string): Promise<void> {
    await this.db.query('update launch_events set chain_event_id = null, chain_event_tx = null where id = $1 and chain_event_id = $2', [id, chainEventId]);
  }

  /** Keeps `subject` out of the event from now on; a ban replaces a removal. */
  async ban(eventId: string, subject: string, kind: BanKind, by: string): Promise<void> {
    await this.db.query(
      `insert into launch_bans (event_id, subject, kind, banned_by) values ($1, $2, $3, $4)
       on conflict (event_id, subject) do update set kind = case when launch_bans.kind = 'banned' then 'banned' else excluded.kind end`,
      [eventId, subject, kind, by],
    );
  }

  /**
   * Whether any of `subjects` (a session, and for a guest its network `network:…` and device
   * `device:…`) was removed from or banned at the event; a ban wins over a removal.
   */
  async banOf(eventId: string, subjects: readonly string[]): Promise<BanKind | undefined> {
    const rows = await this.db.query<{ kind: BanKind }>('select kind from launch_bans where event_id = $1 and subject = any($2::text[])', [eventId, [...subjects]]);
    return rows.some((r) => r.kind === 'banned') ? 'banned' : rows[0]?.kind;
  }

  async ask(eventId: string, subject: string, name: string, text: string): Promise<void> {
    await this.db.query('insert into launch_questions (event_id, subject, name, text) values ($1, $2, $3, $4)', [eventId, subject, name, text]);
  }

  /**
   * One vote per attendee and question; a second one changes nothing.
   * @throws MarqueError 404 when the question is not one of the event's.
   */
  async vote(eventId: string, questionId: number, subject: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const found = await tx.query('select 1 from launch_questions where id = $1 and event_id = $2', [questionId, eventId]);
      if (found.length === 0) {
        throw new MarqueError('events', `event ${eventId} has no question ${questionId}`, { status: 404, reason: 'not-found' });
      }
      await tx.query('insert into launch_votes (question_id, subject) values ($1, $2) on conflict do nothing', [questionId, subject]);
    });
  }

  async markAnswered(eventId: string, questionId: number): Promise<void> {
    await this.db.query('update launch_questions set answered = true where id = $1 and event_id = $2', [questionId, eventId]);
  }

  /** The event's questions, unanswered first, then by votes and age. */
  async questions(eventId: string): Promise<Question[]> {
    const rows = await this.db.query<{ id: number; name: string; text: string; at: Date | string; answered: boolean; votes: number | string }>(
      `select q.id, q.name, q.text, q.at, q.answered, count(v.subject) as votes
       from launch_questions q left join launch_votes v on v.question_id = q.id
       where q.event_id = $1 group by q.id order by q.answered, votes desc, q.at limit 200`,
      [eventId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, text: r.text, at: new Date(r.at).getTime(), votes: Number(r.votes), answered: r.answered }));
  }
}

/** A definition's columns from `title` to `minimum_stay_seconds`, in the table's order. */
function definitionParams(definition: EventDefinition): unknown[] {
  return [
    definition.title,
    definition.startsAt,
    JSON.stringify(definition.access),
    definition.capacityPerInstance,
    definition.embodiedLimit,
    JSON.stringify(definition.hosts),
    JSON.stringify(definition.car),
    definition.videoUrl,
    definition.minimumStaySeconds,
  ];
}

function notFound(id: string): MarqueError {
  return new MarqueError('events', `there is no event "${id}"`, { status: 404, reason: 'not-found' });
}
