import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldConnection, type ConnectionStatus } from '../../../client/src/net/world-connection';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { REPO_ROOT } from '../config';
import { ensureLocalDeployment } from '../dev/deployment';
import { claimPort } from '../ports';
import { until } from '../testing/test-world';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('rooms: REDIS_URL is unset; the scale-out tests are skipped (set it to run them)');

/** A Redis database of its own (index 9), emptied before and after, so no stale room leaks in. */
const testRedisUrl = (() => {
  if (!REDIS_URL) return '';
  const url = new URL(REDIS_URL);
  url.pathname = '/9';
  return url.toString();
})();

interface ServerProcess {
  url: string;
  child: ChildProcess;
}

let chain: AnvilNode;
let dataDir: string;
const servers: ServerProcess[] = [];

/** Starts `npm run serve` as its own process on Redis, reachable at its own address. */
async function startServerProcess(twinAddress: string, index: number): Promise<ServerProcess> {
  const port = await claimPort();
  // Each process keeps its own embedded database; only presence and matchmaking are shared.
  const { DATABASE_URL: _shared, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      REDIS_URL: testRedisUrl,
      RPC_URL: chain.rpcUrl,
      TWIN_ADDRESS: twinAddress,
      DATA_DIR: path.join(dataDir, `server-${index}`),
      SESSION_SECRET: 'scale-out-test-secret-shared-by-every-process',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server ${index} did not start: ${output.join('')}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('Marque server on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server ${index} exited (${code}): ${output.join('')}`)));
  });
  const server = { url: `http://127.0.0.1:${port}`, child };
  servers.push(server);
  return server;
}

async function flushTestRedis(): Promise<void> {
  const redis = new Redis(testRedisUrl);
  await redis.flushdb();
  redis.disconnect();
}

describe.skipIf(!REDIS_URL)('several server processes on Redis', () => {
  beforeAll(async () => {
    await flushTestRedis();
    dataDir = await mkdtemp(path.join(tmpdir(), 'marque-scale-'));
    chain = await startAnvil();
    const deployment = await ensureLocalDeployment({
      rpcUrl: chain.rpcUrl,
      recordFile: path.join(dataDir, 'deployment.json'),
      baseURI: 'http://localhost/api/twins/',
    });
    await startServerProcess(deployment.twin.address, 1);
    await startServerProcess(deployment.twin.address, 2);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await chain?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await flushTestRedis();
  });

  it('puts visitors who came through different processes in one room instance, and syncs them', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const alice = await WorldConnection.join('museum', { endpoint: first.url, name: 'Alice' });
    const bob = await WorldConnection.join('museum', { endpoint: second.url, name: 'Bob' });
    expect(bob.roomId).toBe(alice.roomId);

    bob.sendPose({ head: { x: 4, y: 1.6, z: -2, qx: 0, qy: 0, qz: 0, qw: 1 } });
    await until(() => alice.avatars.get(bob.sessionId)?.poses.latest?.head.x === 4, "Bob's pose to reach Alice", 10_000);
    await Promise.all([alice.leave(), bob.leave()]);
  });

  it('brings the clients of a process that died back into a room on a live process', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const carol = await WorldConnection.join('factory', { endpoint: first.url, name: 'Carol' });
    const dave = await WorldConnection.join('factory', { endpoint: second.url, name: 'Dave' });
    expect(dave.roomId).toBe(carol.roomId);
    // The matchmaker placed the instance on one of the processes; that one dies.
    const hosting = await hostOf(carol.roomId);
    const survivor = servers.find((s) => s !== hosting)!;
    const closed = (c: WorldConnection) =>
      new Promise<ConnectionStatus>((resolve) => c.on('status', (status) => status.state === 'closed' && resolve(status)));
    const carolClosed = closed(carol);
    const daveClosed = closed(dave);
    hosting.child.kill('SIGKILL');
    // The SDK retries the dead process, then gives up: the connection says to join again.
    expect(await carolClosed).toMatchObject({ state: 'closed', retry: true });
    expect(await daveClosed).toMatchObject({ state: 'closed', retry: true });
    // Joining again through the public address (which now only reaches the live process)
    // lands both in one new instance there.
    const carolAgain = await WorldConnection.join('factory', { endpoint: survivor.url, name: 'Carol' });
    const daveAgain = await WorldConnection.join('factory', { endpoint: survivor.url, name: 'Dave' });
    expect(daveAgain.roomId).toBe(carolAgain.roomId);
    expect(carolAgain.roomId).not.toBe(carol.roomId);
    await until(() => daveAgain.avatars.has(carolAgain.sessionId), 'Dave to see Carol again', 10_000);
    await Promise.all([carolAgain.leave(), daveAgain.leave()]);
  }, 60_000);
});

/** The server process an instance lives on, from the room listing the processes share in Redis. */
async function hostOf(roomId: string): Promise<ServerProcess> {
  const redis = new Redis(testRedisUrl);
  const listing = JSON.parse((await redis.hget('roomcaches', roomId)) ?? '{}') as { publicAddress?: string };
  redis.disconnect();
  const hosting = servers.find((s) => s.url === `http://${listing.publicAddress}`);
  if (!hosting) throw new Error(`no server process found for room ${roomId} (listing says ${listing.publicAddress})`);
  return hosting;
}
