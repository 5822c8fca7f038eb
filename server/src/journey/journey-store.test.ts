import { privateKeyToAddress, generatePrivateKey } from 'viem/accounts';
import type { Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { IndexQueries } from '../indexer/index-queries';
import { PersonalDataRegistry } from '../privacy/personal-data';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { Appointments } from './appointments';
import { createJourney } from './journey';
import { PassportLinks } from './passport-links';

/**
 * The journey's stores on each kind of database, with a clock the test sets: links that expire,
 * are revoked or outlive their maker's ownership; appointments' steps, refusals and one booking
 * per slot even when two are made at once; and the personal data they register for export and erasure.
 */

const databases = freshDatabases('marque-journey');
afterAll(() => databases.cleanup());

const CHAIN = 31337;
const address = (): Address => privateKeyToAddress(generatePrivateKey());

describeEachDatabase('journey', 'the journey on $kind', (kind) => {
  let db: Database;
  let clock = new Date('2030-03-04T09:00:00Z');
  const now = () => clock;
  const owner = address();
  const stranger = address();
  const lyon = address();
  const paris = address();
  let appointments: Appointments;
  let links: PassportLinks;
  let privacy: PersonalDataRegistry;

  beforeAll(async () => {
    db = await openDatabase(await databases.fresh(kind));
    await db.query(
      `insert into twins (chain_id, token_id, owner, model, configuration_hash, current_configuration_hash, stage, minted_block, minted_at)
       values ($1, 7, $2, 'astrale-2025', '0x01', '0x01', 5, 1, now())`,
      [CHAIN, owner.toLowerCase()],
    );
    for (const [dealer, name, city] of [
      [lyon, 'Marque Lyon Confluence', 'Lyon'],
      [paris, 'Marque Paris Rive Gauche', 'Paris'],
    ] as const) {
      await db.query(`insert into dealers (address, name, city, kind, registered_by) values ($1, $2, $3, 'dealer', 'test')`, [dealer.toLowerCase(), name, city]);
    }
    appointments = new Appointments(db, () => new IndexQueries(db, () => CHAIN), () => CHAIN, now);
    links = new PassportLinks(db, () => CHAIN, now);
    privacy = new PersonalDataRegistry(db);
    createJourney({ db, index: new IndexQueries(db, () => CHAIN), chain: { chainId: CHAIN } as never, privacy });
  });
  afterAll(() => db?.close());
  afterEach(() => {
    clock = new Date('2030-03-04T09:00:00Z');
  });

  const at = (hours: number) => new Date(clock.getTime() + hours * 3_600_000).toISOString();
  const ask = (times: string[], extra: Partial<Parameters<Appointments['request']>[1]> = {}) =>
    appointments.request(owner, { tokenId: '7', dealer: lyon, reason: 'service', preferredTimes: times, note: 'Brakes squeak when cold', ...extra });

  describe('verification links', () => {
    const owns = (who: Address) => async () => who;

    it('open while valid and owned; expire, revoke and stop after a sale with a reason', async () => {
      const made = await links.create(7n, owner, 2);
      expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(made.view).toMatchObject({ tokenId: '7', state: 'active', opened: 0, expiresAt: '2030-03-06T09:00:00.000Z' });
      expect(await links.open(made.token, owns(owner))).toMatchObject({ tokenId: 7n });
      expect((await links.list(7n, owner))[0]).toMatchObject({ id: made.view.id, opened: 1, state: 'active' });
      // Only its hash is kept.
      expect(JSON.stringify(await db.query('select * from passport_links'))).not.toContain(made.token);

      await expect(links.open(made.token, owns(stranger))).rejects.toMatchObject({ status: 410, reason: 'owner-changed' });
      await expect(links.open(made.token, async () => undefined)).rejects.toMatchObject({ status: 410, reason: 'owner-changed' });
      await expect(links.open('not-a-link-at-all-000', owns(owner))).rejects.toMatchObject({ status: 404, reason: 'link-unknown' });
      await expect(links.open('../../etc', owns(owner))).rejects.toMatchObject({ status: 404, reason: 'link-unknown' });

      clock = new Date('2030-03-06T09:00:00Z');
      await expect(links.open(made.token, owns(owner))).rejects.toMatchObject({ status: 410, reason: 'link-expired' });
      expect((await links.list(7n, owner))[0]!.state).toBe('expired');

      clock = new Date('2030-03-04T09:00:00Z');
      await expect(links.revoke(made.view.id, stranger)).rejects.toMatchObject({ status: 404, reason: 'link-unknown' });
      expect(await links.revoke(made.view.id, owner)).toMatchObject({ state: 'revoked', revokedAt: clock.toISOString() });
      await expect(links.open(made.token, owns(owner))).rejects.toMatchObject({ status: 410, reason: 'link-revoked' });
      await expect(links.revoke('x', owner)).rejects.toMatchObject({ status: 400 });
    });
  });

  describe('appointments', () => {
    it('goes from a request to a confirmed time, with the history both parties read', async () => {
      const asked = await ask([at(24), at(48)]);
      expect(asked).toMatchObject({
        tokenId: '7',
        modelName: 'Astrale GT',
        dealer: { address: lyon.toLowerCase(), name: 'Marque Lyon Confluence', city: 'Lyon' },
        reason: 'service',
        preferredTimes: [at(24), at(48)],
        state: 'requested',
        note: 'Brakes squeak when cold',
        history: [{ by: 'owner', action: 'requested', note: 'Brakes squeak when cold' }],
      });
      await expect(appointments.act(asked.id, owner, { action: 'confirm', slot: at(24) })).rejects.toMatchObject({ status: 403, reason: 'not-dealer' });
      await expect(appointments.act(asked.id, paris, { action: 'confirm', slot: at(24) })).rejects.toMatchObject({ status: 404 });
      await expect(appointments.act(asked.id, lyon, { action: 'confirm', slot: at(25) })).rejects.toMatchObject({ status: 400, reason: 'not-preferred' });
      await expect(appointments.act(asked.id, lyon, { action: 'accept' })).rejects.toMatchObject({ status: 403, reason: 'not-owner' });
      const confirmed = await appointments.act(asked.id, lyon, { action: 'confirm', slot: at(48) });
      expect(confirmed).toMatchObject({ state: 'confirmed', slot: at(48) });
      expect(confirmed.history.map((h) => `${h.by} ${h.action}`)).toEqual(['owner requested', 'dealer confirmed']);
      expect((await appointments.list(lyon, 'dealer')).map((a) => a.id)).toContain(asked.id);
      expect((await appointments.list(owner, 'owner')).map((a) => a.id)).toContain(asked.id);
      expect(await appointments.list(paris, 'dealer')).toEqual([]);
      await expect(appointments.act(asked.id, owner, { action: 'accept' })).rejects.toMatchObject({ status: 409, reason: 'wrong-state' });
    });

    it('a proposed time is accepted by the owner; either party cancels', async () => {
      const asked = await ask([at(72)], { reason: 'add-on', note: '' });
      await expect(appointments.act(asked.id, lyon, { action: 'propose', slot: at(-1) })).rejects.toMatchObject({ status: 400, reason: 'in-the-past' });
      const proposed = await appointments.act(asked.id, lyon, { action: 'propose', slot: at(96), note: 'We fit it on Friday' });
      expect(proposed).toMatchObject({ state: 'proposed', slot: at(96) });
      expect(await appointments.act(asked.id, owner, { action: 'accept' })).toMatchObject({ state: 'confirmed', slot: at(96) });
      const cancelled = await appointments.act(asked.id, owner, { action: 'cancel', note: 'Sold the car' });
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.slot).toBeUndefined();
      expect(cancelled.history.map((h) => `${h.by} ${h.action}`)).toEqual(['owner requested', 'dealer proposed', 'owner accepted', 'owner cancelled']);
      await expect(appointments.act(asked.id, lyon, { action: 'confirm', slot: at(72) })).rejects.toMatchObject({ status: 409, reason: 'wrong-state' });
      // Its slot is free again.
      const again = await ask([at(96)]);
      expect(await appointments.act(again.id, lyon, { action: 'confirm', slot: at(96) })).toMatchObject({ state: 'confirmed' });
    });

    it('refuses a time in the past or off the grid, an unknown dealer or city, a twin not yours', async () => {
      await expect(ask([at(-2)])).rejects.toMatchObject({ status: 400, reason: 'in-the-past' });
      await expect(ask([new Date(clock.getTime() + 86_400_000 + 10 * 60_000).toISOString()])).rejects.toMatchObject({ status: 400, reason: 'off-grid' });
      await expect(ask([at(24 * 400)])).rejects.toMatchObject({ status: 400, reason: 'too-far-ahead' });
      await expect(ask([at(24)], { dealer: stranger })).rejects.toMatchObject({ status: 404, reason: 'unknown-dealer' });
      await expect(ask([at(24)], { dealer: undefined, city: 'Nowhere' })).rejects.toMatchObject({ status: 404, reason: 'unknown-dealer', details: 'dealers are in Lyon, Paris' });
      expect((await ask([at(24)], { dealer: undefined, city: 'paris' })).dealer.name).toBe('Marque Paris Rive Gauche');
      await expect(appointments.request(stranger, { tokenId: '7', dealer: lyon, reason: 'repair', preferredTimes: [at(24)], note: '' })).rejects.toMatchObject({
        status: 403,
        reason: 'not-owner',
      });
      await expect(ask([at(24)], { tokenId: '99' })).rejects.toMatchObject({ status: 404, reason: 'not-found' });
    });

    it('books one slot once: a request for a held time, and two confirmations at once', async () => {
      const held = await ask([at(120)]);
      await appointments.act(held.id, lyon, { action: 'confirm', slot: at(120) });
      await expect(ask([at(120)])).rejects.toMatchObject({ status: 409, reason: 'slot-taken' });
      // The same time at another dealer is free.
      expect((await ask([at(120)], { dealer: paris })).state).toBe('requested');

      const first = await ask([at(144)]);
      const second = await ask([at(144), at(168)]);
      const results = await Promise.allSettled([
        appointments.act(first.id, lyon, { action: 'confirm', slot: at(144) }),
        appointments.act(second.id, lyon, { action: 'confirm', slot: at(144) }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409, reason: 'slot-taken' } });
      await expect(appointments.act(held.id, lyon, { action: 'propose', slot: at(144) })).rejects.toMatchObject({ status: 409, reason: 'slot-taken' });
      // The refused step changed nothing.
      expect((await appointments.byId(held.id))!).toMatchObject({ state: 'confirmed', slot: at(120) });
    });
  });

  describe('personal data', () => {
    it('exports and erases the owner’s appointments and links, and nothing of others', async () => {
      const names = privacy.names();
      expect(names).toEqual(['appointments', 'passport-links']);
      const exported = await privacy.export({ address: owner });
      const mine = exported.sources.find((s) => s.name === 'appointments')!.data as { note: string; history: unknown[] }[];
      expect(mine.length).toBeGreaterThan(3);
      expect(mine[0]).toMatchObject({ note: 'Brakes squeak when cold' });
      expect(mine[0]!.history.length).toBeGreaterThan(0);
      expect((exported.sources.find((s) => s.name === 'passport-links')!.data as unknown[]).length).toBe(1);

      const other = address();
      await db.query(`update twins set owner = $1 where token_id = 7`, [other.toLowerCase()]);
      const others = await appointments.request(other, { tokenId: '7', dealer: paris, reason: 'inspection', preferredTimes: [at(200)], note: '' });
      const erased = await privacy.erase({ address: owner });
      expect(erased.sources.find((s) => s.name === 'appointments')!.erased).toBe(mine.length);
      expect(await appointments.list(owner, 'owner')).toEqual([]);
      expect(await db.query('select * from appointment_events e join appointments a on a.id = e.appointment_id where a.owner = $1', [owner.toLowerCase()])).toEqual([]);
      expect(await links.list(7n, owner)).toEqual([]);
      expect((await appointments.byId(others.id))!.state).toBe('requested');
    });
  });
});
