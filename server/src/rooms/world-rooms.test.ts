import { Client } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldConnection } from '../../../client/src/net/world-connection';
import type { AvatarPose } from '../../../protocol/src/pose-codec';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';

let world: TestWorld;
let server: TestWorld['server'];

beforeAll(async () => {
  world = await startTestWorld();
  server = world.server;
});

afterAll(() => world?.stop());

/** A head pose at (x, y, z) looking down −Z. */
function head(x: number, y: number, z: number): AvatarPose {
  return { head: { x, y, z, qx: 0, qy: 0, qz: 0, qw: 1 } };
}

function join(roomName: 'museum' | 'garage', options: { name?: string; device?: 'vr' | 'desktop' | 'mobile'; token?: string } = {}) {
  return WorldConnection.join(roomName, { endpoint: server.url, ...options });
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

describe('museum room', () => {
  it('syncs joins, poses and leaves between visitors', async () => {
    const alice = await join('museum', { name: 'Alice' });
    const bob = await join('museum', { name: 'Bob', device: 'mobile' });
    expect(bob.roomId).toBe(alice.roomId);

    await until(() => [...alice.avatars.values()].some((a) => a.name === 'Bob'), 'Alice to see Bob');
    const seen = alice.avatars.get(bob.sessionId)!;
    expect(seen).toMatchObject({ name: 'Bob', device: 'mobile', badge: '', away: false });

    // Near the hall's spawn (0, 15.5), where a visitor starts.
    bob.sendPose(head(2, 1.7, 13), 0);
    await until(() => seen.poses.latest?.head.x === 2, "Bob's pose to reach Alice");
    expect(seen.poses.latest!.head.z).toBeCloseTo(13);

    await bob.leave();
    await until(() => !alice.avatars.has(bob.sessionId), 'Bob to be gone for Alice');
    await alice.leave();
  });

  it('carries a headset visitor\'s hands, pulled back to arm\'s reach', async () => {
    const alice = await join('museum', { name: 'Alice' });
    const vera = await join('museum', { name: 'Vera', device: 'vr' });
    const pose = head(1, 1.6, 15);
    pose.left = { x: 0.7, y: 1.3, z: 14.8, qx: 0, qy: 0, qz: 0, qw: 1 };
    pose.right = { x: 9, y: 1.6, z: 15, qx: 0, qy: 0.7071, qz: 0, qw: 0.7071 };
    vera.sendPose(pose, 0);
    await until(() => alice.avatars.get(vera.sessionId)?.poses.latest?.right !== undefined, "Vera's hands to reach Alice");
    const seen = alice.avatars.get(vera.sessionId)!.poses.latest!;
    expect(seen.left!.x).toBeCloseTo(0.7, 2);
    expect(seen.right!.x).toBeCloseTo(1 + 1.2, 2);
    expect(seen.right!.qy).toBeCloseTo(0.7071, 2);
    await Promise.all([alice.leave(), vera.leave()]);
  });

  it('starts a visitor at the spawn or a doorway, clamps a pose outside the hall, and a teleport further than a visitor can move', async () => {
    const alice = await join('museum', { name: 'Alice' });
    const bob = await join('museum', { name: 'Bob' });
    const carol = await join('museum', { name: 'Carol' });
    await until(() => alice.avatars.has(bob.sessionId) && alice.avatars.has(carol.sessionId), 'Alice to see Bob and Carol');
    const seen = (who: WorldConnection) => alice.avatars.get(who.sessionId)!.poses.latest?.head;
    // Bob's first pose claims the middle of the hall, above the ceiling: he starts at the spawn
    // (within 1.5 m of (0, 15.5); the doorways are farther), so he moves one teleport hop (12 m)
    // towards it, and at most 3 m up.
    bob.sendPose(head(0, 99, 0), 0);
    await until(() => seen(bob)?.y === 3, 'the clamped first pose');
    expect(seen(bob)!.z).toBeGreaterThan(15.5 - 1.5 - 12 - 0.5);
    expect(seen(bob)!.z).toBeLessThan(15.5 + 1.5 - 12 + 0.5);
    // Carol arrives through the lounge's doorway (9.94, −16), in front of it: placed as sent.
    carol.sendPose(head(7.4, 1.6, -16), 0);
    await until(() => seen(carol)?.x === 7.4, "Carol's arrival at the doorway");
    // A jump across the hall moves Bob only as far as a teleport hop reaches (12 m), into the hall.
    const from = seen(bob)!;
    bob.sendPose(head(5000, 1.6, from.z), 100);
    await until(() => seen(bob)!.y === 1.6, 'the clamped jump');
    expect(seen(bob)!.x).toBeLessThan(30);
    expect(seen(bob)!.x - from.x).toBeLessThanOrEqual(12.01);
    await Promise.all([alice.leave(), bob.leave(), carol.leave()]);
  });

  it('admits a guest with a pseudonym, never an address', async () => {
    const guest = await join('museum');
    await until(() => guest.ownName !== undefined, 'the first state');
    expect(guest.ownName).toMatch(/^Guest /);
    await guest.leave();
  });

  it('refuses invalid join options with the reason', async () => {
    await expect(join('museum', { name: 'x'.repeat(80) })).rejects.toThrow(/museum: invalid join options/);
  });

  it('refuses a forged session token', async () => {
    await expect(join('museum', { token: 'not-a-token' })).rejects.toThrow(/session token is not valid/);
  });
});

describe("owners' garage", () => {
  it('refuses a guest without a wallet, saying what to do', async () => {
    await expect(join('garage')).rejects.toThrow(/garage: the owners' garage is for visitors with a Marque digital twin — sign in/);
  });

  it('refuses a signed-in wallet that holds no twin', async () => {
    const token = await world.signIn(world.accounts[9]!);
    await expect(join('garage', { token })).rejects.toThrow(/garage: this wallet does not hold a Marque digital twin/);
  });

  it('admits demo owners holding a twin, with the owner badge, and no guest by room id', async () => {
    const [first, second] = world.deployment.demoOwners;
    const owner = await join('garage', { token: await world.signIn(first!.address) });
    const other = await join('garage', { token: await world.signIn(second!.address) });
    await until(() => other.avatars.has(owner.sessionId), 'the owners to meet');
    expect(other.avatars.get(owner.sessionId)).toMatchObject({ badge: 'owner' });
    expect(other.avatars.get(owner.sessionId)!.name).toMatch(/^Member /);
    // onAuth runs for joins by room id too: knowing the instance does not let a guest in.
    await expect(new Client(server.url).joinById(owner.roomId)).rejects.toThrow(/garage: the owners' garage is for visitors with a Marque digital twin — sign in/);
    await Promise.all([owner.leave(), other.leave()]);
  });
});
