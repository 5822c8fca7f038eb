import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsDashboard } from '../../../protocol/src/analytics-api';
import type { ConsentView, ErasureView, ProfileView } from '../../../protocol/src/privacy-api';
import type { PersonalDataExport } from './personal-data';
import { bearer, json } from '../testing/http';
import { startTestWorld, type TestWorld } from '../testing/test-world';

/**
 * Consent, preferences, export, erasure and analytics through the real server on a fresh chain:
 * nothing is recorded without consent, withdrawing stops it, the dashboard withholds figures that
 * rest on fewer than five people, and an erased person is gone from export and dashboard alike.
 */
describe('privacy, profile and analytics routes', () => {
  let world: TestWorld;
  let url: string;
  let staff: string;
  const post = (path: string, body: unknown, token?: string, method = 'POST') =>
    fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) }, body: JSON.stringify(body) });
  const get = (path: string, token?: string) => fetch(`${url}${path}`, { headers: token ? bearer(token) : {} });
  const dashboard = async () => json<AnalyticsDashboard>(await get('/api/analytics/dashboard', staff));
  const figure = (d: AnalyticsDashboard, group: string, label: string) => d.groups.find((g) => g.id === group)?.figures.find((f) => f.label === label);

  beforeAll(async () => {
    world = await startTestWorld();
    url = world.server.url;
    // The deployer holds the brand team's role.
    staff = await world.signIn(world.accounts[0]!);
  }, 120_000);
  afterAll(() => world?.stop());

  it('refuses events without consent, from a person and from a guest, and records none', async () => {
    const visitor = await world.signIn(world.accounts[5]!);
    const refused = await post('/api/analytics/events', { events: [{ kind: 'zone-visit', zone: 'museum', value: 10 }] }, visitor);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { reason: string }).reason).toBe('no-consent');
    const guest = await post('/api/analytics/events', { events: [{ kind: 'zone-visit', zone: 'museum' }], device: 'device-without-consent' });
    expect(guest.status).toBe(403);
    expect((await post('/api/analytics/satisfaction', { eventId: 'reveal', score: 9 }, visitor)).status).toBe(403);
    expect((await post('/api/analytics/satisfaction', { eventId: 'reveal', score: 11, consent: true, device: 'device-00000001' })).status).toBe(400);
    const bad = await post('/api/analytics/events', { events: [{ kind: 'keylogger' }], consent: true, device: 'device-00000001' });
    expect(bad.status).toBe(400);
    expect(figure(await dashboard(), 'zone-visits', 'museum')).toBeUndefined();
  });

  it('keeps preferences only with consent to personalisation, and gives them back at sign-in', async () => {
    const owner = await world.signIn(world.accounts[1]!);
    const early = await post('/api/profile/preferences', { language: 'de' }, owner, 'PUT');
    expect(early.status).toBe(409);
    const consent = await json<ConsentView>(await post('/api/privacy/consent', { personalisation: true, analytics: true, dealerContact: false }, owner, 'PUT'));
    expect(consent).toMatchObject({ personalisation: true, analytics: true, answered: true });
    await json(await post('/api/profile/preferences', { language: 'de', comfort: { locomotion: 'smooth', turning: 'snap', vignette: false, seated: true }, interests: { models: ['orage-1974'], racing: true } }, owner, 'PUT'));
    const again = await world.signIn(world.accounts[1]!);
    const profile = await json<ProfileView>(await get('/api/profile', again));
    expect(profile.preferences).toEqual({ language: 'de', comfort: { locomotion: 'smooth', turning: 'snap', vignette: false, seated: true }, interests: { models: ['orage-1974'], racing: true } });
    expect((await post('/api/profile/preferences', { language: 'xx' }, owner, 'PUT')).status).toBe(400);
  });

  it('shows a figure only once five people rest on it; the CSV says the same; only the brand team reads it', async () => {
    for (let i = 0; i < 4; i++) {
      const response = await post('/api/analytics/events', { events: [{ kind: 'car-viewed', subject: 'astrale-2025' }, { kind: 'zone-visit', zone: 'garage', value: 60 }], consent: true, device: `guest-device-${i}` });
      expect(response.status).toBe(202);
    }
    let d = await dashboard();
    expect(figure(d, 'cars', 'astrale-2025')).toEqual({ label: 'astrale-2025', people: 4, value: null });
    const owner = await world.signIn(world.accounts[1]!);
    expect((await post('/api/analytics/events', { events: [{ kind: 'car-viewed', subject: 'astrale-2025' }, { kind: 'zone-visit', zone: 'garage', value: 120 }] }, owner)).status).toBe(202);
    d = await dashboard();
    expect(figure(d, 'cars', 'astrale-2025')).toEqual({ label: 'astrale-2025', people: 5, value: 5 });
    expect(figure(d, 'zone-dwell', 'garage')).toEqual({ label: 'garage', people: 5, value: 72 });
    const csv = await (await get('/api/analytics/dashboard.csv', staff)).text();
    expect(csv).toContain('Cars looked at,astrale-2025,views,5,5');
    const visitor = await world.signIn(world.accounts[5]!);
    expect((await get('/api/analytics/dashboard', visitor)).status).toBe(403);
  });

  it('withdrawn analytics consent: nothing more is recorded, and what was counted is gone', async () => {
    const owner = await world.signIn(world.accounts[1]!);
    await json(await post('/api/privacy/consent', { personalisation: true, analytics: false, dealerContact: false }, owner, 'PUT'));
    expect((await post('/api/analytics/events', { events: [{ kind: 'car-viewed', subject: 'astrale-2025' }] }, owner)).status).toBe(403);
    expect(figure(await dashboard(), 'cars', 'astrale-2025')).toEqual({ label: 'astrale-2025', people: 4, value: null });
  });

  it('exports everything as JSON and erases it all at once', async () => {
    const owner = await world.signIn(world.accounts[1]!);
    const response = await get('/api/privacy/export', owner);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const exported = (await response.json()) as PersonalDataExport;
    const byName = Object.fromEntries(exported.sources.map((s) => [s.name, s.data]));
    expect(byName['sign-in']).toEqual([expect.objectContaining({ address: world.accounts[1]! })]);
    expect(byName['profile-preferences']).toEqual([expect.objectContaining({ language: 'de' })]);
    expect((await post('/api/privacy/erase', { confirm: 'yes' }, owner)).status).toBe(400);
    const erased = await json<ErasureView>(await post('/api/privacy/erase', { confirm: 'ERASE' }, owner));
    expect(erased.sources.find((s) => s.name === 'sign-in')?.erased).toBe(1);
    const after = (await (await get('/api/privacy/export', owner)).json()) as PersonalDataExport;
    expect(after.sources.every((s) => Array.isArray(s.data) ? s.data.length === 0 : Object.values(s.data as object).every((v) => !Array.isArray(v) || v.length === 0))).toBe(true);
    const sources = (await (await get('/api/privacy/sources')).json()) as { sources: Array<{ name: string }> };
    expect(sources.sources.map((s) => s.name)).toEqual(expect.arrayContaining(['sign-in', 'consent', 'analytics', 'launch-attendance', 'passkey-account']));
  });
});
