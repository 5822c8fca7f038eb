import { createPublicClient, createWalletClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { startTestWorld, type TestWorld } from '../testing/test-world';

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld();
});
afterAll(() => world?.stop());

async function health() {
  const response = await fetch(`${world.server.url}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe('the server runs the indexer', () => {
  it('from the deployment it was given, and reports it in /healthz', async () => {
    const client = createPublicClient({ transport: http(world.chain.rpcUrl) });
    const head = Number(await client.getBlockNumber({ cacheTime: 0 }));

    // The server starts once the demo seed is back-filled.
    expect(await health()).toMatchObject({
      status: 200,
      body: { status: 'ok', indexer: { ok: true, head, indexed: head, lagBlocks: 0 } },
    });

    const [owner] = world.deployment.demoOwners;
    const wallet = createWalletClient({ account: owner!.address, chain: foundry, transport: http(world.chain.rpcUrl) });
    await wallet.writeContract({
      address: world.deployment.contracts.twin.address,
      abi: marqueTwinAbi,
      functionName: 'transferFrom',
      args: [owner!.address, world.accounts[9]!, BigInt(owner!.tokenId)],
    });
    await expect
      .poll(async () => (await health()).body.indexer, { timeout: 5_000, interval: 50 })
      .toMatchObject({ ok: true, indexed: head + 1, lagBlocks: 0 });
  });
});
