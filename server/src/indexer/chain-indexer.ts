import { EventEmitter } from 'node:events';
import type { Address, Block, Hash, PublicClient } from 'viem';
import type { Database } from '../db/database';
import { MarqueError } from '../../../protocol/src/errors';
import { applyLogs, INDEX_TABLES } from './apply-logs';
import {
  fetchIndexedLogs,
  INDEXED_CONTRACTS,
  type BlockLog,
  type IndexedContract,
  type IndexerContracts,
} from './indexed-events';
import type { IndexerEventMap, PendingEvent } from './indexer-events';

/** Options of {@link ChainIndexer}. */
export interface ChainIndexerOptions {
  db: Database;
  /** Read access to the chain (the server's `chain.client`). */
  client: PublicClient;
  /** The contracts to index, each from its deployment block; absent ones are skipped. */
  contracts: IndexerContracts;
  /** Pause between two polls of the chain's head, ms: the most a new block waits to be read. */
  pollIntervalMs?: number;
  /** Most blocks one `eth_getLogs` (and one database transaction) covers while back-filling. */
  maxBlockRange?: number;
  /** How long {@link ChainIndexer.start} waits for the back-fill before it lets the server go on, ms. */
  startTimeoutMs?: number;
  /** Pause after a failed poll (the chain or the database did not answer), ms. */
  retryIntervalMs?: number;
  /**
   * Awaited before a range is committed: makes the chain itself durable up to that range (the local
   * chain's state saved to disk), so the index never outlives blocks the chain could lose in a crash.
   */
  beforeCommit?: () => Promise<void>;
  log?: (line: string) => void;
}

/** Defaults of {@link ChainIndexerOptions}; 250 ms suits the local chain, which mines per transaction. */
export const CHAIN_INDEXER_DEFAULTS = {
  pollIntervalMs: 250,
  maxBlockRange: 2_000,
  startTimeoutMs: 10_000,
  retryIntervalMs: 1_000,
  beforeCommit: async () => {},
  log: (line: string) => console.log(line),
} satisfies Required<Omit<ChainIndexerOptions, 'db' | 'client' | 'contracts'>>;

/** The indexer's state, as `/healthz` reports it. */
export interface IndexerStatus {
  /** False while the last poll failed; `error` says why. */
  ok: boolean;
  chainId: number | null;
  /** Latest block of the chain at the last poll. */
  head: number | null;
  /** Last block applied to the database; null before the first. */
  indexed: number | null;
  /** `head - indexed`: how far the index is behind. */
  lagBlocks: number | null;
  error?: string;
}

interface Cursor {
  number: bigint;
  hash: Hash;
}

/** Headers the indexer needs of a block. */
type Header = Pick<Block<bigint, false, 'latest'>, 'number' | 'hash' | 'parentHash' | 'timestamp'>;

/** What a poll found: keep reading at once (`more`), wait for the next poll (`idle`). */
type PollResult = 'more' | 'idle';

const MAX_HEADER_REQUESTS = 8;

/**
 * Mirrors the marque's contracts into the database: back-fills from each contract's deployment
 * block in ranges of at most `maxBlockRange` blocks, then follows new blocks by polling the
 * head. Each range is applied in one transaction together with the cursor (the last indexed
 * block's number and hash), and every log is recorded by (block hash, log index), so a restart
 * neither loses nor doubles an event. A chain that was reset or reorganised (the head went
 * back, or the block at the cursor has another hash) is noticed on the next poll: the chain's
 * rows are wiped and read again from the deployment block.
 *
 * After each committed range it emits {@link IndexerEventMap} events (`transfer`, `stage`,
 * `record`, `indexed`; `reset` on a reset). `IndexQueries` (index-queries.ts) reads what it wrote.
 */
export class ChainIndexer extends EventEmitter<IndexerEventMap> {
  private readonly settings: Required<Omit<ChainIndexerOptions, 'db' | 'client' | 'contracts'>>;
  private readonly db: Database;
  private readonly client: PublicClient;
  private readonly byAddress = new Map<string, IndexedContract>();
  private readonly addresses: Address[] = [];
  private readonly fingerprint: string;
  private readonly startBlock: bigint;
  private chainIdValue: number | undefined;
  private cursor: Cursor | undefined;
  private head: bigint | undefined;
  private lastError: string | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly waiters = new Set<{ block: bigint; resolve: () => void; reject: (error: Error) => void }>();

  constructor(options: ChainIndexerOptions) {
    super();
    this.settings = {
      pollIntervalMs: options.pollIntervalMs ?? CHAIN_INDEXER_DEFAULTS.pollIntervalMs,
      maxBlockRange: options.maxBlockRange ?? CHAIN_INDEXER_DEFAULTS.maxBlockRange,
      startTimeoutMs: options.startTimeoutMs ?? CHAIN_INDEXER_DEFAULTS.startTimeoutMs,
      retryIntervalMs: options.retryIntervalMs ?? CHAIN_INDEXER_DEFAULTS.retryIntervalMs,
      beforeCommit: options.beforeCommit ?? CHAIN_INDEXER_DEFAULTS.beforeCommit,
      log: options.log ?? CHAIN_INDEXER_DEFAULTS.log,
    };
    this.db = options.db;
    this.client = options.client;
    const parts: string[] = [];
    let startBlock: bigint | undefined;
    for (const key of INDEXED_CONTRACTS) {
      const location = options.contracts[key];
      if (!location) continue;
      this.byAddress.set(location.address.toLowerCase(), key);
      this.addresses.push(location.address);
      const block = BigInt(location.blockNumber);
      parts.push(`${key}=${location.address.toLowerCase()}@${block}`);
      if (startBlock === undefined || block < startBlock) startBlock = block;
    }
    this.fingerprint = parts.join(',');
    this.startBlock = startBlock ?? 0n;
  }

  /** Chain id of the indexed chain; known once {@link start} has run. */
  get chainId(): number {
    if (this.chainIdValue === undefined) throw new MarqueError('indexer', 'not started; call start() first');
    return this.chainIdValue;
  }

  /**
   * Loads the cursor, then polls the chain until {@link stop}. Resolves once the index has caught
   * up with the chain's head as it was at the start, or after `startTimeoutMs` (the back-fill
   * goes on), so the server answers from a complete index on a local chain.
   */
  async start(): Promise<void> {
    if (this.loop) return;
    const { log } = this.settings;
    this.stopping = false;
    this.chainIdValue = await this.client.getChainId();
    const configured = new Set(this.byAddress.values());
    const missing = INDEXED_CONTRACTS.filter((key) => !configured.has(key));
    if (missing.length > 0) {
      log(`indexer: no address for ${missing.join(', ')}; ${this.addresses.length > 0 ? 'indexing the others' : 'nothing to index'}`);
    }
    if (this.addresses.length === 0) return;
    await this.loadCursor();
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    this.head = head;
    await this.checkCursor(head);
    this.loop = this.run();
    const caughtUp = await this.waitForBlock(head, this.settings.startTimeoutMs).then(
      () => true,
      () => false,
    );
    if (!caughtUp && !this.stopping) {
      log(`indexer: still back-filling (block ${this.cursor?.number ?? '-'} of ${this.head ?? head}); the server starts meanwhile`);
    }
  }

  /** Stops polling and waits for the poll under way; the database stays open. Pending waits reject. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    for (const waiter of this.waiters) waiter.reject(new MarqueError('indexer', 'stopped before the block was indexed; start the indexer again to wait for it'));
    this.waiters.clear();
  }

  /** Where the index stands; cheap: no request to the chain or the database. */
  status(): IndexerStatus {
    const indexed = this.cursor ? Number(this.cursor.number) : null;
    const head = this.head === undefined ? null : Number(this.head);
    return {
      ok: this.lastError === undefined,
      chainId: this.chainIdValue ?? null,
      head,
      indexed,
      lagBlocks: head === null ? null : Math.max(0, head - (indexed ?? Number(this.startBlock) - 1)),
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  /**
   * Resolves once every block up to `block` is in the database (e.g. the block of a transaction
   * the caller just sent); rejects after `timeoutMs`.
   */
  waitForBlock(block: bigint, timeoutMs = 5_000): Promise<void> {
    if (this.indexedThrough() >= block) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        block,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new MarqueError('indexer', `block ${block} not indexed within ${timeoutMs} ms (at ${this.cursor?.number ?? 'none'})`, { details: 'the chain or the database may be slow or unreachable: see GET /api/health' }));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async loadCursor(): Promise<void> {
    const chainId = this.chainId;
    await this.db.query('insert into chain_cursors (chain_id, contracts) values ($1, $2) on conflict do nothing', [
      chainId,
      this.fingerprint,
    ]);
    const [row] = await this.db.query<{ contracts: string; block_number: string | null; block_hash: Hash | null }>(
      'select contracts, block_number::text as block_number, block_hash from chain_cursors where chain_id = $1',
      [chainId],
    );
    if (row && row.contracts !== this.fingerprint) {
      this.settings.log(
        `indexer: the indexed contracts changed (${row.contracts || 'none'} → ${this.fingerprint}); re-syncing from the deployment block ${this.startBlock}`,
      );
      await this.db.transaction(async (tx) => {
        for (const table of INDEX_TABLES) await tx.query(`delete from ${table} where chain_id = $1`, [chainId]);
        await tx.query(
          'update chain_cursors set contracts = $2, block_number = null, block_hash = null, updated_at = now() where chain_id = $1',
          [chainId, this.fingerprint],
        );
      });
      this.cursor = undefined;
      return;
    }
    this.cursor = row?.block_number && row.block_hash ? { number: BigInt(row.block_number), hash: row.block_hash } : undefined;
  }

  /**
   * Before serving anything: is the stored cursor still on this chain? A chain reset while the
   * server was down would otherwise be noticed only after start() reported the index complete.
   */
  private async checkCursor(head: bigint): Promise<void> {
    const cursor = this.cursor;
    if (!cursor) return;
    if (head < cursor.number) {
      await this.reset(`its head went back from block ${cursor.number} to ${head}`, cursor);
      return;
    }
    const block = await this.header(cursor.number);
    if (block.hash !== cursor.hash) await this.reset(`block ${cursor.number} hash changed`, cursor);
  }

  private async run(): Promise<void> {
    const { log, pollIntervalMs, retryIntervalMs } = this.settings;
    while (!this.stopping) {
      let result: PollResult = 'idle';
      try {
        result = await this.poll();
        if (this.lastError !== undefined) {
          log(`indexer: reading the chain again (indexed up to block ${this.cursor?.number ?? '-'})`);
          this.lastError = undefined;
        }
      } catch (error) {
        const message = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
        if (message !== this.lastError) log(`indexer: poll failed, retrying every ${retryIntervalMs} ms: ${message}`);
        this.lastError = message;
      }
      if (this.stopping) break;
      if (result === 'more') continue;
      await this.sleep(this.lastError === undefined ? pollIntervalMs : retryIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      // A forgotten indexer must not keep the process alive.
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One look at the chain: checks the cursor is still on it, then reads and applies the next range. */
  private async poll(): Promise<PollResult> {
    const latest = await this.client.getBlock({ blockTag: 'latest' });
    this.head = latest.number;
    const cursor = this.cursor;
    if (cursor) {
      if (latest.number < cursor.number) {
        await this.reset(`its head went back from block ${cursor.number} to ${latest.number}`, cursor);
        return 'more';
      }
      if (latest.number === cursor.number) {
        if (latest.hash !== cursor.hash) {
          await this.reset(`block ${cursor.number} hash changed`, cursor);
          return 'more';
        }
        this.settle();
        return 'idle';
      }
    }
    const from = cursor ? cursor.number + 1n : this.startBlock;
    if (from > latest.number) {
      // The contracts' deployment block is not on this chain yet.
      this.settle();
      return 'idle';
    }
    const to = min(from + BigInt(this.settings.maxBlockRange) - 1n, latest.number);
    const [logs, first, last] = await Promise.all([
      fetchIndexedLogs(this.client, this.addresses, from, to),
      from === latest.number ? latest : this.header(from),
      to === latest.number ? latest : this.header(to),
    ]);
    if (cursor && first.parentHash !== cursor.hash) {
      await this.reset(`block ${cursor.number} hash changed`, cursor);
      return 'more';
    }

    const headers = new Map<bigint, Header>([
      [first.number, first],
      [last.number, last],
    ]);
    const missing = [...new Set(logs.filter((l) => l.blockTimestamp === undefined).map((l) => l.blockNumber))].filter(
      (n) => !headers.has(n),
    );
    for (const header of await mapLimit(missing, MAX_HEADER_REQUESTS, (n) => this.header(n))) headers.set(header.number, header);
    const entries: BlockLog[] = [];
    for (const log of logs) {
      const header = headers.get(log.blockNumber);
      if (header && header.hash !== log.blockHash) {
        // The chain moved between the requests; read the range again (the next poll checks the cursor).
        return 'idle';
      }
      const contract = this.byAddress.get(log.address.toLowerCase());
      if (!contract) continue;
      const seconds = log.blockTimestamp ?? header!.timestamp;
      entries.push({ contract, log, blockTime: new Date(Number(seconds) * 1000) });
    }

    const chainId = this.chainId;
    await this.settings.beforeCommit();
    const events = await this.db.transaction(async (tx) => {
      // Serialises batches of server processes that share the database; a process never moves
      // the cursor back past another's.
      await tx.query('select block_number from chain_cursors where chain_id = $1 for update', [chainId]);
      const pending = await applyLogs(tx, chainId, entries);
      await tx.query(
        `update chain_cursors set block_number = $2, block_hash = $3, updated_at = now()
         where chain_id = $1 and (block_number is null or block_number <= $2)`,
        [chainId, to.toString(), last.hash],
      );
      return pending;
    });
    this.cursor = { number: to, hash: last.hash };
    this.deliver(events);
    this.emitSafely('indexed', { fromBlock: from, toBlock: to, head: latest.number, logs: entries.length });
    this.settle();
    return to < latest.number ? 'more' : 'idle';
  }

  /**
   * Wipes the chain's rows and starts again from the deployment block. When another server
   * process sharing the database has moved the cursor meanwhile, its cursor is taken instead
   * (the next poll checks it against the chain).
   */
  private async reset(reason: string, stale: Cursor): Promise<void> {
    const chainId = this.chainId;
    const { log } = this.settings;
    log(`indexer: the chain was reset (${reason}); re-syncing from the deployment block ${this.startBlock}`);
    const wiped = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ block_hash: string | null }>(
        'select block_hash from chain_cursors where chain_id = $1 for update',
        [chainId],
      );
      if (row?.block_hash !== stale.hash) return false;
      for (const table of INDEX_TABLES) await tx.query(`delete from ${table} where chain_id = $1`, [chainId]);
      await tx.query('update chain_cursors set block_number = null, block_hash = null, updated_at = now() where chain_id = $1', [
        chainId,
      ]);
      return true;
    });
    if (wiped) this.cursor = undefined;
    else await this.loadCursor();
    this.emitSafely('reset', { chainId, reason });
    const codes = await Promise.all(this.addresses.map((address) => this.client.getCode({ address }).catch(() => undefined)));
    const gone = this.addresses.filter((_, i) => !codes[i] || codes[i] === '0x');
    if (gone.length > 0) {
      log(`indexer: no contract at ${gone.join(', ')} on chain ${chainId} now; their events will be read once they are deployed again`);
    }
  }

  private async header(blockNumber: bigint): Promise<Header> {
    return this.client.getBlock({ blockNumber });
  }

  private indexedThrough(): bigint {
    return this.cursor?.number ?? this.startBlock - 1n;
  }

  /** Resolves the waiters whose block is indexed. */
  private settle(): void {
    const through = this.indexedThrough();
    for (const waiter of this.waiters) {
      if (waiter.block <= through) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private deliver(events: PendingEvent[]): void {
    for (const { name, event } of events) this.emitSafely(name, event as never);
  }

  /** Emits to each listener apart, so one that throws neither stops the others nor the indexer. */
  private emitSafely<K extends keyof IndexerEventMap>(name: K, ...args: IndexerEventMap[K]): void {
    // rawListeners: a `once` listener's wrapper, which removes it as it runs.
    for (const listener of this.rawListeners(name as never) as Array<(...a: IndexerEventMap[K]) => void>) {
      try {
        listener(...args);
      } catch (error) {
        this.settings.log(`indexer: a "${String(name)}" listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** `work` over `items` with at most `limit` under way at once, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
