import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createPublicClient, http } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { marquePassportAbi } from '../protocol/src/contracts/abis';
import { passportDomain, SERVICE_KINDS, SERVICE_RECORD_TYPES } from '../protocol/src/contracts/contract-types';
import type { OrderView } from '../protocol/src/operations-api';
import { recordDetailsHash } from '../protocol/src/twin-hashes';
import type { PassportView } from '../protocol/src/twin-api';
import { verifyDelivery } from '../server/src/operations/webhooks';
import { keepPicture, setUpWorld, signInAsStaff, TEST_OUTPUT_DIR } from './world';
import { callApi, chainAccount, signInThroughApi } from './api';

// One 2D page (no WebGL); the rest goes through the API as the brand's systems would.
vi.setConfig({ testTimeout: 240_000 });

const harness = setUpWorld();
const staff = chainAccount(0);
const owner = chainAccount(9);

const received: { body: string; signature: string }[] = [];
const receiver = createServer(async (request: IncomingMessage, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  received.push({ body, signature: String(request.headers['marque-signature']) });
  response.writeHead(200).end();
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

/** A wallet's session token, signed in as the page would (SIWE). */
const signIn = async (account: HDAccount): Promise<string> => (await signInThroughApi(harness, account)).token;

/** Calls the API with a session or an API key; a write gets a fresh idempotency key. */
const call = <T>(route: string, auth: string, body?: unknown): Promise<T> => callApi<T>(harness, route, { auth, body });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the brand runs it', () => {
  it('an order through the API is minted, its webhook signed; the factory moves it in the console; delivered, a dealer record shows the dealer by name', async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const staffToken = await signIn(staff);
    const { key } = await call<{ key: string }>('/api/ops/keys', staffToken, { name: 'Order and factory systems', scopes: ['orders', 'stages', 'records', 'read'] });
    const { secret } = await call<{ secret: string }>('/api/ops/webhooks', staffToken, {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/marque`,
      events: ['twin.minted', 'twin.stage-changed'],
    });

    // The brand's order system confirms an order with its key.
    const orderRef = `E2E-${Date.now()}`;
    const confirmed = await call<OrderView>('/api/ops/orders', key, {
      orderRef,
      model: 'astrale-2025',
      configuration: { paint: 'P-GRAPHITE-MAT', wheel: 'W-FORGED-21', caliper: 'C-ROUGE', interior: 'I-ALCANTARA', trim: 'T-CHROME-FONCE' },
      owner: owner.address,
    });
    const order = await until(() => call<OrderView>(`/api/ops/orders/${confirmed.id}`, key), (o) => o.state !== 'minting', 'the mint');
    expect(order.state).toBe('minted');
    const minted = await until(async () => received.find((r) => JSON.parse(r.body).type === 'twin.minted'), (r) => r !== undefined, 'the webhook');
    expect(verifyDelivery(secret, minted!.signature, minted!.body)).toBe(true);
    expect(JSON.parse(minted!.body).data).toMatchObject({ orderRef, tokenId: order.tokenId });

    // The factory moves it to its next stage in the staff console.
    const page = await harness.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${harness.stack.url}/?staff`);
    await signInAsStaff(page);
    await page.locator(`[data-order="${orderRef}"]`).filter({ hasText: 'minted' }).waitFor({ timeout: 60_000 });
    const factory = page.getByRole('region', { name: 'Factory' });
    await factory.getByLabel('Twins (numbers)').fill(order.tokenId!);
    await factory.getByLabel('When it happened').fill('2026-12-01T08:30');
    await factory.getByRole('button', { name: 'Move to the next stage' }).click();
    await factory.getByText(`Sent: #${order.tokenId} → BodyShop.`).waitFor({ timeout: 60_000 });
    await factory.getByRole('listitem').filter({ hasText: 'BodyShop' }).filter({ hasText: 'happened' }).waitFor({ timeout: 60_000 });
    await until(async () => received.some((r) => JSON.parse(r.body).type === 'twin.stage-changed' && JSON.parse(r.body).data.stage === 'BodyShop'), Boolean, 'the stage webhook');
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'operations-console.png'), { fullPage: true });

    // The factory system takes it on to delivery, one stage at a time.
    for (const stage of ['Paint', 'Assembly', 'Quality', 'Delivered']) {
      await call('/api/ops/stages', key, { changes: [{ tokenId: order.tokenId, stage, happenedAt: new Date().toISOString() }] });
      await until(() => call<{ stage: string }>(`/api/ops/twins/${order.tokenId}/stages`, key), (t) => t.stage === stage, `stage ${stage}`);
    }

    // A registered dealer files the first service record; the owner's passport names it.
    const registered = await call<{ job: { id: number } }>('/api/ops/dealers', key, { address: staff.address, name: 'Marque Paris-Étoile', city: 'Paris', kind: 'dealer' });
    await until(() => call<{ jobs: { id: number; state: string }[] }>('/api/ops/jobs', key), (j) => j.jobs.find((x) => x.id === registered.job.id)?.state === 'mined', 'the dealer role');
    const details = { summary: 'Delivery inspection', workshop: 'Marque Paris-Étoile' };
    const chain = createPublicClient({ transport: http(harness.stack.rpcUrl) });
    const passportAddress = harness.stack.deployment.contracts.passport.address;
    const nonce = await chain.readContract({ address: passportAddress, abi: marquePassportAbi, functionName: 'nonces', args: [staff.address] });
    const { timestamp } = await chain.getBlock();
    const record = { tokenId: BigInt(order.tokenId!), kind: SERVICE_KINDS.inspection, mileage: 12, recordHash: recordDetailsHash(details), dealer: staff.address, nonce, deadline: timestamp + 3600n };
    const signature = await staff.signTypedData({
      domain: passportDomain(31337, passportAddress),
      types: SERVICE_RECORD_TYPES,
      primaryType: 'ServiceRecord',
      message: record,
    });
    const relayed = await fetch(`${harness.stack.serverUrl}/api/passport/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ record: { ...record, tokenId: record.tokenId.toString(), nonce: record.nonce.toString(), deadline: record.deadline.toString() }, signature, details }),
    });
    expect(relayed.status, await relayed.clone().text()).toBe(201);
    const passport = await call<PassportView>(`/api/twins/${order.tokenId}/passport`, await signIn(owner));
    expect(passport.entries.at(-1)).toMatchObject({ kind: 'inspection', dealerName: { name: 'Marque Paris-Étoile', city: 'Paris' } });
  });
});
