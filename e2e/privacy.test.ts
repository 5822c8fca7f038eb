import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { HDAccount } from 'viem/accounts';
import { describe, expect, it, vi } from 'vitest';
import type { AnalyticsDashboard } from '../protocol/src/analytics-api';
import type { ProfileView } from '../protocol/src/privacy-api';
import type { PersonalDataExport } from '../server/src/privacy/personal-data';
import { keepPicture, setUpWorld, signInAsDemoOwner, signInAsStaff, TEST_OUTPUT_DIR } from './world';
import { callApi, chainAccount, signInThroughApi } from './api';

/**
 * Consent, the profile and the brand's analytics in the browser (issue 21): a guest's consent given
 * and withdrawn (nothing tracked after), a profile's comfort applied at sign-in, "see everything"
 * and "erase" on the privacy page, and the brand team's dashboard from a scripted visit.
 */
vi.setConfig({ testTimeout: 300_000 });

const harness = setUpWorld();
const PICTURES = path.join(TEST_OUTPUT_DIR, 'privacy');
const account = chainAccount;

/** A wallet's session token, signed in as the page would (SIWE). */
const signIn = async (wallet: HDAccount): Promise<string> => (await signInThroughApi(harness, wallet)).token;

const api = <T>(route: string, { token, method, body }: { token?: string; method?: string; body?: unknown } = {}): Promise<T> => callApi<T>(harness, route, { auth: token, method, body });

const analyticsOf = (page: Page) =>
  page.evaluate(() => {
    const { sent, refused, pending } = window.marque!.analytics!;
    return { sent, refused, pending };
  });

/** A download's text (the browser runs remotely: its file is saved here first). */
async function downloaded(download: { saveAs(path: string): Promise<void> }, name: string): Promise<string> {
  const file = path.join(PICTURES, name);
  await download.saveAs(file);
  return readFile(file, 'utf8');
}

async function goToZone(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Zones' }).getByRole('button', { name: label }).dispatchEvent('click');
  await page.getByTestId('presence').filter({ hasText: `${label} · ` }).waitFor({ timeout: 120_000 });
}

describe('privacy, profile and analytics in the browser', () => {
  it("asks a guest once; with consent the visit is counted, after withdrawal nothing is sent", async () => {
    const page = await harness.openWorld();
    const banner = page.getByRole('dialog', { name: 'Your privacy choices' });
    await banner.waitFor();
    await keepPicture(page, path.join(PICTURES, 'consent-banner.png'));
    // No answer yet: leaving the museum is not counted.
    await goToZone(page, 'Factory line');
    await page.waitForFunction(() => (window.marque?.analytics?.refused ?? 0) >= 1);
    expect((await analyticsOf(page)).sent).toBe(0);

    await banner.getByRole('button', { name: 'Agree to all' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('marque.consent')))!)).toMatchObject({ analytics: true, personalisation: true });
    await goToZone(page, 'Museum');
    await page.waitForFunction(() => (window.marque?.analytics?.sent ?? 0) >= 1, undefined, { timeout: 60_000 });

    // Withdrawn on the privacy page: the device's answer changes, and the world sends nothing more.
    await page.goto(harness.url('?privacy'));
    const analyticsBox = page.getByRole('checkbox', { name: /Analytics/ });
    await expect.poll(() => analyticsBox.isChecked()).toBe(true);
    await analyticsBox.uncheck();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/analytics/')) sent.push(request.url());
    });
    await page.goto(harness.url());
    await page.getByTestId('presence').filter({ hasText: /visitors? here/ }).waitFor({ timeout: 180_000 });
    expect(await page.getByRole('dialog', { name: 'Your privacy choices' }).count()).toBe(0);
    await goToZone(page, 'Factory line');
    await goToZone(page, 'Museum');
    await page.waitForFunction(() => (window.marque?.analytics?.refused ?? 0) >= 2);
    expect(await analyticsOf(page)).toMatchObject({ sent: 0, pending: 0 });
    expect(sent).toEqual([]);
  });

  it("applies the profile's VR comfort when its owner signs in", async () => {
    const owner = account(1);
    const token = await signIn(owner);
    await api('/api/privacy/consent', { token, method: 'PUT', body: { personalisation: true, analytics: false, dealerContact: false } });
    await api('/api/profile/preferences', { token, method: 'PUT', body: { language: 'en', comfort: { locomotion: 'smooth', turning: 'snap', vignette: false, seated: true } } });
    const page = await harness.openWorld();
    await page.getByRole('dialog', { name: 'Your privacy choices' }).getByRole('button', { name: 'Only what is needed' }).click();
    expect(await page.evaluate(() => window.marque!.xr!.comfort.get())).toMatchObject({ locomotion: 'teleport', vignette: true, seated: false });
    await signInAsDemoOwner(page, 1);
    await page.waitForFunction(() => window.marque?.xr?.comfort.get().locomotion === 'smooth');
    expect(await page.evaluate(() => window.marque!.xr!.comfort.get())).toMatchObject({ locomotion: 'smooth', vignette: false, seated: true });
  });

  it('the privacy page: preferences kept with consent, everything downloaded as JSON, then erased', async () => {
    const owner = account(2);
    const page = await harness.newPage({ viewport: { width: 900, height: 900 } });
    await page.goto(harness.url('?privacy'));
    await signInAsDemoOwner(page, 2);
    await page.getByRole('checkbox', { name: /Personalisation/ }).check();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.getByRole('checkbox', { name: 'Seated' }).check();
    await page.getByRole('checkbox', { name: 'Orage' }).check();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('status').filter({ hasText: 'applied wherever you sign in' }).waitFor();
    await keepPicture(page, path.join(PICTURES, 'privacy-page.png'), { fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    const exported = JSON.parse(await downloaded(download, 'export.json')) as PersonalDataExport;
    expect(exported.subject).toBe(owner.address.toLowerCase());
    const byName = Object.fromEntries(exported.sources.map((s) => [s.name, s.data]));
    expect(byName['profile-preferences']).toEqual([expect.objectContaining({ language: 'fr', comfort: { seated: true, turning: 'snap', locomotion: 'teleport', vignette: true } })]);
    expect(byName['sign-in']).toHaveLength(1);

    await page.getByRole('textbox', { name: 'Type ERASE to confirm' }).fill('ERASE');
    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByTestId('erased').waitFor();
    await keepPicture(page, path.join(PICTURES, 'erased.png'));

    // Nothing left: the server's own copy, read with a new session (whose sign-in is the one row it makes).
    const token = await signIn(owner);
    const after = await api<PersonalDataExport>('/api/privacy/export', { token });
    // A source's data is a list of rows, or lists (and null for a single row) by part: each must be empty.
    const empty = (value: unknown): boolean =>
      value === null || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.values(value as object).every(empty));
    const left = after.sources.filter((s) => s.name !== 'sign-in' && !empty(s.data));
    expect(left.map((s) => s.name)).toEqual([]);
    const profile = await api<ProfileView>('/api/profile', { token });
    expect(profile.consent.answered).toBe(false);
    expect(profile.preferences).toEqual({});
  });

  it("the brand team's dashboard: figures from a scripted visit, each with its people, small ones withheld", async () => {
    // The visit: a guest agrees and walks museum → factory → museum; four other guests' pages send the same.
    const page = await harness.openWorld();
    await page.getByRole('dialog', { name: 'Your privacy choices' }).getByRole('button', { name: 'Agree to all' }).click();
    await goToZone(page, 'Factory line');
    await goToZone(page, 'Museum');
    await page.waitForFunction(() => (window.marque?.analytics?.sent ?? 0) >= 2, undefined, { timeout: 60_000 });
    for (let i = 0; i < 4; i++) {
      await api('/api/analytics/events', { body: { events: [{ kind: 'zone-visit', zone: 'factory', value: 30 }], consent: true, device: `e2e-scripted-guest-${i}` } });
    }
    await api('/api/analytics/events', { body: { events: [{ kind: 'car-viewed', subject: 'mistral-1957' }], consent: true, device: 'e2e-scripted-guest-0' } });

    const staff = await signIn(account(0));
    const dashboard = await api<AnalyticsDashboard>('/api/analytics/dashboard', { token: staff });
    const factory = dashboard.groups.find((g) => g.id === 'zone-visits')!.figures.find((f) => f.label === 'factory')!;
    expect(factory.people).toBeGreaterThanOrEqual(5);
    expect(factory.value).toBeGreaterThanOrEqual(5);
    const mistral = dashboard.groups.find((g) => g.id === 'cars')!.figures.find((f) => f.label === 'mistral-1957')!;
    expect(mistral).toMatchObject({ value: null });

    const console = await harness.newPage({ viewport: { width: 1100, height: 1400 } });
    await console.goto(harness.url('?staff'));
    await signInAsStaff(console);
    const section = console.getByTestId('analytics');
    const row = section.locator('[data-group="zone-visits"] [data-label="factory"]');
    await row.waitFor({ timeout: 60_000 });
    expect(Number(await row.getAttribute('data-people'))).toBe(factory.people);
    await expect.poll(() => row.textContent()).toContain(`${factory.people} people`);
    await expect.poll(() => section.locator('[data-group="cars"] [data-label="mistral-1957"]').textContent()).toContain('withheld');
    await section.scrollIntoViewIfNeeded();
    await keepPicture(section, path.join(PICTURES, 'dashboard.png'));
    const [download] = await Promise.all([console.waitForEvent('download'), section.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = await downloaded(download, 'dashboard.csv');
    expect(csv).toContain(`Zone visits,factory,visits,${factory.people},${factory.value}`);
    expect(csv).toMatch(/Cars looked at,mistral-1957,views,1,\n/);
  });
});
