import path from 'node:path';
import type { Page } from 'playwright-core';
import { createPublicClient, http } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import { CATEGORY_MATERIAL, type VariantCategory } from '../protocol/src/catalogue';
import { marqueTwinAbi } from '../protocol/src/contracts/abis';
import { DEMO_SERVICE_RECORD } from '../server/src/dev/seed';
import type { AddOn, OwnerTwin, PassportView } from '../protocol/src/twin-api';
import { enterGarage, setUpWorld, signInAsDemoOwner, signInAsStaff, TEST_OUTPUT_DIR, waitForCars, keepPicture } from './world';

// Pages render WebGL in software (SwiftShader) on two cores: steps take seconds, not milliseconds.
// Buttons are pressed with dispatchEvent('click') or the keyboard: Playwright's wait for two
// stable frames is slow on a page that draws a frame every second or so.
vi.setConfig({ testTimeout: 420_000 });

const harness = setUpWorld();

/** What a car in the scene wears: its configuration once applied, and its meshes' material names. */
async function drawnCar(page: Page, under: string, carId: string) {
  return page.evaluate(
    ([parent, id]) => {
      const car = window.marque?.scene?.getObjectByName(parent!)?.getObjectByName(`car:${id}`);
      if (!car || car.children.length === 0) return undefined;
      const materials = new Set<string>();
      car.traverse((object) => {
        const material = (object as { material?: { name: string } | { name: string }[] }).material;
        for (const m of [material ?? []].flat()) materials.add(m.name);
      });
      return { configuration: (car.userData.configuration ?? {}) as Record<string, string>, materials: [...materials] };
    },
    [under, carId],
  );
}

/** A GET on the API from the page, with the signed-in session's token. */
async function apiGet<T>(page: Page, route: string): Promise<T> {
  return page.evaluate(async (url) => {
    const token = window.marque?.session?.token;
    const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }, route) as Promise<T>;
}

/** Material names a configuration puts on a car (`paint/P-ORANGE-SOLAIRE`, `rim/W-FORGED-21`). */
function materialsOf(sets: Record<string, string | undefined>): string[] {
  return Object.entries(sets).map(([category, code]) => `${CATEGORY_MATERIAL[category as VariantCategory]}/${code}`);
}

describe("an owner's journey", () => {
  it('shows the twin in the garage, applies an add-on by a real transaction, publishes the showcase and reads the passport', async () => {
    const page = await harness.openWorld('', { viewport: { width: 800, height: 560 } });
    await signInAsDemoOwner(page, 1);
    const [twin] = await apiGet<OwnerTwin[]>(page, '/api/me/twins');
    expect(twin).toMatchObject({ tokenId: '1', model: 'astrale-2025', stage: 'Delivered' });

    // The garage: the owner's twin on the spot, in its current configuration.
    await enterGarage(page);
    const garage = page.getByRole('region', { name: /Your garage/ });
    await garage.getByRole('heading', { name: /Astrale GT #1/ }).waitFor({ timeout: 60_000 });
    await expect.poll(() => drawnCar(page, 'owners-garage', 'astrale-2025'), { timeout: 90_000 }).toMatchObject({ configuration: twin!.currentConfiguration });
    await waitForCars(page, 1);

    // The add-ons tab, reached with the keyboard.
    await garage.getByRole('tab', { name: 'Configure' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await garage.getByRole('tab', { name: 'Add-ons' }).getAttribute('aria-selected')).toBe('true');
    // An add-on this car can take and does not wear yet; a livery first, whose change shows most.
    const addOns = (await apiGet<AddOn[]>(page, '/api/addons')).sort((a, b) => Number(!a.sets.paint) - Number(!b.sets.paint));
    await garage.getByRole('list', { name: 'Add-ons' }).waitFor();
    let addOn: AddOn | undefined;
    for (const candidate of addOns) {
      if ((await garage.getByRole('button', { name: `Apply ${candidate.name}`, exact: true }).count()) > 0) {
        addOn = candidate;
        break;
      }
    }
    expect(addOn, 'an add-on the demo Astrale can take').toBeDefined();
    const sets = addOn!.sets as Record<string, string>;

    // Trying it changes the car, without a transaction.
    await garage.getByRole('button', { name: `Try ${addOn!.name}`, exact: true }).dispatchEvent('click');
    await expect.poll(() => drawnCar(page, 'owners-garage', 'astrale-2025'), { timeout: 60_000 }).toMatchObject({ configuration: sets });
    expect((await apiGet<OwnerTwin[]>(page, '/api/me/twins'))[0]!.addOns).toEqual(twin!.addOns);

    // Applying it sends MarqueTwin.applyAddOn from the owner's wallet; the garage shows it once the server has it.
    await garage.getByRole('button', { name: `Apply ${addOn!.name}`, exact: true }).dispatchEvent('click');
    await garage.getByRole('status').filter({ hasText: `${addOn!.name} is now on your Astrale GT` }).waitFor({ timeout: 90_000 });
    const chain = createPublicClient({ transport: http(harness.stack.rpcUrl) });
    const onChain = await chain.readContract({
      address: harness.stack.deployment.twin.address,
      abi: marqueTwinAbi,
      functionName: 'addOnsOf',
      args: [1n],
    });
    expect(onChain.map((id) => id.toLowerCase())).toContain(addOn!.id.toLowerCase());
    const [updated] = await apiGet<OwnerTwin[]>(page, '/api/me/twins');
    expect(updated!.addOns.map((id) => id.toLowerCase())).toContain(addOn!.id.toLowerCase());
    expect(updated!.currentConfiguration).toMatchObject(sets);
    await garage.getByRole('listitem', { name: addOn!.name }).getByText('Applied').waitFor();
    // The car wears it as its own configuration now, not as a preview.
    await expect.poll(() => drawnCar(page, 'owners-garage', 'astrale-2025'), { timeout: 60_000 }).toMatchObject({ configuration: updated!.currentConfiguration });
    const drawn = (await drawnCar(page, 'owners-garage', 'astrale-2025'))!;
    for (const material of materialsOf(sets)) expect(drawn.materials).toContain(material);
    expect(await garage.getByRole('button', { name: /Back to my car/ }).count()).toBe(0);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'garage-add-on.png'));

    // The showcase: public, with a QR code of its link.
    await garage.getByRole('tab', { name: 'Showcase' }).dispatchEvent('click');
    const toggle = garage.getByRole('switch', { name: 'Public showcase page' });
    // Private at first (a retry finds it public: it is switched off, then on again).
    if (await toggle.isChecked()) {
      await toggle.dispatchEvent('click');
      await garage.getByText(/Private: only you/).waitFor({ timeout: 30_000 });
    }
    await toggle.dispatchEvent('click');
    await expect.poll(() => toggle.isChecked(), { timeout: 30_000 }).toBe(true);
    await garage.getByText(/Anyone with the link/).waitFor({ timeout: 30_000 });
    expect((await apiGet<OwnerTwin[]>(page, '/api/me/twins'))[0]!.showcasePublic).toBe(true);
    const qr = garage.getByRole('img', { name: /QR code of the showcase page/ });
    expect(await qr.getAttribute('data-value')).toBe(updated!.showcaseUrl);
    expect(updated!.showcaseUrl).toMatch(/\?showcase=1$/);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'garage-showcase.png'));

    // A guest (another browser context, no wallet) opens it: the car as it is now, no owner.
    const guest = await harness.browser.newPage({ viewport: { width: 390, height: 700 } });
    try {
      guest.on('pageerror', (error) => console.error(`[guest] ${error.message}`));
      await guest.goto(harness.url('?showcase=1'));
      const card = guest.getByRole('article', { name: 'Astrale GT' });
      await card.waitFor({ timeout: 60_000 });
      const facts = await card.locator('dl').innerText();
      // (innerText follows the labels' text-transform.)
      expect(facts).toMatch(/Year\s+2025/i);
      expect(facts).toMatch(/Stage\s+Delivered/i);
      expect(facts).toMatch(/Version\s+2\.0/i);
      expect(facts).toMatch(/Service records\s+1 certified/i);
      const ownerAddress = await page.evaluate(() => window.marque!.session!.address);
      expect((await guest.content()).toLowerCase()).not.toContain(ownerAddress.toLowerCase());
      await guest.waitForFunction(() => window.marque?.scene?.getObjectByName('car:astrale-2025')?.userData.configuration != null, null, { timeout: 90_000 });
      const shown = await guest.evaluate(() => window.marque!.scene!.getObjectByName('car:astrale-2025')!.userData.configuration as Record<string, string>);
      expect(shown).toMatchObject(sets);
      await keepPicture(guest, path.join(TEST_OUTPUT_DIR, 'showcase.png'));

      // Another owner's showcase is private; a twin that was never minted does not exist.
      await guest.goto(`${harness.stack.url}/?showcase=2`);
      await guest.getByRole('alert').filter({ hasText: 'This showcase is private' }).waitFor({ timeout: 30_000 });
      await guest.goto(`${harness.stack.url}/?showcase=999`);
      await guest.getByRole('alert').filter({ hasText: /No Marque digital twin #999 exists/ }).waitFor({ timeout: 30_000 });
    } finally {
      await guest.close();
    }

    // The service lounge: the delivered car's passport with the dealer's first inspection.
    await page.getByRole('button', { name: 'Service lounge' }).dispatchEvent('click');
    await page.getByTestId('presence').filter({ hasText: /^Service lounge ·/ }).waitFor({ timeout: 60_000 });
    const passport = await apiGet<PassportView>(page, '/api/twins/1/passport');
    const entry = passport.entries[0]!;
    expect(entry).toMatchObject({ kind: 'inspection', mileage: DEMO_SERVICE_RECORD.mileage });
    const records = page.getByRole('region', { name: /Service passport/ }).getByRole('list', { name: 'Passport records' });
    await records.waitFor({ timeout: 30_000 });
    const record = await records.getByRole('listitem').first().innerText();
    expect(record).toContain('Inspection');
    expect(record).toContain(`${DEMO_SERVICE_RECORD.mileage.toLocaleString('en-US')} km`);
    // The dealer by name (the seed lists the staff account that signed it), else by short address.
    expect(record).toContain(entry.dealerName?.name ?? `${entry.dealer.slice(0, 6)}…${entry.dealer.slice(-4)}`);
    expect(entry.dealerName).toBeDefined();
    if (entry.details) expect(record).toContain(entry.details.summary);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-passport.png'));
  });

  it('shows a car being built at the station its twin has reached, with the timeline of its stages', async () => {
    const page = await harness.openWorld('?zone=factory', { viewport: { width: 800, height: 560 }, cars: 1 });
    await signInAsDemoOwner(page, 2);
    const [twin] = await apiGet<OwnerTwin[]>(page, '/api/me/twins');
    expect(twin).toMatchObject({ model: 'aurore-1964', stage: 'Paint' });

    const timeline = page.getByRole('region', { name: /Your car at the factory/ });
    await timeline.waitFor({ timeout: 60_000 });
    const steps = timeline.getByRole('list', { name: 'Production stages' }).getByRole('listitem');
    expect(await steps.count()).toBe(6);
    const current = timeline.locator('[aria-current="step"]');
    expect(await current.innerText()).toMatch(/Paint shop/);
    // Reached stages carry their dates; those ahead say so.
    expect(await steps.nth(0).locator('time').getAttribute('datetime')).toBe(twin!.stages[0]!.at);
    expect(await steps.nth(5).innerText()).toMatch(/Ahead/);

    // The owner's Aurore stands at the paint station.
    await expect
      .poll(() => page.evaluate(() => window.marque?.scene?.getObjectByName('anchor_station_paint')?.getObjectByName('car:aurore-1964')?.children.length ?? 0), { timeout: 90_000 })
      .toBeGreaterThan(0);
    await waitForCars(page, 1);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'factory-timeline.png'));
  });

  it("lets a dealer file a signed service record from the lounge's console, and refuses a mileage that goes down", async () => {
    const page = await harness.openWorld('', { viewport: { width: 800, height: 720 } });
    await signInAsStaff(page);
    await page.getByRole('button', { name: 'Service lounge' }).dispatchEvent('click');
    await page.getByTestId('presence').filter({ hasText: /^Service lounge ·/ }).waitFor({ timeout: 60_000 });
    const console_ = page.getByRole('region', { name: /Dealer console/ });
    await console_.getByRole('heading', { name: /Astrale GT · Twin #1/ }).waitFor({ timeout: 60_000 });
    const records = console_.getByRole('list', { name: 'Passport records' });
    await records.waitFor({ timeout: 30_000 });
    const before = (await apiGet<PassportView>(page, '/api/twins/1/passport')).entries.length;
    const form = console_.getByRole('form', { name: 'New service record' });

    // Below the last record's mileage: refused before anything is signed, nothing stored.
    await form.getByLabel('Mileage (km)').fill('900');
    await form.getByLabel('Summary').fill('Oil change');
    await form.getByRole('button', { name: 'Sign and file' }).dispatchEvent('click');
    await console_.getByRole('alert').filter({ hasText: /a car's mileage never goes down/ }).waitFor({ timeout: 10_000 });
    expect((await apiGet<PassportView>(page, '/api/twins/1/passport')).entries).toHaveLength(before);

    // A repair: signed by the dealer's wallet (EIP-712), relayed on chain, shown in the passport.
    await form.getByLabel('Kind').selectOption('repair');
    await form.getByLabel('Mileage (km)').fill('4200');
    await form.getByLabel('Workshop').fill('Marque Lyon');
    await form.getByLabel('Parts (comma-separated)').fill('Front brake pads, Brake fluid');
    await form.getByLabel('Summary').fill('Front brake pads replaced; brake fluid changed.');
    await form.getByRole('button', { name: 'Sign and file' }).dispatchEvent('click');
    await console_.getByRole('status').filter({ hasText: /filed on chain/ }).waitFor({ timeout: 60_000 });
    const passport = await apiGet<PassportView>(page, '/api/twins/1/passport');
    expect(passport.entries).toHaveLength(before + 1);
    expect(passport.entries.at(-1)).toMatchObject({
      kind: 'repair',
      mileage: 4200,
      details: { summary: 'Front brake pads replaced; brake fluid changed.', workshop: 'Marque Lyon', parts: ['Front brake pads', 'Brake fluid'] },
    });
    await expect.poll(() => records.getByRole('listitem').first().innerText(), { timeout: 30_000 }).toContain('Front brake pads replaced');
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-dealer-console.png'));
  });
});
