import path from 'node:path';
import type { Page } from 'playwright-core';
import { Vector3 } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { createPublicClient, createWalletClient, http } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { beforeAll } from 'vitest';
import { marqueTwinAbi } from '../protocol/src/contracts/abis';
import type { AppointmentView, PassportLinkCreated } from '../protocol/src/journey-api';
import { keepPicture, setUpWorld, signInAsDemoOwner, signInAsStaff, TEST_OUTPUT_DIR, waitForCars } from './world';
import { inOrigin, rayPress, xrFrames } from './xr';
import { answerConsentIfAsked, callApi, callApiFromPage, chainAccount, signInThroughApi, type ApiSession } from './api';

// Pages render WebGL in software (SwiftShader) on two cores: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 400_000 });

const harness = setUpWorld();

/** The configuration the museum's current model wears, and its material names, as drawn. */
function museumCar(page: Page): Promise<{ configuration?: Record<string, string>; materials: string[] } | undefined> {
  return page.evaluate(() => {
    let car: import('three').Object3D | undefined;
    window.marque?.scene?.traverse((object) => {
      if (object.name === 'car:astrale-2025' && object.children.length > 0 && !car) car = object;
    });
    if (!car) return undefined;
    const materials = new Set<string>();
    car.traverse((object) => {
      const material = (object as { material?: { name: string } | { name: string }[] }).material;
      for (const m of [material ?? []].flat()) materials.add(m.name);
    });
    return { configuration: car.userData.configuration as Record<string, string> | undefined, materials: [...materials].sort() };
  });
}

/** Signs in as demo owner 1 and goes to the service lounge, where their delivered Astrale stands with its manual's markers. */
async function ownerInLounge(page: Page): Promise<void> {
  await answerConsentIfAsked(page, { within: 10_000 });
  // Signed in, the answer this device gave stands for the account: no second question.
  await signInAsDemoOwner(page, 1);
  await page.getByRole('button', { name: 'Service lounge' }).dispatchEvent('click');
  await page
    .getByTestId('presence')
    .filter({ hasText: /^Service lounge ·/ })
    .waitFor({ timeout: 120_000 })
    .catch(async (error: unknown) => {
      await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual-not-in.png'));
      throw error;
    });
  await waitForCars(page, 1);
  await page
    .waitForFunction(() => window.marque?.scene?.getObjectByName('manual:hotspot:tyre-pressures') != null, null, { timeout: 90_000 })
    .catch(async (error: unknown) => {
      const seen = await page.evaluate(() => {
        const names: string[] = [];
        window.marque?.scene?.traverse((o) => void (o.name.startsWith('manual:') || o.name.startsWith('car:') ? names.push(o.name) : undefined));
        return names;
      });
      await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual-no-hotspots.png'));
      throw new Error(`no manual hotspots on the car; the scene has ${seen.join(', ') || 'no car'}`, { cause: error });
    });
}

describe('a configurator for everyone (museum)', () => {
  it('a guest configures the current model on the car in the hall, saves and shares it, sends it to a dealer with consent; the dealer sees it; the link reopens it', async () => {
    // Marque staff registers a dealer the build can go to (the registry is the staff console's; its API here,
    // so that one world page at a time is drawn in software).
    const staffSession = await signInThroughApi(harness, chainAccount(0));
    const staffAddress = staffSession.address;
    await callApi(harness, '/api/ops/dealers', { auth: staffSession.token, body: { address: staffAddress, name: 'Marque Paris Étoile', city: 'Paris', kind: 'dealer' } });

    // A guest, no wallet, in the museum.
    const page = await harness.openWorld('', { viewport: { width: 960, height: 720 } });
    await answerConsentIfAsked(page, { within: 10_000 });
    const panel = page.getByTestId('museum-configurator');
    await panel.getByRole('button', { name: 'Configure' }).click();
    await panel.getByRole('group', { name: 'Paint' }).getByRole('radio', { name: 'Rouge Passion' }).check();
    await panel.getByRole('group', { name: 'Brake calipers' }).getByRole('radio', { name: 'Bleu Électrique' }).check();
    // The car in the hall wears it: its paint and calipers switch to the catalogue's materials.
    await expect.poll(() => museumCar(page), { timeout: 90_000 }).toMatchObject({ configuration: { paint: 'P-ROUGE-PASSION', caliper: 'C-BLEU' } });
    const drawn = (await museumCar(page))!;
    expect(drawn.materials).toContain('paint/P-ROUGE-PASSION');
    expect(drawn.materials).toContain('caliper/C-BLEU');
    await waitForCars(page, 1);

    // Bad input, refused with the reason: a code the catalogue does not know, a request without consent.
    const badBuild = await callApiFromPage(page, '/api/builds', { method: 'POST', body: { model: 'astrale-2025', configuration: { paint: 'P-ROSE-BONBON' } } });
    expect([badBuild.status, badBuild.body.reason]).toEqual([400, 'bad-configuration']);
    expect(String(badBuild.body.details)).toMatch(/P-ROSE-BONBON/);

    await panel.getByRole('button', { name: 'Save and share this build' }).click();
    const saved = panel.locator('.saved-build');
    await saved.waitFor({ timeout: 30_000 });
    const id = (await saved.getAttribute('data-build'))!;
    const link = await panel.getByRole('textbox', { name: 'Link to this build' }).inputValue();
    expect(link).toMatch(new RegExp(`\\?zone=museum&build=${id}$`));
    expect(await panel.getByRole('img', { name: /QR code of your Astrale GT build/ }).getAttribute('data-value')).toBe(link);
    const stored = await callApiFromPage(page, `/api/builds/${id}`);
    expect(stored.body.configuration).toMatchObject({ paint: 'P-ROUGE-PASSION', caliper: 'C-BLEU' });
    expect(JSON.stringify(stored.body)).not.toMatch(/price|discount|€/i);

    await panel.getByRole('button', { name: 'Send this build to a dealer…' }).click();
    const form = panel.getByRole('form', { name: 'Send this build to a dealer' });
    await form.getByLabel('Dealer', { exact: true }).selectOption({ label: 'Marque Paris Étoile · Paris' });
    await form.getByLabel('Your name', { exact: true }).fill('Camille Martin');
    await form.getByLabel('E-mail', { exact: true }).fill('camille@example.com');
    await form.getByLabel('Message (optional)', { exact: true }).fill('A test drive on a Saturday, please.');
    // Without the consent box ticked, nothing is sent; the server refuses it too.
    await form.getByRole('button', { name: 'Send to the dealer' }).click();
    await form.getByRole('alert').filter({ hasText: /tick the consent box/ }).waitFor();
    const noConsent = await callApiFromPage(page, '/api/leads', { method: 'POST', body: { buildId: id, dealer: staffAddress.toLowerCase(), name: 'X', contact: { email: 'x@example.com' }, consent: false } });
    expect(noConsent.status).toBe(400);
    expect(String(noConsent.body.details)).toMatch(/consent/);

    await form.getByRole('checkbox').check();
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'museum-configurator.png'));
    await form.getByRole('button', { name: 'Send to the dealer' }).click();
    await panel.getByTestId('lead-sent').getByText(/Sent\. Marque Paris Étoile has your build/).waitFor({ timeout: 30_000 });
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'museum-configurator-sent.png'));
    await page.evaluate(() => window.marque?.connection?.leave());
    await page.close();

    // The dealer (the staff wallet) sees it in the lounge's dealer console, with the build.
    const staff = await harness.openWorld('', { viewport: { width: 900, height: 720 } });
    await answerConsentIfAsked(staff, { within: 10_000 });
    await signInAsStaff(staff);
    await staff.getByRole('button', { name: 'Service lounge' }).dispatchEvent('click');
    await staff.getByTestId('presence').filter({ hasText: /^Service lounge ·/ }).waitFor({ timeout: 90_000 });
    const leads = staff.getByTestId('dealer-leads');
    const lead = leads.locator('.dealer-lead').filter({ hasText: 'Camille Martin' });
    await lead.waitFor({ timeout: 60_000 });
    expect(await lead.innerText()).toMatch(new RegExp(`camille@example\\.com[\\s\\S]*A test drive on a Saturday[\\s\\S]*build ${id}[\\s\\S]*Paint Rouge Passion[\\s\\S]*Brake calipers Bleu Électrique`));
    await lead.scrollIntoViewIfNeeded();
    await keepPicture(staff, path.join(TEST_OUTPUT_DIR, 'dealer-console-builds.png'));
    await staff.evaluate(() => window.marque?.connection?.leave());
    await staff.close();

    // The link opens the museum with that build on the car, and the panel open on it.
    const shared = await harness.openWorld(`?zone=museum&build=${id}`, { viewport: { width: 960, height: 720 } });
    await answerConsentIfAsked(shared, { within: 10_000 });
    const reopened = shared.getByTestId('museum-configurator');
    await reopened.locator(`.saved-build[data-build="${id}"]`).waitFor({ timeout: 60_000 });
    await expect.poll(() => museumCar(shared), { timeout: 90_000 }).toMatchObject({ configuration: { paint: 'P-ROUGE-PASSION', caliper: 'C-BLEU' } });
  });
});

describe("the car's manual (service lounge)", () => {
  it('hotspots on the owner\'s car open how-to topics with steps and pictures; the manual is searchable in the 3D page and on the flat page', async () => {
    const page = await harness.openWorld('', { viewport: { width: 1000, height: 720 } });
    await ownerInLounge(page);
    const panel = page.getByTestId('manual-panel');
    await panel.waitFor({ timeout: 60_000 });

    // Every topic of the manual has its marker on the car.
    const manual = (await callApiFromPage(page, '/api/manuals/astrale-2025')).body as { topics: { id: string; title: string }[] };
    await expect
      .poll(() => page.evaluate((ids) => ids.filter((id) => window.marque!.scene!.getObjectByName(`manual:hotspot:${id}`)).length, manual.topics.map((t) => t.id)), { timeout: 60_000 })
      .toBe(manual.topics.length);

    // A click on a marker the camera sees opens its topic in the panel (folded away, as are the
    // lounge's other panels, so that they cover no marker).
    for (const region of await page.locator('.hung-panel').all()) {
      const hide = region.getByRole('button', { name: 'Hide', exact: true });
      if (await hide.count()) await hide.first().click();
    }
    const target = await page.evaluate((ids) => {
      const camera = window.marque!.travel!.camera!;
      const canvas = document.querySelector('canvas')!.getBoundingClientRect();
      for (const id of ids) {
        const marker = window.marque!.scene!.getObjectByName(`manual:hotspot:${id}`)!;
        const at = marker.getWorldPosition(marker.position.clone()).project(camera);
        const x = canvas.left + ((at.x + 1) / 2) * canvas.width;
        const y = canvas.top + ((1 - at.y) / 2) * canvas.height;
        // In view, and not under a panel.
        if (Math.abs(at.x) < 0.97 && Math.abs(at.y) < 0.95 && at.z < 1 && document.elementFromPoint(x, y)?.tagName === 'CANVAS') return { id, x, y };
      }
      return undefined;
    }, manual.topics.map((t) => t.id));
    if (!target) await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual-no-marker.png'));
    expect(target, 'a marker in view').toBeDefined();
    await page.mouse.click(target!.x, target!.y);
    await expect.poll(() => panel.getAttribute('data-topic'), { timeout: 30_000 }).toBe(target!.id);
    const title = manual.topics.find((t) => t.id === target!.id)!.title;
    await panel.getByRole('heading', { name: title }).waitFor();
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual-hotspot.png'));

    // Searchable: a word finds its topic, with its steps and pictures drawn; nonsense says so.
    const search = panel.getByRole('searchbox', { name: 'Search the manual' });
    await search.fill('tyre pressure');
    // From the keyboard: the results are buttons in the panel's tab order.
    await panel.getByRole('button', { name: /Tyre pressures/ }).focus();
    await page.keyboard.press('Enter');
    const steps = panel.getByRole('list').filter({ has: page.locator('.manual-picture') });
    expect(await steps.getByRole('listitem').count()).toBe(3);
    expect(await panel.innerText()).toMatch(/2\.5 bar \(36 psi\)/);
    await expect.poll(() => panel.locator('img.manual-picture').evaluateAll((images) => images.map((i) => (i as HTMLImageElement).naturalWidth)), { timeout: 10_000 }).toEqual([120]);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual.png'));
    await search.fill('xylophone');
    await panel.getByText(/Nothing in the manual matches “xylophone”/).waitFor();

    // The flat page has the same manual, in its flow.
    const flat = await harness.newPage({ viewport: { width: 800, height: 900 } });
    await flat.goto(harness.url('?flat'), { timeout: 120_000 });
    await flat.getByTestId('presence').filter({ hasText: /visitors? here/ }).waitFor({ timeout: 120_000 });
    await answerConsentIfAsked(flat, { within: 10_000 });
    await signInAsDemoOwner(flat, 1);
    await flat.getByRole('navigation', { name: 'Zones' }).getByRole('button', { name: 'Service lounge', exact: true }).click();
    const flatManual = flat.getByTestId('manual-panel');
    await flatManual.waitFor({ timeout: 90_000 });
    await flatManual.getByRole('searchbox', { name: 'Search the manual' }).fill('trunk');
    await flatManual.getByRole('button', { name: /Opening the boot/ }).click();
    await flatManual.getByText(/sweep a foot under the middle of the rear bumper/).waitFor();
    await keepPicture(flat, path.join(TEST_OUTPUT_DIR, 'flat-manual.png'), { fullPage: true });
  });
  it('in a headset, a controller ray pressed on a hotspot opens its topic on a panel in front of the visitor, whose Close button shuts it', async () => {
    const page = await harness.openWorld('?xrtest', { viewport: { width: 640, height: 480 } });
    await ownerInLounge(page);
    await page.getByRole('button', { name: 'Enter VR' }).dispatchEvent('click');
    await page.getByRole('button', { name: 'Exit VR' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      window.xrDevice!.position.set(0, 1.6, 0);
      window.xrDevice!.quaternion.set(0, 0, 0, 1);
    });
    await xrFrames(page, 3);

    // The hand held half a metre out from the tyre's marker (away from the car), the ray on the marker.
    const [marker, hand] = await page.evaluate(() => {
      const scene = window.marque!.scene!;
      const dot = scene.getObjectByName('manual:hotspot:tyre-pressures')!;
      const car = scene.getObjectByName('manual:car')!;
      const at = dot.getWorldPosition(dot.position.clone());
      const centre = car.getWorldPosition(dot.position.clone());
      const out = at.clone().sub(centre).setY(0).normalize().multiplyScalar(0.5);
      return [at.toArray(), at.clone().add(out).setY(at.y + 0.25).toArray()] as const;
    });
    const [target, from] = await inOrigin(page, [marker, hand]);
    await rayPress(page, from!, target!);
    await page.waitForFunction(() => window.marque!.scene!.getObjectByName('manual:vr-panel')?.visible === true, null, { timeout: 60_000, polling: 100 });
    await xrFrames(page, 2);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual-vr.png'));

    const close = await page.evaluate(() => {
      const button = window.marque!.scene!.getObjectByName('manual:vr-panel:close')!;
      return button.getWorldPosition(button.position.clone()).toArray();
    });
    const [closeAt] = await inOrigin(page, [close]);
    // From a hand held at the chest (the head is 1.6 m above the origin), as a visitor points.
    await rayPress(page, new Vector3(0.15, 1.25, -0.1), closeAt!);
    await page.waitForFunction(() => window.marque!.scene!.getObjectByName('manual:vr-panel') == null, null, { timeout: 60_000, polling: 100 });
  });
});

// ── Issue 20, passport verification and service appointments (server/src/journey, client/src/journey) ──
// Twin 3 (demo owner 3) is these parts': it is booked, serviced and sold here, and no other test uses
// it; twin 1's owner only makes and withdraws links.

/** A wallet's session token, signed in through the API as the page would (SIWE). */
const sessionToken = async (wallet: HDAccount): Promise<string> => (await signInThroughApi(harness, wallet)).token;

/** Calls the API with a session; a write gets a fresh idempotency key (the operations API asks for one). */
const call = <T>(route: string, token: string, body?: unknown): Promise<T> => callApi<T>(harness, route, { auth: token, body });

/** Opens the world, signs in with the demo wallet `wallet` (a menu label) and walks into the service lounge. */
async function journeyLounge(wallet: RegExp, height = 900): Promise<Page> {
  const page = await harness.openWorld('', { viewport: { width: 900, height } });
  await answerConsentIfAsked(page);
  await page.getByRole('button', { name: 'Sign in' }).dispatchEvent('click');
  await page.getByRole('menuitem', { name: wallet }).dispatchEvent('click');
  await page.getByText(/Signed in · 0x/).waitFor({ timeout: 30_000 });
  await answerConsentIfAsked(page);
  await page.getByRole('button', { name: 'Service lounge' }).dispatchEvent('click');
  await page.getByTestId('presence').filter({ hasText: /^Service lounge ·/ }).waitFor({ timeout: 120_000 });
  return page;
}

describe('service appointments (service lounge, dealer console)', () => {
  beforeAll(async () => {
    // The staff wallet (a dealer on chain) in the dealer registry, named as the operations file names it.
    const staff = chainAccount(0);
    await call('/api/ops/dealers', await sessionToken(staff), { address: staff.address, name: 'Marque Paris-Étoile', city: 'Paris', kind: 'dealer' });
  });

  it('an owner asks from the lounge, the dealer confirms in the console, and the visit’s record refers to the appointment', async () => {
    const owner = await journeyLounge(/Demo owner 3/);
    const section = owner.getByRole('region', { name: 'Service appointments' });
    const form = section.getByRole('form', { name: 'Request an appointment' });
    await form.waitFor({ timeout: 60_000 });

    // Bad input, refused with a reason: a time gone by (the form), a city with no dealer (the server).
    await form.getByLabel('Dealer', { exact: true }).selectOption({ label: 'Marque Paris-Étoile, Paris' });
    await form.getByLabel('Preferred time').fill('2020-01-01T10:00');
    await form.getByRole('button', { name: 'Request the appointment' }).dispatchEvent('click');
    await section.getByRole('alert').filter({ hasText: /has passed: choose a time to come/ }).waitFor();
    const later = await owner.evaluate(() => {
      const t = new Date(Date.now() + 50 * 3_600_000);
      t.setMinutes(0, 0, 0);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:00`;
    });
    await form.getByLabel('Preferred time').fill(later);
    await form.getByLabel('Dealer', { exact: true }).selectOption({ value: '' });
    await form.getByLabel('City').fill('Atlantis');
    await form.getByRole('button', { name: 'Request the appointment' }).dispatchEvent('click');
    await section.getByRole('alert').filter({ hasText: 'there is no Marque dealer in "Atlantis"' }).waitFor({ timeout: 30_000 });

    // The request: the registered dealer, a repair, a note.
    await form.getByLabel('Dealer', { exact: true }).selectOption({ label: 'Marque Paris-Étoile, Paris' });
    await form.getByLabel('Reason').selectOption('repair');
    await form.getByLabel('Note for the dealer').fill('A rattle from the rear left at low speed');
    await form.getByRole('button', { name: 'Request the appointment' }).dispatchEvent('click');
    const requested = section.getByRole('status').filter({ hasText: /Appointment #\d+ requested from Marque Paris-Étoile/ });
    await requested.waitFor({ timeout: 30_000 });
    const id = /#(\d+)/.exec(await requested.innerText())![1]!;
    await section.getByTestId(`appointment-${id}`).filter({ hasText: 'Requested' }).waitFor();
    await keepPicture(owner, path.join(TEST_OUTPUT_DIR, 'journey-owner-appointment.png'));
    // One world page at a time: two rendering in software on a loaded machine starve each other.
    await owner.evaluate(() => window.marque?.connection?.leave()).catch(() => {});
    await owner.close();

    // The dealer sees it in the console and confirms the owner's time.
    const dealer = await journeyLounge(/Marque staff/, 1000);
    const console_ = dealer.getByRole('region', { name: /Dealer console/ });
    const request = console_.getByRole('region', { name: 'Appointment requests' }).getByTestId(`appointment-${id}`);
    await request.filter({ hasText: 'A rattle from the rear left at low speed' }).waitFor({ timeout: 60_000 });
    await request.getByRole('button', { name: /^Confirm / }).first().dispatchEvent('click');
    await request.getByTestId('appointment-state').filter({ hasText: /^Confirmed: / }).waitFor({ timeout: 30_000 });

    // The owner reads the confirmation and its history.
    const ownerToken = await sessionToken(chainAccount(3));
    const confirmed = (await call<AppointmentView[]>('/api/appointments?as=owner', ownerToken)).find((a) => a.id === id)!;
    expect(confirmed).toMatchObject({ state: 'confirmed', note: 'A rattle from the rear left at low speed', reason: 'repair' });
    expect(confirmed.history.map((h) => `${h.by} ${h.action}`)).toEqual(['owner requested', 'dealer confirmed']);

    // After the visit the dealer files the car's record with the appointment: it is then completed.
    await console_.getByLabel('Twin number').fill('3');
    await console_.getByRole('button', { name: 'Open' }).dispatchEvent('click');
    const record = console_.getByRole('form', { name: 'New service record' });
    await record.getByLabel('Appointment', { exact: true }).waitFor({ timeout: 60_000 });
    await record.getByLabel('Appointment', { exact: true }).selectOption({ value: id });
    await record.getByLabel('Kind').selectOption('repair');
    await record.getByLabel('Mileage (km)').fill('420');
    await record.getByLabel('Summary').fill('Rear left trim clip refitted');
    await record.getByRole('button', { name: 'Sign and file' }).dispatchEvent('click');
    await console_.getByRole('status').filter({ hasText: /filed on chain/ }).waitFor({ timeout: 90_000 });
    // The console moves it to its past appointments (folded away), completed.
    await console_
      .getByRole('list', { name: 'Past appointments', includeHidden: true })
      .getByTestId(`appointment-${id}`)
      .filter({ hasText: 'Completed — in the passport' })
      .waitFor({ state: 'attached', timeout: 30_000 });
    const [done] = (await call<AppointmentView[]>('/api/appointments?as=owner', ownerToken)).filter((a) => a.id === id);
    expect(done).toMatchObject({ state: 'completed', visit: { recordIndex: 0 } });
    await keepPicture(dealer, path.join(TEST_OUTPUT_DIR, 'journey-dealer-console.png'));
  });
});

describe('a passport a buyer can trust (?verify=)', () => {
  it('the owner shares a link and QR code; a buyer with no wallet reads the certified history, each hash checked on chain', async () => {
    const owner = await journeyLounge(/Demo owner 1/);
    const share = owner.getByRole('region', { name: 'Share with a buyer' });
    await share.getByRole('button', { name: 'Make a verification link' }).waitFor({ timeout: 60_000 });
    await share.getByRole('button', { name: 'Make a verification link' }).dispatchEvent('click');
    const qr = share.getByRole('img', { name: 'QR code of the verification link' });
    await qr.waitFor({ timeout: 30_000 });
    const url = (await qr.getAttribute('data-value'))!;
    expect(url).toMatch(new RegExp(`^${harness.stack.url}/\\?verify=[A-Za-z0-9_-]{32}$`));

    const visitor = await harness.newPage({ viewport: { width: 420, height: 900 } });
    await visitor.goto(url);
    await visitor.getByRole('heading', { name: /Astrale GT/ }).waitFor({ timeout: 60_000 });
    expect(await visitor.getByTestId('verify-owners').innerText()).toBe('1');
    await visitor.getByTestId('verify-proof').filter({ hasText: /(All \d+ records match the hashes|The record matches the hash) on chain 31337/ }).waitFor({ timeout: 30_000 });
    const records = visitor.getByRole('region', { name: 'Certified service records' }).getByRole('listitem');
    expect(await records.count()).toBeGreaterThan(0);
    expect(await visitor.locator('.verify-record[data-proof="certified"]').count()).toBe(await records.count());
    expect(await visitor.getByRole('region', { name: 'Mileage over time' }).locator('circle').count()).toBe(await records.count());
    expect(await visitor.getByRole('region', { name: 'Production' }).getByRole('listitem').count()).toBe(6);
    const text = (await visitor.locator('body').innerText()).toLowerCase();
    for (const who of [chainAccount(1).address, chainAccount(0).address]) expect(text).not.toContain(who.slice(2, 10).toLowerCase());
    await keepPicture(visitor, path.join(TEST_OUTPUT_DIR, 'journey-verify.png'), { fullPage: true });

    // Withdrawn by the owner: the buyer's page says so.
    const links = share.getByRole('list', { name: 'Verification links' });
    await links.getByRole('button', { name: /^Withdraw link #/ }).first().dispatchEvent('click');
    await links.locator('li[data-state="revoked"]').first().waitFor({ timeout: 30_000 });
    await visitor.reload();
    await visitor.getByRole('alert').filter({ hasText: 'This link was withdrawn' }).waitFor({ timeout: 30_000 });

    // A link that was never made.
    await visitor.goto(`${harness.stack.url}/?verify=not-a-real-link`);
    await visitor.getByRole('alert').filter({ hasText: 'This link is not known' }).waitFor({ timeout: 30_000 });
  });

  it("after a sale the seller's link stops working, and the buyer's own link counts two owners", async () => {
    const seller = chainAccount(3);
    const buyer = chainAccount(7);
    const link = await call<PassportLinkCreated>('/api/twins/3/passport-links', await sessionToken(seller), { validDays: 7 });
    const visitor = await harness.newPage({ viewport: { width: 420, height: 900 } });
    await visitor.goto(link.url);
    await visitor.getByTestId('verify-owners').filter({ hasText: '1' }).waitFor({ timeout: 60_000 });

    const chain = createPublicClient({ transport: http(harness.stack.rpcUrl) });
    const wallet = createWalletClient({ account: seller, transport: http(harness.stack.rpcUrl) });
    const hash = await wallet.writeContract({ chain: null, address: harness.stack.deployment.twin.address, abi: marqueTwinAbi, functionName: 'transferFrom', args: [seller.address, buyer.address, 3n] });
    await chain.waitForTransactionReceipt({ hash });

    await visitor.reload();
    await visitor.getByRole('alert').filter({ hasText: 'This car has changed hands' }).waitFor({ timeout: 30_000 });
    // Once the index has the transfer, the new owner's own link shows the whole history and two owners.
    const buyerToken = await sessionToken(buyer);
    await expect.poll(async () => (await call<{ tokenId: string }[]>('/api/me/twins', buyerToken)).map((t) => t.tokenId), { timeout: 30_000 }).toContain('3');
    const theirs = await call<PassportLinkCreated>('/api/twins/3/passport-links', buyerToken, { validDays: 1 });
    await visitor.goto(theirs.url);
    await visitor.getByTestId('verify-owners').filter({ hasText: '2' }).waitFor({ timeout: 60_000 });
  });
});

// ── News while waiting and owning: the notification centre ──────────────────────────────────────
// A car ordered for account 12 (no other test uses it): its stages reach the owner's bell, a mail
// reaches the local outbox page (the stack runs without SMTP_URL), and preferences turn a kind off.

/** Signs account `index` of the local chain in (SIWE, as the page does) and answers the session the page keeps. */
const newsSession = (index: number): Promise<ApiSession> => signInThroughApi(harness, chainAccount(index));

/** Moves twin `tokenId` to `stage` through the operations API and waits until the index has it. */
async function newsStage(staffToken: string, tokenId: string, stage: string): Promise<void> {
  await call('/api/ops/stages', staffToken, { changes: [{ tokenId, stage, happenedAt: new Date().toISOString() }] });
  await expect.poll(async () => (await call<{ stage: string }>(`/api/ops/twins/${tokenId}/stages`, staffToken)).stage, { timeout: 60_000, interval: 200 }).toBe(stage);
}

describe('news while waiting and owning (notification centre)', () => {
  it("a stage of the owner's car on order reaches the bell, is marked read, and is mailed to the local outbox page; a kind turned off for mail stays in the bell only; bad input is refused", async () => {
    const staff = await newsSession(0);
    const owner = await newsSession(12);
    const orderRef = `NEWS-${Date.now()}`;
    const { id } = await call<{ id: number }>('/api/ops/orders', staff.token, {
      orderRef,
      model: 'astrale-2025',
      configuration: { paint: 'P-GRAPHITE-MAT', wheel: 'W-FORGED-21', caliper: 'C-ROUGE', interior: 'I-ALCANTARA', trim: 'T-CHROME-FONCE' },
      owner: owner.address,
    });
    let tokenId = '';
    await expect
      .poll(async () => ((tokenId = (await call<{ state: string; tokenId?: string }>(`/api/ops/orders/${id}`, staff.token)).tokenId ?? ''), tokenId), { timeout: 120_000, interval: 250 })
      .not.toBe('');

    // The owner's page, signed in as the page keeps a session; the bell is in the 3D app's top bar.
    const page = await harness.newPage({ viewport: { width: 900, height: 800 } });
    await page.addInitScript((session) => sessionStorage.setItem('marque.session', session), JSON.stringify(owner));
    await page.goto(harness.url(''));
    const bell = page.getByTestId('notification-bell');
    await bell.waitFor({ timeout: 120_000 });
    await answerConsentIfAsked(page);
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    // The bell and its panel sit in the top bar's corner: the middle of the page stays the world's, open or closed.
    const middleIsBell = () => page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('.notification-bell') != null);
    expect(await middleIsBell()).toBe(false);

    // A mail address for news, in the preferences.
    await bell.dispatchEvent('click');
    await page.getByRole('button', { name: 'Preferences' }).dispatchEvent('click');
    const preferences = page.getByTestId('notification-preferences');
    await preferences.getByLabel('Email for news').fill('owner12@example.test');
    await preferences.getByRole('button', { name: 'Save' }).dispatchEvent('click');
    await expect.poll(async () => (await call<{ email?: string }>('/api/notifications/preferences', owner.token)).email, { timeout: 30_000 }).toBe('owner12@example.test');
    await bell.dispatchEvent('click');

    // The factory moves the car: the bell counts it (its poll, within half a minute), the list says it.
    await newsStage(staff.token, tokenId, 'BodyShop');
    await page.getByTestId('notification-unread').filter({ hasText: /^1$/ }).waitFor({ timeout: 90_000 });
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.dispatchEvent('click');
    // The panel opens where it was left (the preferences): back to the news.
    await page.getByRole('button', { name: 'News' }).dispatchEvent('click');
    const list = page.getByTestId('notification-list');
    const item = list.getByRole('listitem').filter({ hasText: 'body shop' });
    await item.waitFor({ timeout: 30_000 });
    expect(await middleIsBell()).toBe(false);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'notification-bell.png'));
    await item.getByRole('button', { name: 'Mark read' }).dispatchEvent('click');
    await page.getByTestId('notification-unread').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, none unread');

    // The mail, on the local outbox page.
    const outbox = await harness.newPage({ viewport: { width: 900, height: 800 } });
    await outbox.goto(`${harness.stack.url}/?outbox`);
    const mail = outbox.getByRole('article').filter({ hasText: 'owner12@example.test' });
    await mail.filter({ hasText: 'is in the body shop' }).waitFor({ timeout: 60_000 });
    await keepPicture(outbox, path.join(TEST_OUTPUT_DIR, 'notification-outbox.png'), { fullPage: true });

    // Stages turned off for mail: the next one is in the bell, and no second mail comes.
    await page.getByRole('button', { name: 'Preferences' }).dispatchEvent('click');
    const stageMail = page.getByRole('checkbox', { name: 'Production stages of your car: Email' });
    expect(await stageMail.isChecked()).toBe(true);
    await stageMail.dispatchEvent('click');
    await expect.poll(async () => (await call<{ off: Record<string, string[]> }>('/api/notifications/preferences', owner.token)).off.stage, { timeout: 30_000 }).toEqual(['email']);
    await newsStage(staff.token, tokenId, 'Paint');
    await page.getByTestId('notification-unread').filter({ hasText: /^1$/ }).waitFor({ timeout: 90_000 });
    await outbox.reload();
    await mail.first().waitFor({ timeout: 60_000 });
    expect(await outbox.getByRole('article').filter({ hasText: 'owner12@example.test' }).count()).toBe(1);

    // Bad input from the page, refused with its reason.
    const send = async (method: string, route: string, body: unknown) => {
      const answer = await callApiFromPage(page, route, { method, body, headers: { authorization: `Bearer ${owner.token}` } });
      return `${answer.status} ${String(answer.body.reason)}`;
    };
    const refused = [
      await send('PUT', '/api/notifications/preferences', { off: { discounts: ['email'] } }),
      await send('POST', '/api/notifications/push-subscriptions', { endpoint: 'https://push.example/x', keys: { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) } }),
    ];
    expect(refused).toEqual(['400 bad-request', '400 bad-subscription']);

    // The push worker installs on its own scope and controls no page.
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register('/push-sw.js', { scope: '/push-sw/' });
      const installing = registration.installing ?? registration.waiting;
      if (installing && !registration.active) await new Promise<void>((resolve) => installing.addEventListener('statechange', () => installing.state === 'activated' && resolve()));
      return { scope: new URL(registration.scope).pathname, controlled: navigator.serviceWorker.controller !== null };
    });
    expect(worker).toEqual({ scope: '/push-sw/', controlled: false });
  });
});
