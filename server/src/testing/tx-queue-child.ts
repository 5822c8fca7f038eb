import type { Address } from 'viem';
import { Relayer } from '../chain/relayer';
import { TxQueue } from '../chain/tx-queue';
import { openDatabase } from '../db/database';

/**
 * A process that sends jobs through a {@link TxQueue} and is killed mid-way by the queue's crash
 * test: `tsx tx-queue-child.ts <rpcUrl> <sender> <count> <database folder | postgres url>`.
 * It enqueues `count` transfers (keys `crash-<i>`) and prints `sent` once every one is signed and
 * recorded, then keeps running until it is killed.
 */
const [rpcUrl, sender, count, database] = process.argv.slice(2) as [string, Address, string, string];
const db = await openDatabase(database.startsWith('postgres') ? { url: database } : { dataDir: database });
const relayer = new Relayer({ rpcUrl, chainId: 31337, account: sender });
const queue = new TxQueue({ db, relayer, pollIntervalMs: 20, log: () => {} });
await queue.start();
const jobs = [];
for (let i = 0; i < Number(count); i++) jobs.push(await queue.enqueue({ key: `crash-${i}`, label: `transfer ${i}`, to: sender, data: '0x', value: BigInt(i + 1) }));
for (;;) {
  const states = await Promise.all(jobs.map((job) => queue.job(job.id)));
  if (states.every((job) => job?.state !== 'queued')) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write('sent\n');
setInterval(() => {}, 60_000);
