import { encodeFunctionData, parseEventLogs, type Address, type Hex, type PublicClient } from 'viem';
import { marquePassportAbi } from '../../../protocol/src/contracts/abis';
import type { ServiceRecord } from '../../../protocol/src/contracts/contract-types';
import { MarqueError } from '../../../protocol/src/errors';
import { revertOf } from './relayer';
import type { TxQueue } from './tx-queue';

/** Where a relayed record landed. */
export interface RelayResult {
  transactionHash: Hex;
  blockNumber: bigint;
  /** Position of the record in the car's history. */
  index: number;
}

/** Options of {@link PassportChain}. */
export interface PassportChainOptions {
  /** The server's read access (`chain.client`). */
  client: PublicClient;
  /** The MarquePassport contract. */
  passport: Address;
  /** The server's transaction queue, whose account pays for relayed records; absent: reads only. */
  queue?: TxQueue;
}

/**
 * MarquePassport as the server uses it: reads of a dealer's next nonce and a car's last mileage,
 * and relaying dealer-signed records through the server's transaction queue.
 */
export class PassportChain {
  readonly address: Address;
  private readonly client: PublicClient;
  private readonly queue?: TxQueue;

  constructor(options: PassportChainOptions) {
    this.address = options.passport;
    this.client = options.client;
    this.queue = options.queue;
  }

  /** Whether a relayer account is configured. */
  get canRelay(): boolean {
    return this.queue !== undefined;
  }

  /** `nonces(dealer)`: the nonce the dealer's next record must carry. */
  nonceOf(dealer: Address): Promise<bigint> {
    return this.client.readContract({ address: this.address, abi: marquePassportAbi, functionName: 'nonces', args: [dealer] });
  }

  /** `mileageOf(tokenId)`: the car's last recorded mileage, 0 without records. */
  async mileageOf(tokenId: bigint): Promise<number> {
    return Number(await this.client.readContract({ address: this.address, abi: marquePassportAbi, functionName: 'mileageOf', args: [tokenId] }));
  }

  /**
   * Sends `record` with the dealer's signature through the queue and waits for it to be mined. The
   * call is simulated first, so a record the contract would refuse sends nothing. The job's key is
   * the dealer and the record's nonce: a record relayed again (a retried request, a restart) is the
   * same job, never a second transaction.
   * @throws MarqueError 503 (no relayer), 409 `rejected-on-chain` naming the contract's error,
   * 502 `relay-failed` when the mined transaction reverted.
   */
  relay(record: ServiceRecord, signature: Hex): Promise<RelayResult> {
    if (!this.queue) {
      return Promise.reject(
        new MarqueError('passport', 'relaying is not configured on this server — set RELAYER_PRIVATE_KEY', {
          status: 503,
          reason: 'relay-unavailable',
        }),
      );
    }
    return this.send(this.queue, record, signature);
  }

  private async send(queue: TxQueue, record: ServiceRecord, signature: Hex): Promise<RelayResult> {
    try {
      await this.client.simulateContract({
        account: queue.sender,
        address: this.address,
        abi: marquePassportAbi,
        functionName: 'record',
        args: [record, signature],
      });
    } catch (error) {
      const revert = revertOf(error);
      if (revert) {
        throw new MarqueError('passport', `MarquePassport refuses the record: ${revert}`, {
          status: 409,
          reason: 'rejected-on-chain',
          cause: error,
        });
      }
      throw new MarqueError('passport', 'the chain did not answer while checking the record; try again', {
        status: 503,
        reason: 'chain-unavailable',
        details: error instanceof Error ? error.message.split('\n')[0] : String(error),
        cause: error,
      });
    }
    const job = await queue.enqueue({
      key: `passport:${record.dealer.toLowerCase()}:${record.nonce}`,
      label: `passport record ${record.nonce} of ${record.dealer} for twin ${record.tokenId}`,
      to: this.address,
      data: encodeFunctionData({ abi: marquePassportAbi, functionName: 'record', args: [record, signature] }),
    });
    const { receipt } = await queue.waitForMined(job.id).catch((error: unknown) => {
      throw new MarqueError('passport', `the record's transaction did not succeed: ${(error as Error).message.split('\n')[0]}`, {
        status: 502,
        reason: 'relay-failed',
        cause: error,
      });
    });
    const transactionHash = receipt.transactionHash;
    const [event] = parseEventLogs({ abi: marquePassportAbi, logs: receipt.logs, eventName: 'ServiceRecorded' }).filter(
      (log) => log.address.toLowerCase() === this.address.toLowerCase(),
    );
    return { transactionHash, blockNumber: receipt.blockNumber, index: Number(event?.args.index ?? -1) };
  }
}
