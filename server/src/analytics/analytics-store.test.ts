import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { ProfileStore } from '../profile/profile-store';
import { AnalyticsStore, dashboardCsv } from './analytics-store';

const databases = freshDatabases('marque-analytics');
afterAll(() => databases.cleanup());

const person = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as `0x${string}`;
const HOUR = 3_600_000;

describeEachDatabase('analytics', 'analytics dashboard ($kind database)', (kind) => {
  let db: Database;
  let store: AnalyticsStore;

  beforeAll(async () => {
    db = await openDatabase(await databases.fresh(kind));
    store = new AnalyticsStore(db);
    const profiles = new ProfileStore(db);
    await db.query(
      `insert into launch_events (id, title, starts_at, access, capacity_per_instance, embodied_limit, hosts, car, video_url, minimum_stay_seconds, show, created_by, chain_event_id)
       values ('reveal', 'The reveal', now(), '{}', 10, 10, '[]', '{}', '', 600, '{}', 'staff', '7')`,
    );
    // Seven people at the launch; six agreed to analytics (person 7 did not and is never counted).
    for (let n = 1; n <= 7; n++) {
      await profiles.setConsent(person(n), { personalisation: false, analytics: n <= 6, dealerContact: false });
      await db.query(`insert into event_pass_balances (chain_id, holder, token_id, amount) values (31337, $1, 14, 1)`, [person(n)]);
      // Persons 1–5 stay 20 minutes, 6 and 7 two minutes; persons 1–2 earn the badge (token 15).
      const minutes = n <= 5 ? 20 : 2;
      await db.query(`insert into launch_visits (id, event_id, subject, person, tier, joined_at, left_at) values ($1, 'reveal', $2, $2, 'embodied', now() - interval '1 hour', now() - interval '1 hour' + ($3 || ' minutes')::interval)`, [
        `v${n}`,
        `wallet:${person(n)}`,
        String(minutes),
      ]);
      if (n <= 2) await db.query(`insert into event_pass_balances (chain_id, holder, token_id, amount) values (31337, $1, 15, 1)`, [person(n)]);
      if (n <= 6) await store.satisfaction({ address: person(n) }, 'reveal', n <= 3 ? 10 : 7, n === 1 ? 'Breathtaking' : undefined);
    }
    // A returning visitor: events on two days.
    await store.record({ device: 'returning-device' }, [{ kind: 'zone-visit', zone: 'museum', value: 10 }]);
    await db.query(`update analytics_events set at = now() - interval '2 days' where person = $1`, [await store.pseudonym({ device: 'returning-device' })]);
    await store.record({ device: 'returning-device' }, [{ kind: 'zone-visit', zone: 'museum', value: 30 }]);
  });
  afterAll(() => db?.close());

  it("launch funnels count only people who agreed, and withhold stages below five people", async () => {
    const dashboard = await store.dashboard(new Date(Date.now() - 30 * 24 * HOUR), new Date(Date.now() + HOUR));
    const funnel = dashboard.groups.find((g) => g.id === 'launch-funnel')!.figures;
    expect(funnel).toEqual([
      { label: 'The reveal · 1 invited', people: 6, value: 6 },
      { label: 'The reveal · 2 attended', people: 6, value: 6 },
      { label: 'The reveal · 3 stayed', people: 5, value: 5 },
      { label: 'The reveal · 4 badge', people: 2, value: null },
    ]);
    const satisfaction = dashboard.groups.find((g) => g.id === 'satisfaction')!.figures;
    expect(satisfaction).toEqual([{ label: 'reveal', people: 6, value: 8.5 }]);
    expect(dashboard.comments).toEqual([{ eventId: 'reveal', score: 10, comment: 'Breathtaking' }]);
    const returning = dashboard.groups.find((g) => g.id === 'returning')!.figures;
    expect(returning.find((f) => f.label === 'Returning visitors')).toEqual({ label: 'Returning visitors', people: 1, value: null });
    expect(dashboardCsv(dashboard)).toContain('Launch funnels (invited → attended → stayed → badge),The reveal · 4 badge,people,2,\n');
  });

  it('a second answer to the satisfaction question replaces the first', async () => {
    await store.satisfaction({ address: person(1) }, 'reveal', 0);
    const dashboard = await store.dashboard(new Date(Date.now() - HOUR * 24), new Date(Date.now() + HOUR));
    expect(dashboard.groups.find((g) => g.id === 'satisfaction')!.figures).toEqual([{ label: 'reveal', people: 6, value: 6.83 }]);
    await expect(store.dashboard(new Date(), new Date(Date.now() - 1))).rejects.toThrow(/ends before it starts/);
  });
});
