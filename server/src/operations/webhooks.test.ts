import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { retryDelay, signDelivery, verifyDelivery, Webhooks, WEBHOOKS_DEFAULTS } from './webhooks';

let db: Database;
let receiver: Server;
let receiverUrl: string;
/** What the receiver answers next: a status, or `drop` to close the connection unanswered. */
const script: (number | 'drop')[] = [];
const received: { body: string; signature: string }[] = [];

beforeAll(async () => {
  db = await openDatabase();
  receiver = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ body, signature: String(request.headers['marque-signature']) });
    const next = script.shift() ?? 200;
    if (next === 'drop') request.socket.destroy();
    else response.writeHead(next).end(next === 200 ? 'ok' : 'down for maintenance');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await db.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function until(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Webhooks', () => {
  it('signs each delivery over its timestamp and body; a receiver refuses a wrong secret, a changed body or an old timestamp', () => {
    const body = '{"id":"e1"}';
    const now = 1_800_000_000;
    const header = signDelivery('whsec_a', now, body);
    expect(verifyDelivery('whsec_a', header, body, now)).toBe(true);
    expect(verifyDelivery('whsec_b', header, body, now)).toBe(false);
    expect(verifyDelivery('whsec_a', header, '{"id":"e2"}', now)).toBe(false);
    expect(verifyDelivery('whsec_a', header, body, now + 301)).toBe(false);
    expect(verifyDelivery('whsec_a', null, body, now)).toBe(false);
  });

  it('retries a receiver that is down with growing back-off, logs every answer, and delivers once it recovers', async () => {
    const webhooks = new Webhooks({ db, retryBaseMs: 50, maxAttempts: 10, pollIntervalMs: 10, log: () => {} });
    webhooks.start();
    const subscription = await webhooks.subscribe(receiverUrl, ['twin.minted'], 'test');
    script.push(503, 'drop', 500);
    const start = received.length;
    await webhooks.emit('twin.minted', 'twin.minted:1:7', { tokenId: '7' });
    // Emitted twice (a re-index): still one delivery.
    await webhooks.emit('twin.minted', 'twin.minted:1:7', { tokenId: '7' });
    await webhooks.emit('twin.stage-changed', 'twin.stage-changed:1:x', { tokenId: '7' });
    await until(async () => (await webhooks.deliveries())[0]?.state === 'delivered', 'the delivery');
    const [delivery] = await webhooks.deliveries({ subscriptionId: subscription.id });
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 4, eventType: 'twin.minted' });
    expect(delivery!.responses.map((r) => r.status ?? 'error')).toEqual([503, 'error', 500, 200]);
    expect(delivery!.responses[0]!.body).toBe('down for maintenance');
    const attempts = received.slice(start);
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    for (const attempt of attempts) expect(verifyDelivery(subscription.secret, attempt.signature, attempt.body)).toBe(true);
    await webhooks.stop();
  });

  it('waits twice as long after each failed attempt, up to its bound: a receiver down for an hour is still retried', () => {
    const delays = Array.from({ length: WEBHOOKS_DEFAULTS.maxAttempts }, (_, i) => retryDelay(i + 1, WEBHOOKS_DEFAULTS));
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.max(...delays)).toBe(15 * 60_000);
    expect(delays.reduce((sum, d) => sum + d, 0)).toBeGreaterThan(2 * 3600_000);
  });

  it('gives up after its attempts, keeps the delivery replayable, and sends nothing to a revoked subscription', async () => {
    const webhooks = new Webhooks({ db, retryBaseMs: 10, maxAttempts: 2, pollIntervalMs: 10, log: () => {} });
    webhooks.start();
    const subscription = await webhooks.subscribe(receiverUrl, ['passport.record'], 'test');
    script.push(500, 500);
    await webhooks.emit('passport.record', 'passport.record:1:a', { tokenId: '1' });
    await until(async () => (await webhooks.deliveries({ subscriptionId: subscription.id }))[0]?.state === 'failed', 'giving up');
    const [failed] = await webhooks.deliveries({ subscriptionId: subscription.id });
    await webhooks.replay(failed!.id);
    await until(async () => (await webhooks.deliveries({ subscriptionId: subscription.id }))[0]?.state === 'delivered', 'the replay');
    await webhooks.revoke(subscription.id);
    const count = received.length;
    await webhooks.emit('passport.record', 'passport.record:1:b', { tokenId: '1' });
    expect(await webhooks.deliveries({ subscriptionId: subscription.id })).toHaveLength(1);
    await expect(webhooks.replay(failed!.id)).rejects.toMatchObject({ status: 404 });
    expect(received.length).toBe(count);
    await webhooks.stop();
  });
});
