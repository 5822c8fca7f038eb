import { Client } from '@colyseus/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldConnection } from '../../../client/src/net/world-connection';
import { SessionTokens } from '../auth/session-token';
import type { Notice, Removal } from '../../../protocol/src/messages';
import { encodePose, type AvatarPose } from '../../../protocol/src/pose-codec';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';

const SECRET = 'hostile-clients-test-secret-of-32-chars-or-more';
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ env: { SESSION_SECRET: SECRET } });
});
afterAll(() => world?.stop());

const at = (x: number, z = 0): AvatarPose => ({ head: { x, y: 1.6, z, qx: 0, qy: 0, qz: 0, qw: 1 } });

/** A raw SDK client: what an attacker scripts, with the room's messages recorded. */
async function rawJoin(name: string, token?: string) {
  const client = new Client(world.server.url);
  if (token) client.auth.token = token;
  const room = await client.joinOrCreate('museum', { name });
  room.reconnection.enabled = false;
  const notices: Notice[] = [];
  let removal: Removal | undefined;
  room.onMessage('notice', (n: Notice) => notices.push(n));
  room.onMessage('removed', (r: Removal) => (removal = r));
  room.onMessage('*', () => {});
  const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
  return { room, notices, closed, removal: () => removal };
}

/** Two well-behaved visitors who keep moving and check they still see each other move. */
async function bystanders() {
  const ann = await WorldConnection.join('museum', { endpoint: world.server.url, name: 'Ann' });
  const ben = await WorldConnection.join('museum', { endpoint: world.server.url, name: 'Ben' });
  let step = 0;
  return {
    ann,
    ben,
    /** Ann moves; resolves once Ben has seen the move. */
    async stillServed() {
      step++;
      const x = (step % 20) * 0.25;
      // Near the hall's spawn (0, 15.5), where visitors start.
      ann.sendPose(at(x, 15), performance.now() + step * 100);
      await until(() => ben.avatars.get(ann.sessionId)?.poses.latest?.head.x === x, `Ben to see Ann's move ${step}`);
    },
    leave: () => Promise.all([ann.leave(), ben.leave()]),
  };
}

describe('hostile clients', () => {
  it('ignores malformed poses with a notice, then removes a client that keeps sending them', async () => {
    const others = await bystanders();
    const mallory = await rawJoin('Mallory');
    mallory.room.sendBytes('pose', new Uint8Array([0xff, 1, 2]));
    await until(() => mallory.notices.length === 1, 'the notice');
    expect(mallory.notices[0]).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/unknown flags/) });
    for (let i = 0; i < 15; i++) mallory.room.sendBytes('pose', new Uint8Array(40));
    expect(await mallory.closed).toBe(4400);
    expect(mallory.removal()).toEqual({ reason: 'abuse', message: 'Removed for sending too many invalid or excessive messages.' });
    await others.stillServed();
    await others.leave();
  });

  it('counts unknown message types and wrong payloads against the sender only', async () => {
    const others = await bystanders();
    const mallory = await rawJoin('Mallory');
    mallory.room.send('teleport', { x: 1000 });
    mallory.room.send('chat', { text: { $gt: '' } });
    mallory.room.send('react', { emote: 'x'.repeat(1000) });
    await until(() => mallory.notices.length === 3, 'three notices');
    expect(mallory.notices.map((n) => n.message)).toEqual([
      expect.stringContaining('unknown message type "teleport"'),
      expect.stringContaining('chat:'),
      expect.stringContaining('react: unknown emote'),
    ]);
    await others.stillServed();
    await Promise.all([others.leave(), mallory.room.leave()]);
  });

  it('closes a client that floods the room with 4429 and says why, and nobody else notices', async () => {
    const others = await bystanders();
    const mallory = await rawJoin('Mallory');
    const pose = encodePose(at(0));
    for (let i = 0; i < 500; i++) mallory.room.sendBytes('pose', pose);
    // The documented flood code, not Colyseus' generic 4002.
    expect(await mallory.closed).toBe(4429);
    expect(mallory.removal()).toEqual({ reason: 'flood', message: 'Removed for sending more than 60 messages a second.' });
    await until(() => !others.ann.avatars.has(mallory.room.sessionId), 'Mallory to be gone');
    await others.stillServed();
    await others.leave();
  });

  it('closes the connection of a client sending an oversized frame', async () => {
    const others = await bystanders();
    const mallory = await rawJoin('Mallory');
    mallory.room.sendBytes('pose', new Uint8Array(64 * 1024));
    expect(await mallory.closed).toBe(1009);
    await others.stillServed();
    await others.leave();
  });

  it('refuses forged and expired session tokens', async () => {
    const forged = await new SessionTokens('another-secret-of-at-least-32-characters!').issue(world.accounts[1]!);
    await expect(rawJoin('Eve', forged.token)).rejects.toThrow(/session token is not valid/);
    const expired = await new SessionTokens(SECRET, 60).issue(world.accounts[1]!, { now: new Date(Date.now() - 3_600_000) });
    await expect(rawJoin('Eve', expired.token)).rejects.toThrow(/session has expired/);
  });

  it('refuses a seat reservation used twice', async () => {
    const response = await fetch(`${world.server.url}/matchmake/joinOrCreate/museum`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ann' }),
    });
    const reservation = await response.json();
    const first = await new Client(world.server.url).consumeSeatReservation(reservation);
    await expect(new Client(world.server.url).consumeSeatReservation(reservation)).rejects.toThrow();
    await first.leave();
  });

  it('keeps serving well-behaved visitors whatever a client throws at the room (fuzz)', async () => {
    const others = await bystanders();
    const typeName = fc.oneof(fc.constantFrom('pose', 'chat', 'react', '*', '__proto__', ''), fc.string({ maxLength: 20 }), fc.integer());
    const payload = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ text: fc.anything({ maxDepth: 1 }) }),
      fc.record({ emote: fc.string() }),
      fc.constant({ text: 'hello' }),
    );
    const message = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), type: typeName, payload }),
      fc.record({ kind: fc.constant('bytes' as const), type: typeName, bytes: fc.uint8Array({ maxLength: 64 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 30 }), async (messages) => {
        run++;
        const mallory = await rawJoin(`Fuzz ${run}`);
        for (const m of messages) {
          try {
            if (m.kind === 'send') mallory.room.send(m.type as string, m.payload);
            else mallory.room.sendBytes(m.type as string, m.bytes);
          } catch {
            // The SDK itself refuses some inputs (unencodable payloads); that is not the room's doing.
          }
        }
        await others.stillServed();
        // The server may have removed Mallory already; then leaving never gets an answer.
        await Promise.race([mallory.room.leave().catch(() => {}), mallory.closed]);
      }),
      { numRuns: 40 },
    );
    await others.leave();
  });
});
