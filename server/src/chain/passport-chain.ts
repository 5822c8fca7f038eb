import { parseEventLogs, type Address, type Hex, type PublicClient } from 'viem';
import { marquePassportAbi } from '../../../protocol/src/contracts/abis';
import type { ServiceRecord } from '../../../protocol/src/contracts/contract-types';
import { MarqueError } from '../../../protocol/src/errors';
import { revertOf, type Relayer } from './relayer';

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
  /** Who pays for relayed records; absent: reads only. */
  relayer?: Relayer;
}

/**
 * MarquePassport as the server uses it: reads of a dealer's next nonce and a car's last mileage,
 * and relaying dealer-signed records with the server's {@link Relayer}.
 */
export class PassportChain {
  readonly address: Address;
  private readonly client: PublicClient;
  private readonly relayer?: Relayer;

  constructor(options: PassportChainOptions) {
    this.address = options.passport;
    this.client = options.client;
    this.relayer = options.relayer;
  }

  /** Whether a relayer account is configured. */
  get canRelay(): boolean {
    return this.relayer !== undefined;
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
   * Sends `record` with the dealer's signature and waits for it to be mined. The call is simulated
   * first, so a record the contract would refuse sends nothing.
   * @throws MarqueError 503 (no relayer), 409 `rejected-on-chain` naming the contract's error,
   * 502 `relay-failed` when the mined transaction reverted.
   */
  relay(record: ServiceRecord, signature: Hex): Promise<RelayResult> {
    if (!this.relayer) {
      return Promise.reject(
        new MarqueError('passport', 'relaying is not configured on this server — set RELAYER_PRIVATE_KEY', {
          status: 503,
          reason: 'relay-unavailable',
        }),
      );
    }
    return this.relayer.run((wallet) => this.send(wallet, record, signature));
  }

  private async send(wallet: Relayer['wallet'], record: ServiceRecord, signature: Hex): Promise<RelayResult> {
    let request;
    try {
      ({ request } = await wallet.simulateContract({
        address: this.address,
        abi: marquePassportAbi,
        functionName: 'record',
        args: [record, signature],
      }));
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
    const transactionHash = await wallet.writeContract(request);
    const receipt = await wallet.waitForTransactionReceipt({ hash: transactionHash, timeout: 120_000 });
    if (receipt.status !== 'success') {
      throw new MarqueError('passport', `the record's transaction ${transactionHash} reverted in block ${receipt.blockNumber}`, {
        status: 502,
        reason: 'relay-failed',
      });
    }
    const [event] = parseEventLogs({ abi: marquePassportAbi, logs: receipt.logs, eventName: 'ServiceRecorded' }).filter(
      (log) => log.address.toLowerCase() === this.address.toLowerCase(),
    );
    return { transactionHash, blockNumber: receipt.blockNumber, index: Number(event?.args.index ?? -1) };
  }
}
