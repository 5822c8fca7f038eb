import type { Database } from '../db/database';
import { PollLoop } from '../db/poll-loop';
import type { NotifyPayload, NotifyResult } from './notification-center';
import type { NotificationKind } from '../../../protocol/src/notifications-api';

type Notify = (subject: string, kind: NotificationKind, payload: NotifyPayload) => Promise<NotifyResult | undefined>;

/** Options of {@link AppointmentNews}. */
export interface AppointmentNewsOptions {
  db: Database;
  notify: Notify;
  /** How often new appointment steps are looked for. */
  pollIntervalMs?: number;
  /** At start, steps this recent are looked at again (notify's keys make a repeat harmless): what happened while no process ran. */
  catchUpMs?: number;
  log?: (line: string) => void;
}

interface EventRow {
  id: string | number;
  appointment_id: string | number;
  actor: 'owner' | 'dealer';
  action: 'requested' | 'confirmed' | 'proposed' | 'accepted' | 'cancelled';
  slot: Date | string | null;
  note: string | null;
  owner: string;
  dealer: string;
  token_id: string;
  reason: string;
  dealer_name: string | null;
}

/** What the other party is told of one step. */
export function appointmentMessage(step: Pick<EventRow, 'actor' | 'action' | 'slot' | 'token_id' | 'reason' | 'dealer_name'>): { title: string; body: string } {
  const when = step.slot ? new Date(step.slot).toUTCString().replace(/:00 GMT$/, ' UTC') : undefined;
  const dealer = step.dealer_name ?? 'Your dealer';
  switch (step.action) {
    case 'requested':
      return { title: `A ${step.reason} appointment is requested for car #${step.token_id}`, body: 'Confirm one of the preferred times or propose another in the dealer console.' };
    case 'confirmed':
      return { title: `${dealer} confirmed your ${step.reason} appointment`, body: when ? `See you on ${when}.` : 'See the service lounge for the time.' };
    case 'proposed':
      return { title: `${dealer} proposes another time for your ${step.reason} appointment`, body: when ? `Proposed: ${when}. Accept or cancel it in the service lounge.` : 'Accept or cancel it in the service lounge.' };
    case 'accepted':
      return { title: `The owner of car #${step.token_id} accepted your proposed time`, body: when ? `Booked: ${when}.` : 'The appointment is confirmed.' };
    case 'cancelled':
      return step.actor === 'owner'
        ? { title: `The ${step.reason} appointment for car #${step.token_id} was cancelled by its owner`, body: 'The time is free again.' }
        : { title: `${dealer} cancelled your ${step.reason} appointment`, body: 'Request another time in the service lounge.' };
  }
}

/**
 * Appointment updates in the notification centre: each step of an appointment (server/src/journey,
 * table `appointment_events`) is told to the other party — the owner's steps to the dealer, the
 * dealer's to the owner. It follows the steps' ids; at start it looks again at the last
 * `catchUpMs`, so steps taken while the server was down are told too, once (notify's key is the
 * step's id). Several processes on one database each follow them; the keys keep it once.
 */
export class AppointmentNews {
  private readonly options: Required<Omit<AppointmentNewsOptions, 'db' | 'notify'>>;
  private cursor?: number;
  private readonly loop: PollLoop;

  constructor(private readonly init: AppointmentNewsOptions) {
    this.options = { pollIntervalMs: 1_000, catchUpMs: 86_400_000, log: (line) => console.warn(line), ...Object.fromEntries(Object.entries(init).filter(([k, v]) => !['db', 'notify'].includes(k) && v !== undefined)) };
    // A full page (200 steps) may leave more behind: look again at once.
    this.loop = new PollLoop({
      pass: async () => {
        if ((await this.poll()) === 200) this.loop.passAgain();
      },
      pollIntervalMs: this.options.pollIntervalMs,
      unit: 'notifications/appointments',
      log: this.options.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One look: tells every step after the cursor; answers how many. */
  async poll(): Promise<number> {
    if (this.cursor === undefined) {
      const [row] = await this.init.db.query<{ id: string | number | null }>(
        `select max(id) as id from appointment_events where at < now() - ($1 || ' milliseconds')::interval`,
        [String(this.options.catchUpMs)],
      );
      this.cursor = Number(row?.id ?? 0);
    }
    const rows = await this.init.db.query<EventRow>(
      `select e.id, e.appointment_id, e.actor, e.action, e.slot, e.note, a.owner, a.dealer, a.token_id::text as token_id, a.reason, d.name as dealer_name
       from appointment_events e join appointments a on a.id = e.appointment_id left join dealers d on d.address = a.dealer
       where e.id > $1 order by e.id limit 200`,
      [this.cursor],
    );
    for (const row of rows) {
      const subject = row.actor === 'owner' ? row.dealer : row.owner;
      const { title, body } = appointmentMessage(row);
      await this.init.notify(subject, 'appointment', {
        key: `appointment-step:${row.id}`,
        title,
        body,
        link: '/?zone=lounge',
        // What the page needs to say it in its own language (client/src/notifications/notification-text.ts).
        data: {
          appointmentId: String(row.appointment_id),
          action: row.action,
          actor: row.actor,
          reason: row.reason,
          tokenId: row.token_id,
          ...(row.dealer_name ? { dealerName: row.dealer_name } : {}),
          ...(row.slot ? { slot: new Date(row.slot).toISOString() } : {}),
        },
      });
      this.cursor = Number(row.id);
    }
    return rows.length;
  }
}
