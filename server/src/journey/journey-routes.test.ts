import { createPublicClient, createWalletClient, getAddress, http, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import type { AppointmentView, PassportLinkCreated, PassportLinkView, VerifiedPassport } from '../../../protocol/src/journey-api';
import type { PassportView } from '../../../protocol/src/twin-api';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { bearer, json } from '../testing/http';
import { passportReads, signServiceRecord } from '../testing/service-records';
import { startTestWorld, TEST_PUBLIC_URL, type TestWorld } from '../testing/test-world';

/**
 * The journey's routes on the real server and a fresh chain with the demo deployment: a buyer's
 * verification link from its making to the car's sale, and a service appointment from the owner's
 * request to the dealer's passport record that refers to it, with bad input refused.
 */

const databases = freshDatabases('marque-journey-routes');
afterAll(() => databases.cleanup());

/** The next whole hour at least `hours` from now, as the API takes it. */
const inHours = (hours: number) => {
  const time = new Date(Date.now() + hours * 3_600_000);
  time.setUTCMinutes(0, 0, 0);
  return time.toISOString();
};

describeEachDatabase('journey routes', 'journey routes ($kind database)', (kind) => {
  let world: TestWorld;
  let dealer: Address;
  let stranger: Address;
  let ownerToken: string;
  let dealerToken: string;
  let strangerToken: string;
  const url = (route: string) => `${world.server.url}${route}`;
  const post = (route: string, body: unknown, token?: string) =>
    fetch(url(route), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) }, body: JSON.stringify(body) });
  const get = (route: string, token?: string) => fetch(url(route), { headers: token ? bearer(token) : {} });

  beforeAll(async () => {
    const database = kind === 'postgres' ? await databases.fresh('postgres') : undefined;
    world = await startTestWorld({ env: database?.url ? { DATABASE_URL: database.url } : {} });
    // Account 0 deployed the contracts, holds DEALER_ROLE and signed the demo's record; it becomes a registered dealer.
    dealer = world.deployment.deployer;
    stranger = world.accounts[5]!;
    dealerToken = await world.signIn(dealer);
    ownerToken = await world.signIn(world.deployment.demoOwners[0]!.address);
    strangerToken = await world.signIn(stranger);
    await json(
      await fetch(url('/api/ops/dealers'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'journey-dealer', ...bearer(dealerToken) },
        body: JSON.stringify({ address: dealer, name: 'Marque Lyon Confluence', city: 'Lyon', kind: 'dealer' }),
      }),
      201,
    );
  });
  afterAll(() => world?.stop());

  describe('a passport a buyer can trust', () => {
    let link: PassportLinkCreated;

    it('the owner makes a link; anyone opens it with no session and reads the certified history, with no address', async () => {
      link = await json<PassportLinkCreated>(await post('/api/twins/1/passport-links', { validDays: 7 }, ownerToken), 201);
      expect(link.url).toBe(`${TEST_PUBLIC_URL}/?verify=${link.token}`);
      expect(link).toMatchObject({ tokenId: '1', state: 'active', opened: 0 });
      const verified = await json<VerifiedPassport>(await get(`/api/verify/${link.token}`));
      expect(verified).toMatchObject({
        tokenId: '1',
        model: 'astrale-2025',
        modelName: 'Astrale GT',
        stage: 'Delivered',
        version: '2.0',
        owners: 1,
        deliveredAt: expect.stringMatching(/^\d{4}-/),
        proof: { chainId: world.chain.chainId, twinAddress: world.deployment.twin.address, passportAddress: world.deployment.contracts.passport.address },
        records: [{ index: 0, kind: 'inspection', mileage: 1500, dealerName: { name: 'Marque Lyon Confluence', city: 'Lyon' }, byAppointment: false }],
      });
      expect(verified.stages.map((s) => s.stage)).toEqual(['Ordered', 'BodyShop', 'Paint', 'Assembly', 'Quality', 'Delivered']);
      const text = JSON.stringify(verified).toLowerCase();
      for (const who of [world.deployment.demoOwners[0]!.address, dealer]) expect(text).not.toContain(who.toLowerCase().slice(2));
      expect(text).not.toContain('summary');
      // The owner sees it was opened.
      expect((await json<PassportLinkView[]>(await get('/api/twins/1/passport-links', ownerToken)))[0]).toMatchObject({ id: link.id, opened: 1 });
    });

    it('refuses others: not the owner, a bad validity, an unknown link, another wallet revoking', async () => {
      expect(await json(await post('/api/twins/1/passport-links', {}, strangerToken), 403)).toMatchObject({ reason: 'not-owner' });
      expect(await json(await post('/api/twins/1/passport-links', {}, undefined), 401)).toMatchObject({ reason: 'session-invalid' });
      expect(await json(await post('/api/twins/1/passport-links', { validDays: 365 }, ownerToken), 400)).toMatchObject({ reason: 'bad-request' });
      expect(await json(await post('/api/twins/99/passport-links', {}, ownerToken), 404)).toMatchObject({ reason: 'not-found' });
      expect(await json(await get('/api/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 404)).toMatchObject({ reason: 'link-unknown' });
      expect(await json(await post(`/api/passport-links/${link.id}/revoke`, {}, strangerToken), 404)).toMatchObject({ reason: 'link-unknown' });
    });

    it('a revoked link stops at once', async () => {
      const other = await json<PassportLinkCreated>(await post('/api/twins/1/passport-links', {}, ownerToken), 201);
      expect(await json<PassportLinkView>(await post(`/api/passport-links/${other.id}/revoke`, {}, ownerToken))).toMatchObject({ state: 'revoked' });
      expect(await json(await get(`/api/verify/${other.token}`), 410)).toMatchObject({ reason: 'link-revoked', error: 'passport-links: the owner withdrew this verification link' });
    });

    it("after a sale the seller's link stops, and the new owner reads the whole history and shares their own", async () => {
      const seller = world.deployment.demoOwners[0]!.address;
      const buyer = world.accounts[6]!;
      const wallet = createWalletClient({ account: seller, chain: foundry, transport: http(world.chain.rpcUrl) });
      const hash = await wallet.writeContract({ address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'transferFrom', args: [seller, buyer, 1n] });
      await createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl) }).waitForTransactionReceipt({ hash });

      expect(await json(await get(`/api/verify/${link.token}`), 410)).toMatchObject({ reason: 'owner-changed' });
      const buyerToken = await world.signIn(buyer);
      await expect
        .poll(async () => (await get('/api/twins/1/passport', buyerToken)).status, { timeout: 5_000, interval: 50 })
        .toBe(200);
      const passport = await json<PassportView>(await get('/api/twins/1/passport', buyerToken));
      expect(passport.entries).toHaveLength(1);
      expect(passport.entries[0]!.details?.summary).toBeTruthy();
      expect((await post('/api/twins/1/passport-links', {}, ownerToken)).status).toBe(403);
      const theirs = await json<PassportLinkCreated>(await post('/api/twins/1/passport-links', {}, buyerToken), 201);
      expect(await json<VerifiedPassport>(await get(`/api/verify/${theirs.token}`))).toMatchObject({ owners: 2, records: [{ index: 0 }] });
    });
  });

  describe('service appointments', () => {
    let owner2: string;
    let booked: AppointmentView;

    beforeAll(async () => {
      owner2 = await world.signIn(world.deployment.demoOwners[1]!.address);
    });

    it('the owner asks, the dealer sees it and confirms a time, both read the state and the history', async () => {
      const dealers = await json<{ address: string; name: string; city: string }[]>(await get('/api/dealers'));
      expect(dealers).toContainEqual(expect.objectContaining({ address: getAddress(dealer), city: 'Lyon' }));
      booked = await json<AppointmentView>(
        await post('/api/appointments', { tokenId: '2', dealer, reason: 'inspection', preferredTimes: [inHours(26), inHours(50)], note: 'Before a long trip' }, owner2),
        201,
      );
      expect(booked).toMatchObject({ tokenId: '2', modelName: expect.any(String), state: 'requested', dealer: { name: 'Marque Lyon Confluence' } });
      const seen = await json<AppointmentView[]>(await get('/api/appointments?as=dealer', dealerToken));
      expect(seen.map((a) => a.id)).toContain(booked.id);
      expect(JSON.stringify(seen).toLowerCase()).not.toContain(world.deployment.demoOwners[1]!.address.toLowerCase().slice(2));
      const confirmed = await json<AppointmentView>(await post(`/api/appointments/${booked.id}/actions`, { action: 'confirm', slot: inHours(50) }, dealerToken));
      expect(confirmed).toMatchObject({ state: 'confirmed', slot: inHours(50) });
      const mine = await json<AppointmentView[]>(await get('/api/appointments?as=owner', owner2));
      expect(mine.find((a) => a.id === booked.id)!.history.map((h) => h.action)).toEqual(['requested', 'confirmed']);
    });

    it('refuses bad input with a reason: a past time, an unknown dealer, a twin not yours, a slot booked twice, a bad body', async () => {
      const ask = (body: Record<string, unknown>, token = owner2) =>
        post('/api/appointments', { tokenId: '2', dealer, reason: 'service', preferredTimes: [inHours(30)], ...body }, token);
      expect(await json(await ask({ preferredTimes: [new Date(Date.now() - 3_600_000).toISOString()] }), 400)).toMatchObject({ reason: 'in-the-past' });
      expect(await json(await ask({ dealer: stranger }), 404)).toMatchObject({ reason: 'unknown-dealer' });
      expect(await json(await ask({ tokenId: '3' }), 403)).toMatchObject({ reason: 'not-owner', error: expect.stringContaining('twin #3 is not yours') });
      expect(await json(await ask({ preferredTimes: [inHours(50)] }), 409)).toMatchObject({ reason: 'slot-taken' });
      expect(await json(await ask({ reason: 'tea' }), 400)).toMatchObject({ reason: 'bad-request' });
      expect(await json(await ask({ city: 'Lyon' }), 400)).toMatchObject({ reason: 'bad-request' });
      expect(await json(await ask({}, strangerToken), 403)).toMatchObject({ reason: 'not-owner' });
      const byCity = await json<AppointmentView>(await ask({ dealer: undefined, city: 'lyon', preferredTimes: [inHours(74)] }), 201);
      expect(await json(await post(`/api/appointments/${byCity.id}/actions`, { action: 'confirm', slot: inHours(74) }, owner2), 403)).toMatchObject({ reason: 'not-dealer' });
      expect(await json(await post(`/api/appointments/${byCity.id}/actions`, { action: 'propose', slot: inHours(50) }, dealerToken), 409)).toMatchObject({ reason: 'slot-taken' });
      expect(await json(await post(`/api/appointments/${byCity.id}/actions`, { action: 'cancel' }, strangerToken), 404)).toMatchObject({ reason: 'not-found' });
      expect(await json<AppointmentView>(await post(`/api/appointments/${byCity.id}/actions`, { action: 'cancel', note: 'Changed plans' }, owner2))).toMatchObject({ state: 'cancelled' });
    });

    it("the dealer's passport record refers to the appointment, which is then completed; a record naming another is refused, nothing sent", async () => {
      const cancelled = (await json<AppointmentView[]>(await get('/api/appointments?as=owner', owner2))).find((a) => a.state === 'cancelled')!;
      const nonce = await passportReads(world).nonceOf(dealer);
      const wrong = await signServiceRecord(world, { tokenId: 2n, mileage: 10, dealer, details: { summary: 'Inspection', appointment: cancelled.id } });
      expect(await json(await post('/api/passport/records', wrong), 400)).toMatchObject({ reason: 'appointment', error: expect.stringContaining('cancelled') });
      const elsewhere = await signServiceRecord(world, { tokenId: 3n, mileage: 10, dealer, details: { summary: 'Inspection', appointment: booked.id } });
      expect(await json(await post('/api/passport/records', elsewhere), 400)).toMatchObject({ reason: 'appointment' });
      expect(await passportReads(world).nonceOf(dealer)).toBe(nonce);

      const signed = await signServiceRecord(world, { tokenId: 2n, mileage: 10, dealer, details: { summary: 'Pre-trip inspection', appointment: booked.id } });
      await json(await post('/api/passport/records', signed), 201);
      const done = (await json<AppointmentView[]>(await get('/api/appointments?as=dealer', dealerToken))).find((a) => a.id === booked.id)!;
      expect(done).toMatchObject({ state: 'completed', visit: { recordIndex: 0, recordHash: signed.record.recordHash } });
      const link = await json<PassportLinkCreated>(await post('/api/twins/2/passport-links', {}, owner2), 201);
      expect((await json<VerifiedPassport>(await get(`/api/verify/${link.token}`))).records).toMatchObject([{ index: 0, mileage: 10, byAppointment: true }]);
    });
  });
});
