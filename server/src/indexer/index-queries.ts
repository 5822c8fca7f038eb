import { getAddress, type Address, type Hex } from 'viem';
import { SERVICE_KINDS } from '../../../protocol/src/contracts/contract-types';
import type { Database } from '../db/database';
import { stageName } from './apply-logs';
import type { TwinStageName } from './indexer-events';

/** A twin as the index holds it. */
export interface IndexedTwin {
  tokenId: bigint;
  owner: Address;
  /** Model id of the car, as in assets/src/cars. */
  model: string;
  /** Hash of the configuration the car was ordered with, fixed at mint. */
  configurationHash: Hex;
  /** The configuration with its digital-only add-ons; equal to `configurationHash` without any. */
  currentConfigurationHash: Hex;
  /** Add-on codes, ascending. */
  addOns: Hex[];
  /** 0 Ordered … 5 Delivered. */
  stage: number;
  stageName: TwinStageName;
  /** 1.0 while the car is built, 2.0 once delivered. */
  version: { major: number; minor: number };
  mintedBlock: bigint;
  mintedAt: Date;
}

/** A stage a twin's car reached: Ordered at mint, then each `StageAdvanced`. */
export interface TwinStageEntry {
  stage: number;
  stageName: TwinStageName;
  blockNumber: bigint;
  at: Date;
  transactionHash: Hex;
}

/** A twin with its stage history, oldest first. */
export interface IndexedTwinDetail extends IndexedTwin {
  stages: TwinStageEntry[];
}

/** What a passport record says the dealer did. */
export type ServiceKindName = keyof typeof SERVICE_KINDS;

/** A dealer-signed record of a car's passport. */
export interface PassportRecord {
  tokenId: bigint;
  /** Position in the car's history, 0 = oldest. */
  index: number;
  dealer: Address;
  /** 0 service, 1 repair, 2 inspection, 3 bodywork. */
  kind: number;
  kindName: ServiceKindName;
  /** Odometer, km. */
  mileage: number;
  /** Hash of the full record the dealer keeps off chain. */
  recordHash: Hex;
  blockNumber: bigint;
  at: Date;
  transactionHash: Hex;
}

/** An owner profile (soulbound): a primary, or a family member's linked to one. */
export interface OwnerProfile {
  profileId: bigint;
  holder: Address;
  /** The primary profile it belongs to: itself for a primary. */
  primaryId: bigint;
  family: boolean;
  mintedBlock: bigint;
}

/** An event-pass token a wallet holds. */
export interface PassHolding {
  /** ERC-1155 id: 2e access pass, 2e + 1 badge. */
  id: bigint;
  eventId: bigint;
  badge: boolean;
  amount: bigint;
}

/** An event created on MarqueEventPass. */
export interface PassEvent {
  eventId: bigint;
  minimumStaySeconds: number;
  createdBlock: bigint;
  createdAt: Date;
}

const KIND_NAMES = Object.fromEntries(Object.entries(SERVICE_KINDS).map(([name, kind]) => [kind, name])) as Record<
  number,
  ServiceKindName
>;

interface TwinRow {
  token_id: string;
  owner: string;
  model: string | null;
  configuration_hash: string | null;
  current_configuration_hash: string | null;
  add_ons: string[];
  stage: number;
  version_major: number;
  version_minor: number;
  minted_block: string;
  minted_at: Date | string;
}

const TWIN_COLUMNS = `token_id::text as token_id, owner, model, configuration_hash, current_configuration_hash, add_ons,
  stage, version_major, version_minor, minted_block::text as minted_block, minted_at`;

/**
 * Typed reads of the chain index of one chain. They answer from the database, so they are as
 * fresh as the last committed batch (see `ChainIndexer.waitForBlock` to read one's own writes).
 */
export class IndexQueries {
  constructor(
    private readonly db: Database,
    private readonly chainId: () => number,
  ) {}

  /** The twins `owner` holds, by token id. */
  async twinsOf(owner: Address): Promise<IndexedTwin[]> {
    const rows = await this.db.query<TwinRow>(
      `select ${TWIN_COLUMNS} from twins where chain_id = $1 and owner = $2 order by token_id`,
      [this.chainId(), owner.toLowerCase()],
    );
    return rows.map(toTwin);
  }

  /** Stages (0 Ordered … 5 Delivered) of the twins `owner` holds; what the access rules ask. */
  async stagesOf(owner: Address): Promise<number[]> {
    const rows = await this.db.query<{ stage: number }>(
      'select stage from twins where chain_id = $1 and owner = $2 order by token_id',
      [this.chainId(), owner.toLowerCase()],
    );
    return rows.map((row) => row.stage);
  }

  /** Twin `tokenId` with its stage history, or undefined when the index has not seen it minted. */
  async twin(tokenId: bigint): Promise<IndexedTwinDetail | undefined> {
    const params = [this.chainId(), tokenId.toString()];
    const [rows, stages] = await Promise.all([
      this.db.query<TwinRow>(`select ${TWIN_COLUMNS} from twins where chain_id = $1 and token_id = $2`, params),
      this.db.query<{ stage: number; block_number: string; block_time: Date | string; transaction_hash: string }>(
        `select stage, block_number::text as block_number, block_time, transaction_hash from twin_stages
         where chain_id = $1 and token_id = $2 order by stage`,
        params,
      ),
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...toTwin(row),
      stages: stages.map((s) => ({
        stage: s.stage,
        stageName: stageName(s.stage),
        blockNumber: BigInt(s.block_number),
        at: new Date(s.block_time),
        transactionHash: s.transaction_hash as Hex,
      })),
    };
  }

  /** The service history of the car of twin `tokenId`, oldest first; empty when it has none. */
  async passport(tokenId: bigint): Promise<PassportRecord[]> {
    const rows = await this.db.query<{
      record_index: number;
      dealer: string;
      kind: number;
      mileage: string;
      record_hash: string;
      block_number: string;
      block_time: Date | string;
      transaction_hash: string;
    }>(
      `select record_index, dealer, kind, mileage::text as mileage, record_hash, block_number::text as block_number,
         block_time, transaction_hash
       from passport_records where chain_id = $1 and token_id = $2 order by record_index`,
      [this.chainId(), tokenId.toString()],
    );
    return rows.map((r) => ({
      tokenId,
      index: r.record_index,
      dealer: getAddress(r.dealer),
      kind: r.kind,
      kindName: KIND_NAMES[r.kind] ?? (String(r.kind) as ServiceKindName),
      mileage: Number(r.mileage),
      recordHash: r.record_hash as Hex,
      blockNumber: BigInt(r.block_number),
      at: new Date(r.block_time),
      transactionHash: r.transaction_hash as Hex,
    }));
  }

  /** The profile `holder` holds, primary or family; undefined when none. */
  async profileOf(holder: Address): Promise<OwnerProfile | undefined> {
    const rows = await this.db.query<{ profile_id: string; holder: string; primary_id: string | null; minted_block: string }>(
      `select profile_id::text as profile_id, holder, primary_id::text as primary_id, minted_block::text as minted_block
       from owner_profiles where chain_id = $1 and holder = $2 order by profile_id limit 1`,
      [this.chainId(), holder.toLowerCase()],
    );
    const row = rows[0];
    if (!row) return undefined;
    const profileId = BigInt(row.profile_id);
    return {
      profileId,
      holder: getAddress(row.holder),
      primaryId: row.primary_id === null ? profileId : BigInt(row.primary_id),
      family: row.primary_id !== null,
      mintedBlock: BigInt(row.minted_block),
    };
  }

  /** How many family-member profiles are linked to primary profile `primaryId`. */
  async familyMemberCount(primaryId: bigint): Promise<number> {
    const rows = await this.db.query<{ count: string | number }>(
      'select count(*)::int as count from owner_profiles where chain_id = $1 and primary_id = $2',
      [this.chainId(), primaryId.toString()],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** How many of event-pass token `id` `holder` holds (0 when none). */
  async passBalance(holder: Address, id: bigint): Promise<bigint> {
    const rows = await this.db.query<{ amount: string }>(
      'select amount::text as amount from event_pass_balances where chain_id = $1 and holder = $2 and token_id = $3',
      [this.chainId(), holder.toLowerCase(), id.toString()],
    );
    return rows[0] ? BigInt(rows[0].amount) : 0n;
  }

  /** Every event-pass token `holder` holds, by id. */
  async passesOf(holder: Address): Promise<PassHolding[]> {
    const rows = await this.db.query<{ token_id: string; amount: string }>(
      `select token_id::text as token_id, amount::text as amount from event_pass_balances
       where chain_id = $1 and holder = $2 and amount > 0 order by token_id`,
      [this.chainId(), holder.toLowerCase()],
    );
    return rows.map((r) => {
      const id = BigInt(r.token_id);
      return { id, eventId: id >> 1n, badge: (id & 1n) === 1n, amount: BigInt(r.amount) };
    });
  }

  /** The events created on MarqueEventPass, by id. */
  async passEvents(): Promise<PassEvent[]> {
    const rows = await this.db.query<{
      event_id: string;
      minimum_stay_seconds: string;
      created_block: string;
      created_at: Date | string;
    }>(
      `select event_id::text as event_id, minimum_stay_seconds::text as minimum_stay_seconds,
         created_block::text as created_block, created_at
       from event_pass_events where chain_id = $1 order by event_id`,
      [this.chainId()],
    );
    return rows.map((r) => ({
      eventId: BigInt(r.event_id),
      minimumStaySeconds: Number(r.minimum_stay_seconds),
      createdBlock: BigInt(r.created_block),
      createdAt: new Date(r.created_at),
    }));
  }
}

function toTwin(row: TwinRow): IndexedTwin {
  return {
    tokenId: BigInt(row.token_id),
    owner: getAddress(row.owner),
    model: row.model ?? '',
    configurationHash: (row.configuration_hash ?? '0x') as Hex,
    currentConfigurationHash: (row.current_configuration_hash ?? row.configuration_hash ?? '0x') as Hex,
    addOns: row.add_ons as Hex[],
    stage: row.stage,
    stageName: stageName(row.stage),
    version: { major: row.version_major, minor: row.version_minor },
    mintedBlock: BigInt(row.minted_block),
    mintedAt: new Date(row.minted_at),
  };
}
