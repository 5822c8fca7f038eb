import path from 'node:path';
import type { Page } from 'playwright-core';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { keepPicture, setUpWorld, signInAsDemoOwner, signInAsStaff, TEST_OUTPUT_DIR, waitForCars } from './world';

// Pages render WebGL in software (SwiftShader) on two cores: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 400_000 });

const harness = setUpWorld();

/** A JSON call from the page (its origin and, with `auth`, its session), answered as `{ status, body }`. */
function apiCall(page: Page, route: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) {
  return page.evaluate(
    async ({ route, init }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
      if (init.auth) headers.authorization = `Bearer ${window.marque!.session!.token}`;
      const response = await fetch(route, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    { route, init },
  );
}

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

/** Waits until the page has drawn `count` more XR frames (never on the clock). */
async function xrFrames(page: Page, count: number): Promise<void> {
  const start = await page.evaluate(() => window.marque!.xr!.frames);
  await page.waitForFunction((until) => window.marque!.xr!.frames >= until, start + count, { timeout: 60_000, polling: 50 });
}

/** World points in the XR origin's space (where controller poses are given). */
function inOrigin(page: Page, points: readonly (readonly [number, number, number])[]): Promise<Vector3[]> {
  return page
    .evaluate((list) => {
      const o = window.marque!.xr!.origin!;
      o.updateWorldMatrix(true, true);
      return list.map((p) => o.worldToLocal(o.position.clone().set(p[0], p[1], p[2])).toArray());
    }, points)
    .then((list) => list.map((p) => new Vector3(...p)));
}

/** Holds the right controller at `hand` pointing at `target` (origin space), then presses and releases its trigger. */
async function rayPress(page: Page, hand: Vector3, target: Vector3): Promise<void> {
  const q = new Quaternion().setFromRotationMatrix(new Matrix4().lookAt(hand, target, new Vector3(0, 1, 0)));
  await page.evaluate(
    ([p, r]) => {
      const right = window.xrDevice!.controllers.right!;
      right.position.set(p[0], p[1], p[2]);
      right.quaternion.set(r[0], r[1], r[2], r[3]);
    },
    [hand.toArray(), q.toArray()] as const,
  );
  await xrFrames(page, 3);
  await page.evaluate(() => window.xrDevice!.controllers.right!.updateButtonValue('trigger', 1));
  await xrFrames(page, 3);
  await page.evaluate(() => window.xrDevice!.controllers.right!.updateButtonValue('trigger', 0));
  await xrFrames(page, 2);
}

/**
 * Answers the privacy banner a fresh page asks with ("Only what is needed"), so that it covers
 * nothing; a page that does not ask (consent already given) is left as it is.
 */
async function answerConsent(page: Page): Promise<void> {
  const banner = page.getByRole('dialog', { name: 'Your privacy choices' });
  const asked = await banner.waitFor({ timeout: 20_000 }).then(
    () => true,
    () => false,
  );
  if (asked) await banner.getByRole('button', { name: 'Only what is needed' }).click();
}

/** Signs in as demo owner 1 and goes to the service lounge, where their delivered Astrale stands with its manual's markers. */
async function ownerInLounge(page: Page): Promise<void> {
  await answerConsent(page);
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
  await page.waitForFunction(() => window.marque?.scene?.getObjectByName('manual:hotspot:tyre-pressures') != null, null, { timeout: 60_000 });
}

describe('a configurator for everyone (museum)', () => {
  it('a guest configures the current model on the car in the hall, saves and shares it, sends it to a dealer with consent; the dealer sees it; the link reopens it', async () => {
    // Marque staff registers a dealer the build can go to (the registry is the staff console's).
    const staff = await harness.openWorld('', { viewport: { width: 900, height: 720 } });
    await answerConsent(staff);
    await signInAsStaff(staff);
    const staffAddress = await staff.evaluate(() => window.marque!.session!.address);
    const registered = await apiCall(staff, '/api/ops/dealers', {
      method: 'POST',
      auth: true,
      headers: { 'idempotency-key': `journey-dealer-${Date.now()}` },
      body: { address: staffAddress, name: 'Marque Paris Étoile', city: 'Paris', kind: 'dealer' },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);

    // A guest, no wallet, in the museum.
    const page = await harness.openWorld('', { viewport: { width: 960, height: 720 } });
    await answerConsent(page);
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
    const badBuild = await apiCall(page, '/api/builds', { method: 'POST', body: { model: 'astrale-2025', configuration: { paint: 'P-ROSE-BONBON' } } });
    expect([badBuild.status, badBuild.body.reason]).toEqual([400, 'bad-configuration']);
    expect(String(badBuild.body.details)).toMatch(/P-ROSE-BONBON/);

    await panel.getByRole('button', { name: 'Save and share this build' }).click();
    const saved = panel.locator('.saved-build');
    await saved.waitFor({ timeout: 30_000 });
    const id = (await saved.getAttribute('data-build'))!;
    const link = await panel.getByRole('textbox', { name: 'Link to this build' }).inputValue();
    expect(link).toMatch(new RegExp(`\\?zone=museum&build=${id}$`));
    expect(await panel.getByRole('img', { name: /QR code of your Astrale GT build/ }).getAttribute('data-value')).toBe(link);
    const stored = await apiCall(page, `/api/builds/${id}`);
    expect(stored.body.configuration).toMatchObject({ paint: 'P-ROUGE-PASSION', caliper: 'C-BLEU' });
    expect(JSON.stringify(stored.body)).not.toMatch(/price|discount|€/i);

    await panel.getByRole('button', { name: 'Send this build to a dealer…' }).click();
    const form = panel.getByRole('form', { name: 'Send this build to a dealer' });
    await form.getByLabel('Dealer').selectOption({ label: 'Marque Paris Étoile · Paris' });
    await form.getByLabel('Your name').fill('Camille Martin');
    await form.getByLabel('E-mail').fill('camille@example.com');
    await form.getByLabel('Message (optional)').fill('A test drive on a Saturday, please.');
    // Without the consent box ticked, nothing is sent; the server refuses it too.
    await form.getByRole('button', { name: 'Send to the dealer' }).click();
    await form.getByRole('alert').filter({ hasText: /tick the consent box/ }).waitFor();
    const noConsent = await apiCall(page, '/api/leads', { method: 'POST', body: { buildId: id, dealer: staffAddress.toLowerCase(), name: 'X', contact: { email: 'x@example.com' }, consent: false } });
    expect(noConsent.status).toBe(400);
    expect(String(noConsent.body.details)).toMatch(/consent/);

    await form.getByRole('checkbox').check();
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'museum-configurator.png'));
    await form.getByRole('button', { name: 'Send to the dealer' }).click();
    await panel.getByTestId('lead-sent').getByText(/Sent\. Marque Paris Étoile has your build/).waitFor({ timeout: 30_000 });
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'museum-configurator-sent.png'));

    // The dealer (the staff wallet) sees it in the lounge's dealer console, with the build.
    await staff.getByRole('button', { name: 'Service lounge' }).dispatchEvent('click');
    await staff.getByTestId('presence').filter({ hasText: /^Service lounge ·/ }).waitFor({ timeout: 90_000 });
    const leads = staff.getByTestId('dealer-leads');
    const lead = leads.locator('.dealer-lead').filter({ hasText: 'Camille Martin' });
    await lead.waitFor({ timeout: 60_000 });
    expect(await lead.innerText()).toMatch(new RegExp(`camille@example\\.com[\\s\\S]*A test drive on a Saturday[\\s\\S]*build ${id}[\\s\\S]*Paint Rouge Passion[\\s\\S]*Brake calipers Bleu Électrique`));
    await lead.scrollIntoViewIfNeeded();
    await keepPicture(staff, path.join(TEST_OUTPUT_DIR, 'dealer-console-builds.png'));

    // The link opens the museum with that build on the car, and the panel open on it.
    const shared = await harness.openWorld(`?zone=museum&build=${id}`, { viewport: { width: 960, height: 720 } });
    await answerConsent(shared);
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
    const manual = (await apiCall(page, '/api/manuals/astrale-2025')).body as { topics: { id: string; title: string }[] };
    await expect
      .poll(() => page.evaluate((ids) => ids.filter((id) => window.marque!.scene!.getObjectByName(`manual:hotspot:${id}`)).length, manual.topics.map((t) => t.id)), { timeout: 60_000 })
      .toBe(manual.topics.length);

    // A click on a marker the camera sees opens its topic in the panel.
    const target = await page.evaluate((ids) => {
      const camera = window.marque!.travel!.camera!;
      const canvas = document.querySelector('canvas')!.getBoundingClientRect();
      for (const id of ids) {
        const marker = window.marque!.scene!.getObjectByName(`manual:hotspot:${id}`)!;
        const at = marker.getWorldPosition(marker.position.clone()).project(camera);
        const x = canvas.left + ((at.x + 1) / 2) * canvas.width;
        const y = canvas.top + ((1 - at.y) / 2) * canvas.height;
        // In view, and not under a panel.
        if (Math.abs(at.x) < 0.9 && Math.abs(at.y) < 0.9 && at.z < 1 && document.elementFromPoint(x, y)?.tagName === 'CANVAS') return { id, x, y };
      }
      return undefined;
    }, manual.topics.map((t) => t.id));
    expect(target, 'a marker in view').toBeDefined();
    await page.mouse.click(target!.x, target!.y);
    await expect.poll(() => panel.getAttribute('data-topic'), { timeout: 30_000 }).toBe(target!.id);
    const title = manual.topics.find((t) => t.id === target!.id)!.title;
    await panel.getByRole('heading', { name: title }).waitFor();
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'lounge-manual-hotspot.png'));

    // Searchable: a word finds its topic, with its steps and pictures drawn; nonsense says so.
    const search = panel.getByRole('searchbox', { name: 'Search the manual' });
    await search.fill('tyre pressure');
    await panel.getByRole('button', { name: /Tyre pressures/ }).click();
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
    await answerConsent(flat);
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
