import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import {
  APPOINTMENT_MAX_DAYS_AHEAD,
  APPOINTMENT_SLOT_MINUTES,
  type AppointmentAction,
  type AppointmentEvent,
  type AppointmentReason,
  type AppointmentState,
  type AppointmentView,
  type DealerListing,
} from '../../../protocol/src/journey-api';
import type { Database, Queryable } from '../db/database';
import type { IndexQueries } from '../indexer/index-queries';
import { modelInfo } from '../twins/twin-views';

const UNIT = 'appointments';

/** What an owner asks for, checked by the schema (protocol/src/journey-api.ts). */
export interface AppointmentInput {
  tokenId: string;
  dealer?: string;
  city?: string;
  reason: AppointmentReason;
  preferredTimes: string[];
  note: string;
}

interface AppointmentRow {
  id: string;
  token_id: string;
  owner: string;
  dealer: string;
  reason: AppointmentReason;
  preferred_times: string[] | string;
  note: string;
  state: Exclude<AppointmentState, 'completed'>;
  slot: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  dealer_name: string;
  dealer_city: string;
  dealer_kind: DealerListing['kind'];
  model: string | null;
  record_index: number | null;
  record_hash: string | null;
  record_at: Date | string | null;
}

interface EventRow {
  appointment_id: string;
  at: Date | string;
  actor: AppointmentEvent['by'];
  action: AppointmentEvent['action'];
  slot: Date | string | null;
  note: string | null;
}

interface DealerRow {
  address: string;
  name: string;
  city: string;
  kind: DealerListing['kind'];
}

/**
 * Service appointments between an owner and a registered dealer (the operations' dealer
 * registry). The owner asks, for a twin they hold, with one to three preferred times; the dealer
 * confirms one of them or proposes another; the owner accepts a proposal; either cancels. Every
 * step is kept as history. A slot proposed or confirmed is held for its dealer (a unique index),
 * so one time is never booked twice. An appointment is completed when a passport record of its
 * car, signed by its dealer, names it in its details (`details.appointment`): that is read from
 * the passport, never written here, so the two cannot disagree.
 */
export class Appointments {
  constructor(
    private readonly db: Database,
    private readonly index: () => IndexQueries,
    private readonly chainId: () => number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Registered dealers still in service, by name; those in `city` only when it is given (any case). */
  async dealers(city?: string): Promise<DealerListing[]> {
    const rows = await this.db.query<DealerRow>(
      `select address, name, city, kind from dealers where revoked_at is null and ($1::text is null or lower(city) = lower($1)) order by name, address`,
      [city?.trim() || null],
    );
    return rows.map(dealerListing);
  }

  /**
   * An owner's request. Refused with a reason: a twin that is not `owner`'s (404 when never
   * minted), a dealer not in the registry or no dealer in the city, a preferred time in the past,
   * too far ahead or off the half-hour grid, a time already booked at that dealer.
   */
  async request(owner: Address, input: AppointmentInput): Promise<AppointmentView> {
    const tokenId = BigInt(input.tokenId);
    const twin = await this.index().twin(tokenId);
    if (!twin) throw new MarqueError(UNIT, `no twin #${tokenId} has been minted`, { status: 404, reason: 'not-found' });
    if (twin.owner.toLowerCase() !== owner.toLowerCase()) {
      throw new MarqueError(UNIT, `twin #${tokenId} is not yours: only its current owner can book its appointments`, { status: 403, reason: 'not-owner' });
    }
    const dealer = await this.pickDealer(input);
    const times = input.preferredTimes.map((time, i) => this.checkSlot(time, `preferredTimes.${i}`));
    const unique = [...new Set(times.map((t) => t.getTime()))].map((t) => new Date(t));
    const booked = await this.db.query<{ slot: Date | string }>(
      `select slot from appointments where dealer = $1 and state in ('proposed', 'confirmed') and slot = any($2::timestamptz[])`,
      [dealer.address, unique.map((t) => t.toISOString())],
    );
    if (booked.length > 0) {
      const taken = booked.map((b) => new Date(b.slot).toISOString()).join(', ');
      throw new MarqueError(UNIT, `${dealer.name} is already booked at ${taken}; choose another time`, { status: 409, reason: 'slot-taken' });
    }
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `insert into appointments (chain_id, token_id, owner, dealer, reason, preferred_times, note, state, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $8) returning id::text as id`,
        [this.chainId(), tokenId.toString(), owner.toLowerCase(), dealer.address, input.reason, JSON.stringify(unique.map((t) => t.toISOString())), input.note, this.now()],
      );
      await this.log(tx, row!.id, 'owner', 'requested', undefined, input.note || undefined);
      return row!.id;
    });
    return (await this.byId(id))!;
  }

  /** `wallet`'s appointments as an owner, or as a dealer; newest first. */
  async list(wallet: Address, as: 'owner' | 'dealer'): Promise<AppointmentView[]> {
    return this.views(`a.${as === 'owner' ? 'owner' : 'dealer'} = $2`, [wallet.toLowerCase()]);
  }

  /**
   * One step by `wallet` on appointment `id`: the dealer confirms one of the preferred times or
   * proposes a time; the owner accepts the proposal; either cancels.
   * @throws MarqueError 404 (not theirs: not told apart from missing), 403 `not-dealer` / `not-owner`
   * for the other party's step, 409 `wrong-state`, 400 for a bad time, 409 `slot-taken`.
   */
  async act(id: string, wallet: Address, action: AppointmentAction): Promise<AppointmentView> {
    if (!/^[1-9]\d{0,17}$/.test(id)) throw new MarqueError(UNIT, `"${id}" is not an appointment number`, { status: 400, reason: 'bad-request' });
    const current = await this.byId(id);
    const who = wallet.toLowerCase();
    const role = current?.dealer.address === who ? 'dealer' : current && (await this.ownerOf(id)) === who ? 'owner' : undefined;
    if (!current || !role) throw new MarqueError(UNIT, `you have no appointment #${id}`, { status: 404, reason: 'not-found' });
    const dealerOnly = action.action === 'confirm' || action.action === 'propose';
    if (dealerOnly && role !== 'dealer') {
      throw new MarqueError(UNIT, `only the dealer confirms or proposes a time; as the owner you accept a proposal or cancel`, { status: 403, reason: 'not-dealer' });
    }
    if (action.action === 'accept' && role !== 'owner') {
      throw new MarqueError(UNIT, 'only the owner accepts the time the dealer proposed', { status: 403, reason: 'not-owner' });
    }
    const from: Record<AppointmentAction['action'], AppointmentState[]> = {
      confirm: ['requested', 'proposed'],
      propose: ['requested', 'proposed', 'confirmed'],
      accept: ['proposed'],
      cancel: ['requested', 'proposed', 'confirmed'],
    };
    if (!from[action.action].includes(current.state)) {
      throw new MarqueError(UNIT, `appointment #${id} is ${current.state}: it cannot be ${pastTense(action.action)} now`, {
        status: 409,
        reason: 'wrong-state',
        details: `${action.action} applies to an appointment that is ${from[action.action].join(' or ')}`,
      });
    }
    let state: Exclude<AppointmentState, 'completed'>;
    let slot: Date | null;
    let note: string | undefined;
    switch (action.action) {
      case 'confirm': {
        slot = this.checkSlot(action.slot, 'slot');
        const preferred = current.preferredTimes.map((t) => Date.parse(t));
        const proposed = current.state === 'proposed' && current.slot ? [Date.parse(current.slot)] : [];
        if (![...preferred, ...proposed].includes(slot.getTime())) {
          throw new MarqueError(UNIT, `${slot.toISOString()} is not one of the owner's preferred times; propose it instead`, {
            status: 400,
            reason: 'not-preferred',
            details: `the owner asked for ${current.preferredTimes.join(', ')}`,
          });
        }
        state = 'confirmed';
        break;
      }
      case 'propose':
        slot = this.checkSlot(action.slot, 'slot');
        state = 'proposed';
        note = action.note || undefined;
        break;
      case 'accept':
        slot = current.slot ? new Date(current.slot) : null;
        if (!slot || slot <= this.now()) {
          throw new MarqueError(UNIT, `the proposed time ${current.slot} has passed; ask the dealer for another`, { status: 400, reason: 'in-the-past' });
        }
        state = 'confirmed';
        break;
      case 'cancel':
        slot = null;
        state = 'cancelled';
        note = action.note || undefined;
        break;
    }
    const done = await this.db
      .transaction(async (tx) => {
        const rows = await tx.query(
          `update appointments set state = $2, slot = $3, updated_at = $4 where id = $1 and state = $5 returning id`,
          [id, state, slot, this.now(), current.state],
        );
        if (rows.length === 0) return false;
        await this.log(tx, id, role, eventAction(action.action), slot ?? undefined, note);
        return true;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw new MarqueError(UNIT, `${current.dealer.name} is already booked at ${slot!.toISOString()}; choose another time`, { status: 409, reason: 'slot-taken' });
        }
        throw error;
      });
    if (!done) {
      throw new MarqueError(UNIT, `appointment #${id} changed meanwhile; read it again and decide`, { status: 409, reason: 'wrong-state' });
    }
    return (await this.byId(id))!;
  }

  /**
   * Checks that a passport record may say it comes of appointment `id`: a confirmed appointment of
   * twin `tokenId` at `dealer`.
   * @throws MarqueError 400 `appointment`, naming what does not match.
   */
  async checkRecordRefers(id: string, tokenId: bigint, dealer: Address): Promise<void> {
    const appointment = /^[1-9]\d{0,17}$/.test(id) ? await this.byId(id) : undefined;
    const problem = !appointment
      ? `there is no appointment #${id}`
      : appointment.tokenId !== tokenId.toString()
        ? `appointment #${id} is for twin #${appointment.tokenId}, not #${tokenId}`
        : appointment.dealer.address !== dealer.toLowerCase()
          ? `appointment #${id} is with another dealer`
          : appointment.state !== 'confirmed'
            ? `appointment #${id} is ${appointment.state}, not confirmed`
            : undefined;
    if (problem) {
      throw new MarqueError('passport', `the record cannot refer to it: ${problem}`, {
        status: 400,
        reason: 'appointment',
        details: "a record names a confirmed appointment of the same car with the dealer who signs it; nothing was sent",
      });
    }
  }

  /** Appointment `id`, or undefined. */
  async byId(id: string): Promise<AppointmentView | undefined> {
    return (await this.views('a.id = $2', [id]))[0];
  }

  private async ownerOf(id: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ owner: string }>('select owner from appointments where id = $1', [id]);
    return row?.owner;
  }

  private async pickDealer(input: AppointmentInput): Promise<DealerListing> {
    if (input.dealer) {
      const [row] = await this.db.query<DealerRow>('select address, name, city, kind from dealers where address = $1 and revoked_at is null', [
        input.dealer.toLowerCase(),
      ]);
      if (!row) {
        throw new MarqueError(UNIT, `${input.dealer} is not a registered dealer`, {
          status: 404,
          reason: 'unknown-dealer',
          details: 'choose a dealer from GET /api/dealers',
        });
      }
      return dealerListing(row);
    }
    const [first] = await this.dealers(input.city);
    if (!first) {
      const cities = [...new Set((await this.dealers()).map((d) => d.city))];
      throw new MarqueError(UNIT, `there is no Marque dealer in "${input.city}"`, {
        status: 404,
        reason: 'unknown-dealer',
        details: cities.length > 0 ? `dealers are in ${cities.join(', ')}` : 'no dealer is registered yet',
      });
    }
    return first;
  }

  /** A time parsed and checked: in the future, within a year, on the half-hour grid. */
  private checkSlot(value: string, field: string): Date {
    const time = new Date(value);
    const now = this.now();
    if (time <= now) {
      throw new MarqueError(UNIT, `${field}: ${value} is in the past (it is now ${now.toISOString()}); choose a time to come`, { status: 400, reason: 'in-the-past' });
    }
    if (time.getTime() - now.getTime() > APPOINTMENT_MAX_DAYS_AHEAD * 86_400_000) {
      throw new MarqueError(UNIT, `${field}: ${value} is more than ${APPOINTMENT_MAX_DAYS_AHEAD} days ahead`, { status: 400, reason: 'too-far-ahead' });
    }
    if (time.getTime() % (APPOINTMENT_SLOT_MINUTES * 60_000) !== 0) {
      throw new MarqueError(UNIT, `${field}: ${value} is not on the hour or the half hour; appointments start at :00 or :30`, {
        status: 400,
        reason: 'off-grid',
      });
    }
    return time;
  }

  private async log(tx: Queryable, id: string, actor: 'owner' | 'dealer', action: AppointmentEvent['action'], slot?: Date, note?: string) {
    await tx.query('insert into appointment_events (appointment_id, at, actor, action, slot, note) values ($1, $2, $3, $4, $5, $6)', [
      id,
      this.now(),
      actor,
      action,
      slot ?? null,
      note ?? null,
    ]);
  }

  /** Appointments matching `where` (`$2`…; `$1` is the chain), with their dealer, car, history and visit. */
  private async views(where: string, params: unknown[]): Promise<AppointmentView[]> {
    const rows = await this.db.query<AppointmentRow>(
      `select a.id::text as id, a.token_id::text as token_id, a.owner, a.dealer, a.reason, a.preferred_times, a.note, a.state, a.slot,
         a.created_at, a.updated_at, d.name as dealer_name, d.city as dealer_city, d.kind as dealer_kind, t.model,
         visit.record_index, visit.record_hash, visit.block_time as record_at
       from appointments a
       join dealers d on d.address = a.dealer
       left join twins t on t.chain_id = a.chain_id and t.token_id = a.token_id
       left join lateral (
         select r.record_index, r.record_hash, r.block_time from passport_records r
         join passport_record_details p on p.record_hash = r.record_hash
         where r.chain_id = a.chain_id and r.token_id = a.token_id and r.dealer = a.dealer and p.details->>'appointment' = a.id::text
         order by r.record_index limit 1
       ) visit on true
       where a.chain_id = $1 and ${where}
       order by a.id desc`,
      [this.chainId(), ...params],
    );
    if (rows.length === 0) return [];
    const events = await this.db.query<EventRow>(
      `select appointment_id::text as appointment_id, at, actor, action, slot, note from appointment_events
       where appointment_id = any($1::bigint[]) order by id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((row) => {
      const preferred = typeof row.preferred_times === 'string' ? (JSON.parse(row.preferred_times) as string[]) : row.preferred_times;
      const visit = row.record_hash !== null ? { recordIndex: Number(row.record_index), recordHash: row.record_hash, at: iso(row.record_at!) } : undefined;
      return {
        id: row.id,
        tokenId: row.token_id,
        modelName: row.model ? modelInfo(row.model).name : `Twin #${row.token_id}`,
        dealer: dealerListing({ address: row.dealer, name: row.dealer_name, city: row.dealer_city, kind: row.dealer_kind }),
        reason: row.reason,
        preferredTimes: preferred,
        note: row.note,
        state: visit ? 'completed' : row.state,
        ...(row.slot ? { slot: iso(row.slot) } : {}),
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
        history: events
          .filter((e) => e.appointment_id === row.id)
          .map((e) => ({ at: iso(e.at), by: e.actor, action: e.action, ...(e.slot ? { slot: iso(e.slot) } : {}), ...(e.note ? { note: e.note } : {}) })),
        ...(visit ? { visit } : {}),
      } satisfies AppointmentView;
    });
  }
}

function dealerListing(row: DealerRow): DealerListing {
  return { address: row.address, name: row.name, city: row.city, kind: row.kind };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function eventAction(action: AppointmentAction['action']): AppointmentEvent['action'] {
  return action === 'confirm' ? 'confirmed' : action === 'propose' ? 'proposed' : action === 'accept' ? 'accepted' : 'cancelled';
}

function pastTense(action: AppointmentAction['action']): string {
  return action === 'confirm' ? 'confirmed' : action === 'propose' ? 'given a new time' : action === 'accept' ? 'accepted' : 'cancelled';
}

function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' || /duplicate key|unique constraint/i.test(e.message ?? '')) return true;
  }
  return false;
}
