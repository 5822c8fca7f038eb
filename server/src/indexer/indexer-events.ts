import type { Address, Hex } from 'viem';
import type { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import type { ChainPosition } from './indexed-events';

/** A production stage's name, as MarqueTwin numbers them (0 Ordered … 5 Delivered). */
export type TwinStageName = (typeof TWIN_STAGES)[number];

/**
 * A token changed hands (a mint comes from the zero address, a burn goes to it): an ERC-721
 * `Transfer` of a twin or a profile (`amount` 1), or one id of an ERC-1155 `TransferSingle` /
 * `TransferBatch` of the event passes.
 */
export interface TransferEvent extends ChainPosition {
  contract: 'twin' | 'profile' | 'eventPass';
  from: Address;
  to: Address;
  /** The ERC-721 token id, or the ERC-1155 id (2e access pass, 2e + 1 badge). */
  tokenId: bigint;
  amount: bigint;
}

/** A twin's car reached a production stage. */
export interface StageEvent extends ChainPosition {
  tokenId: bigint;
  /** 0 Ordered … 5 Delivered. */
  stage: number;
  stageName: TwinStageName;
}

/** A dealer's service record was added to a car's passport. */
export interface ServiceRecordEvent extends ChainPosition {
  tokenId: bigint;
  /** Position in the car's history, 0 = oldest. */
  index: number;
  dealer: Address;
  /** 0 service, 1 repair, 2 inspection, 3 bodywork. */
  kind: number;
  mileage: number;
  recordHash: Hex;
}

/** The chain was reset or reorganised: the index was wiped and is being read again. */
export interface ResetEvent {
  chainId: number;
  /** Why, e.g. `block 123 hash changed`. */
  reason: string;
}

/** A block range was committed to the database. */
export interface IndexedEvent {
  fromBlock: bigint;
  toBlock: bigint;
  /** Latest block of the chain when the range was read. */
  head: bigint;
  /** Mirrored events in the range. */
  logs: number;
}

/**
 * What {@link ChainIndexer} emits, each after the batch it belongs to is committed, so a
 * listener that reads the index sees the change. Delivered at least once: a server process
 * that shares the database with another still hears every event it reads from the chain.
 */
export interface IndexerEventMap {
  transfer: [TransferEvent];
  stage: [StageEvent];
  record: [ServiceRecordEvent];
  reset: [ResetEvent];
  indexed: [IndexedEvent];
}

/** One in-process event, as a batch collects them before it is committed. */
export type PendingEvent = {
  [K in Exclude<keyof IndexerEventMap, 'reset' | 'indexed'>]: { name: K; event: IndexerEventMap[K][0] };
}[Exclude<keyof IndexerEventMap, 'reset' | 'indexed'>];
