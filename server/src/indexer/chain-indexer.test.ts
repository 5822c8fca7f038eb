import path from 'node:path';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  http,
  keccak256,
  stringToHex,
  toEventSignature,
  type Abi,
  type AbiEvent,
  type Address,
  type Hash,
  type PublicClient,
} from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueEventPassAbi, marqueOwnerProfileAbi, marquePassportAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { loadArtifact } from '../../../contracts/scripts/compile';
import { passportDomain, SERVICE_KINDS, SERVICE_RECORD_TYPES, TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { openDatabase, type Database, type DatabaseOptions } from '../db/database';
import { ensureLocalDeployment, type LocalDeployment } from '../dev/deployment';
import { DEMO_CARS, DEMO_SERVICE_RECORD } from '../dev/seed';
import { configurationHash, recordDetailsHash } from '../../../protocol/src/twin-hashes';
import { ChainIndexer, type ChainIndexerOptions } from './chain-indexer';
import { IndexQueries } from './index-queries';
import { freshDatabases } from '../testing/fresh-database';
import { CONTRACT_EVENTS, fetchIndexedLogs, INDEXED_EVENTS } from './indexed-events';
import type { IndexerEventMap, TransferEvent } from './indexer-events';

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('indexer: DATABASE_URL is unset; the PostgreSQL tests are skipped (set it to run them)');

const databases = freshDatabases('marque-indexer-db');
afterAll(() => databases.cleanup());

/** A fresh, empty database of each kind that survives being closed and opened again. */
const freshDatabase = (kind: 'pglite' | 'postgres') => databases.fresh(kind);

/** A chain with the demo deployment, and what the tests send to it. */
class TestChain {
  anvil!: AnvilNode;
  deployment!: LocalDeployment;
  client!: PublicClient;
  accounts!: Address[];
  private recordDir!: string;

  async start(port = 0): Promise<void> {
    this.anvil = await startAnvil({ port });
    this.recordDir ??= await databases.folder('marque-indexer-chain');
    this.deployment = await ensureLocalDeployment({
      rpcUrl: this.anvil.rpcUrl,
      recordFile: path.join(this.recordDir, `deployment-${Date.now()}.json`),
      baseURI: 'http://localhost:5173/api/twins/',
    });
    this.client = createPublicClient({ transport: http(this.anvil.rpcUrl), pollingInterval: 20 });
    this.accounts = await createWalletClient({ transport: http(this.anvil.rpcUrl) }).getAddresses();
  }

  get deployer(): Address {
    return this.accounts[0]!;
  }

  /** Sends a contract call from one of the chain's unlocked accounts; resolves once it is mined. */
  async send(from: Address, request: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] }) {
    const wallet = createWalletClient({ account: from, chain: foundry, transport: http(this.anvil.rpcUrl) });
    const hash = await wallet.writeContract(request as never);
    // Anvil mines each transaction before it answers with the hash.
    const sentAt = performance.now();
    const receipt = await this.client.waitForTransactionReceipt({ hash });
    expect(receipt.status, `${request.functionName} reverted`).toBe('success');
    return { hash, blockNumber: receipt.blockNumber, sentAt };
  }

  twin(functionName: string, args: readonly unknown[], from = this.deployer) {
    return this.send(from, { address: this.deployment.contracts.twin.address, abi: marqueTwinAbi, functionName, args });
  }

  eventPass(functionName: string, args: readonly unknown[], from = this.deployer) {
    return this.send(from, { address: this.deployment.contracts.eventPass.address, abi: marqueEventPassAbi, functionName, args });
  }

  /** A dealer-signed (account 0) service record for twin `tokenId`, relayed by the dealer. */
  async record(tokenId: bigint, mileage: number, workOrder: string) {
    const { passport } = this.deployment.contracts;
    const wallet = createWalletClient({ account: this.deployer, chain: foundry, transport: http(this.anvil.rpcUrl) });
    const { timestamp } = await this.client.getBlock();
    const serviceRecord = {
      tokenId,
      kind: SERVICE_KINDS.service,
      mileage,
      recordHash: keccak256(stringToHex(workOrder)),
      dealer: this.deployer,
      nonce: await this.client.readContract({ address: passport.address, abi: marquePassportAbi, functionName: 'nonces', args: [this.deployer] }),
      deadline: timestamp + 3600n,
    };
    const signature = await wallet.signTypedData({
      domain: passportDomain(this.anvil.chainId, passport.address),
      types: SERVICE_RECORD_TYPES,
      primaryType: 'ServiceRecord',
      message: serviceRecord,
    });
    return this.send(this.deployer, { address: passport.address, abi: marquePassportAbi, functionName: 'record', args: [serviceRecord, signature] });
  }

  async head(): Promise<bigint> {
    return this.client.getBlockNumber({ cacheTime: 0 });
  }
}

/** Every row of the index, to compare two states of it. */
async function snapshot(db: Database): Promise<Record<string, unknown[]>> {
  const tables = {
    chain_logs: 'block_number, log_index',
    twins: 'token_id',
    twin_stages: 'token_id, stage',
    passport_records: 'token_id, record_index',
    owner_profiles: 'profile_id',
    event_pass_balances: 'holder, token_id',
    event_pass_events: 'event_id',
  };
  const result: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(tables)) {
    result[table] = await db.query(`select * from ${table} order by ${order}`);
  }
  return result;
}

/** Collects what an indexer emits. */
function record(indexer: ChainIndexer) {
  const seen: { [K in keyof IndexerEventMap]: IndexerEventMap[K][0][] } = { transfer: [], stage: [], record: [], reset: [], indexed: [] };
  for (const name of Object.keys(seen) as (keyof IndexerEventMap)[]) {
    indexer.on(name, ((event: unknown) => (seen[name] as unknown[]).push(event)) as never);
  }
  return seen;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('the indexed events', () => {
  it('match the compiled contracts', async () => {
    for (const { artifact, events } of Object.values(CONTRACT_EVENTS)) {
      const { abi } = await loadArtifact(artifact);
      const compiled = new Set((abi as Abi).filter((item): item is AbiEvent => item.type === 'event').map((e) => toEventSignature(e)));
      for (const name of events) {
        const ours = INDEXED_EVENTS.find((e) => e.name === name)!;
        expect(compiled, `${artifact}.${name}`).toContain(toEventSignature(ours));
      }
    }
  });
});

const kinds = [
  { kind: 'pglite' as const, skip: false },
  { kind: 'postgres' as const, skip: !DATABASE_URL },
];

describe.each(kinds)('the chain indexer on $kind', ({ kind, skip }) => {
  const chain = new TestChain();
  let dbOptions: DatabaseOptions;
  let db: Database;
  let indexer: ChainIndexer;
  /** What the routes read, from the database the indexer under test writes. */
  let index: IndexQueries;
  const lines: string[] = [];
  const options = (): ChainIndexerOptions => ({
    db,
    client: chain.client,
    contracts: chain.deployment.contracts,
    retryIntervalMs: 100,
    log: (line) => lines.push(line),
  });

  beforeAll(async () => {
    if (skip) return;
    dbOptions = await freshDatabase(kind);
    [db] = await Promise.all([openDatabase(dbOptions), chain.start()]);
    index = new IndexQueries(db, () => indexer.chainId);
  });
  afterAll(async () => {
    await indexer?.stop();
    await db?.close();
    await chain.anvil?.stop();
  });

  it.skipIf(skip)('back-fills the demo seed from the deployment block', async () => {
    indexer = new ChainIndexer(options());
    const seen = record(indexer);
    await indexer.start();

    const { demoOwners, contracts } = chain.deployment;
    expect(indexer.status()).toMatchObject({ ok: true, chainId: 31337, lagBlocks: 0, indexed: Number(await chain.head()) });
    for (const [i, owner] of demoOwners.entries()) {
      const twins = await index.twinsOf(owner.address);
      expect(twins).toEqual([
        expect.objectContaining({
          tokenId: BigInt(owner.tokenId),
          owner: owner.address,
          model: owner.model,
          configurationHash: configurationHash(DEMO_CARS[i]!.configuration),
          currentConfigurationHash: configurationHash(DEMO_CARS[i]!.configuration),
          addOns: [],
          stageName: owner.stage,
          stage: TWIN_STAGES.indexOf(owner.stage),
          version: owner.stage === 'Delivered' ? { major: 2, minor: 0 } : { major: 1, minor: 0 },
        }),
      ]);
      expect(twins[0]!.mintedBlock).toBeGreaterThan(BigInt(contracts.twin.blockNumber));
      expect(await index.profileOf(owner.address)).toEqual({
        profileId: BigInt(owner.profileId),
        holder: owner.address,
        primaryId: BigInt(owner.profileId),
        family: false,
        mintedBlock: expect.any(BigInt),
      });
    }
    const delivered = await index.twin(1n);
    expect(delivered!.stages.map((s) => s.stageName)).toEqual([...TWIN_STAGES]);
    expect(delivered!.stages.every((s, i, all) => i === 0 || s.at >= all[i - 1]!.at)).toBe(true);
    expect(await index.passport(1n)).toEqual([
      expect.objectContaining({
        tokenId: 1n,
        index: 0,
        dealer: chain.deployer,
        kind: DEMO_SERVICE_RECORD.kind,
        kindName: 'inspection',
        mileage: DEMO_SERVICE_RECORD.mileage,
        recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details),
      }),
    ]);
    expect(await index.passport(2n)).toEqual([]);
    expect(await index.twin(99n)).toBeUndefined();
    expect(await index.profileOf(chain.accounts[9]!)).toBeUndefined();
    // The seed's mints, as transfers from the zero address, and every stage reached.
    expect(seen.transfer.filter((t) => t.contract === 'twin').map((t) => t.tokenId)).toEqual([1n, 2n, 3n]);
    expect(seen.transfer.filter((t) => t.contract === 'profile').map((t) => t.to)).toEqual(demoOwners.map((o) => o.address));
    expect(seen.stage).toHaveLength(5 + 2 + 3);
  });

  it.skipIf(skip)('follows new mints, transfers, stages, add-ons, records, profiles and passes', async () => {
    const seen = record(indexer);
    const [deployer, owner1, owner2, , buyer, friend, member] = chain.accounts as Address[];
    const configuration = keccak256(stringToHex('follow'));
    const addOn = stringToHex('track-mode', { size: 32 });

    await chain.twin('mint', [buyer, 'astrale-2025', configuration]);
    await chain.twin('advanceStage', [4n, 1]);
    await chain.twin('approveAddOn', [addOn]);
    await chain.twin('applyAddOn', [4n, addOn], buyer);
    await chain.twin('transferFrom', [owner1, friend, 1n], owner1);
    await chain.record(2n, 42, 'follow: first service');
    await chain.send(owner2!, {
      address: chain.deployment.contracts.profile.address,
      abi: marqueOwnerProfileAbi,
      functionName: 'addFamilyMember',
      args: [member],
    });
    await chain.eventPass('createEvent', [600]);
    await chain.eventPass('mintAccessPasses', [1n, [owner1, owner2]]);
    await chain.eventPass('safeTransferFrom', [owner1, friend, 2n, 1n, '0x'], owner1);
    const last = await chain.eventPass('safeBatchTransferFrom', [friend, owner1, [2n], [1n], '0x'], friend);
    await indexer.waitForBlock(last.blockNumber);

    const minted = await index.twin(4n);
    expect(minted).toMatchObject({
      owner: buyer,
      model: 'astrale-2025',
      configurationHash: configuration,
      addOns: [addOn],
      stageName: 'BodyShop',
      version: { major: 1, minor: 0 },
    });
    expect(minted!.currentConfigurationHash).not.toBe(configuration);
    expect(minted!.stages.map((s) => s.stageName)).toEqual(['Ordered', 'BodyShop']);
    expect((await index.twinsOf(friend!)).map((t) => t.tokenId)).toEqual([1n]);
    expect(await index.twinsOf(owner1!)).toEqual([]);
    expect((await index.passport(2n)).map((r) => [r.index, r.mileage, r.kindName])).toEqual([[0, 42, 'service']]);
    expect(await index.profileOf(member!)).toMatchObject({ profileId: 4n, primaryId: 2n, family: true });
    expect(await index.passEvents()).toMatchObject([{ eventId: 1n, minimumStaySeconds: 600 }]);
    expect(await index.passBalance(owner1!, 2n)).toBe(1n);
    expect(await index.passBalance(friend!, 2n)).toBe(0n);
    expect(await index.passesOf(friend!)).toEqual([]);
    expect(await index.passesOf(owner2!)).toEqual([{ id: 2n, eventId: 1n, badge: false, amount: 1n }]);

    expect(seen.transfer.map(({ contract, from, to, tokenId, amount }) => ({ contract, from, to, tokenId, amount }))).toEqual([
      { contract: 'twin', from: '0x0000000000000000000000000000000000000000', to: buyer, tokenId: 4n, amount: 1n },
      { contract: 'twin', from: owner1, to: friend, tokenId: 1n, amount: 1n },
      { contract: 'profile', from: '0x0000000000000000000000000000000000000000', to: member, tokenId: 4n, amount: 1n },
      { contract: 'eventPass', from: '0x0000000000000000000000000000000000000000', to: owner1, tokenId: 2n, amount: 1n },
      { contract: 'eventPass', from: '0x0000000000000000000000000000000000000000', to: owner2, tokenId: 2n, amount: 1n },
      { contract: 'eventPass', from: owner1, to: friend, tokenId: 2n, amount: 1n },
      { contract: 'eventPass', from: friend, to: owner1, tokenId: 2n, amount: 1n },
    ]);
    expect(seen.stage.map(({ tokenId, stage, stageName }) => ({ tokenId, stage, stageName }))).toEqual([
      { tokenId: 4n, stage: 1, stageName: 'BodyShop' },
    ]);
    expect(seen.record.map(({ tokenId, index, dealer }) => ({ tokenId, index, dealer }))).toEqual([
      { tokenId: 2n, index: 0, dealer: deployer },
    ]);
    indexer.removeAllListeners();
  });

  it.skipIf(skip)('reports a transfer within a poll of its transaction being mined (latency printed)', async () => {
    const [, , , , buyer, friend] = chain.accounts as Address[];
    const arrivals = new Map<Hash, number>();
    indexer.on('transfer', (event: TransferEvent) => arrivals.set(event.transactionHash, performance.now()));
    const latencies: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Spread the sends over the poll interval, as real transactions are.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 250));
      const [from, to] = i % 2 === 0 ? [buyer!, friend!] : [friend!, buyer!];
      const sent = await chain.twin('transferFrom', [from, to, 4n], from);
      await indexer.waitForBlock(sent.blockNumber);
      latencies.push(arrivals.get(sent.hash)! - sent.sentAt);
    }
    indexer.removeAllListeners();
    console.log(
      `indexer (${kind}): transfer event ${median(latencies).toFixed(0)} ms after its transaction was mined ` +
        `(median of ${latencies.length}; min ${Math.min(...latencies).toFixed(0)}, max ${Math.max(...latencies).toFixed(0)} ms; ` +
        `poll every 250 ms)`,
    );
    expect(latencies.every((ms) => ms >= 0)).toBe(true);
  });

  it.skipIf(skip)('after a restart, applies what it missed once and loses nothing', async () => {
    await indexer.stop();
    await db.close();
    const [, , owner2, , buyer, friend] = chain.accounts as Address[];

    // Mined while no indexer runs.
    const mint = await chain.twin('mint', [friend, 'celeste-1988', keccak256(stringToHex('restart'))]);
    await chain.twin('advanceStage', [5n, 1]);
    await chain.record(2n, 99, 'restart: second service');
    await chain.eventPass('safeTransferFrom', [owner2, buyer, 2n, 1n, '0x'], owner2);
    const missedFrom = mint.blockNumber;

    db = await openDatabase(dbOptions);
    index = new IndexQueries(db, () => indexer.chainId);
    indexer = new ChainIndexer(options());
    const seen = record(indexer);
    await indexer.start();

    expect(await index.twin(5n)).toMatchObject({ owner: friend, stageName: 'BodyShop' });
    expect((await index.passport(2n)).map((r) => r.mileage)).toEqual([42, 99]);
    expect(await index.passBalance(buyer!, 2n)).toBe(1n);
    expect(await index.passBalance(owner2!, 2n)).toBe(0n);
    // Only what happened while it was stopped is reported again.
    expect(seen.transfer.every((t) => t.blockNumber >= missedFrom)).toBe(true);
    expect(seen.transfer.map((t) => [t.contract, t.tokenId])).toEqual([
      ['twin', 5n],
      ['eventPass', 2n],
    ]);
    // One row per log on the chain: nothing lost, nothing doubled.
    const onChain = await fetchIndexedLogs(
      chain.client,
      Object.values(chain.deployment.contracts).map((c) => c.address),
      BigInt(chain.deployment.contracts.twin.blockNumber),
      await chain.head(),
    );
    const [{ count }] = await db.query<{ count: string }>('select count(*)::text as count from chain_logs');
    expect(Number(count)).toBe(onChain.length);

    // A cursor set back (as if the last batches had not been recorded) reads the blocks again
    // and changes nothing: each log is applied once, by (block hash, log index).
    const before = await snapshot(db);
    await indexer.stop();
    const start = await chain.client.getBlock({ blockNumber: BigInt(chain.deployment.contracts.twin.blockNumber) });
    await db.query('update chain_cursors set block_number = $1, block_hash = $2', [start.number.toString(), start.hash]);
    indexer = new ChainIndexer(options());
    await indexer.start();
    expect(await snapshot(db)).toEqual(before);
  });

  it.skipIf(skip)('notices a reorganisation that happened while it was stopped and re-syncs', async () => {
    const testClient = createTestClient({ mode: 'anvil', transport: http(chain.anvil.rpcUrl) });
    const [, , , , buyer, friend, , other] = chain.accounts as Address[];
    const snapshotId = await testClient.snapshot();
    const dropped = await chain.twin('mint', [buyer, 'aurore-1964', keccak256(stringToHex('dropped'))]);
    await indexer.waitForBlock(dropped.blockNumber);
    expect(await index.twin(6n)).toMatchObject({ owner: buyer, model: 'aurore-1964' });
    await indexer.stop();
    lines.length = 0;

    // The block the cursor points at is replaced by another at the same height, then one more.
    await testClient.revert({ id: snapshotId });
    await chain.twin('mint', [other, 'celeste-1988', keccak256(stringToHex('kept'))]);
    const last = await chain.twin('advanceStage', [6n, 1]);
    expect(last.blockNumber).toBe(dropped.blockNumber + 1n);

    indexer = new ChainIndexer(options());
    const seen = record(indexer);
    await indexer.start();
    await indexer.waitForBlock(last.blockNumber);

    expect(lines).toContain(`indexer: the chain was reset (block ${dropped.blockNumber} hash changed); re-syncing from the deployment block 1`);
    expect(seen.reset).toEqual([{ chainId: 31337, reason: `block ${dropped.blockNumber} hash changed` }]);
    expect(await index.twin(6n)).toMatchObject({ owner: other, model: 'celeste-1988', stageName: 'BodyShop' });
    expect((await index.twinsOf(buyer!)).map((t) => t.tokenId)).toEqual([4n]);
    expect((await index.twinsOf(friend!)).map((t) => t.tokenId)).toEqual([1n, 5n]);
  });

  it.skipIf(skip)('notices that the local chain was reset, wipes the index and re-syncs', async () => {
    const seen = record(indexer);
    const port = chain.anvil.port;
    const [, owner1] = chain.accounts as Address[];
    expect(await index.twin(5n)).toBeDefined();

    // anvil restarted without its state, and the contracts deployed again (same addresses).
    await chain.anvil.stop();
    await chain.start(port);
    const head = await chain.head();
    await expect.poll(() => seen.reset.length, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    await indexer.waitForBlock(head, 10_000);

    expect(lines.some((line) => /^indexer: the chain was reset \(.+\); re-syncing from the deployment block/.test(line))).toBe(true);
    expect(seen.reset[0]).toMatchObject({ chainId: 31337 });
    expect(await index.twin(4n)).toBeUndefined();
    expect(await index.twin(5n)).toBeUndefined();
    expect((await index.twinsOf(owner1!)).map((t) => t.tokenId)).toEqual([1n]);
    expect((await index.passport(2n))).toEqual([]);
    expect(await index.passEvents()).toEqual([]);
    expect(indexer.status()).toMatchObject({ ok: true, lagBlocks: 0, indexed: Number(head) });
    // The index is exactly the new chain's, as a fresh back-fill makes it.
    const fresh = await openDatabase(await freshDatabase(kind));
    const again = new ChainIndexer({ ...options(), db: fresh });
    await again.start();
    await again.stop();
    const strip = (s: Record<string, unknown[]>) => JSON.stringify(s, (_, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(strip(await snapshot(db))).toBe(strip(await snapshot(fresh)));
    await fresh.close();
  });
});

describe('one chain, other settings', () => {
  const chain = new TestChain();
  beforeAll(() => chain.start());
  afterAll(() => chain.anvil?.stop());

  it('skips a contract without an address with one log line, and rebuilds when the set changes', async () => {
    const db = await openDatabase();
    const lines: string[] = [];
    const { twin, passport, profile } = chain.deployment.contracts;
    try {
      const all = new ChainIndexer({ db, client: chain.client, contracts: { twin, passport, profile }, log: (l) => lines.push(l) });
      await all.start();
      await all.stop();
      expect(lines).toEqual(['indexer: no address for eventPass; indexing the others']);
      expect(await new IndexQueries(db, () => all.chainId).profileOf(chain.deployment.demoOwners[0]!.address)).toBeDefined();

      lines.length = 0;
      const fewer = new ChainIndexer({ db, client: chain.client, contracts: { twin }, log: (l) => lines.push(l) });
      await fewer.start();
      await fewer.stop();
      const fewerIndex = new IndexQueries(db, () => fewer.chainId);
      expect(lines[0]).toBe('indexer: no address for passport, profile, eventPass; indexing the others');
      expect(lines[1]).toMatch(/^indexer: the indexed contracts changed \(.+\); re-syncing from the deployment block \d+$/);
      expect(await fewerIndex.profileOf(chain.deployment.demoOwners[0]!.address)).toBeUndefined();
      expect(await fewerIndex.passport(1n)).toEqual([]);
      expect(await fewerIndex.twinsOf(chain.deployment.demoOwners[0]!.address)).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('back-fills in bounded ranges, and reads block times from headers when logs carry none', async () => {
    // A node whose logs lack `blockTimestamp` (older nodes, many providers).
    const http1 = http(chain.anvil.rpcUrl)({});
    const bare = createPublicClient({
      transport: custom({
        async request({ method, params }) {
          const result = await http1.request({ method, params });
          if (method === 'eth_getLogs') for (const log of result as { blockTimestamp?: string }[]) delete log.blockTimestamp;
          return result;
        },
      }),
    });
    const [plainDb, bareDb] = await Promise.all([openDatabase(), openDatabase()]);
    try {
      const plain = new ChainIndexer({ db: plainDb, client: chain.client, contracts: chain.deployment.contracts });
      const ranged = new ChainIndexer({ db: bareDb, client: bare, contracts: chain.deployment.contracts, maxBlockRange: 3 });
      const batches = record(ranged).indexed;
      await Promise.all([plain.start(), ranged.start()]);
      await Promise.all([plain.stop(), ranged.stop()]);

      expect(batches.length).toBeGreaterThan(3);
      expect(batches.every((b) => b.toBlock - b.fromBlock < 3n)).toBe(true);
      expect(await snapshot(bareDb)).toEqual(await snapshot(plainDb));
    } finally {
      await Promise.all([plainDb.close(), bareDb.close()]);
    }
  });
});
