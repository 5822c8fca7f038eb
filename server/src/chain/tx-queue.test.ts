import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createTestClient, createWalletClient, encodeFunctionData, http, publicActions, type Address, type Hash } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { openDatabase, type Database } from '../db/database';
import { ensureLocalDeployment, type LocalDeployment } from '../dev/deployment';
import { freshDatabases } from '../testing/fresh-database';
import { startAnvil, type AnvilNode } from './anvil';
import { Relayer } from './relayer';
import { TxQueue, type TxQueueOptions } from './tx-queue';

const databases = freshDatabases('tx-queue');
let chain: AnvilNode;
let deployment: LocalDeployment;
let sender: Address;
const test = () => createTestClient({ chain: foundry, mode: 'anvil', transport: http(chain.rpcUrl) }).extend(publicActions);
const open: { queues: TxQueue[]; dbs: Database[] } = { queues: [], dbs: [] };

beforeAll(async () => {
  chain = await startAnvil();
  deployment = await ensureLocalDeployment({
    rpcUrl: chain.rpcUrl,
    recordFile: `${await databases.folder('deployment')}/deployment.json`,
    baseURI: 'http://localhost:5173/api/twins/',
  });
  // Account 4 holds nothing and no role: the queue's transfers are the only transactions it makes.
  sender = (await createWalletClient({ transport: http(chain.rpcUrl) }).getAddresses())[4]!;
}, 120_000);
afterEach(async () => {
  for (const queue of open.queues.splice(0)) await queue.stop();
  for (const db of open.dbs.splice(0)) await db.close();
  await test().setAutomine(true);
});
afterAll(async () => {
  await chain?.stop();
  await databases.cleanup();
});

async function queueOn(db: Database, account: Address = sender, options: Partial<TxQueueOptions> = {}): Promise<TxQueue> {
  const queue = new TxQueue({ db, relayer: new Relayer({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, account }), pollIntervalMs: 20, log: () => {}, ...options });
  await queue.start();
  open.queues.push(queue);
  return queue;
}

async function database(dataDir?: string): Promise<Database> {
  const db = await openDatabase(dataDir ? { dataDir } : {});
  open.dbs.push(db);
  return db;
}

async function untilState(queue: TxQueue, ids: number[], state: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await Promise.all(ids.map((id) => queue.job(id)));
    if (jobs.every((job) => job?.state === state)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for jobs ${ids} to be ${state}: ${jobs.map((j) => `${j?.id}:${j?.state}:${j?.error ?? ''}`)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every transaction `from` made in blocks after `fromBlock`, as (nonce, value). */
async function transactionsOf(from: Address, fromBlock: bigint): Promise<{ hash: Hash; nonce: number; value: bigint }[]> {
  const client = test();
  const head = await client.getBlockNumber();
  const found = [];
  for (let n = fromBlock + 1n; n <= head; n++) {
    const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
    for (const tx of block.transactions) if (tx.from.toLowerCase() === from.toLowerCase()) found.push({ hash: tx.hash, nonce: tx.nonce, value: tx.value });
  }
  return found;
}

describe('TxQueue', () => {
  it('sends each job once, in order, and answers the same job for the same key', async () => {
    const queue = await queueOn(await database());
    const start = await test().getBlockNumber();
    const jobs = [];
    for (let i = 1; i <= 5; i++) jobs.push(await queue.enqueue({ key: `plain-${i}`, label: `transfer ${i}`, to: sender, data: '0x', value: BigInt(i) }));
    const again = await queue.enqueue({ key: 'plain-3', label: 'transfer 3', to: sender, data: '0x', value: 3n });
    expect(again.id).toBe(jobs[2]!.id);
    await expect(queue.enqueue({ key: 'plain-3', label: 'something else', to: sender, data: '0x', value: 99n })).rejects.toMatchObject({ status: 409, reason: 'idempotency-conflict' });

    const mined = await Promise.all(jobs.map((job) => queue.waitForMined(job.id)));
    expect(mined.map((m) => m.receipt.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
    const sent = await transactionsOf(sender, start);
    expect(sent.map((tx) => tx.value)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(new Set(mined.map((m) => m.job.nonce)).size).toBe(5);
  });

  it('refuses a call that would revert without sending it or spending a nonce, keeps it visible, and retries it on request', async () => {
    const queue = await queueOn(await database());
    const before = await test().getTransactionCount({ address: sender });
    // Account 4 holds no FACTORY_ROLE: MarqueTwin refuses.
    const data = encodeFunctionData({ abi: marqueTwinAbi, functionName: 'advanceStage', args: [1n, 1] });
    const job = await queue.enqueue({ key: 'refused', label: 'advance twin 1', to: deployment.twin.address, data });
    await expect(queue.waitForMined(job.id)).rejects.toMatchObject({ reason: 'tx-failed' });
    const failed = await queue.job(job.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toMatch(/AccessControlUnauthorizedAccount/);
    expect(failed?.attempts).toEqual([]);
    expect(await test().getTransactionCount({ address: sender })).toBe(before);

    const retried = await queue.retry(job.id);
    expect(retried.state).toBe('queued');
    await expect(queue.waitForMined(job.id)).rejects.toMatchObject({ reason: 'tx-failed' });
    await expect(queue.retry(999_999)).rejects.toMatchObject({ status: 404 });
  });

  it('after a restart, sends jobs left queued or sent exactly once, the dropped ones again with the same bytes', async () => {
    const db = await database(await databases.folder('restart'));
    await test().setAutomine(false);
    const first = await queueOn(db);
    const start = await test().getBlockNumber();
    const jobs = [];
    for (let i = 1; i <= 4; i++) jobs.push(await first.enqueue({ key: `restart-${i}`, label: `transfer ${i}`, to: sender, data: '0x', value: BigInt(100 + i) }));
    await untilState(first, jobs.map((j) => j.id), 'sent');
    await first.stop();
    // The node loses two of them (its pool is not kept across its own restarts).
    const recorded = await Promise.all(jobs.map((job) => first.job(job.id)));
    await test().dropTransaction({ hash: recorded[1]!.attempts[0]!.hash });
    await test().dropTransaction({ hash: recorded[3]!.attempts[0]!.hash });
    // A job recorded while the queue was down waits for the next one.
    await db.query(
      `insert into tx_jobs (idempotency_key, label, chain_id, sender, target, data, value, state) values ('restart-5', 'transfer 5', $1, $2, $2, '0x', 105, 'queued')`,
      [chain.chainId, sender.toLowerCase()],
    );

    const second = await queueOn(db);
    const fifth = (await second.jobByKey('restart-5'))!;
    await untilState(second, [...jobs.map((j) => j.id), fifth.id], 'sent');
    await test().mine({ blocks: 1 });
    await test().setAutomine(true);
    second.wake();
    await untilState(second, [...jobs.map((j) => j.id), fifth.id], 'mined');

    const sent = await transactionsOf(sender, start);
    expect(sent.map((tx) => tx.value).sort()).toEqual([101n, 102n, 103n, 104n, 105n]);
    const settled = await Promise.all(jobs.map((job) => second.job(job.id)));
    // Resent with the bytes recorded before the first broadcast: the same transaction, not a second one.
    expect(settled.map((job) => job!.transactionHash)).toEqual(recorded.map((job) => job!.attempts[0]!.hash));
  });

  it('survives a kill -9 between sending and recording: every job mined exactly once', async () => {
    const folder = await databases.folder('crash');
    await test().setAutomine(false);
    const start = await test().getBlockNumber();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/tx-queue-child.ts', chain.rpcUrl, sender, '6', folder], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => line === 'sent' && resolve());
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it sent its jobs`)));
    });
    child.kill('SIGKILL');
    await exited;
    // Mined while no process watched: the record still says sent.
    await test().mine({ blocks: 1 });
    await test().setAutomine(true);

    const db = await database(folder);
    const queue = await queueOn(db);
    const ids = (await queue.list()).map((job) => job.id);
    expect(ids).toHaveLength(6);
    await untilState(queue, ids, 'mined');
    const sent = await transactionsOf(sender, start);
    expect(sent.map((tx) => tx.value).sort()).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
  }, 60_000);

  it('signs again with a new nonce when another transaction of the account took its nonce', async () => {
    const queue = await queueOn(await database());
    await test().setAutomine(false);
    const start = await test().getBlockNumber();
    const job = await queue.enqueue({ key: 'taken', label: 'transfer 7', to: sender, data: '0x', value: 7n });
    await untilState(queue, [job.id], 'sent');
    const signed = (await queue.job(job.id))!;
    // Recorded as sent before it is broadcast (a crash in between must not lose it): wait until the node has it.
    await expect.poll(() => test().getTransaction({ hash: signed.attempts[0]!.hash }).then(() => true, () => false), { timeout: 20_000, interval: 20 }).toBe(true);
    await test().dropTransaction({ hash: signed.attempts[0]!.hash });
    // Someone else uses the account with that nonce.
    await createWalletClient({ chain: foundry, transport: http(chain.rpcUrl) }).sendTransaction({ account: sender, to: sender, value: 8n, nonce: signed.nonce! });
    await test().mine({ blocks: 1 });
    await test().setAutomine(true);
    queue.wake();
    const { job: mined } = await queue.waitForMined(job.id, 20_000);
    expect(mined.nonce).toBe(signed.nonce! + 1);
    expect(mined.attempts).toHaveLength(2);
    const sent = await transactionsOf(sender, start);
    expect(sent.map((tx) => tx.value).sort()).toEqual([7n, 8n]);
  });

  it('re-prices a transaction left unmined, with the same nonce, and records the one that was mined', async () => {
    const queue = await queueOn(await database(), sender, { resendAfterMs: 100 });
    await test().setAutomine(false);
    const start = await test().getBlockNumber();
    const job = await queue.enqueue({ key: 'slow', label: 'transfer 9', to: sender, data: '0x', value: 9n });
    for (;;) {
      const current = (await queue.job(job.id))!;
      if (current.attempts.length >= 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await test().mine({ blocks: 1 });
    await test().setAutomine(true);
    const { job: mined } = await queue.waitForMined(job.id, 20_000);
    expect(new Set(mined.attempts.map((a) => a.nonce)).size).toBe(1);
    expect(BigInt(mined.attempts[1]!.maxFeePerGas)).toBeGreaterThan(BigInt(mined.attempts[0]!.maxFeePerGas));
    expect(mined.attempts.map((a) => a.hash)).toContain(mined.transactionHash);
    const sent = await transactionsOf(sender, start);
    expect(sent.map((tx) => tx.value)).toEqual([9n]);
  });

  it.skipIf(!process.env.DATABASE_URL)('on PostgreSQL, two processes sharing the queue send each job once, with distinct nonces', async () => {
    // Two pools on one schema, as two server processes on one DATABASE_URL.
    const options = await databases.fresh('postgres');
    const [first, second] = [await openDatabase(options), await openDatabase(options)];
    open.dbs.push(first, second);
    const [a, b] = [await queueOn(first), await queueOn(second)];
    const start = await test().getBlockNumber();
    const jobs = [];
    for (let i = 1; i <= 8; i++) jobs.push(await (i % 2 ? a : b).enqueue({ key: `pg-${i}`, label: `transfer ${i}`, to: sender, data: '0x', value: BigInt(200 + i) }));
    const mined = await Promise.all(jobs.map((job) => a.waitForMined(job.id, 30_000)));
    expect(new Set(mined.map((m) => m.job.nonce)).size).toBe(8);
    const sent = await transactionsOf(sender, start);
    expect(sent.map((tx) => tx.value).sort()).toEqual([201n, 202n, 203n, 204n, 205n, 206n, 207n, 208n]);
  });
});

