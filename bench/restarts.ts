/**
 * `npm start` restarted again and again, stopped each time in one of four ways in turn: Ctrl-C,
 * kill -9 of the server (its chain left running), kill -9 of the chain (npm start then stops by
 * itself), and kill -9 of both. Each cycle starts the product on the same data folder, checks that
 * it reused the contracts and that every twin and service record acknowledged before (committed to
 * the server's index) is still on the chain and in the index, then mints a twin and files a
 * dealer's service record, waits until the index holds both, and stops the product.
 *
 * The reference, measured in the same run: the first start, on an empty data folder, which deploys
 * and seeds the contracts.
 *
 *   npm run bench:restarts [-- --cycles 50]
 *
 * Prints a table and writes bench/results/restarts.json: { cycles, redeploys, tokensLost, recordsLost, … }.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, createWalletClient, http, type Hex } from 'viem';
import { foundry } from 'viem/chains';
import { marquePassportAbi as passportAbi } from '../protocol/src/contracts/abis';
import { passportDomain, SERVICE_KINDS, SERVICE_RECORD_TYPES } from '../protocol/src/contracts/contract-types';
import { recordDetailsHash } from '../protocol/src/twin-hashes';
import { indexedThrough, mintAcknowledged, ownersOnChain, startProduct, type ProductProcess, type StopMode } from '../server/src/testing/product-process';
import { machineInfo, percentile } from './lib/child-process';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'restarts.json');
const MODES: StopMode[] = ['ctrl-c', 'kill-server', 'kill-chain', 'kill-both'];
const OWNER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '50' } } });
const cycles = Number(values.cycles);

/** Files a first-inspection record for `tokenId` signed by the staff account (a dealer), and waits until it is indexed. */
async function fileRecord(product: ProductProcess, tokenId: bigint, mileage: number): Promise<void> {
  const deployment = await product.deployment();
  const passport = deployment.contracts.passport.address;
  const chain = createPublicClient({ transport: http(product.rpcUrl), pollingInterval: 20 });
  const wallet = createWalletClient({ account: deployment.deployer, chain: foundry, transport: http(product.rpcUrl) });
  const { timestamp } = await chain.getBlock();
  const record = {
    tokenId,
    kind: SERVICE_KINDS.inspection,
    mileage,
    recordHash: recordDetailsHash({ summary: `Inspection at ${mileage} km`, workshop: 'Marque Paris-Étoile', parts: [] }),
    dealer: deployment.deployer,
    nonce: await chain.readContract({ address: passport, abi: passportAbi, functionName: 'nonces', args: [deployment.deployer] }),
    deadline: timestamp + 3600n,
  };
  const signature: Hex = await wallet.signTypedData({
    domain: passportDomain(deployment.chainId, passport),
    types: SERVICE_RECORD_TYPES,
    primaryType: 'ServiceRecord',
    message: record,
  });
  const hash = await wallet.writeContract({ address: passport, abi: passportAbi, functionName: 'record', args: [record, signature] });
  const receipt = await chain.waitForTransactionReceipt({ hash });
  await indexedThrough(product, receipt.blockNumber);
}

async function recordCounts(product: ProductProcess, tokenIds: readonly bigint[]): Promise<number[]> {
  const deployment = await product.deployment();
  const chain = createPublicClient({ transport: http(product.rpcUrl) });
  return Promise.all(
    tokenIds.map(async (tokenId) =>
      Number(await chain.readContract({ address: deployment.contracts.passport.address, abi: passportAbi, functionName: 'recordCountOf', args: [tokenId] })),
    ),
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marque-bench-restarts-'));
  const minted: bigint[] = [];
  let redeploys = 0;
  let tokensLost = 0;
  let recordsLost = 0;
  let notIndexed = 0;
  let twin: string | undefined;
  const startMs: Record<string, number[]> = { fresh: [] };
  try {
    let previous: StopMode | 'fresh' = 'fresh';
    for (let cycle = 0; cycle <= cycles; cycle++) {
      const began = performance.now();
      const product = await startProduct(dataDir);
      (startMs[previous] ??= []).push(performance.now() - began);
      const deployment = await product.deployment();
      twin ??= deployment.twin.address;
      if (cycle > 0 && (deployment.twin.address !== twin || product.output.some((line) => line.includes('contracts: deploying')))) redeploys++;
      const owners = await ownersOnChain(product, deployment.twin.address, minted);
      tokensLost += owners.filter((owner) => owner?.toLowerCase() !== OWNER.toLowerCase()).length;
      recordsLost += (await recordCounts(product, minted)).filter((count) => count < 1).length;
      for (const tokenId of minted) if ((await fetch(`${product.serverUrl}/api/twins/${tokenId}`)).status !== 200) notIndexed++;
      if (cycle === cycles) {
        await product.stop('ctrl-c');
        break;
      }
      const tokenId = await mintAcknowledged(product, OWNER);
      await fileRecord(product, tokenId, 1000 + cycle);
      minted.push(tokenId);
      const mode = MODES[cycle % MODES.length]!;
      await product.stop(mode);
      previous = mode;
      process.stdout.write(`\rcycle ${cycle + 1}/${cycles}: stopped by ${mode.padEnd(11)} redeploys ${redeploys}, tokens lost ${tokensLost}, records lost ${recordsLost}`);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  process.stdout.write('\n\n');

  const median = (list: number[]) => (list.length ? percentile(list, 50) / 1000 : NaN);
  const rows = Object.entries(startMs).map(([after, list]) => ({ after, starts: list.length, medianS: Number(median(list).toFixed(2)) }));
  const fresh = median(startMs.fresh!);
  console.log('| start after | starts | median start s | × fresh start |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.after} | ${row.starts} | ${row.medianS.toFixed(2)} | ${(row.medianS / fresh).toFixed(2)} |`);
  console.log(`\ncycles ${cycles} · redeploys ${redeploys} · tokens lost ${tokensLost} · records lost ${recordsLost} · twins missing from the index ${notIndexed}`);
  const result = { cycles, redeploys, tokensLost, recordsLost, twinsMissingFromIndex: notIndexed, startSeconds: rows, machine: machineInfo() };
  if (cycles === 50) {
    await mkdir(path.dirname(RESULTS), { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${path.relative(ROOT, RESULTS)}`);
  }
  if (redeploys + tokensLost + recordsLost + notIndexed > 0) process.exitCode = 1;
}

await main();
