import { z } from 'zod';

/**
 * The owner's journey beyond the garage (server/src/journey/): passport verification links a
 * prospective buyer opens with no wallet, and service appointments between an owner and a dealer.
 * The schemas are what the server validates; the types are what it answers.
 *
 * Routes (errors `{ error, reason, details? }`, units `passport-links` and `appointments`):
 * - `POST /api/twins/:id/passport-links` (the twin's owner) `{ validDays }` → 201 {@link PassportLinkCreated}
 * - `GET /api/twins/:id/passport-links` (the twin's owner) → {@link PassportLinkView}[] (links this wallet made)
 * - `POST /api/passport-links/:id/revoke` (the link's maker) → {@link PassportLinkView}
 * - `GET /api/verify/:token` (anyone) → {@link VerifiedPassport}
 * - the dealers to choose from: the operations' public `GET /api/dealers` (operations-api.ts)
 * - `POST /api/appointments` (a wallet holding the twin) {@link AppointmentRequest} → 201 {@link AppointmentView}
 * - `GET /api/appointments?as=owner|dealer` (a wallet) → {@link AppointmentView}[]
 * - `POST /api/appointments/:id/actions` {@link AppointmentAction} → {@link AppointmentView}
 */

/** How long a verification link lives by default, and at most (days). */
export const PASSPORT_LINK_DEFAULT_DAYS = 14;
export const PASSPORT_LINK_MAX_DAYS = 90;

/** `POST /api/twins/:id/passport-links`. */
export const passportLinkInput = z.strictObject({
  /** Days until the link stops working (1–90). */
  validDays: z.number().int().min(1).max(PASSPORT_LINK_MAX_DAYS).default(PASSPORT_LINK_DEFAULT_DAYS),
});
export type PassportLinkInput = z.input<typeof passportLinkInput>;

/** What a link is now: it works only while `active`. */
export type PassportLinkState = 'active' | 'expired' | 'revoked' | 'owner-changed';

/** A verification link as its maker sees it (the secret itself is shown once, at creation). */
export interface PassportLinkView {
  id: string;
  tokenId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  state: PassportLinkState;
  /** How many times the page was opened with it. */
  opened: number;
}

/** A link just made: its page's address, with the secret (`?verify=<token>`), shown this once. */
export interface PassportLinkCreated extends PassportLinkView {
  token: string;
  url: string;
}

/** One certified record as a buyer sees it: no details, no addresses. */
export interface VerifiedRecord {
  index: number;
  kind: 'service' | 'repair' | 'inspection' | 'bodywork';
  mileage: number;
  /** When it was written on chain (ISO 8601). */
  at: string;
  /** The dealer's registered name and city; absent for an address the marque never registered. */
  dealerName?: { name: string; city: string };
  /** What the chain holds for this record: the page compares it with MarquePassport. */
  recordHash: string;
  transactionHash: string;
  /** Whether the visit was booked as a service appointment through Marque. */
  byAppointment: boolean;
}

/**
 * `GET /api/verify/:token`: the car's certified history for a prospective buyer. Never the owner,
 * an address, a price, or what the dealers wrote beyond the kind of work.
 */
export interface VerifiedPassport {
  tokenId: string;
  model: string;
  modelName: string;
  year?: number;
  stage: string;
  version: string;
  /** Production stages reached, oldest first, with when each happened. */
  stages: { stage: string; at: string }[];
  /** When the car was delivered; absent while it is being built. */
  deliveredAt?: string;
  /** How many owners the car has had, counted from the chain's transfers (the first owner is 1). */
  owners: number;
  records: VerifiedRecord[];
  /** Where the page checks each record's hash: MarquePassport's `recordsOf(tokenId)` on this chain. */
  proof: { chainId: number; twinAddress: string; passportAddress?: string };
  /** When the link that opened it stops working. */
  linkExpiresAt: string;
}

/** A dealer or service centre, as the registry lists it for owners. */
export interface DealerListing {
  address: string;
  name: string;
  city: string;
  kind: 'dealer' | 'service-centre';
}

/** Why an owner asks for an appointment. */
export const APPOINTMENT_REASONS = ['service', 'repair', 'inspection', 'add-on'] as const;
export type AppointmentReason = (typeof APPOINTMENT_REASONS)[number];

/** Appointments start on the hour or the half hour. */
export const APPOINTMENT_SLOT_MINUTES = 30;
/** How far ahead an appointment may be asked for (days). */
export const APPOINTMENT_MAX_DAYS_AHEAD = 365;

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address');
const slot = z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time with a zone' });
const note = z.string().trim().max(1_000);

/** `POST /api/appointments`: the dealer by its address, or the first dealer (by name) in a city. */
export const appointmentRequest = z
  .strictObject({
    tokenId: z.string().regex(/^[1-9]\d{0,17}$/, 'a twin number, as a decimal string'),
    dealer: address.optional(),
    city: z.string().trim().min(1).max(80).optional(),
    reason: z.enum(APPOINTMENT_REASONS),
    /** One to three times that suit the owner, each on the hour or half hour, in the future. */
    preferredTimes: z.array(slot).min(1).max(3),
    note: note.default(''),
  })
  .refine((body) => (body.dealer === undefined) !== (body.city === undefined), { message: 'name either a dealer or a city, not both or neither', path: ['dealer'] });
export type AppointmentRequest = z.input<typeof appointmentRequest>;

/** `POST /api/appointments/:id/actions`: the dealer confirms a preferred time or proposes another; the owner accepts a proposal; either cancels. */
export const appointmentAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm'), slot }),
  z.strictObject({ action: z.literal('propose'), slot, note: note.optional() }),
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('cancel'), note: note.optional() }),
]);
export type AppointmentAction = z.infer<typeof appointmentAction>;

/**
 * Where an appointment stands: asked for; a time proposed by the dealer (the owner accepts or
 * cancels); a time confirmed; cancelled; completed (a passport record refers to it).
 */
export type AppointmentState = 'requested' | 'proposed' | 'confirmed' | 'cancelled' | 'completed';

/** One step of an appointment's history. */
export interface AppointmentEvent {
  at: string;
  by: 'owner' | 'dealer';
  action: 'requested' | 'confirmed' | 'proposed' | 'accepted' | 'cancelled';
  slot?: string;
  note?: string;
}

/** An appointment as its owner and its dealer see it (no owner address: the dealer knows the car). */
export interface AppointmentView {
  id: string;
  tokenId: string;
  modelName: string;
  dealer: DealerListing;
  reason: AppointmentReason;
  preferredTimes: string[];
  note: string;
  state: AppointmentState;
  /** The confirmed time, or the time the dealer proposed. */
  slot?: string;
  createdAt: string;
  updatedAt: string;
  history: AppointmentEvent[];
  /** The passport record that refers to it, once the dealer filed the visit. */
  visit?: { recordIndex: number; recordHash: string; at: string };
}
