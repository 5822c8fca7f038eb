import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicClient, createWalletClient, getAddress, http, keccak256, stringToHex, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marquePassportAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import type { DeliveryView, JobView, OrderView } from '../../../protocol/src/operations-api';
import type { PassportView } from '../../../protocol/src/twin-api';
import { bearer, json } from '../testing/http';
import { signServiceRecord } from '../testing/service-records';
import { startTestWorld, type TestWorld } from '../testing/test-world';
import { verifyDelivery } from './webhooks';

let world: TestWorld;
let staffToken: string;
let strangerToken: string;
const received: { body: string; signature: string | null }[] = [];
let receiver: Server;
let receiverUrl: string;

const ORDER = {
  model: 'astrale-2025',
  configuration: { paint: 'P-ORANGE-SOLAIRE', wheel: 'W-FORGED-21', caliper: 'C-NOIR', interior: 'I-ALCANTARA', trim: 'T-CHROME-FONCE' },
};

beforeAll(async () => {
  world = await startTestWorld();
  staffToken = await world.signIn(world.deployment.deployer);
  strangerToken = await world.signIn(world.accounts[5]!);
  receiver = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ body, signature: request.headers['marque-signature'] as string | null });
    response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
}, 120_000);
afterAll(async () => {
  await world?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const url = (path: string) => `${world.server.url}${path}`;
const post = (path: string, body: unknown, auth: string, key?: string) =>
  fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(auth), ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });
const get = (path: string, auth: string) => fetch(url(path), { headers: bearer(auth) });
const chain = () => createPublicClient({ transport: http(world.chain.rpcUrl) });

async function makeKey(scopes: string[], name = 'order system'): Promise<{ id: string; key: string }> {
  return json(await post('/api/ops/keys', { name, scopes }, staffToken, `key-${name.replace(/ /g, '-')}-${scopes.join()}`), 201);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the integration API', () => {
  let orderKey: string;
  let order: OrderView;
  let secret: string;

  it('makes an API key shown once and listed without its secret', async () => {
    const made = await makeKey(['orders', 'read']);
    orderKey = made.key;
    expect(made.key).toMatch(/^mk_[0-9a-f]{12}_/);
    const listed = await json<{ id: string }[]>(await get('/api/ops/keys', staffToken));
    expect(listed.find((k) => k.id === made.id)).toMatchObject({ name: 'order system', scopes: ['orders', 'read'] });
    expect(JSON.stringify(listed)).not.toContain(made.key.slice(16));
    // Keys are the brand team's to make, never another key's.
    expect((await post('/api/ops/keys', { name: 'mine', scopes: ['orders'] }, orderKey, 'k1')).status).toBe(403);
    expect((await post('/api/ops/keys', { name: 'mine', scopes: ['orders'] }, strangerToken, 'k1')).status).toBe(403);
  });

  it('confirms an order once: minted to the owner, the webhook signed, a retry answered the same, a second key for it refused', async () => {
    const subscription = await json<{ id: string; secret: string }>(await post('/api/ops/webhooks', { url: receiverUrl, events: ['twin.minted', 'twin.stage-changed'] }, staffToken, 'wh-1'), 201);
    secret = subscription.secret;
    const owner = world.accounts[7]!;
    const before = await chain().readContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'totalMinted' });
    const body = { orderRef: 'SO-2026-0001', ...ORDER, owner };
    const first = await post('/api/ops/orders', body, orderKey, 'order-0001');
    order = await json<OrderView>(first, 202);
    expect(order).toMatchObject({ orderRef: 'SO-2026-0001', state: 'minting', owner: getAddress(owner) });

    const retried = await post('/api/ops/orders', body, orderKey, 'order-0001');
    expect(await json<OrderView>(retried, 202)).toEqual(order);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const other = await json<{ reason: string; error: string }>(await post('/api/ops/orders', body, orderKey, 'order-0001-again'), 409);
    expect(other).toMatchObject({ reason: 'order-exists' });
    expect(other.error).toContain('SO-2026-0001');
    expect((await json<{ reason: string }>(await post('/api/ops/orders', { ...body, orderRef: 'SO-X' }, orderKey, 'order-0001'), 422)).reason).toBe('idempotency-key-reused');

    order = await until(() => get(`/api/ops/orders/${order.id}`, orderKey).then((r) => json<OrderView>(r)), (o) => o.state !== 'minting', 'the order minted');
    expect(order.state).toBe('minted');
    const tokenId = BigInt(order.tokenId!);
    expect(await chain().readContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'ownerOf', args: [tokenId] })).toBe(getAddress(owner));
    expect(await chain().readContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'totalMinted' })).toBe(before + 1n);

    const delivery = await until(async () => received.find((r) => JSON.parse(r.body).type === 'twin.minted'), (r) => r !== undefined, 'the twin.minted webhook');
    expect(verifyDelivery(secret, delivery!.signature, delivery!.body)).toBe(true);
    expect(verifyDelivery('whsec_wrong', delivery!.signature, delivery!.body)).toBe(false);
    expect(JSON.parse(delivery!.body).data).toMatchObject({ orderRef: 'SO-2026-0001', tokenId: order.tokenId, owner: getAddress(owner) });
  });

  it('mints an invited owner\'s twin to the passkey account of the order\'s owner invitation', async () => {
    const confirmed = await json<OrderView>(await post('/api/ops/orders', { orderRef: 'SO-2026-INV', ...ORDER, owner: 'invite' }, orderKey, 'order-inv'), 202);
    expect(confirmed.invitationUrl).toMatch(/[?&]owner-invitation=/);
    const minted = await until(() => get(`/api/ops/orders/${confirmed.id}`, orderKey).then((r) => json<OrderView>(r)), (o) => o.state !== 'minting', 'the invited mint');
    expect(minted.state).toBe('minted');
    expect(await chain().readContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'ownerOf', args: [BigInt(minted.tokenId!)] })).toBe(getAddress(confirmed.owner));
    expect(await chain().getCode({ address: confirmed.owner as Address })).toBeUndefined();
  });

  it('refuses bad orders with the reason, storing nothing and sending nothing', async () => {
    const jobsBefore = (await json<{ jobs: JobView[] }>(await get('/api/ops/jobs', orderKey))).jobs.length;
    const unknownCode = await json<{ reason: string; error: string; details: string }>(
      await post('/api/ops/orders', { orderRef: 'SO-BAD-1', ...ORDER, configuration: { ...ORDER.configuration, paint: 'P-NOPE' }, owner: world.accounts[7] }, orderKey, 'bad-1'),
      400,
    );
    expect(unknownCode.reason).toBe('bad-configuration');
    expect(`${unknownCode.error} ${unknownCode.details}`).toContain('P-NOPE');
    const noKey = await json<{ reason: string }>(await post('/api/ops/orders', { orderRef: 'SO-BAD-2', ...ORDER, owner: world.accounts[7] }, orderKey), 400);
    expect(noKey.reason).toBe('idempotency-key-missing');
    const badOwner = await post('/api/ops/orders', { orderRef: 'SO-BAD-3', ...ORDER, owner: 'someone' }, orderKey, 'bad-3');
    expect(badOwner.status).toBe(400);
    expect((await json<{ jobs: JobView[] }>(await get('/api/ops/jobs', orderKey))).jobs.length).toBe(jobsBefore);
    expect((await json<OrderView[]>(await get('/api/ops/orders', orderKey))).map((o) => o.orderRef).sort()).toEqual(['SO-2026-0001', 'SO-2026-INV']);
  });

  it('shows an order whose mint failed after its configuration was registered, with the reason, and mints it on retry', async () => {
    const twin = world.deployment.twin.address;
    const issuer = keccak256(stringToHex('ISSUER_ROLE'));
    const admin = createWalletClient({ account: world.deployment.deployer, chain: foundry, transport: http(world.chain.rpcUrl) });
    // The server's account loses the order desk's role on chain: the mint is refused before it is sent.
    await chain().waitForTransactionReceipt({ hash: await admin.writeContract({ address: twin, abi: marqueTwinAbi, functionName: 'revokeRole', args: [issuer, world.deployment.deployer] }) });
    const confirmed = await json<OrderView>(await post('/api/ops/orders', { orderRef: 'SO-2026-0002', ...ORDER, owner: world.accounts[7] }, orderKey, 'order-0002'), 202);
    const failed = await until(() => get(`/api/ops/orders/${confirmed.id}`, orderKey).then((r) => json<OrderView>(r)), (o) => o.state !== 'minting', 'the mint to fail');
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain('AccessControlUnauthorizedAccount');
    expect(failed.configurationHash).toBe(order.configurationHash);
    expect((await json<{ reason: string }>(await post(`/api/ops/orders/${order.id}/retry`, {}, orderKey, 'retry-minted'), 409)).reason).toBe('not-retryable');

    await chain().waitForTransactionReceipt({ hash: await admin.writeContract({ address: twin, abi: marqueTwinAbi, functionName: 'grantRole', args: [issuer, world.deployment.deployer] }) });
    await json(await post(`/api/ops/orders/${confirmed.id}/retry`, {}, orderKey, 'retry-0002'));
    const minted = await until(() => get(`/api/ops/orders/${confirmed.id}`, orderKey).then((r) => json<OrderView>(r)), (o) => o.state !== 'minting', 'the retried mint');
    expect(minted).toMatchObject({ state: 'minted', orderRef: 'SO-2026-0002' });
  });

  it('moves twins through their stages in order, with dates; refuses a skipped stage, a stage back, a wrong scope or role', async () => {
    const tokenId = order.tokenId!;
    const stagesKey = await makeKey(['stages'], 'factory system');
    const at = '2026-12-01T08:00:00Z';
    const skipped = await json<{ reason: string; error: string }>(await post('/api/ops/stages', { changes: [{ tokenId, stage: 'Paint', happenedAt: at }] }, stagesKey.key, 's-1'), 400);
    expect(skipped).toMatchObject({ reason: 'stage-skipped' });
    expect(skipped.error).toContain('BodyShop');
    expect((await json<{ reason: string }>(await post('/api/ops/stages', { changes: [{ tokenId, stage: 'BodyShop', happenedAt: at }] }, orderKey, 's-2'), 403)).reason).toBe('scope-missing');
    expect((await json<{ reason: string }>(await post('/api/ops/stages', { changes: [{ tokenId, stage: 'BodyShop', happenedAt: at }] }, strangerToken, 's-3'), 403)).reason).toBe('role-missing');
    expect((await json<{ reason: string }>(await post('/api/ops/stages', { changes: [{ tokenId: '99999', stage: 'BodyShop', happenedAt: at }] }, stagesKey.key, 's-4'), 404)).reason).toBe('unknown-twin');

    const [change] = await json<{ job: JobView }[]>(await post('/api/ops/stages', { changes: [{ tokenId, stage: 'BodyShop', happenedAt: at }] }, stagesKey.key, 's-5'), 202);
    await until(() => get(`/api/ops/jobs`, stagesKey.key).then((r) => json<{ jobs: JobView[] }>(r)), (j) => j.jobs.find((x) => x.id === change!.job.id)?.state === 'mined', 'the stage mined');
    const back = await json<{ reason: string }>(await post('/api/ops/stages', { changes: [{ tokenId, stage: 'BodyShop', happenedAt: at }] }, stagesKey.key, 's-6'), 409);
    expect(back.reason).toBe('stage-backwards');
    const history = await until(
      () => get(`/api/ops/twins/${tokenId}/stages`, staffToken).then((r) => (r.status === 200 ? r.json() : undefined)),
      (h: { stage: string } | undefined) => h?.stage === 'BodyShop',
      'the stage indexed',
    );
    expect(history).toMatchObject({ stage: 'BodyShop', next: 'Paint', stages: [{ stage: 'Ordered' }, { stage: 'BodyShop', happenedAt: '2026-12-01T08:00:00.000Z' }] });
    const delivery = await until(async () => received.find((r) => JSON.parse(r.body).type === 'twin.stage-changed'), (r) => r !== undefined, 'the stage webhook');
    expect(JSON.parse(delivery!.body).data).toMatchObject({ tokenId, stage: 'BodyShop', happenedAt: '2026-12-01T08:00:00.000Z' });
  });

  it('withdraws and approves a catalogue add-on on chain, from the console only', async () => {
    const addOns = await json<{ code: string; approved: boolean; sets: Record<string, string> }[]>(await get('/api/ops/addons', orderKey));
    expect(addOns.find((a) => a.code === 'A-ALCANTARA')).toMatchObject({ approved: true, sets: { interior: 'I-ALCANTARA' } });
    expect((await post('/api/ops/addons/A-ALCANTARA/withdraw', {}, orderKey, 'a-0')).status).toBe(403);
    expect((await json<{ reason: string }>(await post('/api/ops/addons/A-NOPE/withdraw', {}, staffToken, 'a-1'), 404)).reason).toBe('unknown-add-on');
    const approved = () => get('/api/ops/addons', staffToken).then((r) => json<{ code: string; approved: boolean }[]>(r)).then((list) => list.find((a) => a.code === 'A-ALCANTARA')!.approved);
    await json(await post('/api/ops/addons/A-ALCANTARA/withdraw', {}, staffToken, 'a-2'), 202);
    await until(approved, (a) => a === false, 'the add-on withdrawn');
    await json(await post('/api/ops/addons/A-ALCANTARA/approve', {}, staffToken, 'a-3'), 202);
    await until(approved, (a) => a === true, 'the add-on approved again');
  });

  it('refuses a key at once when it is revoked mid-use', async () => {
    const made = await makeKey(['read'], 'crm');
    expect((await get('/api/ops/orders', made.key)).status).toBe(200);
    await json(await post(`/api/ops/keys/${made.id}/revoke`, {}, staffToken, `revoke-${made.id}`));
    const refused = await json<{ reason: string; error: string }>(await get('/api/ops/orders', made.key), 401);
    expect(refused.reason).toBe('key-revoked');
    expect(refused.error).toContain('crm');
    expect((await json<{ reason: string }>(await get('/api/ops/orders', `${made.key.slice(0, -1)}x`), 401)).reason).toBe('key-invalid');
  });

  it('registers a dealer by name and city, grants its role on chain, and lists it for passports', async () => {
    const recordsKey = await makeKey(['records'], 'dealer system');
    const dealer = world.accounts[8]!;
    const made = await json<{ job: JobView }>(await post('/api/ops/dealers', { address: dealer, name: 'Marque Lyon Confluence', city: 'Lyon', kind: 'dealer' }, recordsKey.key, 'd-1'), 201);
    await until(() => get('/api/ops/jobs', recordsKey.key).then((r) => json<{ jobs: JobView[] }>(r)), (j) => j.jobs.find((x) => x.id === made.job.id)?.state === 'mined', 'the dealer role granted');
    expect(
      await chain().readContract({ address: world.deployment.contracts.passport.address, abi: marquePassportAbi, functionName: 'hasRole', args: [keccak256(stringToHex('DEALER_ROLE')), dealer] }),
    ).toBe(true);
    const listed = await json<{ address: Address; name: string; city: string }[]>(await fetch(url('/api/dealers')));
    expect(listed).toContainEqual(expect.objectContaining({ address: getAddress(dealer), name: 'Marque Lyon Confluence', city: 'Lyon' }));
    // The dealer's record in a passport shows its name, not its address.
    const signed = await signServiceRecord(world, { tokenId: BigInt(order.tokenId!), mileage: 10, details: { summary: 'Pre-delivery inspection' }, dealer });
    await json(await fetch(url('/api/passport/records'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed) }), 201);
    const passport = await json<PassportView>(await get(`/api/twins/${order.tokenId}/passport`, await world.signIn(world.accounts[7]!)));
    expect(passport.entries.at(-1)).toMatchObject({ dealer: getAddress(dealer), dealerName: { name: 'Marque Lyon Confluence', city: 'Lyon' } });
    const audit = await json<{ action: string; actor: string; transactionHash?: string }[]>(await get('/api/ops/audit', staffToken));
    expect(audit.find((a) => a.action === 'dealer.registered')).toMatchObject({ actor: `key:${recordsKey.id}` });
    expect(audit.find((a) => a.action === 'order.confirmed')?.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('lists webhook deliveries with their answers and replays one', async () => {
    const deliveries = await json<DeliveryView[]>(await get('/api/ops/deliveries', staffToken));
    const minted = deliveries.find((d) => d.eventType === 'twin.minted')!;
    expect(minted).toMatchObject({ state: 'delivered', attempts: 1, responses: [{ status: 200 }] });
    const count = received.length;
    await json(await post(`/api/ops/deliveries/${minted.id}/replay`, {}, staffToken, `replay-${minted.id}`));
    await until(async () => received.length, (n) => n > count, 'the replayed delivery');
    expect(JSON.parse(received.at(-1)!.body).id).toBe(minted.eventId);
  });

  it('serves an OpenAPI document generated from the routes\' schemas', async () => {
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }>> }>(
      await fetch(url('/api/openapi.json')),
    );
    expect(doc.openapi).toBe('3.1.0');
    const orderSchema = doc.paths['/api/ops/orders']!.post!.requestBody!.content['application/json']!.schema;
    expect(orderSchema.required).toEqual(expect.arrayContaining(['orderRef', 'model', 'configuration', 'owner']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/ops/stages', '/api/ops/orders/{id}', '/api/ops/dealers', '/api/ops/passes', '/api/ops/keys']));
  });
});
