import { Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldConnection } from '../../../client/src/net/world-connection';
import type { ChatLine, Notice, ReactionBurst } from '../../../protocol/src/messages';
import { encodePose } from '../../../protocol/src/pose-codec';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';
import { ROOM_POLICIES } from './policies';

let world: TestWorld;

beforeAll(async () => {
  // A small launch zone, so capacity is cheap to reach; a factory that holds seats for 1 s;
  // blocked words for the moderation hook.
  world = await startTestWorld({
    policies: {
      launch: { ...ROOM_POLICIES.launch, capacity: 3 },
      factory: { ...ROOM_POLICIES.factory, reconnectSeconds: 1 },
    },
    env: { CHAT_BLOCKED_WORDS: 'lemon' },
  });
});
afterAll(() => world?.stop());

const join = (room: 'museum' | 'launch' | 'factory', name: string, roomId?: string) =>
  WorldConnection.join(room, { endpoint: world.server.url, name, roomId });

function collect<T>(connection: WorldConnection, kind: 'chat' | 'notice' | 'reactions'): T[] {
  const seen: T[] = [];
  (connection.on as (kind: string, listener: (value: T) => void) => void)(kind, (value) => seen.push(value));
  return seen;
}

describe('chat and reactions', () => {
  it('relays moderated chat to everyone, and gives newcomers the recent lines', async () => {
    const ann = await join('museum', 'Ann');
    const ben = await join('museum', 'Ben');
    const heard = collect<ChatLine>(ben, 'chat');
    ann.sendChat('Is that the 1964 Aurore? Not a lemon at all.');
    await until(() => heard.length === 1, 'the line to reach Ben');
    expect(heard[0]).toMatchObject({ from: ann.sessionId, name: 'Ann', text: 'Is that the 1964 Aurore? Not a ***** at all.' });

    const cat = await join('museum', 'Cat');
    await until(() => cat.chat.length === 1, 'the history to reach Cat');
    expect(cat.chat[0]!.text).toContain('1964 Aurore');
    await Promise.all([ann.leave(), ben.leave(), cat.leave()]);
  });

  it('tells the author why a line was refused, and sends it to nobody', async () => {
    const ann = await join('museum', 'Ann');
    const ben = await join('museum', 'Ben');
    const notices = collect<Notice>(ann, 'notice');
    const heard = collect<ChatLine>(ben, 'chat');
    ann.sendChat('cheap parts at https://spam.example');
    await until(() => notices.length === 1, 'the refusal');
    expect(notices[0]).toEqual({ kind: 'moderated', message: 'Your message was not sent: links are not allowed in chat.' });
    ann.sendChat('');
    await until(() => notices.length === 2, 'the empty-line notice');
    expect(notices[1]!.kind).toBe('invalid');
    expect(heard).toEqual([]);
    await Promise.all([ann.leave(), ben.leave()]);
  });

  it('rate-limits chat with a notice saying how long to wait', async () => {
    const ann = await join('museum', 'Ann');
    const notices = collect<Notice>(ann, 'notice');
    for (let i = 0; i < 7; i++) ann.sendChat(`line ${i}`);
    await until(() => notices.length >= 2, 'the rate-limit notices');
    expect(notices[0]).toMatchObject({ kind: 'rate-limited', message: expect.stringMatching(/too fast; wait \d+ s/) });
    await until(() => ann.chat.length === 5, 'the five lines within the burst');
    await ann.leave();
  });

  it('sends reactions as bursts with running totals, dropping a burst past the limit', async () => {
    const ann = await join('museum', 'Ann');
    const ben = await join('museum', 'Ben');
    const bursts = collect<ReactionBurst>(ben, 'reactions');
    for (let i = 0; i < 15; i++) ann.react('applause');
    ann.react('fire');
    await new Promise((r) => setTimeout(r, 300));
    const recent = bursts.flatMap((b) => b.recent);
    expect(recent.every((r) => r.from === ann.sessionId)).toBe(true);
    // The burst allows 10; the rest (including the fire) were dropped.
    expect(recent).toHaveLength(10);
    expect(bursts.at(-1)!.totals).toEqual({ applause: 10 });
    await Promise.all([ann.leave(), ben.leave()]);
  });
});

describe('capacity and following a friend', () => {
  it('opens a new instance when one is full, and lets a friend follow into one with room', async () => {
    const first = await Promise.all(['A', 'B', 'C'].map((name) => join('launch', name)));
    expect(new Set(first.map((c) => c.roomId)).size).toBe(1);
    const overflow = await join('launch', 'D');
    expect(overflow.roomId).not.toBe(first[0]!.roomId);

    // Following into the full instance is refused; into the other one it works.
    await expect(join('launch', 'E', first[0]!.roomId)).rejects.toThrow(/locked|full/i);
    const friend = await join('launch', 'E', overflow.roomId);
    expect(friend.roomId).toBe(overflow.roomId);
    await Promise.all([...first, overflow, friend].map((c) => c.leave()));
  });
});

describe('reconnection', () => {
  it('holds a dropped visitor\'s seat, marked away, and gives it back with their pose', async () => {
    const ann = await join('museum', 'Ann');
    const ben = await new Client(world.server.url).joinOrCreate('museum', { name: 'Ben' });
    ben.reconnection.minUptime = 0;
    // Near the hall's spawn (0, 15.5), where a visitor starts.
    ben.sendBytes('pose', encodePose({ head: { x: 3, y: 1.6, z: 14, qx: 0, qy: 0, qz: 0, qw: 1 } }));
    await until(() => ann.avatars.get(ben.sessionId)?.poses.latest?.head.x === 3, "Ben's pose");

    const reconnected = new Promise<void>((resolve) => ben.onReconnect(() => resolve()));
    // The socket drops without a goodbye (as on a train entering a tunnel).
    (ben as Room & { connection: { close(code: number): void } }).connection.close(4010);
    await until(() => ann.avatars.get(ben.sessionId)?.away === true, 'Ben to be shown away');
    await reconnected;
    await until(() => ann.avatars.get(ben.sessionId)?.away === false, 'Ben to be back');
    expect(ann.avatars.get(ben.sessionId)!.poses.latest!.head.x).toBe(3);
    await Promise.all([ann.leave(), ben.leave()]);
  });

  it('frees the seat of a visitor who does not come back in time', async () => {
    const ann = await join('factory', 'Ann');
    const ben = await new Client(world.server.url).joinOrCreate('factory', { name: 'Ben' });
    ben.reconnection.enabled = false;
    await until(() => ann.avatars.has(ben.sessionId), 'Ann to see Ben');
    (ben as Room & { connection: { close(code: number): void } }).connection.close(4010);
    await until(() => ann.avatars.get(ben.sessionId)?.away === true, 'Ben to be shown away');
    await until(() => !ann.avatars.has(ben.sessionId), "Ben's seat to be freed", 3000);
    expect(ann.status).toEqual({ state: 'connected' });
    await ann.leave();
  });
});
