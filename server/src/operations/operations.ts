import { zeroAddress, type Address, type PublicClient } from 'viem';
import type { InviteService } from '../auth/invites';
import type { TxQueue } from '../chain/tx-queue';
import type { Database } from '../db/database';
import type { ChainIndexer } from '../indexer/chain-indexer';
import type { LaunchService } from '../launch/launch-service';
import type { ConfigurationStore } from '../twins/configurations';
import { ApiKeys } from './api-keys';
import { AuditLog } from './audit-log';
import { IdempotencyKeys } from './idempotency';
import { OperationsService, type OperationsContracts, type OwnerInvitationMaker } from './operations-service';
import { Webhooks, type WebhooksOptions } from './webhooks';

/** The operations side, wired: what the routes use. */
export interface Operations {
  service: OperationsService;
  keys: ApiKeys;
  idempotency: IdempotencyKeys;
  audit: AuditLog;
  webhooks: Webhooks;
  queue: TxQueue;
  /** The server's account: it signs the queue's transactions and issues pass invitations. */
  issuer: Address;
  close(): Promise<void>;
}

/** What {@link createOperations} needs. */
export interface OperationsOptions {
  db: Database;
  client: PublicClient;
  chainId: number;
  contracts: OperationsContracts;
  queue: TxQueue;
  configurations: ConfigurationStore;
  invites: InviteService;
  publicUrl: string;
  launch?: LaunchService;
  indexer?: ChainIndexer;
  ownerInvitations?: OwnerInvitationMaker;
  webhooks?: Omit<WebhooksOptions, 'db'>;
}

/**
 * Builds the operations side and starts it: orders left minting are followed again, webhooks are
 * sent, and the chain index's events (stages, transfers, service records) become webhook events.
 */
export async function createOperations(options: OperationsOptions): Promise<Operations> {
  const { db, chainId, indexer } = options;
  const audit = new AuditLog(db);
  const webhooks = new Webhooks({ db, ...options.webhooks });
  const service = new OperationsService({ ...options, audit, webhooks });
  const id = (type: string, position: { transactionHash: string; logIndex: number }) => `${type}:${chainId}:${position.transactionHash}:${position.logIndex}`;
  const emitted = (what: string) => (error: unknown) => console.warn(`operations/webhooks: could not record the ${what} event: ${(error as Error).message}`);
  const onStage = (e: { tokenId: bigint; stage: number; stageName: string; blockNumber: bigint; transactionHash: string; logIndex: number }) => {
    // A mint's Ordered stage is the `twin.minted` event.
    if (e.stage === 0) return;
    void service
      .stageDates(e.tokenId)
      .then((dates) =>
        webhooks.emit('twin.stage-changed', id('twin.stage-changed', e), {
          tokenId: e.tokenId.toString(),
          stage: e.stageName,
          happenedAt: dates.find((d) => d.stage === e.stageName)?.happenedAt ?? null,
          transactionHash: e.transactionHash,
          blockNumber: e.blockNumber.toString(),
        }),
      )
      .catch(emitted('stage'));
  };
  const onTransfer = (e: { contract: string; from: Address; to: Address; tokenId: bigint; blockNumber: bigint; transactionHash: string; logIndex: number }) => {
    if (e.contract !== 'twin' || e.from === zeroAddress || e.to === zeroAddress) return;
    void webhooks
      .emit('twin.transferred', id('twin.transferred', e), { tokenId: e.tokenId.toString(), from: e.from, to: e.to, transactionHash: e.transactionHash, blockNumber: e.blockNumber.toString() })
      .catch(emitted('transfer'));
  };
  const onRecord = (e: { tokenId: bigint; index: number; dealer: Address; kind: number; mileage: number; recordHash: string; blockNumber: bigint; transactionHash: string; logIndex: number }) => {
    void service
      .dealerNames([e.dealer])
      .then((names) =>
        webhooks.emit('passport.record', id('passport.record', e), {
          tokenId: e.tokenId.toString(),
          index: e.index,
          dealer: e.dealer,
          dealerName: names.get(e.dealer.toLowerCase())?.name ?? null,
          kind: e.kind,
          mileage: e.mileage,
          recordHash: e.recordHash,
          transactionHash: e.transactionHash,
        }),
      )
      .catch(emitted('service record'));
  };
  indexer?.on('stage', onStage);
  indexer?.on('transfer', onTransfer);
  indexer?.on('record', onRecord);
  await service.start();
  webhooks.start();
  return {
    service,
    keys: new ApiKeys(db),
    idempotency: new IdempotencyKeys(db),
    audit,
    webhooks,
    queue: options.queue,
    issuer: options.queue.sender,
    async close() {
      indexer?.off('stage', onStage);
      indexer?.off('transfer', onTransfer);
      indexer?.off('record', onRecord);
      service.stop();
      await webhooks.stop();
    },
  };
}
