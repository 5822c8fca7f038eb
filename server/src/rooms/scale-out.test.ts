import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldConnection, type ConnectionStatus } from '../../../client/src/net/world-connection';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { ensureLocalDeployment } from '../dev/deployment';
import { hostingProcess, startServerProcess, type ServerProcess } from '../testing/server-process';
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

const servers: ServerProcess[] = [];
let chain: AnvilNode;
let dataDir: string;

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
    for (const index of [1, 2]) {
      servers.push(await startServerProcess(index, { REDIS_URL: testRedisUrl, RPC_URL: chain.rpcUrl, TWIN_ADDRESS: deployment.twin.address, DATA_DIR: path.join(dataDir, `server-${index}`) }));
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await chain?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await flushTestRedis();
  });

  it('puts visitors who came through different processes in one room instance, and syncs them', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const alice = await WorldConnection.join('museum', { endpoint: first.url, name: 'Alice' });
    const bob = await WorldConnection.join('museum', { endpoint: second.url, name: 'Bob' });
    expect(bob.roomId).toBe(alice.roomId);

    // Near the hall's spawn (0, 15.5), where a visitor starts.
    bob.sendPose({ head: { x: 4, y: 1.6, z: 14, qx: 0, qy: 0, qz: 0, qw: 1 } });
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

const hostOf = (roomId: string) => hostingProcess(testRedisUrl, servers, roomId);
