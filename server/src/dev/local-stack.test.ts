import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@colyseus/sdk';
import { createPublicClient, http } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import type { LaunchEvent } from '../../../protocol/src/launch';
import { embeddedEnv } from '../testing/embedded-env';
import { startLocalStack, type LocalStack } from './local-stack';
import { DEMO_DEALER } from './seed';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'marque-stack-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

// Every stack a test starts is stopped after it, even when an assertion failed halfway.
const started: LocalStack[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((stack) => stack.stop()));
});

async function start(): Promise<LocalStack> {
  const stack = await startLocalStack(options());
  started.push(stack);
  return stack;
}

const options = () => ({
  env: embeddedEnv(),
  dataDir,
  chainPort: 0,
  serverPort: 0,
  clientPort: 0,
  client: 'none' as const,
  buildAssets: false,
  log: () => {},
});

describe('npm start (the local stack)', () => {
  it('deploys and seeds once, and a restart keeps the chain and reuses the deployment', async () => {
    const first = await start();
    const health = await (await fetch(`${first.serverUrl}/healthz`)).json();
    expect(health.status).toBe('ok');
    expect(first.deployment.demoOwners).toHaveLength(3);
    const launches = async (url: string) => (await (await fetch(`${url}/api/events`)).json()) as LaunchEvent[];
    const seeded = await launches(first.serverUrl);
    expect(seeded.find((e) => e.title === 'Astrale GT — world premiere')).toMatchObject({ show: { cue: 'scheduled' } });
    // The staff account, which signed the seed's inspection, is a dealer by name: owners can book it.
    const dealers = async (url: string) => (await (await fetch(`${url}/api/dealers`)).json()) as { address: string; name: string }[];
    expect(await dealers(first.serverUrl)).toMatchObject([{ address: first.deployment.deployer, name: DEMO_DEALER.name }]);
    await first.stop();

    const second = await start();
    expect((await (await fetch(`${second.serverUrl}/healthz`)).json()).status).toBe('ok');
    // The demo launch is created once: the restart finds it.
    expect((await launches(second.serverUrl)).map((e) => e.id)).toEqual(seeded.map((e) => e.id));
    expect(await dealers(second.serverUrl)).toHaveLength(1);
    const visitor = await new Client(second.serverUrl).joinOrCreate('museum');
    await visitor.leave();
    expect(second.deployment.twin.address).toBe(first.deployment.twin.address);
    expect(second.deployment.genesisHash).toBe(first.deployment.genesisHash);
    const chain = createPublicClient({ transport: http(second.rpcUrl) });
    for (const owner of second.deployment.demoOwners) {
      const holder = await chain.readContract({
        address: second.deployment.twin.address,
        abi: marqueTwinAbi,
        functionName: 'ownerOf',
        args: [BigInt(owner.tokenId)],
      });
      expect(holder).toBe(owner.address);
    }
    // Exactly three twins: the seed did not run twice.
    await expect(
      chain.readContract({ address: second.deployment.twin.address, abi: marqueTwinAbi, functionName: 'ownerOf', args: [4n] }),
    ).rejects.toThrow(/ERC721NonexistentToken/);
    await second.stop();
  });

  it('deploys afresh when the contract sources changed since the recorded deployment', async () => {
    const first = await start();
    await first.stop();
    const recordFile = path.join(dataDir, 'deployment.json');
    const record = JSON.parse(await readFile(recordFile, 'utf8'));
    await writeFile(recordFile, JSON.stringify({ ...record, sourceHash: 'sources-of-an-older-checkout' }));

    const second = await start();
    expect(second.deployment.twin.address).not.toBe(first.deployment.twin.address);
    expect(second.deployment.demoOwners).toHaveLength(3);
    await second.stop();
  });

  it('stops every part: the chain and the server no longer answer', async () => {
    const stack = await start();
    await stack.stop();
    await expect(fetch(`${stack.serverUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(stack.rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
