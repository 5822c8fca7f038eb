/**
 * The owner-facing HTTP API of digital twins, passports and profiles: the JSON shapes the
 * server answers with and the client reads. Dependency-free so the client can import it.
 * Routes (all errors `{ error, reason, details? }`):
 *
 * - `GET  /api/twins/:id` — ERC-721 metadata ({@link TwinMetadata}); public.
 * - `GET  /api/twins/:id/model.glb` — the car's glb with the twin's current configuration as
 *   its default materials (the variants stay switchable); public.
 * - `GET  /api/twins/:id/showcase` — {@link TwinShowcase}; public when the owner made it so,
 *   else 404 for everyone but the owner.
 * - `PUT  /api/twins/:id/showcase` — body `{ public: boolean }`; the owner only (Bearer session).
 * - `GET  /api/me/twins` — {@link OwnerTwin}[] of the signed-in wallet (Bearer session).
 * - `GET  /api/me/profile` — {@link OwnerProfileView} of the signed-in wallet (Bearer session).
 * - `GET  /api/twins/:id/passport` — {@link PassportView}; the current owner or a dealer (Bearer).
 * - `POST /api/passport/records` — a dealer's signed record ({@link SignedServiceRecord}); the
 *   server checks the signature and role, relays the transaction and keeps the details off
 *   chain; answers {@link RelayedRecord}.
 * - `GET  /api/addons` — {@link AddOn}[]: the approved digital add-ons and what each changes.
 *
 * Hashes of off-chain data (a twin's ordered configuration, a service record's details) are
 * `keccak256` of the UTF-8 bytes of {@link canonicalJson} of the value.
 */

import type { VariantCategory } from './catalogue';
import type { TWIN_STAGES } from './contracts/contract-types';

/** One catalogue code per category: `{ paint: 'P-NOIR', wheel: 'W-FORGED-21', … }`. */
export type ConfigurationCodes = Partial<Record<VariantCategory, string>>;

/** Production stages, in order: MarqueTwin's `Stage` enum (a type-only import keeps this file dependency-free). */
export type StageName = (typeof TWIN_STAGES)[number];

/** ERC-721 metadata of a twin (what marketplaces and wallets show). Never the owner's address. */
export interface TwinMetadata {
  name: string;
  description: string;
  image?: string;
  /** The twin's glb in its current configuration (`/api/twins/:id/model.glb`). */
  animation_url?: string;
  external_url?: string;
  attributes: { trait_type: string; value: string | number; display_type?: string }[];
}

/** A twin as its owner sees it in the garage and on the factory line. */
export interface OwnerTwin {
  tokenId: string;
  /** Model id, as in the assets manifest (`astrale-2025`). */
  model: string;
  modelName: string;
  /** The configuration ordered (fixed) and the current one (with add-ons applied). */
  orderedConfiguration: ConfigurationCodes;
  currentConfiguration: ConfigurationCodes;
  /** Add-on ids applied (as in {@link AddOn.id}). */
  addOns: string[];
  stage: StageName;
  /** Every stage reached, oldest first, with its date (ISO 8601). */
  stages: { stage: StageName; at: string; transactionHash: string }[];
  /** `1.0` while being built, `2.0` once delivered. */
  version: string;
  /** Whether the showcase page is public. */
  showcasePublic: boolean;
  /** Where the QR code points: the public showcase page. */
  showcaseUrl: string;
  /** Model year, when the model is known to the assets. */
  year?: number;
  /** The twin's glb in its current configuration (`/api/twins/:id/model.glb`). */
  modelUrl: string;
  /** Hash of the ordered configuration (fixed at mint) and of the current one, as on chain. */
  configurationHash: string;
  currentConfigurationHash: string;
}

/** A digital-only add-on from the approved catalogue: what it changes in the configuration. */
export interface AddOn {
  /** The bytes32 code on chain, 0x-hex. */
  id: string;
  name: string;
  description: string;
  /** The categories it sets, e.g. `{ paint: 'P-ORANGE-SOLAIRE' }`. */
  sets: ConfigurationCodes;
  /** The short code `id` is made of (the code's ASCII right-padded with zeros to 32 bytes). */
  code: string;
  /** Models (ids as in the manifest) that offer every code it sets: the cars it fits. */
  models: string[];
}

/** The public showcase of a twin: no wallet address, no service details. */
export interface TwinShowcase {
  tokenId: string;
  model: string;
  modelName: string;
  year?: number;
  currentConfiguration: ConfigurationCodes;
  stage: StageName;
  version: string;
  /** Number of certified service records (details stay private). */
  serviceRecords: number;
  modelUrl: string;
  /** Whether the owner made it public (only the owner ever sees `false`). */
  public: boolean;
}

/** A passport entry; `details` only for the owner and dealers. */
export interface PassportEntry {
  index: number;
  kind: 'service' | 'repair' | 'inspection' | 'bodywork';
  mileage: number;
  /** ISO 8601. */
  at: string;
  dealer: string;
  /** The dealer as the marque registered it (name and city), so people read a name, not an address; absent for an unregistered address. */
  dealerName?: { name: string; city: string };
  recordHash: string;
  transactionHash: string;
  /** Off-chain details the dealer filed (work done, parts, the service appointment it comes of); absent when none were filed. */
  details?: { summary: string; workshop?: string; parts?: string[]; appointment?: string };
}

/** A car's certified history. */
export interface PassportView {
  tokenId: string;
  entries: PassportEntry[];
}

/** The owner's profile (soulbound): no personal data. */
export interface OwnerProfileView {
  profileId: string | null;
  primary: boolean;
  familyMembers: number;
}

/** `POST /api/configurations`: an order desk's confirmed order, before its twin is minted. */
export interface OrderedConfigurationRequest {
  /** The car's model id (assets/src/cars/models.ts). */
  model: string;
  /** One code per category, each one the model offers. */
  configuration: Required<ConfigurationCodes>;
}

/** What `POST /api/configurations` answers: the hash to mint the twin with. */
export interface OrderedConfiguration {
  configurationHash: string;
}

/** A dealer's record as signed (EIP-712 `ServiceRecord`), with its off-chain details. */
export interface SignedServiceRecord {
  record: {
    tokenId: string;
    kind: number;
    mileage: number;
    recordHash: string;
    dealer: string;
    nonce: string;
    deadline: string;
  };
  signature: string;
  /** `appointment`: the number of the confirmed service appointment (journey-api.ts) the visit was booked as. */
  details: { summary: string; workshop?: string; parts?: string[]; appointment?: string };
}

/** What relaying a record gave. */
export interface RelayedRecord {
  transactionHash: string;
  index: number;
}

/**
 * The canonical JSON of a value, whose keccak256 is a configuration's or a record's hash: no
 * whitespace; object members sorted by key (UTF-16 code units, as `Array.prototype.sort`),
 * members whose value is `undefined` left out; arrays in their order; strings, finite numbers,
 * booleans and null as `JSON.stringify` writes them. For the values hashed here (strings, arrays of
 * strings, whole numbers) it is RFC 8785 (JCS). E.g. `{"paint":"P-NOIR","wheel":"W-FORGED-21"}`.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
}
