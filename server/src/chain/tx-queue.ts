import { EventEmitter } from 'node:events';
import {
  BaseError,
  decodeErrorResult,
  keccak256,
  TransactionReceiptNotFoundError,
  TransactionNotFoundError,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { marqueEventPassAbi, marqueOwnerProfileAbi, marquePassportAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import type { Database, Queryable } from '../db/database';
import { revertOf, type Relayer } from './relayer';

/** A contract call (or a plain transfer) for the queue to send. */
export interface TxCall {
  to: Address;
  data: Hex;
  value?: bigint;
}

/** What {@link TxQueue.enqueue} takes. */
export interface EnqueueOptions extends TxCall {
  /**
   * The caller's idempotency key: the same key always means the same job, so a retried request,
   * a restarted process or a second process never sends the call twice. `order:<key>:mint`,
   * `passport:<dealer>:<nonce>`.
   */
  key: string;
  /** What it does, for people reading the job list: `mint twin for order 12`. */
  label: string;
}

/**
 * Where a job stands: `queued` (recorded, nothing signed), `sent` (signed with its nonce, the
 * signed bytes recorded, broadcast or about to be), `mined` (succeeded), `reverted` (mined and
 * reverted), `failed` (refused before anything was sent: the call would revert, or the chain
 * refused it). `reverted` and `failed` jobs are retried only when asked ({@link TxQueue.retry}).
 */
export type TxJobState = 'queued' | 'sent' | 'mined' | 'reverted' | 'failed';

/** One signed transaction of a job; a job has several when it was re-priced or its nonce was taken. */
export interface TxAttempt {
  hash: Hash;
  raw: Hex;
  nonce: number;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** When it was signed, ms since the epoch. */
  at: number;
}

/** A job of the queue, as stored. */
export interface TxJob {
  id: number;
  key: string;
  label: string;
  chainId: number;
  sender: Address;
  to: Address;
  data: Hex;
  value: bigint;
  state: TxJobState;
  nonce?: number;
  attempts: TxAttempt[];
  /** The mined transaction (mined or reverted). */
  transactionHash?: Hash;
  blockNumber?: bigint;
  blockHash?: Hash;
  /** Why it failed or reverted, or the last trouble met while sending. */
  error?: string;
  createdAt: Date;
  updatedAt: Date;
  minedAt?: Date;
}

/** Options of {@link TxQueue}. */
export interface TxQueueOptions {
  db: Database;
  /** The server's account: it signs every transaction the queue sends. */
  relayer: Relayer;
  /**
   * Makes the chain durable up to its head (the local chain's state file); awaited before a job
   * is recorded mined, so a crash of the chain never leaves a job recorded that the chain lost.
   */
  checkpoint?: () => Promise<void>;
  /** How often the queue looks at the chain while jobs are open (default {@link TX_QUEUE_DEFAULTS}). */
  pollIntervalMs?: number;
  /** How long a sent transaction may stay unmined before it is re-priced or broadcast again. */
  resendAfterMs?: number;
  /** Most jobs signed in one pass. */
  batchSize?: number;
  /** Gas limit as a multiple of the estimate, in percent. */
  gasMarginPercent?: number;
  /** Where the queue says what it did about trouble (a dropped transaction, a taken nonce). */
  log?: (line: string) => void;
}

/** Defaults of {@link TxQueueOptions}. */
export const TX_QUEUE_DEFAULTS = {
  pollIntervalMs: 250,
  resendAfterMs: 15_000,
  batchSize: 50,
  gasMarginPercent: 120,
  log: (line: string) => console.log(line),
};

/** How often a waiter looks at its job in the database, besides being woken by this process's queue. */
const WAITER_POLL_MS = 1_000;

/** A replacement must pay at least this much more (percent) for nodes to take it in place of the first. */
const REPLACEMENT_BUMP_PERCENT = 125n;

interface JobRow {
  id: string | number;
  idempotency_key: string;
  label: string;
  chain_id: string | number;
  sender: string;
  target: string;
  data: string;
  value: string;
  state: TxJobState;
  nonce: string | number | null;
  attempts: TxAttempt[] | string;
  transaction_hash: string | null;
  block_number: string | number | null;
  block_hash: string | null;
  error: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  mined_at: Date | string | null;
}

/**
 * The one persisted queue of every chain write the server makes (the order desk, the factory,
 * relayed passport records, launch badges, sponsored owner actions): one account, its nonces
 * given out here, in order.
 *
 * Guarantees, for one queue or several processes sharing the database:
 * - **Exactly once.** A job gets one nonce, recorded with the signed transaction before it is
 *   broadcast; a restart broadcasts the recorded bytes again, and a re-priced replacement reuses
 *   the nonce, so at most one transaction per job can ever be mined. A nonce another sender took
 *   (nothing of the job mined, the account's count past it) is the only case that signs with a new
 *   nonce.
 * - **Nothing refused is sent**: each call is estimated first; one that would revert fails with
 *   the contract's error and costs no nonce.
 * - **Dropped and under-priced transactions** are re-priced (+25%, or the chain's current fee) or
 *   broadcast again after `resendAfterMs`.
 * - **State visible**: every job, its attempts and its error are in `tx_jobs`; a reverted or
 *   failed job is retried only when someone asks ({@link retry}).
 */
export class TxQueue {
  private readonly db: Database;
  private readonly relayer: Relayer;
  private readonly options: Required<Omit<TxQueueOptions, 'db' | 'relayer' | 'checkpoint'>> & Pick<TxQueueOptions, 'checkpoint'>;
  private readonly events = new EventEmitter();
  private timer?: NodeJS.Timeout;
  private pumping?: Promise<void>;
  private again = false;
  private stopped = true;
  /** Sent jobs are checked for re-sending at once after a start (the previous process may have died before broadcasting). */
  private resendAllOnce = true;
  private startedAt = 0;
  private chainIdValue?: number;

  constructor(options: TxQueueOptions) {
    this.db = options.db;
    this.relayer = options.relayer;
    this.options = { ...TX_QUEUE_DEFAULTS, ...stripUndefined(options) } as TxQueue['options'];
    this.events.setMaxListeners(0);
  }

  /** The account that signs. */
  get sender(): Address {
    return this.relayer.address;
  }

  private get chainId(): number {
    if (this.chainIdValue === undefined) throw new MarqueError('chain/tx-queue', 'the queue is not started');
    return this.chainIdValue;
  }

  /** Starts sending: what an earlier process left queued or sent is picked up at once. */
  async start(): Promise<void> {
    this.chainIdValue = await this.relayer.wallet.getChainId();
    this.stopped = false;
    this.resendAllOnce = true;
    this.startedAt = Date.now();
    this.schedule(0);
  }

  /** Stops sending; jobs stay in the database for the next start. Resolves once no pass is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pumping;
  }

  /**
   * Records a job (or finds the one recorded under `key`) and wakes the sender. The same key with
   * a different call is refused (409 `idempotency-conflict`): a key names one call.
   */
  async enqueue(options: EnqueueOptions): Promise<TxJob> {
    const value = (options.value ?? 0n).toString();
    const [inserted] = await this.db.query<JobRow>(
      `insert into tx_jobs (idempotency_key, label, chain_id, sender, target, data, value, state)
       values ($1, $2, $3, $4, $5, $6, $7, 'queued')
       on conflict (idempotency_key) do nothing returning *`,
      [options.key, options.label, this.chainId, this.sender.toLowerCase(), options.to.toLowerCase(), options.data.toLowerCase(), value],
    );
    const job = inserted ? toJob(inserted) : await this.jobByKey(options.key);
    if (!job) throw new MarqueError('chain/tx-queue', `job ${options.key} vanished while it was recorded; try again`, { status: 503, reason: 'queue-unavailable' });
    if (!inserted && (job.to.toLowerCase() !== options.to.toLowerCase() || job.data.toLowerCase() !== options.data.toLowerCase() || job.value !== (options.value ?? 0n))) {
      throw new MarqueError('chain/tx-queue', `the idempotency key ${options.key} was already used for a different call (job ${job.id}, ${job.label})`, {
        status: 409,
        reason: 'idempotency-conflict',
        details: 'use a new key for a new call; send the same key only to retry the same call',
      });
    }
    if (inserted) this.wake();
    if (job.state === 'mined' && !(await this.receiptOf(job))) return (await this.job(job.id))!;
    return job;
  }

  /**
   * The receipt of a mined job, as long as the chain still has it in the block it was recorded in.
   * A chain that went back to an older state lost it: the job is queued again (a new nonce) and
   * undefined is answered, since what it did is not on this chain any more.
   */
  private async receiptOf(job: TxJob): Promise<TransactionReceipt | undefined> {
    let receipt: TransactionReceipt | undefined;
    try {
      receipt = await this.relayer.wallet.getTransactionReceipt({ hash: job.transactionHash! });
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
    }
    if (receipt && (!job.blockHash || receipt.blockHash === job.blockHash)) return receipt;
    this.options.log(`chain/tx-queue: job ${job.id} (${job.label}) was mined in block ${job.blockNumber}, which the chain no longer has; sending it again`);
    await this.db.query(
      `update tx_jobs set state = 'queued', nonce = null, transaction_hash = null, block_number = null, block_hash = null, mined_at = null,
       error = $2, updated_at = now() where id = $1 and state = 'mined'`,
      [job.id, `the chain lost block ${job.blockNumber} holding ${job.transactionHash} (it went back to an older state); sent again`],
    );
    this.wake();
    return undefined;
  }

  /** The job with this id, or undefined. */
  async job(id: number): Promise<TxJob | undefined> {
    const [row] = await this.db.query<JobRow>('select * from tx_jobs where id = $1', [id]);
    return row ? toJob(row) : undefined;
  }

  /** The job recorded under this idempotency key, or undefined. */
  async jobByKey(key: string): Promise<TxJob | undefined> {
    const [row] = await this.db.query<JobRow>('select * from tx_jobs where idempotency_key = $1', [key]);
    return row ? toJob(row) : undefined;
  }

  /** Jobs, newest first: all of them, or those in `states`. */
  async list(options: { states?: TxJobState[]; limit?: number; before?: number } = {}): Promise<TxJob[]> {
    const rows = await this.db.query<JobRow>(
      `select * from tx_jobs where ($1::text[] is null or state = any($1)) and ($2::bigint is null or id < $2)
       order by id desc limit $3`,
      [options.states ?? null, options.before ?? null, Math.min(options.limit ?? 100, 500)],
    );
    return rows.map(toJob);
  }

  /** Counts of jobs per state. */
  async counts(): Promise<Record<TxJobState, number>> {
    const rows = await this.db.query<{ state: TxJobState; n: string | number }>('select state, count(*) as n from tx_jobs group by state');
    const counts: Record<TxJobState, number> = { queued: 0, sent: 0, mined: 0, reverted: 0, failed: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  /**
   * Resolves with the job and its receipt once it is mined and succeeded.
   * @throws MarqueError 409 `reverted` / 422 `tx-failed` naming the job's error; 504 `tx-timeout`
   * after `timeoutMs` (the job goes on: ask again later).
   */
  async waitForMined(id: number, timeoutMs = 120_000): Promise<{ job: TxJob; receipt: TransactionReceipt }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(id);
      if (!job) throw new MarqueError('chain/tx-queue', `no job ${id}`, { status: 404, reason: 'unknown-job' });
      if (job.state === 'mined') {
        const receipt = await this.receiptOf(job);
        if (receipt) return { job, receipt };
        continue;
      }
      if (job.state === 'reverted' || job.state === 'failed') throw jobError(job);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new MarqueError('chain/tx-queue', `job ${id} (${job.label}) is still ${job.state} after ${Math.round(timeoutMs / 1000)} s`, {
          status: 504,
          reason: 'tx-timeout',
          details: 'it is not lost: the queue keeps sending it; look at its state later',
        });
      }
      // Woken by this process's queue at once; another process's work is seen at the next look (a
      // second a waiter, so that many waiters do not keep the database busy).
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.events.off(`job:${id}`, done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, Math.max(this.options.pollIntervalMs, WAITER_POLL_MS)));
        this.events.on(`job:${id}`, done);
      });
    }
  }

  /**
   * Queues a reverted or failed job again, with a new nonce when it is signed. Its earlier attempts
   * stay in its record. A job that is queued, sent or mined is left as it is.
   * @throws MarqueError 404 for an unknown job, 409 `not-retryable` for one that is not reverted or failed.
   */
  async retry(id: number): Promise<TxJob> {
    const [row] = await this.db.query<JobRow>(
      `update tx_jobs set state = 'queued', nonce = null, error = null, transaction_hash = null, block_number = null, block_hash = null, updated_at = now()
       where id = $1 and state in ('reverted', 'failed') returning *`,
      [id],
    );
    if (!row) {
      const job = await this.job(id);
      if (!job) throw new MarqueError('chain/tx-queue', `no job ${id}`, { status: 404, reason: 'unknown-job' });
      throw new MarqueError('chain/tx-queue', `job ${id} is ${job.state}: only a reverted or failed job is retried`, { status: 409, reason: 'not-retryable' });
    }
    this.wake();
    return toJob(row);
  }

  /** Runs a pass now rather than at the next poll (tests and benchmarks use it after mining a block). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), ms);
  }

  private pump(): void {
    if (this.stopped || this.pumping) return;
    this.again = false;
    this.pumping = this.pass()
      .catch((error) => this.options.log(`chain/tx-queue: ${errorLine(error)}; trying again`))
      .finally(async () => {
        this.pumping = undefined;
        if (this.stopped) return;
        const open = await this.openCount().catch(() => 1);
        this.schedule(this.again ? 0 : open > 0 ? this.options.pollIntervalMs : this.options.pollIntervalMs * 4);
      });
  }

  private async openCount(): Promise<number> {
    const [row] = await this.db.query<{ n: string | number }>(
      `select count(*) as n from tx_jobs where chain_id = $1 and sender = $2 and state in ('queued', 'sent')`,
      [this.chainId, this.sender.toLowerCase()],
    );
    return Number(row?.n ?? 0);
  }

  /** One pass: sign and broadcast queued jobs, then settle sent ones (mined, dropped, under-priced, nonce taken). */
  private async pass(): Promise<void> {
    await this.sendQueued();
    if (this.stopped) return;
    await this.settleSent();
  }

  private async sendQueued(): Promise<void> {
    const queued = (
      await this.db.query<JobRow>(
        `select * from tx_jobs where chain_id = $1 and sender = $2 and state = 'queued' order by id limit $3`,
        [this.chainId, this.sender.toLowerCase(), this.options.batchSize],
      )
    ).map(toJob);
    if (queued.length === 0) return;
    const wallet = this.relayer.wallet;
    // Read once a pass: each job signed in it is past the last in the database anyway (takeNonce).
    const [fees, pendingNonce] = await Promise.all([wallet.estimateFeesPerGas(), wallet.getTransactionCount({ address: this.sender, blockTag: 'pending' })]);
    for (const job of queued) {
      if (this.stopped) return;
      let gas: bigint;
      try {
        gas = await wallet.estimateGas({ account: this.relayer.wallet.account, to: job.to, data: job.data, value: job.value, blockTag: 'pending' });
      } catch (error) {
        const revert = revertOfCall(error);
        if (!revert) throw error;
        await this.update(job.id, `state = 'failed', error = $2`, [`the call would revert: ${revert}; nothing was sent`]);
        this.events.emit(`job:${job.id}`);
        continue;
      }
      gas = (gas * BigInt(this.options.gasMarginPercent)) / 100n;
      const attempt = await this.db.transaction(async (tx) => {
        const [current] = await tx.query<{ state: string }>('select state from tx_jobs where id = $1 for update', [job.id]);
        // Another process signed it meanwhile.
        if (current?.state !== 'queued') return undefined;
        const nonce = await this.takeNonce(tx, pendingNonce);
        const attempt = await this.sign(job, nonce, gas, fees.maxFeePerGas, fees.maxPriorityFeePerGas);
        await tx.query(
          `update tx_jobs set state = 'sent', nonce = $2, gas = $3, attempts = attempts || $4::jsonb, error = null, updated_at = now() where id = $1`,
          [job.id, nonce, gas.toString(), JSON.stringify([attempt])],
        );
        return attempt;
      });
      if (attempt) {
        this.events.emit(`job:${job.id}`);
        await this.broadcast(job, attempt);
      }
    }
  }

  /**
   * The next nonce of this sender: past every job of ours still waiting to be mined, and never below
   * what the chain has seen (another sender may share the account, or the chain may have gone back
   * to an older state). The sender's row is locked meanwhile, so two processes never give out one nonce.
   */
  private async takeNonce(tx: Queryable, pendingNonce: number): Promise<number> {
    await tx.query(`insert into tx_senders (chain_id, sender) values ($1, $2) on conflict do nothing`, [this.chainId, this.sender.toLowerCase()]);
    await tx.query(`select sender from tx_senders where chain_id = $1 and sender = $2 for update`, [this.chainId, this.sender.toLowerCase()]);
    const [row] = await tx.query<{ nonce: string | number | null }>(
      `select max(nonce) as nonce from tx_jobs where chain_id = $1 and sender = $2 and state = 'sent'`,
      [this.chainId, this.sender.toLowerCase()],
    );
    return Math.max(row?.nonce === null || row?.nonce === undefined ? 0 : Number(row.nonce) + 1, pendingNonce);
  }

  private async sign(job: TxJob, nonce: number, gas: bigint, maxFeePerGas: bigint, maxPriorityFeePerGas: bigint): Promise<TxAttempt> {
    const wallet = this.relayer.wallet;
    const raw = await wallet.signTransaction({
      account: wallet.account,
      chain: wallet.chain,
      to: job.to,
      data: job.data,
      value: job.value,
      nonce,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      type: 'eip1559',
    });
    return {
      hash: keccak256(raw),
      raw,
      nonce,
      maxFeePerGas: maxFeePerGas.toString(),
      maxPriorityFeePerGas: maxPriorityFeePerGas.toString(),
      at: Date.now(),
    };
  }

  /** Broadcasts a recorded transaction; a node that already has it, or has mined its nonce, is not an error (settling sorts it out). */
  private async broadcast(job: TxJob, attempt: TxAttempt): Promise<void> {
    try {
      await this.relayer.wallet.sendRawTransaction({ serializedTransaction: attempt.raw });
    } catch (error) {
      const line = errorLine(error);
      if (/already known|already imported|nonce too low|transaction creation failed|replacement transaction underpriced/i.test(line)) return;
      await this.update(job.id, 'error = $2', [`broadcasting ${attempt.hash} failed: ${line}; it is sent again`]);
    }
  }

  private async settleSent(): Promise<void> {
    const sent = (
      await this.db.query<JobRow>(`select * from tx_jobs where chain_id = $1 and sender = $2 and state = 'sent' order by nonce`, [
        this.chainId,
        this.sender.toLowerCase(),
      ])
    ).map(toJob);
    if (sent.length === 0) {
      this.resendAllOnce = false;
      return;
    }
    const wallet = this.relayer.wallet;
    const [minedCount, pendingCount] = await Promise.all([
      wallet.getTransactionCount({ address: this.sender, blockTag: 'latest' }),
      wallet.getTransactionCount({ address: this.sender, blockTag: 'pending' }),
    ]);
    let fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
    // Whether our own sent jobs hold every nonce between the chain's next and `nonce`.
    const ours = new Set(sent.map((job) => job.nonce!));
    const fillable = (nonce: number) => {
      for (let n = pendingCount; n < nonce; n++) if (!ours.has(n)) return false;
      return true;
    };
    for (const job of sent) {
      if (this.stopped) return;
      if (job.nonce! < minedCount) {
        await this.settleMined(job);
        continue;
      }
      const last = job.attempts.at(-1)!;
      if (job.nonce! > pendingCount && !fillable(job.nonce!) && !(await this.isKnown(last.hash))) {
        // A gap before it that nothing of ours fills (the chain went back to an older state and lost
        // what came before), and the node does not hold it: it can never be mined as signed.
        this.options.log(`chain/tx-queue: job ${job.id} (${job.label}): nonce ${job.nonce} is past the account's next (${pendingCount}) and the node does not hold it; signing it again with a new nonce`);
        await this.update(job.id, `state = 'queued', nonce = null, error = $2`, [`nonce ${job.nonce} could not be mined (the chain is at ${pendingCount}); sent again with a new nonce`]);
        this.again = true;
        continue;
      }
      // Right after a start, what an earlier process sent is checked at once; what this process sent waits its turn.
      const fromEarlierProcess = this.resendAllOnce && last.at < this.startedAt;
      if (!fromEarlierProcess && Date.now() - last.at < this.options.resendAfterMs) continue;
      if (!(await this.isKnown(last.hash))) {
        // Dropped from the node's pool (or never broadcast: the process stopped in between): the same bytes again.
        this.options.log(`chain/tx-queue: job ${job.id} (${job.label}): transaction ${last.hash} is not in the node's pool; broadcasting it again`);
        await this.broadcast(job, last);
      } else if (!fromEarlierProcess) {
        // Waiting too long at its fee: a replacement with the same nonce that pays more.
        fees ??= await wallet.estimateFeesPerGas();
        await this.reprice(job, last, fees);
      }
    }
    this.resendAllOnce = false;
  }

  /** The job's nonce is used: find which of its transactions was mined; none means another transaction took the nonce. */
  private async settleMined(job: TxJob): Promise<void> {
    for (const attempt of [...job.attempts].reverse()) {
      if (attempt.nonce !== job.nonce) continue;
      let receipt: TransactionReceipt;
      try {
        receipt = await this.relayer.wallet.getTransactionReceipt({ hash: attempt.hash });
      } catch (error) {
        if (error instanceof TransactionReceiptNotFoundError) continue;
        throw error;
      }
      await this.options.checkpoint?.();
      if (receipt.status === 'success') {
        await this.update(job.id, `state = 'mined', transaction_hash = $2, block_number = $3, block_hash = $4, error = null, mined_at = now()`, [
          attempt.hash,
          receipt.blockNumber.toString(),
          receipt.blockHash,
        ]);
      } else {
        const reason = await this.revertReason(job, receipt.blockNumber);
        await this.update(job.id, `state = 'reverted', transaction_hash = $2, block_number = $3, block_hash = $5, error = $4, mined_at = now()`, [
          attempt.hash,
          receipt.blockNumber.toString(),
          `the transaction ${attempt.hash} reverted in block ${receipt.blockNumber}${reason ? `: ${reason}` : ''}`,
          receipt.blockHash,
        ]);
      }
      this.events.emit(`job:${job.id}`);
      return;
    }
    // Nothing of ours holds the nonce, and the chain is past it: sign again with a new one.
    this.options.log(`chain/tx-queue: job ${job.id} (${job.label}): nonce ${job.nonce} was used by another transaction of ${this.sender}; signing it again with a new nonce`);
    await this.update(job.id, `state = 'queued', nonce = null, error = $2`, [`nonce ${job.nonce} was used by another transaction of the account; sent again with a new nonce`]);
    this.again = true;
  }

  /** Signs the job again with the same nonce at a higher fee (at least the replacement bump), and broadcasts it. */
  private async reprice(job: TxJob, last: TxAttempt, fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<void> {
    const bump = (fee: string) => (BigInt(fee) * REPLACEMENT_BUMP_PERCENT) / 100n + 1n;
    const maxFeePerGas = max(fees.maxFeePerGas, bump(last.maxFeePerGas));
    const maxPriorityFeePerGas = max(fees.maxPriorityFeePerGas, bump(last.maxPriorityFeePerGas));
    const attempt = await this.sign(job, job.nonce!, (await this.gasOf(job.id)) ?? 0n, maxFeePerGas, maxPriorityFeePerGas);
    await this.update(job.id, `attempts = attempts || $2::jsonb`, [JSON.stringify([attempt])]);
    this.options.log(`chain/tx-queue: job ${job.id} (${job.label}) unmined for ${Math.round((Date.now() - last.at) / 1000)} s; re-priced as ${attempt.hash}`);
    await this.broadcast(job, attempt);
  }

  private async gasOf(id: number): Promise<bigint | undefined> {
    const [row] = await this.db.query<{ gas: string | null }>('select gas from tx_jobs where id = $1', [id]);
    return row?.gas ? BigInt(row.gas) : undefined;
  }

  private async isKnown(hash: Hash): Promise<boolean> {
    try {
      await this.relayer.wallet.getTransaction({ hash });
      return true;
    } catch (error) {
      if (error instanceof TransactionNotFoundError) return false;
      throw error;
    }
  }

  /** The contract's error of a reverted job, by replaying its call at the block before it was mined. */
  private async revertReason(job: TxJob, blockNumber: bigint): Promise<string | undefined> {
    try {
      await this.relayer.wallet.call({ account: this.relayer.wallet.account, to: job.to, data: job.data, value: job.value, blockNumber: blockNumber - 1n });
      return undefined;
    } catch (error) {
      return revertOfCall(error);
    }
  }

  private async update(id: number, set: string, params: unknown[]): Promise<void> {
    await this.db.query(`update tx_jobs set ${set}, updated_at = now() where id = $1`, [id, ...params]);
  }
}

/** The error a reverted or failed job answers with. */
export function jobError(job: TxJob): MarqueError {
  return new MarqueError('chain/tx-queue', `job ${job.id} (${job.label}) ${job.state}: ${job.error ?? 'no reason given'}`, {
    status: job.state === 'reverted' ? 409 : 422,
    reason: job.state === 'reverted' ? 'reverted' : 'tx-failed',
    details: 'nothing else of the job is sent; retry it once what it needs holds',
  });
}

/** Every custom error the marque's contracts (and OpenZeppelin's beneath them) may revert with. */
const MARQUE_ERRORS = [...marqueTwinAbi, ...marquePassportAbi, ...marqueOwnerProfileAbi, ...marqueEventPassAbi].filter((item) => item.type === 'error');

/** A contract's refusal in an estimate or call: its custom error as `Name(arg, …)`, or the revert's own message. */
function revertOfCall(error: unknown): string | undefined {
  const named = revertOf(error);
  if (named) return named;
  if (!(error instanceof BaseError)) return undefined;
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === 'string' && /^0x[0-9a-f]{8}/i.test((e as { data: string }).data)) as { data: Hex } | null;
  if (withData) {
    try {
      const decoded = decodeErrorResult({ abi: MARQUE_ERRORS, data: withData.data });
      return `${decoded.errorName}(${(decoded.args ?? []).map((a) => String(a)).join(', ')})`;
    } catch {
      // Not one of ours: the node's message says what it can.
    }
  }
  const text = [error.shortMessage, error.details].join(' ');
  if (!/revert/i.test(text)) return undefined;
  const custom = /custom error (0x[0-9a-f]{8}):?\s*([0-9a-f]*)/i.exec(text);
  if (custom) {
    try {
      const decoded = decodeErrorResult({ abi: MARQUE_ERRORS, data: `${custom[1]}${custom[2]}` as Hex });
      return `${decoded.errorName}(${(decoded.args ?? []).map((a) => String(a)).join(', ')})`;
    } catch {
      // Fall through to the node's words.
    }
  }
  return (error.details || error.shortMessage).split('\n')[0];
}

function errorLine(error: unknown): string {
  if (error instanceof BaseError) return [error.shortMessage, error.details].filter(Boolean).join(' — ').split('\n')[0]!;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function toJob(row: JobRow): TxJob {
  const attempts = typeof row.attempts === 'string' ? (JSON.parse(row.attempts) as TxAttempt[]) : row.attempts;
  return {
    id: Number(row.id),
    key: row.idempotency_key,
    label: row.label,
    chainId: Number(row.chain_id),
    sender: row.sender as Address,
    to: row.target as Address,
    data: row.data as Hex,
    value: BigInt(row.value),
    state: row.state,
    nonce: row.nonce === null ? undefined : Number(row.nonce),
    attempts,
    transactionHash: (row.transaction_hash ?? undefined) as Hash | undefined,
    blockNumber: row.block_number === null ? undefined : BigInt(row.block_number),
    blockHash: (row.block_hash ?? undefined) as Hash | undefined,
    error: row.error ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    minedAt: row.mined_at ? new Date(row.mined_at) : undefined,
  };
}
