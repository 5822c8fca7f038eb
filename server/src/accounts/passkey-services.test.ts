import { describe, expect, it } from 'vitest';
import { admin, deployAll, deployed, stranger, useChain } from '../../../contracts/test/fixture';
import { connectChain } from '../chain/chain';
import { Relayer } from '../chain/relayer';
import { readEnv } from '../config';
import { openDatabase } from '../db/database';
import type { SponsorQueue } from './sponsor';
import { passkeyServices } from './passkey-services';

const chain = useChain();

describe('passkeyServices', () => {
  it("refuses to start when the relayer is not the factory's inviter, and starts when it is", async () => {
    const { twin } = await deployAll(chain);
    const factory = await deployed(chain, 'MarquePasskeyAccountFactory', [admin.address]);
    const db = await openDatabase({});
    try {
      const options = async (relayerAccount: typeof admin) => ({
        env: readEnv({ PUBLIC_URL: 'http://localhost:5173' }),
        chain: await connectChain({ rpcUrl: chain.anvil.rpcUrl, twinAddress: twin.address }),
        db,
        relayer: new Relayer({ rpcUrl: chain.anvil.rpcUrl, chainId: chain.chainId, account: relayerAccount }),
        // Not used before a call is sponsored.
        txQueue: {} as SponsorQueue,
        accountFactory: factory.address,
        contracts: { twin: twin.address },
      });
      await expect(passkeyServices(await options(stranger))).rejects.toMatchObject({
        reason: 'inviter-mismatch',
        message: expect.stringContaining(`takes invitations signed by ${admin.address}, but this server's relayer is ${stranger.address}`),
      });
      expect(await passkeyServices(await options(admin))).toMatchObject({ accounts: expect.anything(), invitations: expect.anything() });
    } finally {
      await db.close();
    }
  });
});
