import { createServer, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { readdir } from 'node:fs/promises';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MarqueError } from '../../../protocol/src/errors';
import type { PushMessage } from '../../../protocol/src/notifications-api';
import { openDatabase, type Database, type DatabaseOptions } from '../db/database';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { PersonalDataRegistry } from '../privacy/personal-data';
import { createNotifications, type Notifications } from './notifications';
import { registerNotificationData } from './notification-privacy';
import { AppointmentNews } from './appointment-news';
import { checkServiceDue, SERVICE_POLICY_DEFAULTS, serviceDue } from './service-due';
import { AddOnNews, tellLaunchInvitation } from './brand-news';
import { ADD_ONS } from '../../../assets/src/addons';

const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const ENV = { MAIL_FROM: 'Marque <news@marque.test>', PUBLIC_URL: 'http://localhost:5173' };

const databases = freshDatabases('marque-notifications');
afterAll(() => databases.cleanup());

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** web-push-testing's push service, in this process on loopback (no network needed). */
async function startPushService(): Promise<{ url: string; close(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const Server = require('web-push-testing/src/server.js');
  const { PushApiModel } = require('web-push-testing/src/PushApiModel.js');
  const port = await freePort();
  const service = new Server(new PushApiModel(), port);
  const log = console.log;
  console.log = () => {};
  service.startServer();
  console.log = log;
  const url = `http://localhost:${port}`;
  // Listening once it answers its status route.
  for (;;) {
    const ok = await fetch(`${url}/status`, { method: 'POST' }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { url, close: () => new Promise((resolve) => service._server.close(resolve)) };
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A local SMTP server that keeps what it receives; `down()` makes it refuse connections. */
async function startSmtp() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A received mail's headers unfolded and its quoted-printable body and encoded-word subject decoded (enough for nodemailer's plain-text mails). */
function decodeMail(raw: string): { headers: string; subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head!.replace(/\r?\n[ \t]+/g, ' ');
  const bytes = (qp: string) => Buffer.from(qp.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  const subjectLine = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_m, word: string) => bytes(word.replace(/_/g, ' ')));
  const text = bytes(rest.join('\n\n').replace(/=\r?\n/g, ''));
  return { headers, subject, text };
}

/** Sends the outbox's passes until `done` says so (each pass is one look at the database). */
async function drain(notifications: Notifications, done: () => Promise<boolean>): Promise<void> {
  for (let pass = 0; pass < 500; pass++) {
    if (await done()) return;
    await notifications.outbox.sendDue();
  }
  throw new Error('the outbox never reached the expected state');
}

async function deliveries(db: Database) {
  return db.query<{ channel: string; state: string; attempts: number; last_error: string | null; delivery_key: string; target: string }>(
    'select channel, state, attempts, last_error, delivery_key, target from notification_deliveries order by id',
  );
}

describe('a service due', () => {
  const delivered = new Date('2026-01-10T10:00:00Z');
  it('is due a year after delivery or the last service, or 15,000 km after it; the key names what it counts from', () => {
    expect(serviceDue({ deliveredAt: delivered }, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
    expect(serviceDue({ deliveredAt: delivered }, new Date('2027-01-10T10:00:00Z'))).toEqual({ reason: 'date', since: 'delivery' });
    expect(serviceDue({ deliveredAt: delivered, latestMileage: 15_000 }, new Date('2026-03-01T00:00:00Z'))).toEqual({ reason: 'mileage', since: 'delivery' });
    const serviced = { deliveredAt: delivered, lastService: { index: 2, at: new Date('2026-11-01T00:00:00Z'), mileage: 14_000 }, latestMileage: 20_000 };
    expect(serviceDue(serviced, new Date('2027-01-10T10:00:00Z'))).toBeUndefined();
    expect(serviceDue({ ...serviced, latestMileage: 29_000 }, new Date('2027-01-10T10:00:00Z'))).toEqual({ reason: 'mileage', since: 'record-2' });
  });
});

describeEachDatabase('notifications', 'notification centre ($kind database)', (kind) => {
  let options: DatabaseOptions;
  let db: Database;
  let notifications: Notifications | undefined;
  let push: Awaited<ReturnType<typeof startPushService>>;

  beforeAll(async () => {
    push = await startPushService();
  });
  afterAll(async () => {
    await push.close();
  });

  async function open(env: Partial<typeof ENV> & { SMTP_URL?: string } = {}, outboxDir?: string, opts: { retryBaseMs?: number; perHour?: number } = {}) {
    options = await databases.fresh(kind);
    db = await openDatabase(options);
    notifications = await createNotifications({
      db,
      env: { ...ENV, ...env },
      mailOutboxDir: outboxDir,
      outbox: { retryBaseMs: opts.retryBaseMs ?? 1, maxDelayMs: 5, pollIntervalMs: 3_600_000, log: () => {} },
      // The tests look at appointments themselves.
      appointmentPollMs: 0,
      center: opts.perHour ? { deliveriesPerSubjectPerHour: opts.perHour } : undefined,
    });
    // The tests send passes themselves: the background loop stays out of their way.
    await notifications.outbox.stop();
    return notifications;
  }

  afterEach(async () => {
    await notifications?.close();
    notifications = undefined;
    await db?.close();
  });

  it('keeps notifications per person: unread count, newest first, mark read (some, then all), a repeated key once', async () => {
    const { center } = await open();
    const first = await center.notify(OWNER, 'stage', { key: 'stage:1:1', title: 'Your car is in the body shop', body: 'Follow it on the factory line.', link: '/?zone=factory' });
    const again = await center.notify(OWNER.toLowerCase(), 'stage', { key: 'stage:1:1', title: 'changed', body: 'changed' });
    expect(again).toEqual({ id: first!.id, created: false });
    await center.notify(OWNER, 'add-on', { key: 'add-on:A-1', title: 'A new livery fits your car', body: 'See it in the garage.', data: { code: 'A-1' } });
    await center.notify(OTHER, 'stage', { key: 'stage:2:1', title: 'Someone else\'s car', body: '' });

    const list = await center.list(OWNER);
    expect(list.unread).toBe(2);
    expect(list.notifications.map((n) => n.kind)).toEqual(['add-on', 'stage']);
    expect(list.notifications[1]).toMatchObject({ title: 'Your car is in the body shop', link: '/?zone=factory' });
    expect(list.notifications[0]!.payload).toEqual({ code: 'A-1' });

    // Another person's id is ignored.
    const theirs = (await center.list(OTHER)).notifications[0]!.id;
    expect(await center.markRead(OWNER, { ids: [first!.id, theirs] })).toEqual({ unread: 1 });
    expect((await center.list(OTHER)).unread).toBe(1);
    expect((await center.list(OWNER)).notifications.find((n) => n.id === first!.id)!.readAt).toBeDefined();
    expect(await center.markRead(OWNER, { all: true })).toEqual({ unread: 0 });
  });

  it('refuses bad input with a reason: an unknown kind, a subject that is no address, a link out of Marque, a bad subscription', async () => {
    const { center } = await open();
    const reason = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: MarqueError) => `${error.status} ${error.reason}`);
    expect(await reason(center.notify(OWNER, 'sale' as never, { key: 'k', title: 't', body: 'b' }))).toBe('400 unknown-kind');
    expect(await reason(center.notify('alice', 'stage', { key: 'k', title: 't', body: 'b' }))).toBe('400 bad-subject');
    expect(await reason(center.notify(OWNER, 'stage', { key: 'k', title: 't', body: 'b', link: 'https://evil.example' }))).toBe('400 bad-notification');
    expect(await reason(center.notify(OWNER, 'stage', { key: '', title: '', body: 'b' }))).toBe('400 bad-notification');
    const badKeys = { endpoint: `${push.url}/notify/x`, keys: { p256dh: Buffer.alloc(65, 1).toString('base64url'), auth: Buffer.alloc(16).toString('base64url') } };
    expect(await reason(center.subscribe(OWNER, badKeys))).toBe('400 bad-subscription');
    expect((await center.list(OWNER)).notifications).toEqual([]);
  });

  it('delivers by Web Push to a local push service, signed with the VAPID key kept in the database; a gone subscription is forgotten', async () => {
    const notes = await open();
    const { center } = notes;
    const [{ public_key }] = await db.query<{ public_key: string }>('select public_key from vapid_keys');
    expect(notes.pushPublicKey).toBe(public_key);

    const browser = await post<{ data: { endpoint: string; keys: { p256dh: string; auth: string }; clientHash: string } }>(`${push.url}/subscribe`, {
      userVisibleOnly: 'true',
      applicationServerKey: notes.pushPublicKey,
    });
    const { clientHash, ...subscription } = browser.data;
    await center.subscribe(OWNER, subscription);
    expect((await center.preferences(OWNER)).pushSubscriptions).toBe(1);

    await center.notify(OWNER, 'stage', { key: 'stage:7:2', title: 'Your car is in the paint shop', body: 'Custom orange.', link: '/?zone=factory' });
    await drain(notes, async () => (await deliveries(db)).every((d) => d.state !== 'pending'));
    expect((await deliveries(db)).map((d) => [d.channel, d.state, d.last_error])).toEqual([['push', 'delivered', null]]);
    const got = await post<{ data: { messages: string[] } }>(`${push.url}/get-notifications`, { clientHash });
    expect(got.data.messages.map((m) => JSON.parse(m) as PushMessage)).toEqual([
      expect.objectContaining({ title: 'Your car is in the paint shop', body: 'Custom orange.', kind: 'stage', link: '/?zone=factory' }),
    ]);

    // The browser unsubscribed at its push service: 410, the subscription is forgotten.
    await post(`${push.url}/expire-subscription/${clientHash}`, {}).catch(() => undefined);
    await center.notify(OWNER, 'stage', { key: 'stage:7:3', title: 'Assembly', body: '' });
    await drain(notes, async () => (await deliveries(db)).every((d) => d.state !== 'pending'));
    const last = (await deliveries(db)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.last_error).toMatch(/gone \(410\)/);
    expect((await center.preferences(OWNER)).pushSubscriptions).toBe(0);
  });

  it('mails through SMTP with a Message-ID from the delivery key, retries with back-off while the server is down, and respects turned-off kinds', async () => {
    const smtp = await startSmtp();
    const notes = await open({ SMTP_URL: smtp.url });
    const { center } = notes;
    await center.setPreferences(OWNER, { email: 'owner@example.test', off: { 'add-on': ['email'] } });
    expect(await center.preferences(OWNER)).toMatchObject({ email: 'owner@example.test', off: { 'add-on': ['email'] }, available: ['inbox', 'push', 'email'] });

    await center.notify(OWNER, 'add-on', { key: 'add-on:1', title: 'A new livery', body: 'x' });
    expect(await deliveries(db)).toEqual([]);
    expect((await center.list(OWNER)).unread).toBe(1);

    await center.notify(OWNER, 'service-due', { key: 'service:1:2027', title: 'Your car\'s yearly service is due', body: 'Book it in the service lounge.', link: '/?zone=lounge' });
    await drain(notes, async () => smtp.received.length === 1);
    expect(smtp.received[0]!.to).toEqual(['owner@example.test']);
    const [delivery] = await deliveries(db);
    const mail = decodeMail(smtp.received[0]!.raw);
    expect(mail.headers).toMatch(new RegExp(`Message-ID: <${delivery!.delivery_key}@localhost>`, 'i'));
    expect(mail.subject).toBe("Marque — Your car's yearly service is due");
    expect(mail.text).toContain('http://localhost:5173/?zone=lounge');
    expect(mail.text).toContain('http://localhost:5173/?notifications=preferences');

    // The SMTP server goes away: the mail waits, its attempts counted, and goes once it is back.
    await smtp.close();
    await center.notify(OWNER, 'appointment', { key: 'appointment:4:confirmed', title: 'Your appointment is confirmed', body: 'Tuesday 9:00' });
    await drain(notes, async () => (await deliveries(db)).at(-1)!.attempts >= 2);
    expect((await deliveries(db)).at(-1)).toMatchObject({ state: 'pending' });
    expect((await deliveries(db)).at(-1)!.last_error).toMatch(/^email: /);
    const back = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          smtp.received.push({ to: [], raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => back.listen(smtp.port, '127.0.0.1', resolve));
    try {
      await drain(notes, async () => (await deliveries(db)).at(-1)!.state === 'delivered');
      expect(smtp.received.map((m) => decodeMail(m.raw).subject)).toEqual(['Marque — Your car\'s yearly service is due', 'Marque — Your appointment is confirmed']);
    } finally {
      await new Promise<void>((resolve) => back.close(() => resolve()));
    }
  });

  it('keeps mails in the local outbox folder without SMTP_URL: exactly one file per delivery, even when a process died after writing it', async () => {
    const folder = await databases.folder('marque-outbox');
    const notes = await open({}, folder);
    const { center } = notes;
    await center.setPreferences(OWNER, { email: 'owner@example.test' });
    await center.notify(OWNER, 'launch-invitation', { key: 'launch:9', title: 'You are invited to the Astrale reveal', body: 'Doors open at 19:00.', link: '/?event=9' });
    await drain(notes, async () => (await deliveries(db)).every((d) => d.state === 'delivered'));
    expect(await notes.localOutbox!.list()).toEqual([expect.objectContaining({ to: 'owner@example.test', subject: 'Marque — You are invited to the Astrale reveal' })]);

    // A process killed (-9) after the mail was written and before it was marked: the lease runs out and the next pass sends it again, which finds it written.
    await db.query(`update notification_deliveries set state = 'sending', lease_until = now() - interval '1 second'`);
    await drain(notes, async () => (await deliveries(db)).every((d) => d.state === 'delivered'));
    expect((await readdir(folder)).filter((n) => n.endsWith('.json'))).toHaveLength(1);
    expect((await deliveries(db))[0]!.attempts).toBe(2);
  });

  it('loses nothing queued when the process stops before sending: a new process on the same database sends it', async () => {
    const folder = await databases.folder('marque-outbox');
    const notes = await open({}, folder);
    await notes.center.setPreferences(OWNER, { email: 'owner@example.test' });
    await notes.center.notify(OWNER, 'stage', { key: 'stage:3:5', title: 'Delivered', body: '' });
    const publicKey = notes.pushPublicKey;
    await notes.close();
    await db.close();
    notifications = undefined;

    db = await openDatabase(options);
    notifications = await createNotifications({ db, env: ENV, mailOutboxDir: folder, appointmentPollMs: 0, outbox: { pollIntervalMs: 3_600_000, log: () => {} } });
    await notifications.outbox.stop();
    await drain(notifications, async () => (await deliveries(db)).every((d) => d.state === 'delivered'));
    expect(await notifications.localOutbox!.list()).toHaveLength(1);
    // The VAPID key was made once: browsers' subscriptions stay valid across restarts.
    expect(notifications.pushPublicKey).toBe(publicKey);
  });

  it('bounds deliveries per person an hour: past the limit they are recorded as dropped, the centre still lists the notification', async () => {
    const folder = await databases.folder('marque-outbox');
    const { center } = await open({}, folder, { perHour: 2 });
    await center.setPreferences(OWNER, { email: 'owner@example.test' });
    for (let i = 0; i < 3; i++) await center.notify(OWNER, 'stage', { key: `stage:1:${i}`, title: `Stage ${i}`, body: '' });
    expect((await deliveries(db)).map((d) => d.state)).toEqual(['pending', 'pending', 'dropped']);
    expect((await deliveries(db))[2]!.last_error).toMatch(/more than 2 deliveries/);
    expect((await center.list(OWNER)).unread).toBe(3);
  });

  it('turning the inbox off keeps the kind out of the unread count; turning every channel off keeps nothing', async () => {
    const { center } = await open();
    await center.setPreferences(OWNER, { off: { stage: ['inbox'] } });
    await center.notify(OWNER, 'stage', { key: 's1', title: 'Read already', body: '' });
    expect((await center.list(OWNER)).unread).toBe(0);
    await center.setPreferences(OWNER, { off: { stage: ['inbox', 'push', 'email'] } });
    expect(await center.notify(OWNER, 'stage', { key: 's2', title: 'Nothing', body: '' })).toBeUndefined();
    expect((await center.list(OWNER)).notifications).toHaveLength(1);
    // Turning the kind back on (an empty list) clears it.
    await center.setPreferences(OWNER, { off: { stage: [] } });
    expect((await center.preferences(OWNER)).off).toEqual({});
  });

  it('exports and erases a person\'s notifications, preferences, subscriptions, deliveries and local outbox mails through the privacy registry; others\' stay', async () => {
    const folder = await databases.folder('marque-outbox');
    const notes = await open({}, folder);
    const { center } = notes;
    const registry = new PersonalDataRegistry(db);
    registerNotificationData(registry, folder);
    for (const who of [OWNER, OTHER]) {
      await center.setPreferences(who, { email: `${who.slice(0, 6)}@example.test` });
      await center.notify(who, 'stage', { key: 'stage:1:1', title: 'Body shop', body: '' });
    }
    await center.subscribe(OWNER, { endpoint: 'https://push.example/abc', keys: { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') } });
    await drain(notes, async () => (await deliveries(db)).filter((d) => d.channel === 'email').every((d) => d.state === 'delivered'));
    expect(await notes.localOutbox!.list()).toHaveLength(2);

    const exported = await registry.export({ address: OWNER.toLowerCase() as `0x${string}` });
    const mine = exported.sources.find((s) => s.name === 'notifications')!.data as { notifications: unknown[]; preferences: { email: string }; pushSubscriptions: unknown[] };
    expect(mine.notifications).toHaveLength(1);
    expect(mine.preferences.email).toBe(`${OWNER.slice(0, 6)}@example.test`);
    expect(mine.pushSubscriptions).toHaveLength(1);

    const erased = await registry.erase({ address: OWNER.toLowerCase() as `0x${string}` });
    expect(erased.sources.find((s) => s.name === 'notifications')!.erased).toBeGreaterThanOrEqual(4);
    expect((await center.list(OWNER)).notifications).toEqual([]);
    expect(await center.preferences(OWNER)).toMatchObject({ off: {}, pushSubscriptions: 0 });
    expect((await center.preferences(OWNER)).email).toBeUndefined();
    expect((await notes.localOutbox!.list()).map((m) => m.to)).toEqual([`${OTHER.slice(0, 6)}@example.test`]);
    expect((await center.list(OTHER)).notifications).toHaveLength(1);
  });

  it("tells a delivered car's owner once when its service is due (from the chain index), and not again until the next service", async () => {
    const { center } = await open();
    const chainId = 31337;
    const day = 86_400_000;
    const now = new Date();
    const seedTwin = async (tokenId: number, owner: string, deliveredDaysAgo: number | undefined) => {
      await db.query(`insert into twins (chain_id, token_id, owner, model, stage, minted_block, minted_at) values ($1, $2, $3, 'astrale-2025', $4, 1, $5)`, [chainId, tokenId, owner.toLowerCase(), deliveredDaysAgo === undefined ? 2 : 5, new Date(now.getTime() - 500 * day)]);
      if (deliveredDaysAgo !== undefined) {
        await db.query(`insert into twin_stages (chain_id, token_id, stage, block_number, block_time, transaction_hash) values ($1, $2, 5, 2, $3, '0x01')`, [chainId, tokenId, new Date(now.getTime() - deliveredDaysAgo * day)]);
      }
    };
    const record = (tokenId: number, index: number, kind: number, mileage: number, daysAgo: number) =>
      db.query(
        `insert into passport_records (chain_id, token_id, record_index, dealer, kind, mileage, record_hash, block_number, block_time, transaction_hash) values ($1, $2, $3, '0xd', $4, $5, '0xh', 3, $6, '0x02')`,
        [chainId, tokenId, index, kind, mileage, new Date(now.getTime() - daysAgo * day)],
      );
    await seedTwin(1, OWNER, 400); // a year past delivery, never serviced: due by date
    await seedTwin(2, OTHER, 30); // delivered a month ago, 16,000 km on an inspection: due by mileage
    await record(2, 0, 2, 16_000, 1);
    await seedTwin(3, OTHER, undefined); // still being built: never due

    expect(await checkServiceDue(db, chainId, (s, k, p) => center.notify(s, k, p), now)).toBe(2);
    expect(await checkServiceDue(db, chainId, (s, k, p) => center.notify(s, k, p), now)).toBe(0);
    const mine = (await center.list(OWNER)).notifications;
    expect(mine).toEqual([expect.objectContaining({ kind: 'service-due', link: '/?zone=lounge', payload: { tokenId: '1', reason: 'date', since: 'delivery', intervalKm: SERVICE_POLICY_DEFAULTS.intervalKm, modelName: 'Astrale GT' } })]);
    expect(mine[0]!.title).toMatch(/due for its service/);
    expect((await center.list(OTHER)).notifications[0]!.payload).toEqual({ tokenId: '2', reason: 'mileage', since: 'delivery', intervalKm: SERVICE_POLICY_DEFAULTS.intervalKm, modelName: 'Astrale GT' });

    // Serviced: nothing due until the next interval.
    await record(1, 0, 0, 9_000, 0);
    expect(await checkServiceDue(db, chainId, (s, k, p) => center.notify(s, k, p), now)).toBe(0);
  });

  it("tells each appointment step to the other party, once, including steps taken while no server ran", async () => {
    const { center } = await open();
    const dealer = '0x90f79bf6eb2c4f870365e785982e1f101e93b906';
    await db.query(`insert into dealers (address, name, city, kind, registered_by) values ($1, 'Marque Lyon', 'Lyon', 'dealer', 'test')`, [dealer]);
    const [{ id }] = (await db.query<{ id: string }>(
      `insert into appointments (chain_id, token_id, owner, dealer, reason, preferred_times, state) values (31337, 4, $1, $2, 'service', '[]'::jsonb, 'requested') returning id::text as id`,
      [OWNER.toLowerCase(), dealer],
    )) as [{ id: string }];
    const step = (actor: string, action: string, slot?: string) => db.query(`insert into appointment_events (appointment_id, actor, action, slot) values ($1, $2, $3, $4)`, [id, actor, action, slot ?? null]);
    await step('owner', 'requested');

    const news = new AppointmentNews({ db, notify: (s, k, p) => center.notify(s, k, p), log: () => {} });
    expect(await news.poll()).toBe(1);
    expect((await center.list(dealer)).notifications.map((n) => n.title)).toEqual(['A service appointment is requested for car #4']);

    await step('dealer', 'proposed', '2027-03-02T09:00:00Z');
    await step('owner', 'accepted', '2027-03-02T09:00:00Z');
    expect(await news.poll()).toBe(2);
    const owner = (await center.list(OWNER)).notifications;
    expect(owner).toEqual([expect.objectContaining({ kind: 'appointment', link: '/?zone=lounge', payload: { appointmentId: id, action: 'proposed', actor: 'dealer', reason: 'service', tokenId: '4', dealerName: 'Marque Lyon', slot: '2027-03-02T09:00:00.000Z' } })]);
    expect(owner[0]!.title).toBe('Marque Lyon proposes another time for your service appointment');

    // Another process (or this one restarted) looks at the recent steps again: nothing is told twice.
    const restarted = new AppointmentNews({ db, notify: (s, k, p) => center.notify(s, k, p), log: () => {} });
    expect(await restarted.poll()).toBe(3);
    expect((await center.list(dealer)).notifications).toHaveLength(2);
    expect((await center.list(OWNER)).notifications).toHaveLength(1);
  });

  it('tells a wallet of its launch pass once, for a launch still to come; a pass of a past launch or a badge is not news', async () => {
    const { center } = await open();
    const launch = (id: string, chainEventId: string, startsAt: Date) =>
      db.query(
        `insert into launch_events (id, title, starts_at, access, capacity_per_instance, embodied_limit, hosts, car, video_url, minimum_stay_seconds, chain_event_id, show, created_by)
         values ($1, $2, $3, '{}'::jsonb, 24, 100, '[]'::jsonb, '{}'::jsonb, '/v.mp4', 0, $4, '{}'::jsonb, 'test')`,
        [id, `Reveal ${id}`, startsAt, chainEventId],
      );
    await launch('astrale-reveal', '3', new Date(Date.now() + 86_400_000));
    await launch('old-reveal', '4', new Date(Date.now() - 30 * 86_400_000));
    const pass = (tokenId: bigint, to = OWNER) => ({ contract: 'eventPass' as const, from: '0x0000000000000000000000000000000000000000' as const, to: to as `0x${string}`, tokenId, amount: 1n, blockNumber: 1n, transactionHash: '0x01' as const, logIndex: 0 });
    const notify: Parameters<typeof tellLaunchInvitation>[2] = (s, k, p) => center.notify(s, k, p);
    expect(await tellLaunchInvitation(db, pass(6n), notify)).toBe(true); // 2 × 3: the access pass of launch 3
    expect(await tellLaunchInvitation(db, pass(6n), notify)).toBe(false); // heard again
    expect(await tellLaunchInvitation(db, pass(7n), notify)).toBe(false); // its badge
    expect(await tellLaunchInvitation(db, pass(8n), notify)).toBe(false); // a launch long past
    expect(await tellLaunchInvitation(db, pass(10n), notify)).toBe(false); // no such launch
    expect((await center.list(OWNER)).notifications).toEqual([
      expect.objectContaining({ kind: 'launch-invitation', title: 'You are invited: Reveal astrale-reveal', link: '/?event=astrale-reveal', payload: expect.objectContaining({ eventId: 'astrale-reveal', eventTitle: 'Reveal astrale-reveal' }) }),
    ]);
  });

  it('tells the owners of the cars an add-on fits once its approval is mined, once per approval', async () => {
    const { center } = await open();
    const addOn = ADD_ONS.find((a) => a.models.length > 0)!;
    const other = ['astrale-2025', 'heritage-1962', 'nocturne-2024'].find((m) => !addOn.models.includes(m)) ?? 'no-such-model';
    await db.query(`insert into twins (chain_id, token_id, owner, model, stage, minted_block, minted_at) values (31337, 1, $1, $2, 5, 1, now()), (31337, 2, $3, $4, 5, 1, now())`, [
      OWNER.toLowerCase(),
      addOn.models[0],
      OTHER.toLowerCase(),
      other,
    ]);
    const [{ id: job }] = (await db.query<{ id: string }>(
      `insert into tx_jobs (idempotency_key, label, chain_id, sender, target, data, state) values ('addon:1', 'approve', 31337, '0x1', '0x2', '0x', 'sent') returning id::text as id`,
    )) as [{ id: string }];
    await db.query(`insert into audit_log (actor, action, subject, tx_job_id) values ('0xstaff', 'add-on.approved', $1, $2)`, [addOn.code, job]);
    const news = new AddOnNews({ db, notify: (s, k, p) => center.notify(s, k, p), chainId: () => 31337, log: () => {} });
    expect(await news.poll()).toBe(0); // not mined yet
    await db.query(`update tx_jobs set state = 'mined' where id = $1`, [job]);
    expect(await news.poll()).toBe(1);
    expect(await news.poll()).toBe(0);
    expect((await center.list(OWNER)).notifications).toEqual([expect.objectContaining({ kind: 'add-on', link: '/?zone=garage', body: addOn.description, payload: { code: addOn.code, tokenId: '1', modelName: expect.any(String), addOnName: addOn.name } })]);
    expect((await center.list(OTHER)).notifications).toEqual([]);
    // A restarted process looks at the recent approvals again: nobody is told twice.
    expect(await new AddOnNews({ db, notify: (s, k, p) => center.notify(s, k, p), chainId: () => 31337, log: () => {} }).poll()).toBe(0);
  });
});
