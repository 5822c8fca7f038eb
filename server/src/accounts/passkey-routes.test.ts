import { createPublicClient, createWalletClient, encodeFunctionData, http, keccak256, stringToHex } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { SoftwareAuthenticator } from '../../../contracts/test/software-authenticator';
import { startTestWorld, TEST_PUBLIC_URL, type TestWorld } from '../testing/test-world';

/** The passkey and invitation routes through the product's real server (README "HTTP API"). */
describe('passkey routes', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await startTestWorld();
  });
  afterAll(() => world?.stop());

  async function call(path: string, body?: unknown, token?: string, method = 'POST') {
    const response = await fetch(`${world.server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('the order desk invites, the owner accepts with a passkey and signs in; refusals carry their reason', async () => {
    const [deployer, owner] = world.accounts;
    const notDesk = await call('/api/owner-invitations', { orderRef: 'route-1' }, await world.signIn(owner!));
    expect([notDesk.status, notDesk.body.reason]).toEqual([403, 'not-issuer']);
    const created = await call('/api/owner-invitations', { orderRef: 'route-1' }, await world.signIn(deployer!));
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${TEST_PUBLIC_URL}/?owner-invitation=${encodeURIComponent(created.body.code)}`);

    const passkey = new SoftwareAuthenticator(new URL(TEST_PUBLIC_URL).hostname, TEST_PUBLIC_URL);
    const register = await call('/api/passkeys/challenge', { purpose: 'register' });
    expect(register.body.rpId).toBe('localhost');
    const accepted = await call('/api/owner-invitations/accept', {
      code: created.body.code,
      registration: passkey.attest(register.body.challenge),
      challenge: register.body.challenge,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.account).toBe(created.body.account);
    const again = await call('/api/owner-invitations/check', { code: created.body.code });
    expect([again.status, again.body.reason]).toEqual([410, 'invitation-used']);

    const signIn = await call('/api/passkeys/challenge', { purpose: 'sign-in' });
    const assertion = passkey.assertChallenge(signIn.body.challenge);
    const session = await call('/api/passkeys/sign-in', { credentialId: passkey.id, assertion, challenge: signIn.body.challenge });
    expect(session.status).toBe(200);
    expect(session.body.account).toBe(created.body.account);
    const replayed = await call('/api/passkeys/sign-in', { credentialId: passkey.id, assertion, challenge: signIn.body.challenge });
    expect([replayed.status, replayed.body.reason]).toEqual([401, 'replayed']);

    // The session is the account's: its (empty) garage, its devices, and the sponsor's allow-list.
    expect((await call('/api/me/twins', undefined, session.body.token, 'GET')).body).toEqual([]);
    expect((await call('/api/passkeys/devices', undefined, session.body.token, 'GET')).body.map((d: { active: boolean }) => d.active)).toEqual([true]);
    const approval = encodeFunctionData({ abi: marqueTwinAbi, functionName: 'setApprovalForAll', args: [deployer!, true] });
    const refused = await call('/api/accounts/calls/prepare', { calls: [{ target: world.deployment.twin.address, data: approval }] }, session.body.token);
    expect([refused.status, refused.body.reason]).toEqual([403, 'not-sponsored']);
    // A sponsored add-on through the server's transaction queue, the account holding no ETH.
    const desk = createWalletClient({ account: deployer!, chain: foundry, transport: http(world.chain.rpcUrl) });
    const client = createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl) });
    const twin = world.deployment.twin.address;
    await client.waitForTransactionReceipt({
      hash: await desk.writeContract({ address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [created.body.account, 'astrale-2025', keccak256(stringToHex('route order'))] }),
    });
    const tokenId = await client.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'totalMinted' });
    const livery = stringToHex('A-ORANGE-SOLAIRE', { size: 32 });
    const applyAddOn = encodeFunctionData({ abi: marqueTwinAbi, functionName: 'applyAddOn', args: [tokenId, livery] });
    const prepared = await call('/api/accounts/calls/prepare', { calls: [{ target: twin, data: applyAddOn }] }, session.body.token);
    expect(prepared.status).toBe(200);
    const batch = { calls: prepared.body.calls, deadline: prepared.body.deadline, credentialId: passkey.id, assertion: passkey.assertChallenge(prepared.body.challenge) };
    const executed = await call('/api/accounts/calls', batch, session.body.token);
    expect([executed.status, executed.body.nonce]).toEqual([200, '0']);
    expect(await client.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'addOnsOf', args: [tokenId] })).toEqual([livery]);
    expect(await client.getBalance({ address: created.body.account })).toBe(0n);
    const resent = await call('/api/accounts/calls', batch, session.body.token);
    expect([resent.status, resent.body.reason]).toEqual([401, 'replayed']);

    const pairing = await call('/api/passkeys/challenge', { purpose: 'add-device' });
    expect([pairing.status, pairing.body.reason]).toEqual([401, 'wallet-required']);
  });
});
