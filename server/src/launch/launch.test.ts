import { Client, type Room } from '@colyseus/sdk';
import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueEventPassAbi } from '../../../protocol/src/contracts/abis';
import type { ChatLine, Notice } from '../../../protocol/src/messages';
import type { BadgeClaimGrant, LaunchEvent, LaunchReport, LiveFigures, Question, ShowState } from '../../../protocol/src/launch';
import type { LaunchEventInput } from '../../../protocol/src/launch-input';
import type { VoiceServerMessage } from '../../../protocol/src/voice';
import { bearer, json } from '../testing/http';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';

/**
 * Live launches through the real server on a fresh chain: the brand team defines an event, the
 * audience is split into instances, the host's cues reach every instance and the overflow tier,
 * Q&A and moderation work across instances, the show survives a restart, and the report and the
 * attendance badge come out right.
 */

let world: TestWorld;
let staff: string;

beforeAll(async () => {
  // Ten times the rate limits: on a quiet machine this file's one staff wallet writes more than a
  // wallet's burst (30) within a second. The limits themselves are server/src/http/http-limits.test.ts's.
  world = await startTestWorld({ restartable: true, env: { CHAT_BLOCKED_WORDS: 'lemon', RATE_LIMIT_SCALE: '10' } });
  staff = await world.signIn(world.deployment.deployer);
});
afterAll(() => world?.stop());

const url = (route: string) => `${world.server.url}${route}`;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

function definition(overrides: Partial<LaunchEventInput> = {}): LaunchEventInput {
  return {
    title: 'Astrale GT reveal',
    startsAt: inAnHour(),
    access: { public: true },
    capacityPerInstance: 1,
    embodiedLimit: 2,
    car: { model: 'astrale-2025', configuration: { paint: 'P-ORANGE-SOLAIRE' } },
    videoUrl: '/media/keynote.mp4',
    minimumStaySeconds: 0,
    ...overrides,
  };
}

const post = (route: string, body: unknown, token = staff) =>
  fetch(url(route), { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function createEvent(overrides: Partial<LaunchEventInput> = {}): Promise<LaunchEvent> {
  return json<LaunchEvent>(await post('/api/events', definition(overrides)), 201);
}

async function guestToken(): Promise<string> {
  return (await json<{ token: string }>(await fetch(url('/api/auth/guest'), { method: 'POST' }))).token;
}

/** An attendee as the SDK joins: what it has been sent, by message type. */
interface Attendee {
  room: Room;
  shows: ShowState[];
  questions: Question[][];
  notices: Notice[];
  chat: ChatLine[];
  muted: boolean[];
  /** What the room's voice told this attendee of their silence. */
  silenced: Extract<VoiceServerMessage, { kind: 'silenced' }>[];
  closed?: number;
}

async function attend(eventId: string, name: string, token?: string): Promise<Attendee> {
  const client = new Client(world.server.url);
  client.auth.token = token ?? (await guestToken());
  const room = await client.joinOrCreate('launch-event', { eventId, name });
  const attendee: Attendee = { room, shows: [], questions: [], notices: [], chat: [], muted: [], silenced: [] };
  room.onMessage('show', (show: ShowState) => attendee.shows.push(show));
  room.onMessage('questions', (questions: Question[]) => attendee.questions.push(questions));
  room.onMessage('notice', (notice: Notice) => attendee.notices.push(notice));
  room.onMessage('chat', (line: ChatLine) => attendee.chat.push(line));
  room.onMessage('muted', ({ muted }: { muted: boolean }) => attendee.muted.push(muted));
  room.onMessage('voice', (message: VoiceServerMessage) => message.kind === 'silenced' && attendee.silenced.push(message));
  room.onMessage('*', () => {});
  room.onLeave((code) => (attendee.closed = code));
  await until(() => attendee.shows.length > 0, `${name}'s first show state`);
  return attendee;
}

/** Joins expecting a refusal; resolves with the matchmaker's error. */
async function refused(eventId: string, token: string): Promise<{ code: number; message: string }> {
  const client = new Client(world.server.url);
  client.auth.token = token;
  try {
    await client.joinOrCreate('launch-event', { eventId, name: 'Refused' });
  } catch (error) {
    return error as { code: number; message: string };
  }
  throw new Error('the join was not refused');
}

/** Reads a server-sent event stream until `count` events of `kind` arrived. */
async function streamEvents(route: string, kind: string, count: number, start: () => Promise<unknown> = async () => {}): Promise<unknown[]> {
  const controller = new AbortController();
  const response = await fetch(url(route), { signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: unknown[] = [];
  let buffer = '';
  await start();
  const deadline = Date.now() + 10_000;
  while (seen.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event === kind && data) seen.push(JSON.parse(data));
    }
  }
  controller.abort();
  return seen;
}

describe('defining an event', () => {
  it('lets the brand team create, read and edit an event; its creator is its host', async () => {
    const event = await createEvent();
    expect(event).toMatchObject({
      title: 'Astrale GT reveal',
      hosts: [world.deployment.deployer.toLowerCase()],
      car: { model: 'astrale-2025', configuration: { paint: 'P-ORANGE-SOLAIRE' } },
      show: { cue: 'scheduled', seq: 0, onStage: [], slowModeSeconds: 0 },
      chainEventId: null,
    });
    expect(await json<LaunchEvent>(await fetch(url(`/api/events/${event.id}`)))).toEqual(event);
    const edited = await json<LaunchEvent>(
      await fetch(url(`/api/events/${event.id}`), { method: 'PUT', headers: bearer(staff), body: JSON.stringify(definition({ title: 'Astrale GT — the reveal' })) }),
    );
    expect(edited.title).toBe('Astrale GT — the reveal');
  });

  it('refuses an invalid rule, a start in the past, a car not offered, and anyone outside the brand team', async () => {
    const bad = async (body: unknown, status = 400, token = staff) => json<{ error: string; reason: string; details?: string }>(await post('/api/events', body, token), status);
    expect(await bad({ ...definition(), access: { holdsToken: { contract: 'nope' } } })).toMatchObject({
      error: 'events: the event is not valid',
      details: expect.stringContaining('access'),
    });
    expect((await bad(definition({ startsAt: '2020-01-01T18:00:00Z' }))).error).toBe(
      'events: the start time 2020-01-01T18:00:00.000Z is in the past; choose a time to come',
    );
    expect((await bad(definition({ car: { model: 'aurore-1964', configuration: { wheel: 'W-FORGED-21' } } }))).error).toBe(
      'events: the Aurore Coupé is not offered with wheel W-FORGED-21',
    );
    expect((await bad(definition({ videoUrl: 'javascript:alert(1)' }))).details).toContain('videoUrl');
    const owner = await world.signIn(world.deployment.demoOwners[0]!.address);
    expect((await bad(definition(), 403, owner)).reason).toBe('not-brand-team');
    expect((await bad(definition(), 401, 'forged'))).toMatchObject({ reason: 'session-invalid' });
  });
});

describe('who may change an event', () => {
  it("lets a co-host without the brand team's role change the title only, naming the fields it may not change; the brand team changes everything", async () => {
    const coHost = world.deployment.demoOwners[0]!.address;
    const coHostToken = await world.signIn(coHost);
    const event = await createEvent({ hosts: [coHost] });
    const put = (body: unknown, token: string) => fetch(url(`/api/events/${event.id}`), { method: 'PUT', headers: bearer(token), body: JSON.stringify(body) });
    const same = definition({ hosts: [coHost], startsAt: event.startsAt });

    expect((await json<LaunchEvent>(await put({ ...same, title: 'Astrale GT, live' }, coHostToken))).title).toBe('Astrale GT, live');
    const takeover = { ...same, title: 'Astrale GT, live', access: { invite: { scope: `event:${event.id}` } }, videoUrl: 'https://elsewhere.example/keynote.mp4', hosts: [coHost, world.accounts[8]!] };
    expect(await json(await put(takeover, coHostToken), 403)).toMatchObject({
      reason: 'not-brand-team',
      error: 'events: a co-host may change only the title of "Astrale GT, live"; access, hosts, videoUrl are for the brand team to change',
      details: expect.stringContaining('fields refused: access, hosts, videoUrl'),
    });
    expect(await json<LaunchEvent>(await fetch(url(`/api/events/${event.id}`)))).toMatchObject({ access: { public: true }, videoUrl: '/media/keynote.mp4', hosts: event.hosts });
    // The co-host still runs the show.
    expect(await json<ShowState>(await post(`/api/events/${event.id}/cue`, { cue: 'doors', seq: 0 }, coHostToken))).toMatchObject({ cue: 'doors' });

    const changed = await json<LaunchEvent>(await put(takeover, staff));
    expect(changed).toMatchObject({ access: takeover.access, videoUrl: takeover.videoUrl });
    expect(changed.hosts).toContain(world.accounts[8]!.toLowerCase());
  });
});

describe('running the show', () => {
  it('splits the audience into instances; every cue reaches each of them and the overflow tier, forward only, hosts only', async () => {
    const event = await createEvent();
    const [ann, ben] = [await attend(event.id, 'Ann'), await attend(event.id, 'Ben')];
    expect(ann.room.roomId).not.toBe(ben.room.roomId);

    // The embodied limit (2) is reached: the next attendee is sent to the overflow tier.
    const third = await refused(event.id, await guestToken());
    expect(third).toMatchObject({ code: 409 });
    expect(third.message).toContain('watch from the overflow tier');

    // A viewer in the overflow tier gets the doors cue over the stream.
    const streamed = (await streamEvents(`/api/events/${event.id}/stream`, 'show', 2, () => post(`/api/events/${event.id}/cue`, { cue: 'doors', seq: 0 }))) as ShowState[];
    expect(streamed.map((s) => s.cue)).toEqual(['scheduled', 'doors']);
    await until(() => ann.shows.at(-1)?.cue === 'doors' && ben.shows.at(-1)?.cue === 'doors', 'the doors cue in both instances');
    expect(ann.shows.at(-1)).toEqual(ben.shows.at(-1));

    const fired = await json<ShowState>(await post(`/api/events/${event.id}/cue`, { cue: 'reveal', seq: 1 }));
    expect(fired).toMatchObject({ cue: 'reveal', seq: 2 });
    await until(() => ann.shows.at(-1)?.cue === 'reveal' && ben.shows.at(-1)?.cue === 'reveal', 'the reveal in both instances');

    // Backwards, stale and foreign cues change nothing.
    expect(await json(await post(`/api/events/${event.id}/cue`, { cue: 'keynote', seq: 2 }), 400)).toMatchObject({ reason: 'bad-cue' });
    expect(await json(await post(`/api/events/${event.id}/cue`, { cue: 'qa', seq: 1 }), 409)).toMatchObject({ reason: 'stale' });
    const owner = await world.signIn(world.deployment.demoOwners[0]!.address);
    expect(await json(await post(`/api/events/${event.id}/cue`, { cue: 'qa', seq: 2 }, owner), 403)).toMatchObject({ reason: 'not-host' });
    expect(await json(await post(`/api/events/${event.id}/cue`, { cue: 'encore', seq: 2 }), 400)).toMatchObject({ reason: 'bad-request' });
    expect(ann.shows.at(-1)?.seq).toBe(2);

    const live = await json<LiveFigures>(await fetch(url(`/api/events/${event.id}/live`), { headers: bearer(staff) }));
    // Two attendees and the overflow viewer (gone by now) arrived in the last minute.
    expect(live).toMatchObject({ embodied: 2, overflow: 0, total: 2, joinsPerMinute: 3 });
    expect(live.instances).toHaveLength(2);
    await Promise.all([ann.room.leave(), ben.room.leave()]);
  });

  it('takes questions in one instance to the host and the other, counts one upvote each, and answers them', async () => {
    const event = await createEvent();
    const [ann, ben] = [await attend(event.id, 'Ann'), await attend(event.id, 'Ben')];
    ann.room.send('ask', { text: 'Will the Astrale come with a manual gearbox?' });
    await until(() => (ben.questions.at(-1)?.length ?? 0) === 1, 'the question in the other instance');
    const [question] = ben.questions.at(-1)!;
    expect(question).toMatchObject({ name: 'Ann', text: 'Will the Astrale come with a manual gearbox?', votes: 0, answered: false });
    ben.room.send('upvote', { id: question!.id });
    ben.room.send('upvote', { id: question!.id });
    await until(() => ann.questions.at(-1)?.[0]?.votes === 1, 'the upvote in the asking instance');
    const listed = await json<Question[]>(await fetch(url(`/api/events/${event.id}/questions`)));
    expect(listed[0]).toMatchObject({ votes: 1 });
    const answered = await json<Question[]>(await post(`/api/events/${event.id}/questions/${question!.id}/answered`, {}));
    expect(answered[0]).toMatchObject({ answered: true });

    // A viewer in the overflow tier asks over HTTP, with a guest session and a name.
    const viewer = await guestToken();
    const asked = await json<Question[]>(await post(`/api/events/${event.id}/questions`, { text: 'When can we order it?', name: 'Zoé' }, viewer), 201);
    expect(asked.find((q) => q.text === 'When can we order it?')).toMatchObject({ name: 'Zoé', votes: 0 });
    await until(() => ann.questions.at(-1)?.some((q) => q.name === 'Zoé') ?? false, "the viewer's question in a room");
    expect(await json(await post(`/api/events/${event.id}/questions`, { text: 'x' }, viewer), 400)).toMatchObject({ reason: 'bad-request' });
    expect((await post(`/api/events/${event.id}/questions`, { text: 'No session?' }, 'forged')).status).toBe(401);

    // Questions pass the chat's moderation: blocked words are masked, links refused.
    ann.room.send('ask', { text: 'Is it a lemon?' });
    await until(() => ben.questions.at(-1)?.some((q) => q.text === 'Is it a *****?') ?? false, 'the masked question');
    ann.room.send('ask', { text: 'See https://spam.example' });
    await until(() => ann.notices.some((n) => n.message === 'Your question was not sent: links are not allowed in chat.'), 'the refused question');
    await Promise.all([ann.room.leave(), ben.room.leave()]);
  });

  it('mutes, brings on stage, sets slow mode, silences the audience, removes and bans — and the removed cannot rejoin', async () => {
    const event = await createEvent({ capacityPerInstance: 5, embodiedLimit: 10 });
    const annToken = await guestToken();
    const [ann, ben] = [await attend(event.id, 'Ann', annToken), await attend(event.id, 'Ben')];
    const moderate = (body: unknown) => post(`/api/events/${event.id}/moderation`, body);

    expect(await json(await moderate({ action: 'mute', sessionId: ann.room.sessionId }))).toEqual({ ok: true });
    await until(() => ann.muted.at(-1) === true, 'the mute');
    ann.room.send('chat', { text: 'Hello?' });
    await until(() => ann.notices.some((n) => n.message === 'The host has muted your chat.'), 'the muted notice');
    await json(await moderate({ action: 'unmute', sessionId: ann.room.sessionId }));
    await until(() => ann.muted.at(-1) === false, 'the unmute');

    await json(await moderate({ action: 'stage', sessionId: ben.room.sessionId }));
    await until(() => ann.shows.at(-1)?.onStage.includes(ben.room.sessionId) ?? false, 'Ben on stage');
    const roster = await json<{ sessionId: string; onStage: boolean }[]>(await fetch(url(`/api/events/${event.id}/attendees`), { headers: bearer(staff) }));
    expect(roster.find((a) => a.sessionId === ben.room.sessionId)).toMatchObject({ onStage: true });

    await json(await moderate({ action: 'slow-mode', seconds: 30 }));
    await until(() => ben.shows.at(-1)?.slowModeSeconds === 30, 'slow mode');
    ben.room.send('chat', { text: 'First!' });
    ben.room.send('chat', { text: 'Second!' });
    await until(() => ben.notices.some((n) => n.message.startsWith('Slow mode: one message every 30 s')), 'the slow-mode notice');
    expect(ben.chat.map((l) => l.text)).toEqual(['First!']);

    // Only the stage speaks: Ann in the audience is told why she is not heard; Ben on stage is not silenced.
    await json(await moderate({ action: 'audience-voice', silent: true }));
    await until(() => ann.silenced.at(-1)?.reason === 'audience-silenced', "the audience's silence");
    expect(ann.silenced.at(-1)).toMatchObject({ silenced: true, message: 'The host made the audience silent: only the stage is heard.' });
    expect(ben.shows.at(-1)?.audienceSilent).toBe(true);
    expect(ben.silenced).toEqual([]);
    expect(await json(await moderate({ action: 'audience-voice', silent: 'yes' }), 400)).toMatchObject({ reason: 'bad-request' });
    await json(await moderate({ action: 'audience-voice', silent: false }));
    await until(() => ann.silenced.at(-1)?.silenced === false, 'the audience heard again');

    expect(await json(await moderate({ action: 'remove', sessionId: 'nobody' }), 404)).toMatchObject({ reason: 'not-found' });
    await json(await moderate({ action: 'remove', sessionId: ann.room.sessionId }));
    await until(() => ann.closed !== undefined, "Ann's removal");
    expect(ann.closed).toBe(4406);
    expect(await refused(event.id, annToken)).toMatchObject({ code: 403, message: `events: the host removed you from "${event.title}"; you cannot rejoin it` });

    await json(await moderate({ action: 'ban', sessionId: ben.room.sessionId }));
    await until(() => ben.closed === 4405, "Ben's ban");
  });

  it("answers a vote it cannot count in plain words, never with the database's", async () => {
    const event = await createEvent({ capacityPerInstance: 5, embodiedLimit: 10 });
    const ann = await attend(event.id, 'Ann');
    // An id past what the database stores (it answered "value … is out of range for type integer").
    ann.room.send('upvote', { id: 2 ** 40 });
    ann.room.send('upvote', { id: 999_999 });
    await until(() => ann.notices.length === 2, 'two notices');
    expect(ann.notices.map((n) => n.message)).toEqual([
      'launch-event: ignored an invalid message (upvote: expected { id } with a question id)',
      `events: event ${event.id} has no question 999999`,
    ]);
    await ann.room.leave();
  });

  it('admits a guest to an invitation-only launch with an invitation to it, and nobody else', async () => {
    const event = await createEvent({ capacityPerInstance: 5, embodiedLimit: 10 });
    await fetch(url(`/api/events/${event.id}`), {
      method: 'PUT',
      headers: bearer(staff),
      body: JSON.stringify(definition({ capacityPerInstance: 5, embodiedLimit: 10, access: { invite: { scope: `event:${event.id}` } } })),
    });
    expect(await refused(event.id, await guestToken())).toMatchObject({ code: 401 });
    const invite = await json<{ code: string }>(await post('/api/invites', { scope: `event:${event.id}`, maxUses: 1, validHours: 1 }), 201);
    const redeemed = await json<{ token: string }>(await post('/api/invites/redeem', { code: invite.code }));
    const guest = await attend(event.id, 'Invited', redeemed.token);
    expect(guest.shows[0]).toMatchObject({ eventId: event.id });
    await guest.room.leave();
  });

  it('resumes a show at its current cue after the server restarts', async () => {
    const event = await createEvent();
    await json(await post(`/api/events/${event.id}/cue`, { cue: 'doors', seq: 0 }));
    await json(await post(`/api/events/${event.id}/cue`, { cue: 'keynote', seq: 1 }));
    await world.restart();
    staff = await world.signIn(world.deployment.deployer);
    const late = await attend(event.id, 'Latecomer');
    expect(late.shows[0]).toMatchObject({ cue: 'keynote', seq: 2 });
    expect(Date.now() - late.shows[0]!.cueAt).toBeGreaterThanOrEqual(0);
    await late.room.leave();
  });
});

describe('afterwards', () => {
  it('reports attendance, peak concurrency, dwell and reactions, as JSON and CSV', async () => {
    const event = await createEvent({ capacityPerInstance: 5, embodiedLimit: 10 });
    const [ann, ben] = [await attend(event.id, 'Ann'), await attend(event.id, 'Ben')];
    for (let i = 0; i < 3; i++) ann.room.send('react', { emote: 'applause' });
    await new Promise((r) => setTimeout(r, 1_300));
    await ann.room.leave();
    const cat = await attend(event.id, 'Cat');
    await Promise.all([ben.room.leave(), cat.room.leave()]);
    await new Promise((r) => setTimeout(r, 200));

    const report = await json<LaunchReport>(await fetch(url(`/api/events/${event.id}/report`), { headers: bearer(staff) }));
    expect(report).toMatchObject({ eventId: event.id, attendance: 3, peakConcurrency: 2 });
    expect(report.dwell.reduce((n, b) => n + b.attendees, 0)).toBe(3);
    expect(report.minutes.reduce((n, m) => n + m.reactions, 0)).toBe(3);
    expect(report.minutes.reduce((n, m) => n + m.joins, 0)).toBe(3);

    const csv = await fetch(url(`/api/events/${event.id}/report?format=csv`), { headers: bearer(staff) });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await csv.text();
    expect(text).toContain('section,minute,joins,reactions,concurrent');
    expect(text).toContain(`summary,3,2,`);
    const owner = await world.signIn(world.deployment.demoOwners[0]!.address);
    expect((await fetch(url(`/api/events/${event.id}/report`), { headers: bearer(owner) })).status).toBe(403);
  });

  it('gives an attendee who stayed long enough a signed claim that mints the badge on chain; others are told how long they stayed', async () => {
    const attendee = world.accounts[6] as Address;
    const token = await world.signIn(attendee);
    const strict = await createEvent({ minimumStaySeconds: 3600 });
    const visit = await attend(strict.id, 'Early leaver', token);
    await visit.room.leave();
    const tooShort = await json<{ reason: string; error: string }>(await post(`/api/events/${strict.id}/badge`, {}, token), 403);
    expect(tooShort.reason).toBe('stay-too-short');
    expect(tooShort.error).toMatch(/stayed 60 min; you have stayed \d+ s$/);

    const event = await createEvent({ minimumStaySeconds: 0 });
    const stay = await attend(event.id, 'Stayer', token);
    await stay.room.leave();
    const grant = await json<BadgeClaimGrant>(await post(`/api/events/${event.id}/badge`, {}, token));
    expect(grant.claim).toMatchObject({ attendee, issuer: world.deployment.deployer });
    const wallet = createWalletClient({ account: attendee, chain: foundry, transport: http(world.chain.rpcUrl) });
    const reader = createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl) });
    const claim = { eventId: BigInt(grant.claim.eventId), attendee, issuer: grant.claim.issuer as Address, deadline: BigInt(grant.claim.deadline) };
    const hash = await wallet.writeContract({ address: grant.eventPassAddress as Address, abi: marqueEventPassAbi, functionName: 'claimBadge', args: [claim, grant.signature as Hex] });
    expect((await reader.waitForTransactionReceipt({ hash })).status).toBe('success');
    const badge = await reader.readContract({ address: grant.eventPassAddress as Address, abi: marqueEventPassAbi, functionName: 'badgeId', args: [claim.eventId] });
    expect(await reader.readContract({ address: grant.eventPassAddress as Address, abi: marqueEventPassAbi, functionName: 'balanceOf', args: [attendee, badge] })).toBe(1n);
    // The event's on-chain id is kept: a second claim reuses it.
    expect((await json<LaunchEvent>(await fetch(url(`/api/events/${event.id}`)))).chainEventId).toBe(grant.claim.eventId);
  });

  // Last in the file: it takes the chain back.
  it('never lets two launches share one badge event when the chain loses its last blocks', async () => {
    const token = await world.signIn(world.accounts[5] as Address);
    const [first, second] = [await createEvent({ minimumStaySeconds: 0 }), await createEvent({ minimumStaySeconds: 0 })];
    for (const event of [first, second]) await (await attend(event.id, 'Stayer', token)).room.leave();
    const rpc = async (method: string, params: unknown[] = []) =>
      ((await (await fetch(world.chain.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json()) as { result: unknown }).result;
    const snapshot = await rpc('evm_snapshot');
    const firstGrant = await json<BadgeClaimGrant>(await post(`/api/events/${first.id}/badge`, {}, token));
    // The chain comes back without its last blocks (a local chain restarted from older state): the
    // first launch's badge event is gone, and the chain gives its id to the next event created.
    expect(await rpc('evm_revert', [snapshot])).toBe(true);
    const secondGrant = await json<BadgeClaimGrant>(await post(`/api/events/${second.id}/badge`, {}, token));
    expect(secondGrant.claim.eventId).toBe(firstGrant.claim.eventId);
    // The first launch's next claim finds its event gone and creates its own.
    const again = await json<BadgeClaimGrant>(await post(`/api/events/${first.id}/badge`, {}, token));
    expect(again.claim.eventId).not.toBe(secondGrant.claim.eventId);
    const stored = await Promise.all([first, second].map(async (e) => (await json<LaunchEvent>(await fetch(url(`/api/events/${e.id}`)))).chainEventId));
    expect(stored).toEqual([again.claim.eventId, secondGrant.claim.eventId]);
  });
});
