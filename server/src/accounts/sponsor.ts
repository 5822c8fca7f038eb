import type { Address, Hash, Hex, PublicClient } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import { type Relayer, revertOf } from '../chain/relayer';
import type { InvitationSigner } from './owner-invitations';
import type { SponsoredSender } from './passkey-accounts';

/**
 * What the sponsor needs of the persisted transaction queue (server/src/chain/tx-queue.ts, through
 * which every chain write of the server goes): record a call under an idempotency key, and wait
 * until it is mined. Declared here by shape, so this module depends on the queue's contract only.
 */
export interface SponsorQueue {
  enqueue(call: { key: string; label: string; to: Address; data: Hex }): Promise<{ id: number }>;
  waitForMined(id: number): Promise<{ receipt: { transactionHash: Hash } }>;
}

/**
 * The sponsor's one way to the chain: a call the marque pays for is simulated first from the
 * relayer's address (a call that would revert costs nothing and says why), then sent through the
 * transaction queue under its idempotency key (`account:<address>:<nonce>:<hash of the call>`: a
 * retried request never pays twice), and answered once mined.
 */
export function queueSponsor(queue: SponsorQueue, client: PublicClient, payer: Address): SponsoredSender {
  return async (call) => {
    try {
      await client.call({ account: payer, to: call.to, data: call.data });
    } catch (error) {
      throw new MarqueError('sponsorship', `${call.label} would be refused by the chain: ${revertOf(error) ?? (error as Error).message.split('\n')[0]}`, {
        status: 409,
        reason: 'rejected-on-chain',
        cause: error,
      });
    }
    const job = await queue.enqueue(call);
    const { receipt } = await queue.waitForMined(job.id);
    return { transactionHash: receipt.transactionHash };
  };
}

/** Signs invitation bindings with the relayer's key (the factory's `inviter`). */
export function relayerInvitationSigner(relayer: Relayer): InvitationSigner {
  return ({ accountId, qx, qy, factory, chainId }) =>
    relayer.wallet.signTypedData({
      account: relayer.wallet.account,
      domain: { name: 'Marque Passkey Account Factory', version: '1', chainId, verifyingContract: factory },
      types: {
        InvitationBinding: [
          { name: 'accountId', type: 'bytes32' },
          { name: 'qx', type: 'bytes32' },
          { name: 'qy', type: 'bytes32' },
        ],
      },
      primaryType: 'InvitationBinding',
      message: { accountId, qx, qy },
    });
}
