import { Client } from '@colyseus/sdk';
import { createPublicClient, createWalletClient, http, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueEventPassAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { WorldConnection, type ConnectionStatus } from '../../../client/src/net/world-connection';
import type { Removal } from '../../../protocol/src/messages';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';
import { ChainFacts } from './chain-facts';
import { evaluateRule, type Visitor } from './evaluate';
import type { AccessRule } from '../../../protocol/src/access-rules';

let world: TestWorld;
let facts: ChainFacts;
let owners: Address[];
let brandTeam: Address;
let stranger: Address;

beforeAll(async () => {
  world = await startTestWorld();
  const { contracts } = world.deployment;
  facts = new ChainFacts(createPublicClient({ transport: http(world.chain.rpcUrl) }), {
    twin: contracts.twin.address,
    passport: contracts.passport.address,
    profile: contracts.profile.address,
    eventPass: contracts.eventPass.address,
  });
  owners = world.deployment.demoOwners.map((o) => o.address);
  brandTeam = world.accounts[0]!;
  stranger = world.accounts[9]!;
});
afterAll(() => world?.stop());

const wallet = (account: Address) =>
  createWalletClient({ account, chain: { ...foundry, id: world.chain.chainId }, transport: http(world.chain.rpcUrl) });
const visitor = (address?: Address, inviteScopes: string[] = []): Visitor => ({ address, inviteScopes });
const allowed = async (rule: AccessRule, who: Visitor) => (await evaluateRule(rule, who, facts)).allowed;

describe('access rules', () => {
  it('read tokens, token ids, stages, profiles and roles from the chain', async () => {
    const [delivered, inPaint] = owners as [Address, Address];
    expect(await allowed({ holdsToken: { contract: 'twin' } }, visitor(delivered))).toBe(true);
    expect(await allowed({ holdsToken: { contract: 'twin' } }, visitor(stranger))).toBe(false);
    expect(await allowed({ holdsTokenId: { contract: 'twin', tokenId: '2' } }, visitor(inPaint))).toBe(true);
    expect(await allowed({ holdsTokenId: { contract: 'twin', tokenId: '2' } }, visitor(delivered))).toBe(false);
    expect(await allowed({ twinAtStage: { stage: 'Delivered' } }, visitor(delivered))).toBe(true);
    expect(await allowed({ twinAtStage: { stage: 'Delivered' } }, visitor(inPaint))).toBe(false);
    expect(await allowed({ twinAtStage: { stage: 'Paint' } }, visitor(inPaint))).toBe(true);
    expect(await allowed({ hasProfile: true }, visitor(inPaint))).toBe(true);
    expect(await allowed({ hasProfile: true }, visitor(stranger))).toBe(false);
    expect(await allowed({ role: 'dealer' }, visitor(brandTeam))).toBe(true);
    expect(await allowed({ role: 'brand-team' }, visitor(delivered))).toBe(false);
  });

  it('counts ERC-1155 passes, and combines conditions with any-of and all-of', async () => {
    const eventPass = world.deployment.contracts.eventPass.address;
    const team = wallet(brandTeam);
    const publicClient = createPublicClient({ transport: http(world.chain.rpcUrl) });
    await publicClient.waitForTransactionReceipt({ hash: await team.writeContract({ address: eventPass, abi: marqueEventPassAbi, functionName: 'createEvent', args: [600] }) });
    await publicClient.waitForTransactionReceipt({
      hash: await team.writeContract({ address: eventPass, abi: marqueEventPassAbi, functionName: 'mintAccessPasses', args: [1n, [stranger]] }),
    });
    const pass: AccessRule = { holdsAtLeast: { contract: 'eventPass', id: '2', amount: 1 } };
    expect(await allowed(pass, visitor(stranger))).toBe(true);
    expect(await allowed({ holdsAtLeast: { contract: 'eventPass', id: '2', amount: 2 } }, visitor(stranger))).toBe(false);

    const vip: AccessRule = { anyOf: [{ allOf: [{ hasProfile: true }, { twinAtStage: { stage: 'Delivered' } }] }, pass, { invite: { scope: 'lounge' } }] };
    expect(await allowed(vip, visitor(owners[0]))).toBe(true);
    expect(await allowed(vip, visitor(stranger))).toBe(true);
    expect(await allowed(vip, visitor(undefined, ['lounge']))).toBe(true);
    const refused = await evaluateRule(vip, visitor(owners[1]), facts);
    expect(refused).toEqual({
      allowed: false,
      missing: 'a Marque owner profile, and a Marque car at the Delivered stage or later, or token #2 of a Marque event pass, or an invitation',
    });
    expect(await allowed(vip, visitor())).toBe(false);
  });
});

describe('the lounge, for profile holders, dealers, the brand team and invited guests', () => {
  it('refuses a guest and a wallet without a profile, with what is missing', async () => {
    await expect(WorldConnection.join('lounge', { endpoint: world.server.url })).rejects.toThrow(
      /lounge: the service lounge is for visitors with a Marque owner profile, or a Marque dealer account/,
    );
    const token = await world.signIn(stranger);
    await expect(WorldConnection.join('lounge', { endpoint: world.server.url, token })).rejects.toThrow(/this wallet does not hold a Marque owner profile/);
  });

  it('admits a guest with an invitation from the brand team, as many times as it allows', async () => {
    const teamToken = await world.signIn(brandTeam);
    const issue = (body: object, token = teamToken) =>
      fetch(`${world.server.url}/api/invites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const response = await issue({ scope: 'lounge', maxUses: 2, validHours: 1, note: 'press' });
    expect(response.status).toBe(201);
    const invite = (await response.json()) as { code: string; url: string };
    expect(invite.url).toContain('invite=');

    const redeem = (code: string) =>
      fetch(`${world.server.url}/api/invites/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
    const guests = await Promise.all([redeem(invite.code), redeem(invite.code), redeem(invite.code)]);
    expect(guests.map((r) => r.status).sort()).toEqual([200, 200, 410]);
    const admitted = await Promise.all(guests.filter((r) => r.ok).map((r) => r.json() as Promise<{ token: string; scopes: string[] }>));
    expect(admitted[0]!.scopes).toEqual(['lounge']);
    const vip = await WorldConnection.join('lounge', { endpoint: world.server.url, token: admitted[0]!.token, name: 'VIP' });
    await until(() => vip.ownName === 'VIP', 'the VIP to be seated');
    await vip.leave();

    // Only the brand team issues; a forged code is refused with a reason.
    const ownerToken = await world.signIn(owners[0]!);
    expect((await issue({ scope: 'lounge', maxUses: 1, validHours: 1 }, ownerToken)).status).toBe(403);
    const forged = await redeem(`${invite.code.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(400);
    expect((await forged.json()).error).toMatch(/not a valid Marque invitation/);
  });

  it('refreshes a session while the visitor stays, keeping who they are', async () => {
    const token = await world.signIn(owners[0]!);
    const response = await fetch(`${world.server.url}/api/auth/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ address: owners[0], token: expect.any(String) });
    const refused = await fetch(`${world.server.url}/api/auth/refresh`, { method: 'POST', headers: { authorization: 'Bearer forged' } });
    expect(refused.status).toBe(401);
  });
});

describe('revocation', () => {
  it("moves an owner out of the garage within 2 s of their twin's transfer, saying why", async () => {
    const [, , seller] = world.deployment.demoOwners;
    const token = await world.signIn(seller!.address);
    const client = new Client(world.server.url);
    client.auth.token = token;
    const room = await client.joinOrCreate('garage', { name: 'Seller' });
    let removal: Removal | undefined;
    room.onMessage('removed', (r: Removal) => (removal = r));
    room.onMessage('*', () => {});
    const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

    const hash = await wallet(seller!.address).writeContract({
      address: world.deployment.contracts.twin.address,
      abi: marqueTwinAbi,
      functionName: 'transferFrom',
      args: [seller!.address, stranger, BigInt(seller!.tokenId)],
    });
    const sent = Date.now();
    await createPublicClient({ transport: http(world.chain.rpcUrl) }).waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expect(await closed).toBe(4403);
    const elapsed = Date.now() - sent;
    console.log(`revocation: moved out ${elapsed} ms after the transfer was sent`);
    expect(removal).toEqual({
      reason: 'access-revoked',
      message: "You left the owners' garage: this wallet no longer holds a Marque digital twin (it was just transferred).",
    });
    // The buyer is let in at once: answers about both wallets were forgotten.
    const buyer = await WorldConnection.join('garage', { endpoint: world.server.url, token: await world.signIn(stranger) });
    const statuses: ConnectionStatus[] = [];
    buyer.on('status', (s) => statuses.push(s));
    await buyer.leave();
    expect(statuses).toEqual([]);
  });
});
