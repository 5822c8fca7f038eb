import { afterAll, beforeAll, expect, it } from 'vitest';
import { getAddress } from 'viem';
import { openDatabase, type Database } from '../db/database';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { AnalyticsStore } from '../analytics/analytics-store';
import { ProfileStore } from '../profile/profile-store';
import { existingSources, RETAINED_AFTER_ERASURE } from './existing-sources';
import { PersonalDataRegistry, type PersonalDataSource } from './personal-data';

const databases = freshDatabases('marque-privacy');
afterAll(() => databases.cleanup());

const ALICE = '0x00000000000000000000000000000000a11ce0aa';
const BOB = '0x00000000000000000000000000000000000b0b0b';
/** How a session subject names Alice (checksummed, as session tokens do). */
const ALICE_WALLET = `wallet:${getAddress(ALICE)}`;

/** Every table, every text-like column, where the address still appears (any case). */
async function mentionsOf(db: Database, address: string): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and data_type in ('text', 'jsonb', 'json', 'ARRAY', 'character varying')`,
  );
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from ${table_name} where position($1 in lower(${column_name}::text)) > 0`,
      [address.slice(2).toLowerCase()],
    );
    if (row!.n > 0) hits.push(`${table_name}.${column_name}`);
  }
  return hits;
}

/** The rows naming a person in every table of migrations 001–009 and 013, as the product writes them. */
async function seedPerson(db: Database, address: string, n: number) {
  const wallet = `wallet:${getAddress(address)}`;
  await db.query(`insert into accounts (address) values ($1)`, [address]);
  await db.query(`insert into twin_showcases (chain_id, token_id, owner, public) values (1, $1, $2, true)`, [n, address]);
  await db.query(
    `insert into launch_events (id, title, starts_at, access, capacity_per_instance, embodied_limit, hosts, car, video_url, minimum_stay_seconds, show, created_by)
     values ($1, 'Launch', now(), '{}', 10, 10, '[]', '{}', '', 0, '{}', 'staff') on conflict do nothing`,
    ['ev1'],
  );
  await db.query(`insert into launch_visits (id, event_id, subject, person, tier, joined_at) values ($1, 'ev1', $2, $2, 'embodied', now())`, [`v${n}`, wallet]);
  const [q] = await db.query<{ id: number }>(`insert into launch_questions (event_id, subject, name, text) values ('ev1', $1, 'Me', 'Why?') returning id`, [wallet]);
  await db.query(`insert into launch_votes (question_id, subject) values ($1, $2)`, [q!.id, wallet]);
  await db.query(`insert into launch_bans (event_id, subject, kind, banned_by) values ('ev1', $1, 'removed', 'host')`, [wallet]);
  await db.query(`insert into passkey_accounts (account, kind, qx, qy) values ($1, 'passkey', '0x1', '0x2')`, [address]);
  await db.query(`insert into passkey_credentials (credential_id, account, qx, qy) values ($1, $2, '0x1', '0x2')`, [`cred${n}`, address]);
  await db.query(`insert into passkey_challenges (challenge, purpose, account, expires_at) values ($1, 'sign-in', $2, now())`, [`ch${n}`, address]);
  await db.query(
    `insert into owner_invitations (id, order_ref, account_id, account, secret_hash, created_at, expires_at) values ($1, 'ORD', '1', $2, 'h', now(), now())`,
    [`inv${n}`, address],
  );
  await db.query(`insert into sponsorship_usage (day, account, calls) values (current_date, $1, 2)`, [address]);
  await db.query(`insert into idempotent_requests (caller, idempotency_key, request_hash, response) values ($1, 'k', 'h', $2)`, [
    wallet,
    JSON.stringify({ owner: address }),
  ]);
  await db.query(`insert into audit_log (actor, action, subject, details) values ('staff', 'profile.mint', $1, $2)`, [
    `profile of ${getAddress(address)}`,
    JSON.stringify({ owner: address }),
  ]);
  await db.query(`insert into webhook_subscriptions (id, url, events, secret, created_by) values ('s1', 'http://x', '{}', 's', 'staff') on conflict do nothing`);
  await db.query(`insert into webhook_deliveries (subscription_id, event_id, event_type, body, state) values ('s1', $1, 'twin.minted', $2, 'pending')`, [
    `e${n}`,
    JSON.stringify({ owner: getAddress(address) }),
  ]);
}

describeEachDatabase('privacy', 'personal data: export and erasure ($kind database)', (kind) => {
  let db: Database;
  let registry: PersonalDataRegistry;
  let profiles: ProfileStore;
  let analytics: AnalyticsStore;

  beforeAll(async () => {
    db = await openDatabase(await databases.fresh(kind));
    profiles = new ProfileStore(db);
    analytics = new AnalyticsStore(db);
    registry = new PersonalDataRegistry(db);
    for (const source of [...existingSources(), ...profiles.sources(), analytics.source()]) registry.register(source);
    for (const [n, address] of [ALICE, BOB].entries()) {
      await seedPerson(db, address, n);
      await profiles.setConsent(getAddress(address), { personalisation: true, analytics: true, dealerContact: false });
      await profiles.setPreferences(getAddress(address), { language: 'fr', comfort: { locomotion: 'smooth', vignette: false } });
      await analytics.record({ address }, [{ kind: 'zone-visit', zone: 'museum', value: 30 }]);
      await analytics.satisfaction({ address }, 'ev1', 9, 'Superb');
    }
  });
  afterAll(() => db?.close());

  it('refuses a second source of the same name and a subject that is not an address', async () => {
    expect(() => registry.register({ name: 'analytics' } as PersonalDataSource)).toThrow(/already registered/);
    await expect(registry.export({ address: '0xnope' as `0x${string}` })).rejects.toThrow(/is not an address/);
  });

  it('exports everything kept about the person, and nothing of anyone else', async () => {
    const data = await registry.export({ address: getAddress(ALICE) as `0x${string}` });
    const byName = Object.fromEntries(data.sources.map((s) => [s.name, s.data]));
    expect(byName['sign-in']).toHaveLength(1);
    expect(byName['launch-attendance']).toHaveLength(1);
    expect((byName['launch-questions'] as { questions: unknown[] }).questions).toHaveLength(1);
    expect((byName['passkey-account'] as { credentials: unknown[] }).credentials).toHaveLength(1);
    expect(byName['profile-preferences']).toEqual([expect.objectContaining({ language: 'fr' })]);
    expect(byName['analytics']).toHaveLength(2);
    expect(byName['webhook-outbox']).toHaveLength(1);
    expect(data.sources.every((s) => s.what && s.where && s.why && s.retention)).toBe(true);
    expect(JSON.stringify(data).toLowerCase()).not.toContain(BOB.slice(2));
  });

  it('erases at once and everywhere: no table names the person after, but what the chain holds; others untouched', async () => {
    expect(await mentionsOf(db, ALICE)).toContain('launch_visits.subject');
    const before = await mentionsOf(db, BOB);
    const erasure = await registry.erase({ address: ALICE as `0x${string}` });
    expect(erasure.sources.find((s) => s.name === 'analytics')?.erased).toBe(2);

    const allowed = new Set(RETAINED_AFTER_ERASURE.flatMap((r) => r.table.split(/[ /(),]+/).flatMap((t) => r.columns.map((c) => `${t}.${c}`))));
    const left = (await mentionsOf(db, ALICE)).filter((hit) => !allowed.has(hit));
    expect(left, `tables still naming the erased person: ${left.join(', ')}`).toEqual([]);
    // The pseudonymous analytics rows are not findable by address: check them by pseudonym.
    const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from analytics_events where person = $1', [
      await analytics.pseudonym({ address: ALICE }),
    ])) as [{ n: number }];
    expect(n).toBe(0);
    expect((await profiles.view(getAddress(ALICE))).consent.answered).toBe(false);
    // Bob keeps everything.
    expect(await mentionsOf(db, BOB)).toEqual(before);
    expect((await profiles.view(getAddress(BOB))).preferences.language).toBe('fr');
    expect(ALICE_WALLET).toMatch(/^wallet:0x/);
  });

  it('withdrawing personalisation deletes the preferences; none are kept without it', async () => {
    const bob = getAddress(BOB);
    await profiles.setConsent(bob, { personalisation: false, analytics: true, dealerContact: false });
    expect((await profiles.view(bob)).preferences).toEqual({});
    await expect(profiles.setPreferences(bob, { language: 'de' })).rejects.toThrow(/only with your consent/);
    expect(await db.query('select 1 from profile_preferences where address = $1', [BOB])).toEqual([]);
  });
});
