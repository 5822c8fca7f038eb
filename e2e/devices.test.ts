import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setUpWorld, TEST_OUTPUT_DIR, waitForCars, keepPicture } from './world';
import { answerConsentIfAsked } from './api';
import { nextFrames } from '../bench/lib/frame-figures';

// Software WebGL (SwiftShader) on two busy cores: a phone-sized canvas draws a frame every few
// hundred milliseconds, so steps wait generously and buttons are pressed with dispatched clicks.
vi.setConfig({ testTimeout: 300_000 });

const harness = setUpWorld();
const OUT = path.join(TEST_OUTPUT_DIR, 'devices');
const contexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** A page in its own browser context (phones need touch and mobile emulation; flat pages no WebGL). */
async function openPage(options: Parameters<typeof harness.browser.newContext>[0], query: string, init?: () => void): Promise<Page> {
  await mkdir(OUT, { recursive: true });
  const context = await harness.browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
  if (init) await page.addInitScript(init);
  await page.goto(harness.url(query), { timeout: 120_000 });
  await page.getByTestId('presence').filter({ hasText: /visitors? here/ }).waitFor({ timeout: 120_000 });
  return page;
}

/** Presses Tab until the focused element is the one `name` matches (its accessible text), failing after `max` presses. */
async function tabTo(page: Page, name: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      // Between the page's last stop and its first, the focus is on the body, whose text is the whole page's.
      return el && el !== document.body ? `${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''} ${(el as HTMLInputElement).labels?.[0]?.textContent ?? ''}`.trim() : '';
    });
    if (name.test(focused)) return;
  }
  throw new Error(`e2e: Tab never reached ${name}`);
}

describe('a phone (390×844, touch)', () => {
  it('walks with the joystick, taps the floor to go there, and opens the zone menu', async () => {
    const page = await openPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 }, '');
    await waitForCars(page, 3);
    // The privacy question comes first, over the bottom of the screen (the joystick's corner) until answered.
    await answerConsentIfAsked(page, { within: 30_000 });

    // The joystick sits bottom-left, thumb-sized; the room panel keeps out of its way.
    const stick = (await page.getByTestId('joystick').boundingBox())!;
    expect(stick.width).toBeGreaterThanOrEqual(88);
    expect(stick.x).toBeLessThan(40);
    expect(stick.y + stick.height).toBeGreaterThan(844 - 160);
    for (const part of [page.getByRole('complementary', { name: 'People here' }), page.getByRole('group', { name: 'React' })]) {
      expect((await part.boundingBox())!.x).toBeGreaterThan(stick.x + stick.width);
    }
    // The top bar is one row: the zone menu and the sign-in beside the wordmark.
    const bar = (await page.getByRole('banner').boundingBox())!;
    expect(bar.height).toBeLessThan(70);

    // A finger (real touch events through the DevTools protocol) pushes the stick up: the visitor walks.
    const cdp = await page.context().newCDPSession(page);
    const centre = { x: stick.x + stick.width / 2, y: stick.y + stick.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: centre.x, y: centre.y, id: 1 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: centre.x, y: centre.y - 30, id: 1 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: centre.x, y: centre.y - 70, id: 1 }] });
    await expect.poll(() => page.evaluate(() => window.marque!.touch!.walked), { timeout: 60_000 }).toBeGreaterThan(0.5);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const stopped = await page.evaluate(() => window.marque!.touch!.walked);
    await nextFrames(page, 10);
    expect(await page.evaluate(() => window.marque!.touch!.walked)).toBeCloseTo(stopped, 3);

    // A tap on the floor 7 m straight ahead (the aisle: a tap on a car opens its panel instead) walks there.
    const tap = await page.evaluate(() => {
      const camera = window.marque!.travel!.camera!;
      const ahead = camera.getWorldDirection(camera.position.clone()).setY(0).normalize();
      const floor = camera.position.clone().addScaledVector(ahead, 7).setY(camera.position.y - 1.6).project(camera);
      return { x: Math.round(((floor.x + 1) / 2) * innerWidth), y: Math.round(((1 - floor.y) / 2) * innerHeight) };
    });
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, tap), `the tap at ${JSON.stringify(tap)}`).toBe('CANVAS');
    // A tap lasts a tenth of a second, stamped so: a busy page handles the two events later, not the finger.
    const at = Date.now() / 1000;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ ...tap, id: 2 }], timestamp: at });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: at + 0.1 });
    await expect.poll(() => page.evaluate(() => window.marque!.touch!.walked), { timeout: 60_000 }).toBeGreaterThan(stopped + 0.5);
    await keepPicture(page, path.join(OUT, 'phone.png'));

    // The zones fold into a menu that fits the screen; it opens, and a zone in it is a tap away.
    const zones = page.getByRole('navigation', { name: 'Zones' });
    const menu = zones.getByRole('button', { name: /^Zones/ });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await zones.getByRole('button', { name: 'Factory line' }).isVisible()).toBe(false);
    await menu.dispatchEvent('click');
    const factory = zones.getByRole('button', { name: 'Factory line' });
    await factory.waitFor({ state: 'visible', timeout: 30_000 });
    for (const button of await zones.getByRole('listitem').getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await keepPicture(page, path.join(OUT, 'phone-zone-menu.png'));
    await factory.dispatchEvent('click');
    await page.getByTestId('presence').filter({ hasText: /^Factory line ·/ }).waitFor({ timeout: 60_000 });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('flat mode', () => {
  it('is a page the keyboard alone can use: another zone, a chat line, landmarks and labels', async () => {
    const page = await openPage({ viewport: { width: 800, height: 900 }, reducedMotion: 'reduce' }, '?flat');
    expect(await page.locator('canvas').count()).toBe(0);
    await page.getByRole('main').waitFor();
    const zones = page.getByRole('navigation', { name: 'Zones' });
    for (const name of ['Museum', 'Factory line', 'Launch arena', "Owners' garage", 'Service lounge']) {
      await zones.getByRole('button', { name, exact: true }).waitFor();
    }
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Museum');
    // The museum's cars from the manifest, by name and year, each with what the tour tells of it.
    const cars = page.getByRole('region', { name: 'The cars in the hall' }).getByRole('listitem');
    await expect.poll(() => cars.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    expect(await cars.first().textContent()).toMatch(/^[^,]+, (19|20)\d\d/);
    // Its long story opens from the keyboard.
    await tabTo(page, /^The story of the Mistral Spider$/);
    await page.keyboard.press('Enter');
    await cars.filter({ hasText: 'Mistral Spider' }).getByText(/drawn in the winter of 1955/).waitFor();
    await keepPicture(page, path.join(OUT, 'flat.png'), { fullPage: true });

    // Tab to the factory line and press Enter: the page goes there, the focus to its heading.
    await tabTo(page, /^Factory line$/, 80);
    await page.keyboard.press('Enter');
    await page.getByTestId('presence').filter({ hasText: /^Factory line · 1 visitor here/ }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Factory line');

    // Tab to the chat, open it with Space, write a line and send it with Enter.
    await tabTo(page, /^Chat/);
    await page.keyboard.press('Space');
    await tabTo(page, /Message/);
    await page.keyboard.type('Hello from flat mode');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Chat' }).getByRole('listitem').filter({ hasText: 'Hello from flat mode' }).waitFor({ timeout: 30_000 });
    await tabTo(page, /React: heart/);
    await page.keyboard.press('Enter');

    // Back to 3D and to flat again: the room stays joined all along.
    const roomId = await page.evaluate(() => window.marque!.connection!.roomId);
    await page.getByRole('button', { name: 'Flat mode' }).dispatchEvent('click');
    await page.locator('canvas').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Flat mode' }).dispatchEvent('click');
    await page.getByRole('main').waitFor();
    expect(await page.evaluate(() => window.marque!.connection!.roomId)).toBe(roomId);
    await keepPicture(page, path.join(OUT, 'flat-factory-chat.png'), { fullPage: true });
  });

  it('opens by itself, with a warning, where there is no WebGL', async () => {
    const page = await openPage({ viewport: { width: 390, height: 844 } }, '', () => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
        return /webgl/i.test(kind) ? null : (original as (...args: unknown[]) => unknown).call(this, kind, ...rest);
      } as typeof original;
    });
    await page.getByRole('alert').filter({ hasText: /cannot show 3D graphics \(WebGL is not available\)/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('main').waitFor();
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.evaluate(() => window.marque?.flat)).toBe(true);
    // There is no 3D to go back to.
    expect(await page.getByRole('button', { name: 'Flat mode' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Zones' }).getByRole('button', { name: 'Launch arena' }).waitFor();
    await keepPicture(page, path.join(OUT, 'no-webgl.png'), { fullPage: true });
  });
});
