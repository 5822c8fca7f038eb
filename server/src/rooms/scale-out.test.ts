import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client, type Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { REPO_ROOT } from '../config';
import { ensureLocalDeployment } from '../dev/deployment';
import { claimPort } from '../ports';

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
            if (child.exitCode !== null) return resolve();
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
    const alice = await new Client(first.url).joinOrCreate('museum', { name: 'Alice' });
    const bob = await new Client(second.url).joinOrCreate('museum', { name: 'Bob' });
    expect(bob.roomId).toBe(alice.roomId);

    const avatars = (room: Room) => (room.state as { avatars?: Map<string, { x: number }> }).avatars;
    bob.send('pose', { x: 4, y: 1.6, z: -2, yaw: 0, pitch: 0 });
    const start = Date.now();
    while (avatars(alice)?.get(bob.sessionId)?.x !== 4) {
      if (Date.now() - start > 10_000) throw new Error("Bob's pose never reached Alice");
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all([alice.leave(), bob.leave()]);
  });
});
