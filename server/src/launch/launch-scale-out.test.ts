import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { ensureLocalDeployment, type LocalDeployment } from '../dev/deployment';
import type { LaunchEvent, ShowState } from '../../../protocol/src/launch';
import type { LaunchEventInput } from '../../../protocol/src/launch-input';
import { freshDatabases } from '../testing/fresh-database';
import { hostingProcess, startServerProcess, type ServerProcess } from '../testing/server-process';
import { signInWithUnlockedAccount, until } from '../testing/test-world';

const { REDIS_URL, DATABASE_URL } = process.env;
if (!REDIS_URL || !DATABASE_URL) {
  console.warn('launch: REDIS_URL or DATABASE_URL is unset; the launch across server processes is skipped (set both to run it)');
}

/** A Redis database of its own (index 10), emptied before and after. */
const testRedisUrl = (() => {
  if (!REDIS_URL) return '';
  const url = new URL(REDIS_URL);
  url.pathname = '/10';
  return url.toString();
})();
const PUBLIC_URL = 'http://localhost:5173';

const databases = freshDatabases('launch_scale');
const servers: ServerProcess[] = [];
let chain: AnvilNode;
let deployment: LocalDeployment;
let dataDir: string;

async function flushTestRedis(): Promise<void> {
  const redis = new Redis(testRedisUrl);
  await redis.flushdb();
  redis.disconnect();
}

/**
 * One launch served by two processes that share Redis (presence, matchmaking) and PostgreSQL (the
 * event and its show), as production runs it behind a load balancer: a cue fired through one
 * process reaches the instances and the overflow viewers of the other.
 */
describe.skipIf(!REDIS_URL || !DATABASE_URL)('a launch across server processes', () => {
  beforeAll(async () => {
    await flushTestRedis();
    dataDir = await mkdtemp(path.join(tmpdir(), 'marque-launch-scale-'));
    chain = await startAnvil();
    deployment = await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, recordFile: path.join(dataDir, 'deployment.json'), baseURI: `${PUBLIC_URL}/api/twins/` });
    const database = await databases.fresh('postgres');
    for (const index of [1, 2]) {
      servers.push(
        await startServerProcess(index, {
          REDIS_URL: testRedisUrl,
          DATABASE_URL: database.url!,
          RPC_URL: chain.rpcUrl,
          TWIN_ADDRESS: deployment.twin.address,
          PASSPORT_ADDRESS: deployment.contracts.passport.address,
          PROFILE_ADDRESS: deployment.contracts.profile.address,
          EVENT_PASS_ADDRESS: deployment.contracts.eventPass.address,
          DEPLOYMENT_BLOCK: String(deployment.twin.blockNumber),
          PUBLIC_URL,
          DATA_DIR: path.join(dataDir, `server-${index}`),
        }),
      );
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await chain?.stop();
    await databases.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await flushTestRedis();
  });

  it('sends a cue fired through one process to every instance and overflow viewer on both', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const token = await signInWithUnlockedAccount({ apiUrl: first.url, publicUrl: PUBLIC_URL, rpcUrl: chain.rpcUrl, chainId: chain.chainId, address: deployment.deployer });
    const response = await fetch(`${first.url}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Two-process launch',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        access: { public: true },
        capacityPerInstance: 1,
        car: { model: 'astrale-2025' },
        videoUrl: '/media/keynote.webm',
      } satisfies LaunchEventInput),
    });
    expect(response.status).toBe(201);
    const event = (await response.json()) as LaunchEvent;

    // One attendee through each process: two instances, on whichever processes the matchmaker chose.
    const attendees: { room: Room; shows: ShowState[] }[] = [];
    for (const server of [first, second]) {
      const guest = (await (await fetch(`${server.url}/api/auth/guest`, { method: 'POST' })).json()) as { token: string };
      const client = new Client(server.url);
      client.auth.token = guest.token;
      const room = await client.joinOrCreate('launch-event', { eventId: event.id, name: 'Guest' });
      const attendee = { room, shows: [] as ShowState[] };
      room.onMessage('show', (show: ShowState) => attendee.shows.push(show));
      room.onMessage('*', () => {});
      attendees.push(attendee);
    }
    expect(attendees[0]!.room.roomId).not.toBe(attendees[1]!.room.roomId);
    // The cue goes through a process that does not host every instance: at least one is on the other.
    const hosts = await Promise.all(attendees.map((a) => hostingProcess(testRedisUrl, servers, a.room.roomId)));
    const firing = hosts.every((host) => host === second) ? first : second;

    // An overflow viewer on the other process.
    const viewing = firing === first ? second : first;
    const controller = new AbortController();
    const stream = await fetch(`${viewing.url}/api/events/${event.id}/stream`, { signal: controller.signal });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let streamed = '';
    const readUntilReveal = (async () => {
      while (!streamed.includes('"cue":"reveal"')) {
        const { value, done } = await reader.read();
        if (done) break;
        streamed += value;
      }
    })();

    const cue = await fetch(`${firing.url}/api/events/${event.id}/cue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cue: 'reveal', seq: 0 }),
    });
    expect(cue.status).toBe(200);
    await until(() => attendees.every((a) => a.shows.at(-1)?.cue === 'reveal'), 'the reveal in both instances', 10_000);
    await readUntilReveal;
    expect(streamed).toContain('"cue":"reveal"');
    controller.abort();
    await Promise.all(attendees.map((a) => a.room.leave()));
  }, 60_000);
});
