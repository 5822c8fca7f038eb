import type { Address } from 'viem';
import type { Chain } from '../chain/chain';
import { MarqueError } from '../errors';

/**
 * The garage's access rule: the wallet must hold at least one twin token,
 * read from the chain at the moment of asking — never from what the client says.
 * @throws MarqueError (403, `not-an-owner`) with a message shown to the visitor.
 */
export async function assertGarageAccess(chain: Chain, address: Address): Promise<void> {
  let balance: bigint;
  try {
    balance = await chain.twinBalance(address);
  } catch (cause) {
    throw new MarqueError('garage: cannot check your car tokens right now; try again in a moment', {
      status: 503,
      reason: 'chain-unavailable',
      cause,
    });
  }
  if (balance === 0n) {
    throw new MarqueError(
      `garage: this wallet holds no Marque digital twin — the garage is for owners of a Marque car`,
      { status: 403, reason: 'not-an-owner' },
    );
  }
}
