import { createPublicClient, createWalletClient, http, keccak256, stringToHex, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import type { NotificationList, NotificationPreferences } from '../../../protocol/src/notifications-api';
import { canonicalJson } from '../../../protocol/src/twin-api';
import { bearer, json } from '../testing/http';
import { startTestWorld, type TestWorld } from '../testing/test-world';

/**
 * The notification centre through the real server on a local chain: a twin's stage change, seen by
 * the chain indexer, reaches its owner's centre; the routes refuse bad input with a reason.
 */

let world: TestWorld;
let owner: Address;
let token: string;
const url = (route: string) => `${world.server.url}${route}`;
const client = () => createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl), pollingInterval: 50 });

beforeAll(async () => {
  world = await startTestWorld();
  owner = world.accounts[7]!;
  token = await world.signIn(owner);
});

afterAll(async () => {
  await world?.stop();
});

async function list(): Promise<NotificationList> {
  return json<NotificationList>(await fetch(url('/api/notifications'), { headers: bearer(token) }));
}

describe('notification routes', () => {
  it("tell the owner when their twin's car reaches a stage; the list, the unread count and mark read", async () => {
    const twin = world.deployment.contracts.twin.address;
    const issuer = world.deployment.deployer;
    const wallet = createWalletClient({ account: issuer, chain: foundry, transport: http(world.chain.rpcUrl) });
    const configuration = keccak256(stringToHex(canonicalJson({ paint: 'P-NOIR' })));
    const { result: tokenId } = await client().simulateContract({ account: issuer, address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [owner, 'astrale-2025', configuration] });
    await client().waitForTransactionReceipt({ hash: await wallet.writeContract({ address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [owner, 'astrale-2025', configuration] }) });
    expect((await list()).unread).toBe(0);
    await client().waitForTransactionReceipt({ hash: await wallet.writeContract({ address: twin, abi: marqueTwinAbi, functionName: 'advanceStage', args: [tokenId, 1] }) });

    // The indexer sees the block, then the centre has it: wait on that state.
    let seen = await list();
    for (let i = 0; seen.unread === 0 && i < 400; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      seen = await list();
    }
    expect(seen.unread).toBe(1);
    expect(seen.notifications[0]).toMatchObject({ kind: 'stage', link: '/?zone=factory', payload: { tokenId: String(tokenId), stage: 1, stageName: 'BodyShop', modelName: expect.any(String) } });
    expect(seen.notifications[0]!.title).toMatch(/body shop/);

    const read = await fetch(url('/api/notifications/read'), { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify({ ids: [seen.notifications[0]!.id] }) });
    expect(await json(read)).toEqual({ unread: 0 });
  });

  it('preferences: per kind and channel, a mail address; push needs the VAPID key the server answers', async () => {
    const put = await fetch(url('/api/notifications/preferences'), {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.test', off: { 'add-on': ['push', 'email'] } }),
    });
    expect(await json<NotificationPreferences>(put)).toEqual({ email: 'owner@example.test', off: { 'add-on': ['push', 'email'] }, available: ['inbox', 'push'], pushSubscriptions: 0 });
    const { publicKey } = await json<{ publicKey: string }>(await fetch(url('/api/notifications/push-key')));
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
  });

  it('refuse bad input with a reason: no session, a guest, an unknown kind, a bad mail address, a subscription that is no browser\'s, a foreign outbox', async () => {
    const send = (route: string, method: string, body: unknown, headers: Record<string, string> = bearer(token)) =>
      fetch(url(route), { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refusal = async (response: Response) => ({ status: response.status, reason: ((await response.json()) as { reason: string }).reason });

    expect(await refusal(await fetch(url('/api/notifications')))).toMatchObject({ status: 401 });
    expect(await refusal(await send('/api/notifications/preferences', 'PUT', { off: { sale: ['email'] } }))).toEqual({ status: 400, reason: 'bad-request' });
    expect(await refusal(await send('/api/notifications/preferences', 'PUT', { email: 'not a mail' }))).toEqual({ status: 400, reason: 'bad-request' });
    expect(await refusal(await send('/api/notifications/read', 'POST', { ids: [] }))).toEqual({ status: 400, reason: 'bad-request' });
    expect(await refusal(await send('/api/notifications/push-subscriptions', 'POST', { endpoint: 'http://push.example/x', keys: { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) } }))).toEqual({
      status: 400,
      reason: 'bad-request',
    });
    expect(await refusal(await send('/api/notifications/push-subscriptions', 'POST', { endpoint: 'https://push.example/x', keys: { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) } }))).toEqual({
      status: 400,
      reason: 'bad-subscription',
    });
    expect(await refusal(await fetch(url('/api/notifications?limit=0'), { headers: bearer(token) }))).toEqual({ status: 400, reason: 'bad-query' });
    // This test server keeps no local outbox (no data folder).
    expect(await refusal(await fetch(url('/api/notifications/outbox')))).toEqual({ status: 404, reason: 'no-outbox' });
  });
});
