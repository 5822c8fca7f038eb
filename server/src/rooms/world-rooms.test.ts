import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { createWalletClient, http, type Address } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import type { ManifestEntry } from '../../../pipelines/src/session';
import { readEnv } from '../config';
import { ensureLocalDeployment, type LocalDeployment } from '../dev/deployment';
import { startServer, type RunningServer } from '../server';

const PUBLIC_URL = 'http://localhost:5173';

/** What `npm run assets` publishes for the car the first demo twin is of. */
const astrale: ManifestEntry = {
  id: 'astrale-2025',
  name: 'Astrale GT',
  kind: 'car',
  year: 2025,
  file: 'astrale-2025.0123456789.glb',
  bytes: 1,
  gzipBytes: 1,
  triangles: 1,
  drawCalls: 1,
  textureBytes: 0,
  lods: [],
};

let chain: AnvilNode;
let server: RunningServer;
let deployment: LocalDeployment;
let dataDir: string;
let strangerAddress: Address;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'marque-rooms-'));
  chain = await startAnvil();
  deployment = await ensureLocalDeployment({
    rpcUrl: chain.rpcUrl,
    recordFile: path.join(dataDir, 'deployment.json'),
    baseURI: `${PUBLIC_URL}/api/twins/`,
  });
  const accounts = await createWalletClient({ transport: http(chain.rpcUrl) }).getAddresses();
  strangerAddress = accounts[9]!;
  // The same boot as the product: real services, real app config, an ephemeral port.
  server = await startServer({
    env: readEnv({ PORT: '0', PUBLIC_URL }),
    rpcUrl: chain.rpcUrl,
    twinAddress: deployment.twin.address,
    manifest: async () => ({
      version: 2,
      catalogue: { paint: {}, wheel: {}, caliper: {}, interior: {}, trim: {} },
      targets: {
        desktop: {
          zones: {
            museum: {
              assets: [astrale],
              totals: { bytes: 1, gzipBytes: 1, triangles: 1, drawCalls: 1, textureBytes: 0 },
              budget: { drawCalls: 200, triangles: 600_000, textureBytes: 256 * 2 ** 20 },
            },
          },
        },
      },
    }),
  });
});

afterAll(async () => {
  await server?.stop();
  await chain?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Signs in as one of the chain's unlocked accounts, exactly as the browser does. */
async function signIn(address: Address): Promise<string> {
  const { nonce } = await (await fetch(`${server.url}/api/auth/nonce`, { method: 'POST' })).json();
  const message = createSiweMessage({
    address,
    domain: new URL(PUBLIC_URL).host,
    uri: PUBLIC_URL,
    version: '1',
    chainId: chain.chainId,
    nonce,
    issuedAt: new Date(),
  });
  const signature = await createWalletClient({ transport: http(chain.rpcUrl) }).signMessage({
    account: address,
    message,
  });
  const response = await fetch(`${server.url}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function client(token?: string): Client {
  const c = new Client(server.url);
  if (token) c.auth.token = token;
  return c;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ownAvatar(room: Room) {
  const state = () => room.state as { avatars?: Map<string, any> } | undefined;
  await until(() => state()?.avatars?.has(room.sessionId) === true, 'the first state');
  return state()!.avatars!.get(room.sessionId);
}

describe('HTTP', () => {
  it('GET /healthz reports the chain, the database and the rooms', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      status: 'ok',
      chain: { ok: true, chainId: 31337 },
      database: { ok: true, kind: 'pglite' },
      rooms: { ok: true },
    });
  });

  it('POST /api/auth/verify refuses a malformed body with a clear error', async () => {
    const response = await fetch(`${server.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^auth: the request body must be JSON/);
  });
});

describe('twin metadata', () => {
  it('GET /api/twins/:id describes a minted twin with its model and glb, and no owner address', async () => {
    const response = await fetch(`${server.url}/api/twins/1`);
    expect(response.status).toBe(200);
    const metadata = await response.json();
    expect(metadata).toMatchObject({
      name: 'Astrale GT · Twin #1',
      animation_url: `${PUBLIC_URL}/assets/astrale-2025.0123456789.glb`,
      attributes: expect.arrayContaining([
        { trait_type: 'Model', value: 'Astrale GT' },
        { trait_type: 'Model year', value: 2025, display_type: 'number' },
      ]),
    });
    expect(JSON.stringify(metadata).toLowerCase()).not.toContain(deployment.demoOwners[0]!.address.toLowerCase().slice(2));
  });

  it('answers 404 for a token never minted and 400 for a malformed id', async () => {
    const missing = await fetch(`${server.url}/api/twins/99`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('twins: no twin #99 has been minted');
    const malformed = await fetch(`${server.url}/api/twins/abc`);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatch(/^twins: "abc" is not a token id/);
  });
});

describe('museum room', () => {
  it('syncs joins, poses and leaves between visitors', async () => {
    const alice = await client().joinOrCreate('museum', { name: 'Alice' });
    const bob = await client().joinOrCreate('museum', { name: 'Bob', device: 'mobile' });
    expect(bob.roomId).toBe(alice.roomId);

    const avatars = (room: Room) => (room.state as { avatars: Map<string, any> }).avatars;
    await until(() => avatars(alice).has(bob.sessionId), 'Alice to see Bob');
    expect(avatars(alice).get(bob.sessionId)).toMatchObject({ name: 'Bob', device: 'mobile', owner: false });

    bob.send('pose', { x: 2, y: 1.7, z: -3, yaw: 1, pitch: 0.1 });
    await until(() => avatars(alice).get(bob.sessionId)?.x === 2, "Bob's pose to reach Alice");
    expect(avatars(alice).get(bob.sessionId).z).toBeCloseTo(-3);

    // A pose far outside the hall is clamped by the server, not trusted.
    bob.send('pose', { x: 5000, y: 99, z: 0, yaw: 0, pitch: 0 });
    await until(() => avatars(alice).get(bob.sessionId)?.x === 30, 'the clamped pose');
    expect(avatars(alice).get(bob.sessionId).y).toBe(3);

    await bob.leave();
    await until(() => !avatars(alice).has(bob.sessionId), 'Bob to be gone for Alice');
    await alice.leave();
  });

  it('disconnects a client that sends a malformed message, and keeps serving the others', async () => {
    const alice = await client().joinOrCreate('museum', { name: 'Alice' });
    const mallory = await client().joinOrCreate('museum', { name: 'Mallory' });
    const closed = new Promise<number>((resolve) => mallory.onLeave((code) => resolve(code)));
    mallory.send('pose', { x: 'left', y: 1 });
    expect(await closed).not.toBe(1000);
    const avatars = (alice.state as { avatars: Map<string, any> }).avatars;
    await until(() => !avatars.has(mallory.sessionId), 'Mallory to be removed');

    const carol = await client().joinOrCreate('museum', { name: 'Carol' });
    carol.send('pose', { x: 1, y: 1.6, z: 1, yaw: 0, pitch: 0 });
    await until(() => avatars.get(carol.sessionId)?.x === 1, "Carol's pose to reach Alice");
    await Promise.all([alice.leave(), carol.leave()]);
  });

  it('admits a guest with a pseudonym, never an address', async () => {
    const guest = await client().joinOrCreate('museum');
    const me = await ownAvatar(guest);
    expect(me.name).toMatch(/^Guest /);
    await guest.leave();
  });

  it('refuses invalid join options with the reason', async () => {
    await expect(client().joinOrCreate('museum', { name: 'x'.repeat(80) })).rejects.toThrow(/museum: invalid join options/);
  });

  it('refuses a forged session token', async () => {
    await expect(client('not-a-token').joinOrCreate('museum')).rejects.toThrow(/session token is not valid/);
  });
});

describe("owners' garage", () => {
  it('refuses a guest without a wallet, saying what to do', async () => {
    await expect(client().joinOrCreate('garage')).rejects.toThrow(/garage: the owners' garage is for owners/);
  });

  it('refuses a signed-in wallet that holds no twin', async () => {
    const token = await signIn(strangerAddress);
    await expect(client(token).joinOrCreate('garage')).rejects.toThrow(/holds no Marque digital twin/);
  });

  it('admits a demo owner holding a twin, with the owner badge', async () => {
    const owner = deployment.demoOwners[0]!;
    const token = await signIn(owner.address);
    const room = await client(token).joinOrCreate('garage');
    const me = await ownAvatar(room);
    expect(me).toMatchObject({ owner: true });
    expect(me.name).toMatch(/^Member /);
    await room.leave();
  });
});
