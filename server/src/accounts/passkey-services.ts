import type { Address } from 'viem';
import { marquePasskeyAccountFactoryAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import type { Chain } from '../chain/chain';
import type { Relayer } from '../chain/relayer';
import type { ServerEnv } from '../config';
import type { Database } from '../db/database';
import { OwnerInvitations } from './owner-invitations';
import { PasskeyAccounts } from './passkey-accounts';
import type { PasskeyServices } from './passkey-routes';
import { queueSponsor, relayerInvitationSigner, type SponsorQueue } from './sponsor';
import { Sponsorship } from './sponsorship';
import { RelyingParty } from './webauthn';

/**
 * Builds the passkey accounts' services from the server's: the relying party from `PUBLIC_URL`,
 * sponsorship limits from the environment, sponsored calls through the transaction queue, and
 * invitation bindings signed by the relayer (the factory's inviter). Undefined without a factory,
 * a relayer or the queue: the routes then answer 503.
 * @throws MarqueError `inviter-mismatch` when the relayer is not the factory's inviter: the server
 * does not start with owner invitations that the chain would refuse.
 */
export async function passkeyServices(options: {
  env: ServerEnv;
  chain: Chain;
  db: Database;
  relayer?: Relayer;
  txQueue?: SponsorQueue;
  accountFactory?: Address;
  contracts: { twin: Address; eventPass?: Address; profile?: Address };
}): Promise<PasskeyServices | undefined> {
  const { env, chain, db, relayer, txQueue, accountFactory, contracts } = options;
  if (!accountFactory || !relayer || !txQueue) return undefined;
  // Invitations are bound by the factory's inviter's signature: another key's would be refused on chain, owner by owner.
  const inviter = await chain.client.readContract({ address: accountFactory, abi: marquePasskeyAccountFactoryAbi, functionName: 'inviter' });
  if (inviter.toLowerCase() !== relayer.address.toLowerCase()) {
    throw new MarqueError('accounts', `the passkey account factory ${accountFactory} takes invitations signed by ${inviter}, but this server's relayer is ${relayer.address}`, {
      details: "owner invitations would all be refused on chain. Set RELAYER_PRIVATE_KEY to the inviter's key, or deploy a factory whose inviter is the relayer (ACCOUNT_FACTORY_ADDRESS)",
      reason: 'inviter-mismatch',
    });
  }
  const accounts = new PasskeyAccounts({
    db,
    client: chain.client,
    chainId: chain.chainId,
    relyingParty: new RelyingParty(env.PUBLIC_URL),
    factory: accountFactory,
    sponsorship: new Sponsorship(db, contracts, { perAccountPerDay: env.SPONSOR_CALLS_PER_ACCOUNT_PER_DAY, perDay: env.SPONSOR_CALLS_PER_DAY }),
    sponsor: queueSponsor(txQueue, chain.client, relayer.address),
  });
  return { accounts, invitations: new OwnerInvitations(accounts, relayerInvitationSigner(relayer), env.PUBLIC_URL) };
}
