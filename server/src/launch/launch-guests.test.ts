import { randomUUID } from 'node:crypto';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionTokens } from '../auth/session-token';
import type { Notice } from '../../../protocol/src/messages';
import type { LaunchEvent, LiveFigures, Question } from '../../../protocol/src/launch';
import type { LaunchEventInput } from '../../../protocol/src/launch-input';
import { bearer, json } from '../testing/http';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';

/**
 * Guests cannot multiply themselves (README "Guests cannot multiply themselves"): through the real
 * server, throwaway guest sessions from one network get a few seats, never the last ones kept for
 * signed-in attendees; a banned guest stays out with a new session from the same network or
 * device; only staff carry the brand's names; one network's questions and anonymous streams are
 * bounded; and live figures count people, not streams. Networks are told apart the way a reverse
 * proxy tells the server (TRUST_PROXY=1, X-Forwarded-For).
 */

const SECRET = 'launch-guests-test-secret-of-32-chars-or-more';
let world: TestWorld;
let staff: string;
const tokens = new SessionTokens(SECRET);

beforeAll(async () => {
  world = await startTestWorld({
    env: {
      SESSION_SECRET: SECRET,
      TRUST_PROXY: '1',
      // The HTTP rate limits are another unit's: this file tests the rooms' own quotas.
      RATE_LIMIT_SCALE: '0',
      LAUNCH_GUESTS_PER_ADDRESS: '3',
      LAUNCH_VIEWERS_PER_ADDRESS: '2',
      LAUNCH_SIGNED_IN_SHARE: '0.25',
    },
  });
  staff = await world.signIn(world.deployment.deployer);
});
afterAll(() => world?.stop());

const url = (route: string) => `${world.server.url}${route}`;
const post = (route: string, body: unknown, token = staff) =>
  fetch(url(route), { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function createEvent(overrides: Partial<LaunchEventInput> = {}): Promise<LaunchEvent> {
  const definition: LaunchEventInput = {
    title: 'Astrale GT reveal',
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    access: { public: true },
    capacityPerInstance: 20,
    embodiedLimit: 20,
    car: { model: 'astrale-2025' },
    videoUrl: '/media/keynote.mp4',
    minimumStaySeconds: 0,
    ...overrides,
  };
  return json<LaunchEvent>(await post('/api/events', definition), 201);
}

/** A throwaway guest session, as `POST /api/auth/guest` gives any number of. */
const guest = async () => (await tokens.issue(`guest:${randomUUID()}`)).token;
const device = () => randomUUID().replaceAll('-', '');

interface Joined {
  room: Room;
  notices: Notice[];
  questions: Question[][];
  closed?: number;
}

/** Joins a launch from `network` (as a proxy forwards it); rejects with the matchmaker's `{ code, message }`. */
async function attend(eventId: string, token: string, network: string, options: { deviceId?: string; name?: string } = {}): Promise<Joined> {
  const client = new Client(world.server.url, { headers: { 'x-forwarded-for': network } });
  client.auth.token = token;
  const room = await client.joinOrCreate('launch-event', { eventId, name: options.name ?? 'Attendee', deviceId: options.deviceId });
  room.reconnection.enabled = false;
  const joined: Joined = { room, notices: [], questions: [] };
  room.onMessage('notice', (notice: Notice) => joined.notices.push(notice));
  room.onMessage('questions', (questions: Question[]) => joined.questions.push(questions));
  room.onMessage('*', () => {});
  room.onLeave((code) => (joined.closed = code));
  return joined;
}

async function refusal(join: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await join;
  } catch (error) {
    return error as { code: number; message: string };
  }
  throw new Error('the join was not refused');
}

/** Opens an overflow stream from `network`; resolves once its status is known, with a way to close it. */
async function stream(eventId: string, network: string, query = ''): Promise<{ status: number; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(url(`/api/events/${eventId}/stream${query}`), { headers: { 'x-forwarded-for': network }, signal: controller.signal });
  if (response.status !== 200) await response.text();
  return { status: response.status, close: () => controller.abort() };
}

describe('guests', () => {
  it('get a few seats per network and never the last ones kept for signed-in attendees: a real owner still gets in', async () => {
    const event = await createEvent({ capacityPerInstance: 8, embodiedLimit: 8 });
    // 30 bots from one network, at once.
    const bots = await Promise.allSettled(Array.from({ length: 30 }, async () => attend(event.id, await guest(), '10.1.0.1')));
    const seated = bots.filter((b): b is PromiseFulfilledResult<Joined> => b.status === 'fulfilled').map((b) => b.value);
    expect(seated).toHaveLength(3);
    expect((bots.find((b) => b.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 429,
      message: 'events: 3 guests from your network are already at "Astrale GT reveal"; sign in with a wallet to join them, or watch from the overflow tier',
    });
    // Guests from elsewhere fill the floor up to the last quarter (2 of 8 seats).
    for (let i = 0; i < 3; i++) seated.push(await attend(event.id, await guest(), `10.1.1.${i}`));
    expect(await refusal(attend(event.id, await guest(), '10.1.2.1'))).toMatchObject({
      code: 409,
      message: 'events: the last 2 seats of "Astrale GT reveal" are kept for signed-in attendees; sign in with a wallet to take one, or watch from the overflow tier',
    });
    const owner = await attend(event.id, await world.signIn(world.deployment.demoOwners[0]!.address), '10.1.0.1');
    await Promise.all([...seated, owner].map((j) => j.room.leave()));
  });

  it('stay out once banned, with a new guest session from the same network or device; others there are let in', async () => {
    const event = await createEvent();
    const phone = device();
    const banned = await attend(event.id, await guest(), '10.2.0.1', { deviceId: phone });
    expect(await json(await post(`/api/events/${event.id}/moderation`, { action: 'ban', sessionId: banned.room.sessionId }))).toEqual({ ok: true });
    await until(() => banned.closed === 4405, 'the ban');
    const message = `events: you are banned from "${event.title}"`;
    expect(await refusal(attend(event.id, await guest(), '10.2.0.1'))).toMatchObject({ code: 403, message });
    expect(await refusal(attend(event.id, await guest(), '10.2.0.2', { deviceId: phone }))).toMatchObject({ code: 403, message });
    const elsewhere = await attend(event.id, await guest(), '10.2.0.3');
    // A wallet's ban follows the wallet: someone signed in on the banned guest's network comes in.
    const owner = await attend(event.id, await world.signIn(world.deployment.demoOwners[1]!.address), '10.2.0.1');
    await Promise.all([elsewhere.room.leave(), owner.room.leave()]);
  });

  it("cannot carry the brand's or its staff's names; the brand team can", async () => {
    const join = (token: string | undefined, name: string) => {
      const client = new Client(world.server.url);
      if (token) client.auth.token = token;
      return client.joinOrCreate('museum', { name });
    };
    await expect(join(undefined, 'Marque staff')).rejects.toThrow(`museum: the name "Marque staff" is kept for Marque's staff (it reads as "staff"); choose another name`);
    await expect(join(await guest(), 'Ηost')).rejects.toThrow(/kept for Marque's staff/);
    const event = await createEvent();
    expect(await refusal(attend(event.id, await guest(), '10.5.0.1', { name: 'M4rque' }))).toMatchObject({ code: 400, message: expect.stringMatching(/^events: the name "M4rque" is kept for Marque's staff/) });
    const host = await join(staff, 'Marque host');
    await host.leave();
  });

  it('share ten questions at once per network, whoever asks', async () => {
    const event = await createEvent();
    const network = '10.3.0.1';
    const askers = [
      ...(await Promise.all([0, 1, 2].map(async () => attend(event.id, await guest(), network)))),
      await attend(event.id, await world.signIn(world.accounts[6]!), network),
      await attend(event.id, await world.signIn(world.accounts[7]!), network),
    ];
    // Five askers, three questions each (each asker's own allowance): fifteen tries.
    askers.forEach((asker, a) => {
      for (let q = 0; q < 3; q++) asker.room.send('ask', { text: `Question ${q + 1} from asker ${a + 1}?` });
    });
    const refused = () => askers.flatMap((a) => a.notices).filter((n) => n.message.startsWith('events: too many questions come from your network'));
    await until(() => refused().length === 5, 'five questions refused');
    await until(() => askers[0]!.questions.at(-1)?.length === 10, 'ten questions');
    expect(refused()[0]).toMatchObject({ kind: 'rate-limited' });
    await Promise.all(askers.map((a) => a.room.leave()));
  });
});

describe('the overflow tier', () => {
  it('asks over HTTP under the same per-network share of questions, and not under a staff name', async () => {
    const event = await createEvent();
    const ask = async (token: string, text: string, name?: string) =>
      fetch(url(`/api/events/${event.id}/questions`), {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json', 'x-forwarded-for': '10.6.0.1' },
        body: JSON.stringify({ text, name }),
      });
    expect(await json(await ask(await guest(), 'Is this the real Marque?', 'Marque Staff'), 400)).toMatchObject({ reason: 'reserved-name' });
    const statuses: number[] = [];
    for (let viewer = 0; viewer < 4; viewer++) {
      const token = await guest();
      for (let q = 0; q < 3; q++) statuses.push((await ask(token, `Viewer ${viewer} asks question ${q}?`)).status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('opens two anonymous streams per network, and the live figures count people, not streams', async () => {
    const event = await createEvent();
    const open = [await stream(event.id, '10.4.0.1'), await stream(event.id, '10.4.0.1')];
    expect(open.map((s) => s.status)).toEqual([200, 200]);
    expect((await stream(event.id, '10.4.0.1')).status).toBe(429);
    // A wallet with a seat and two streams of its own; one device with two guest sessions' streams.
    const walletToken = await world.signIn(world.deployment.demoOwners[2]!.address);
    const seated = await attend(event.id, walletToken, '10.4.0.2');
    open.push(await stream(event.id, '10.4.0.2', `?token=${walletToken}`), await stream(event.id, '10.4.0.2', `?token=${walletToken}`));
    const tablet = device();
    open.push(await stream(event.id, '10.4.0.3', `?token=${await guest()}&device=${tablet}`), await stream(event.id, '10.4.0.3', `?token=${await guest()}&device=${tablet}`));
    expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const live = await json<LiveFigures>(await fetch(url(`/api/events/${event.id}/live`), { headers: bearer(staff) }));
    // Four people: the seated wallet (its streams too), the device, the two anonymous viewers.
    expect(live).toMatchObject({ embodied: 1, overflow: 3, total: 4 });
    for (const s of open) s.close();
    await seated.room.leave();
  });
});
