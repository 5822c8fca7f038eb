import { encodeFunctionData, parseEventLogs, TransactionReceiptNotFoundError, type Address, type Hash, type Hex } from 'viem';
import { marqueEventPassAbi } from '../../../protocol/src/contracts/abis';
import { BADGE_CLAIM_TYPES, eventPassDomain, type BadgeClaim } from '../../../protocol/src/contracts/contract-types';
import { MarqueError } from '../../../protocol/src/errors';
import { revertOf, type Relayer } from './relayer';
import type { TxQueue } from './tx-queue';

/** How long an attendee has to redeem a badge claim, seconds. */
const CLAIM_WINDOW_S = 24 * 3600;

/**
 * MarqueEventPass as the launch service uses it, with the server's {@link Relayer} (which must
 * hold BRAND_TEAM_ROLE; on the local chain, account 0 does): an event created on chain for each
 * launch's badge, through the transaction queue, and badge claims signed for attendees who stayed
 * long enough.
 */
export class EventPassChain {
  constructor(
    readonly address: Address,
    private readonly chainId: number,
    private readonly relayer: Relayer,
    private readonly queue: TxQueue,
  ) {}

  /**
   * `createEvent(minimumStaySeconds)`: the on-chain id of a launch's badge, and the transaction that
   * created it. `key` names this creation (the launch and which attempt): asked again with the same
   * key (a retried request, a restart after the transaction was sent) it answers the same event.
   */
  async createEvent(key: string, minimumStaySeconds: number): Promise<{ eventId: bigint; transactionHash: Hash }> {
    try {
      await this.relayer.wallet.simulateContract({ address: this.address, abi: marqueEventPassAbi, functionName: 'createEvent', args: [minimumStaySeconds] });
    } catch (error) {
      throw new MarqueError('events', `MarqueEventPass refuses to create the event: ${revertOf(error) ?? 'the chain did not answer'}`, {
        status: 503,
        reason: 'badge-unavailable',
        details: `the server's account ${this.relayer.address} must hold BRAND_TEAM_ROLE`,
        cause: error,
      });
    }
    const job = await this.queue.enqueue({
      key: `event-pass:create:${key}`,
      label: `badge event for launch ${key}`,
      to: this.address,
      data: encodeFunctionData({ abi: marqueEventPassAbi, functionName: 'createEvent', args: [minimumStaySeconds] }),
    });
    const { receipt } = await this.queue.waitForMined(job.id).catch((error: unknown) => {
      throw new MarqueError('events', `the transaction creating the badge's event failed: ${(error as Error).message.split('\n')[0]}`, {
        status: 502,
        reason: 'badge-unavailable',
        cause: error,
      });
    });
    const [created] = parseEventLogs({ abi: marqueEventPassAbi, logs: receipt.logs, eventName: 'EventCreated' });
    if (!created) throw new MarqueError('events', `the transaction ${receipt.transactionHash} created no badge event`, { status: 502, reason: 'badge-unavailable' });
    return { eventId: created.args.eventId, transactionHash: receipt.transactionHash };
  }

  /**
   * Whether the chain still has event `eventId` as created by `transactionHash`: the transaction
   * is mined, succeeded and created that id on this contract. A chain that lost its last blocks
   * (a local chain restarted from an older state) no longer has it, and may give the same id to
   * the next event created. Without the transaction (an id stored before it was kept), whether the
   * contract has created that many events.
   * @throws when the chain does not answer (the caller must not create an event on a guess).
   */
  async holdsEvent(eventId: bigint, transactionHash: Hash | undefined): Promise<boolean> {
    const client = this.relayer.wallet;
    if (!transactionHash) {
      const count = await client.readContract({ address: this.address, abi: marqueEventPassAbi, functionName: 'eventCount' });
      return eventId >= 1n && eventId <= count;
    }
    let receipt;
    try {
      receipt = await client.getTransactionReceipt({ hash: transactionHash });
    } catch (error) {
      if (error instanceof TransactionReceiptNotFoundError) return false;
      throw error;
    }
    if (receipt.status !== 'success') return false;
    const created = parseEventLogs({ abi: marqueEventPassAbi, logs: receipt.logs, eventName: 'EventCreated' });
    return created.some((log) => log.address.toLowerCase() === this.address.toLowerCase() && log.args.eventId === eventId);
  }

  /** A claim to `eventId`'s badge for `attendee`, signed by the relayer as issuer, valid a day. */
  async signClaim(eventId: bigint, attendee: Address): Promise<{ claim: BadgeClaim; signature: Hex }> {
    const claim: BadgeClaim = { eventId, attendee, issuer: this.relayer.address, deadline: BigInt(Math.floor(Date.now() / 1000) + CLAIM_WINDOW_S) };
    const signature = await this.relayer.wallet.signTypedData({
      domain: eventPassDomain(this.chainId, this.address),
      types: BADGE_CLAIM_TYPES,
      primaryType: 'BadgeClaim',
      message: claim,
    });
    return { claim, signature };
  }
}
