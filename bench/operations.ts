/**
 * The order desk's throughput through the integration API: N orders posted with an API key (each
 * with its idempotency key, 10 in flight at a time) until each twin is minted and indexed (the
 * order's state turns `minted` only once the chain index holds its block), on anvil with
 * automining and with 1 s blocks. Measured: orders a minute (N over the time from the first
 * request to the last order minted), the queue's p95 from request to minted, and the p95 from
 * request to the `twin.minted` webhook reaching a receiver; then that every order minted exactly
 * one twin (twins minted on chain, distinct token ids).
 *
 * The reference, in the same run on the same chain: the same N mints sent directly with viem from
 * the same account, one after another, each awaited until mined (what a script without a queue does).
 *
 *   npm run bench:operations [-- --orders 50]
 *
 * Prints a table and writes bench/results/operations.json:
 * { runs: [{ blockTime, orders, ordersPerMinute, mintedP95Ms, webhookP95Ms, directOrdersPerMinute, lost, doubled }] }.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, createWalletClient, http, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { marqueTwinAbi } from '../protocol/src/contracts/abis';
import type { OrderView } from '../protocol/src/operations-api';
import { configurationHash } from '../protocol/src/twin-hashes';
import { startAnvil } from '../server/src/chain/anvil';
import { readEnv } from '../server/src/config';
import { ensureLocalDeployment } from '../server/src/dev/deployment';
import { offChainSeed } from '../server/src/dev/seed';
import { startServer } from '../server/src/server';
import { signInWithUnlockedAccount, TEST_PUBLIC_URL } from '../server/src/testing/test-world';
import { machineInfo, percentile, sleep } from './lib/child-process';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'operations.json');
const CONFIGURATION = { paint: 'P-ORANGE-SOLAIRE', wheel: 'W-FORGED-21', caliper: 'C-NOIR', interior: 'I-ALCANTARA', trim: 'T-CHROME-FONCE' };
const IN_FLIGHT = 10;

const { values } = parseArgs({ options: { orders: { type: 'string', default: '50' } } });
const orders = Number(values.orders);

interface Run {
  blockTime: number;
  orders: number;
  ordersPerMinute: number;
  mintedP95Ms: number;
  webhookP95Ms: number;
  directOrdersPerMinute: number;
  lost: number;
  doubled: number;
}

async function measure(blockTime: number): Promise<Run> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marque-bench-ops-'));
  const chain = await startAnvil({ blockTimeSeconds: blockTime });
  const receiver = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const event = JSON.parse(body) as { type: string; data: { orderRef: string } };
    if (event.type === 'twin.minted') webhookAt.set(event.data.orderRef, Date.now());
    response.writeHead(200).end();
  });
  const webhookAt = new Map<string, number>();
  try {
    const deployment = await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, recordFile: path.join(dataDir, 'deployment.json'), baseURI: `${TEST_PUBLIC_URL}/api/twins/` });
    const server = await startServer({
      env: readEnv({ PORT: '0', PUBLIC_URL: TEST_PUBLIC_URL, RATE_LIMIT_SCALE: '0' }),
      rpcUrl: chain.rpcUrl,
      twinAddress: deployment.twin.address,
      contracts: deployment.contracts,
      manifest: async () => undefined,
      relayer: deployment.deployer,
      seed: offChainSeed(deployment),
    });
    try {
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const token = await signInWithUnlockedAccount({ apiUrl: server.url, publicUrl: TEST_PUBLIC_URL, rpcUrl: chain.rpcUrl, chainId: chain.chainId, address: deployment.deployer });
      const post = async <T>(route: string, auth: string, body: unknown, key: string): Promise<T> => {
        const response = await fetch(`${server.url}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}`, 'idempotency-key': key },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
        return (await response.json()) as T;
      };
      const { key } = await post<{ key: string }>('/api/ops/keys', token, { name: 'bench', scopes: ['orders', 'read'] }, 'bench-key');
      await post('/api/ops/webhooks', token, { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, events: ['twin.minted'] }, 'bench-hook');
      const client = createPublicClient({ transport: http(chain.rpcUrl) });
      const mintedBefore = await client.readContract({ address: deployment.twin.address, abi: marqueTwinAbi, functionName: 'totalMinted' });
      const owners = (await createWalletClient({ transport: http(chain.rpcUrl) }).getAddresses()).slice(1) as Address[];

      // Through the API: 10 requests in flight, then each order followed until minted and indexed.
      const sentAt = new Map<string, number>();
      const ids = new Map<string, number>();
      const start = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < orders) {
            const i = next++;
            const orderRef = `BENCH-${blockTime}-${i}`;
            sentAt.set(orderRef, Date.now());
            const order = await post<OrderView>('/api/ops/orders', key, { orderRef, model: 'astrale-2025', configuration: CONFIGURATION, owner: owners[i % owners.length] }, `order-${orderRef}`);
            ids.set(orderRef, order.id);
          }
        }),
      );
      const mintedAt = new Map<string, number>();
      const tokenIds = new Set<string>();
      const deadline = Date.now() + 10 * 60_000;
      while (mintedAt.size < orders && Date.now() < deadline) {
        const list = (await (await fetch(`${server.url}/api/ops/orders?state=minted`, { headers: { authorization: `Bearer ${key}` } })).json()) as OrderView[];
        const now = Date.now();
        for (const order of list) {
          if (!mintedAt.has(order.orderRef) && sentAt.has(order.orderRef)) {
            mintedAt.set(order.orderRef, now);
            tokenIds.add(order.tokenId!);
          }
        }
        await sleep(20);
      }
      const end = Math.max(...mintedAt.values());
      while (webhookAt.size < orders && Date.now() < deadline) await sleep(20);
      const mintedAfter = await client.readContract({ address: deployment.twin.address, abi: marqueTwinAbi, functionName: 'totalMinted' });
      const onChain = Number(mintedAfter - mintedBefore);

      // The reference: the same mints, directly with viem, one after another.
      const wallet = createWalletClient({ account: deployment.deployer, chain: foundry, transport: http(chain.rpcUrl), pollingInterval: blockTime ? 200 : 20 });
      const reader = createPublicClient({ chain: foundry, transport: http(chain.rpcUrl), pollingInterval: blockTime ? 200 : 20 });
      const hash = configurationHash(CONFIGURATION);
      const directStart = Date.now();
      for (let i = 0; i < orders; i++) {
        const tx = await wallet.writeContract({ address: deployment.twin.address, abi: marqueTwinAbi, functionName: 'mint', args: [owners[i % owners.length]!, 'astrale-2025', hash] });
        await reader.waitForTransactionReceipt({ hash: tx });
      }
      const directMs = Date.now() - directStart;

      const latencies = [...mintedAt].map(([ref, at]) => at - sentAt.get(ref)!);
      const webhookLatencies = [...webhookAt].filter(([ref]) => sentAt.has(ref)).map(([ref, at]) => at - sentAt.get(ref)!);
      return {
        blockTime,
        orders,
        ordersPerMinute: Math.round((orders / (end - start)) * 60_000),
        mintedP95Ms: Math.round(percentile(latencies, 0.95)),
        webhookP95Ms: Math.round(percentile(webhookLatencies, 0.95)),
        directOrdersPerMinute: Math.round((orders / directMs) * 60_000),
        lost: orders - mintedAt.size,
        doubled: onChain - tokenIds.size,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
    await chain.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const runs: Run[] = [];
  for (const blockTime of [0, 1]) {
    process.stdout.write(`anvil ${blockTime ? `with ${blockTime} s blocks` : 'automining'}: ${orders} orders…\n`);
    runs.push(await measure(blockTime));
  }
  console.log('\n| blocks | orders | orders/min (API, queue) | minted p95 ms | webhook p95 ms | orders/min (direct viem, one by one) | × direct | lost | doubled |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of runs) {
    console.log(
      `| ${r.blockTime ? `${r.blockTime} s` : 'automine'} | ${r.orders} | ${r.ordersPerMinute} | ${r.mintedP95Ms} | ${r.webhookP95Ms} | ${r.directOrdersPerMinute} | ${(r.ordersPerMinute / r.directOrdersPerMinute).toFixed(2)} | ${r.lost} | ${r.doubled} |`,
    );
  }
  await mkdir(path.dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify({ runs, machine: machineInfo() }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
  if (runs.some((r) => r.lost + r.doubled > 0)) process.exitCode = 1;
}

await main();
