import { createPublicClient, createTestClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import type { OrderView } from '../../../protocol/src/operations-api';
import { bearer, json } from '../testing/http';
import { startTestWorld, type TestWorld } from '../testing/test-world';

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ restartable: true });
}, 120_000);
afterAll(async () => {
  await world?.stop();
});

describe('an order across a restart', () => {
  it('is followed again after the server restarts with its mint sent but not mined, and mints exactly one twin', async () => {
    const staff = await world.signIn(world.deployment.deployer);
    const post = (path: string, body: unknown, auth: string, key: string) =>
      fetch(`${world.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(auth), 'idempotency-key': key }, body: JSON.stringify(body) });
    const { key } = await json<{ key: string }>(await post('/api/ops/keys', { name: 'orders', scopes: ['orders'] }, staff, 'key'), 201);
    const chain = createTestClient({ chain: foundry, mode: 'anvil', transport: http(world.chain.rpcUrl) });
    const reader = createPublicClient({ transport: http(world.chain.rpcUrl) });
    const before = await reader.readContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'totalMinted' });
    let orderId = 0;
    await chain.setAutomine(false);
    try {
      const body = {
        orderRef: 'SO-RESTART-1',
        model: 'aurore-1964',
        configuration: { paint: 'P-CREME-IVOIRE', wheel: 'W-CHROME-RAYONS', caliper: 'C-NOIR', interior: 'I-COGNAC', trim: 'T-CHROME' },
        owner: world.accounts[6],
      };
      const order = await json<OrderView>(await post('/api/ops/orders', body, key, 'restart-1'), 202);
      orderId = order.id;
      const sentJob = async () => {
        for (;;) {
          const { jobs } = await json<{ jobs: { id: number; state: string }[] }>(await fetch(`${world.server.url}/api/ops/jobs`, { headers: bearer(key) }));
          if (jobs.find((j) => j.id === order.jobId)?.state === 'sent') return;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await sentJob();
      await world.restart();
      // The client retries its request on the new process: the same answer, nothing sent again.
      expect(await json<OrderView>(await post('/api/ops/orders', body, key, 'restart-1'), 202)).toMatchObject({ id: order.id, state: 'minting' });
      await chain.mine({ blocks: 1 });
    } finally {
      await chain.setAutomine(true);
    }
    const deadline = Date.now() + 30_000;
    let settled: OrderView;
    do {
      settled = await json<OrderView>(await fetch(`${world.server.url}/api/ops/orders/${orderId}`, { headers: bearer(key) }));
      if (settled.state !== 'minting') break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    expect(settled.state).toBe('minted');
    expect(await reader.readContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'totalMinted' })).toBe(before + 1n);
  });
});
