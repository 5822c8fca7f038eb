import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextFrames } from '../bench/lib/frame-figures';
import { canvasPixels, setUpWorld, TEST_OUTPUT_DIR, keepPicture } from './world';

// Software WebGL (SwiftShader) on two busy cores: a zone takes seconds to load and warm up.
vi.setConfig({ testTimeout: 420_000 });

const harness = setUpWorld();
const OUT = path.join(TEST_OUTPUT_DIR, 'loading');
const contexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/** The factory's environment on any target (content-hashed). */
const FACTORY_ENVIRONMENT = /\/assets\/factory-line\.[0-9a-f]+\.glb$/;

const SIZES = {
  desktop: { viewport: { width: 640, height: 400 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 },
} as const;

/** A page in its own browser context, its routes set before it opens `query`; not waiting for the world. */
async function openPage(size: keyof typeof SIZES, query: string, route?: (page: Page) => Promise<unknown>): Promise<Page> {
  await mkdir(OUT, { recursive: true });
  const context = await harness.browser.newContext(SIZES[size]);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
  await route?.(page);
  await page.goto(harness.url(query), { timeout: 120_000 });
  return page;
}

/**
 * Asserts that the factory's environment failed once: the message says so, the fallback room is
 * drawn, lit, behind it, and "Try again" fetches it again and brings the zone up.
 */
async function expectFallbackThenRetry(page: Page, size: keyof typeof SIZES, requests: () => number): Promise<void> {
  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await alert.waitFor({ timeout: 120_000 });
  // The tracked load's words ("… answered 500"), or three's own when the loader's error reaches the zone first.
  expect(await alert.textContent()).toMatch(/factory-line\.[0-9a-f]+\.glb(" responded with| answered) 500/);
  await page.waitForFunction(() => window.marque?.scene?.getObjectByName('zone-fallback') != null, undefined, { timeout: 60_000 });
  await nextFrames(page, 2);
  const pixels = await canvasPixels(page);
  expect(pixels.lit, `the fallback room lights ${(pixels.lit * 100).toFixed(0)}% of the canvas`).toBeGreaterThan(0.5);
  await keepPicture(page, path.join(OUT, `fallback-${size}.png`));

  await page.getByRole('button', { name: 'Try again' }).dispatchEvent('click');
  await waitForZone(page, 'factory');
  expect(requests(), 'the environment was fetched again').toBe(2);
  expect(await alert.count()).toBe(0);
  expect(await page.evaluate(() => window.marque?.scene?.getObjectByName('zone-fallback') == null)).toBe(true);
}

function waitForZone(page: Page, zone: string): Promise<unknown> {
  return page.waitForFunction((wanted) => window.marque?.zoneReady?.zone === wanted, zone, { timeout: 150_000 });
}

describe('loading a zone', () => {
  it('shows the zone’s progress in bytes up to 100%, and takes it away once the zone is shown', async () => {
    const page = await harness.openWorld('', { cars: 6 });
    // Every state of the indicator, recorded by the page itself (frames come a few a second).
    await page.addScriptTag({
      content: `window.__progress = [];
        new MutationObserver(() => {
          const bar = document.querySelector('[role=progressbar]');
          window.__progress.push(bar ? Number(bar.getAttribute('aria-valuenow')) : -1);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });`,
    });
    // The factory's environment held back a little, so that the indicator is seen on its way.
    await page.route(FACTORY_ENVIRONMENT, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.continue();
    });
    await page.getByRole('navigation', { name: 'Zones' }).getByRole('button', { name: 'Factory line' }).dispatchEvent('click');
    const bar = page.getByRole('progressbar', { name: 'Loading Factory line' });
    await bar.waitFor({ timeout: 60_000 });
    await keepPicture(page, path.join(OUT, 'progress-desktop.png'));
    await waitForZone(page, 'factory');
    await expect.poll(() => bar.count(), { timeout: 10_000 }).toBe(0);

    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    const values = seen.filter((value) => value >= 0);
    expect(values.length, `the indicator's values: ${seen.join(', ')}`).toBeGreaterThan(1);
    expect(values.at(-1), 'the indicator reached 100% before it went').toBe(100);
    expect(values.some((value) => value > 0 && value < 100), `a value on the way: ${values.join(', ')}`).toBe(true);
    expect(values.every((value, i) => i === 0 || value >= values[i - 1]!), `never backwards: ${values.join(', ')}`).toBe(true);
    expect(seen.at(-1), 'gone once the zone is shown').toBe(-1);
  });

  it('shows the progress on a phone, fitting its screen; when the environment fails, stands a fallback room in, says what failed, and "Try again" brings the zone up', async () => {
    // The environment's first request is held back a little, so that the indicator is seen on its way, then fails.
    let requests = 0;
    const page = await openPage('phone', '?zone=factory', (p) =>
      p.route(FACTORY_ENVIRONMENT, async (route) => {
        if (requests++ > 0) return route.continue();
        await new Promise((resolve) => setTimeout(resolve, 4000));
        return route.fulfill({ status: 500, body: 'unavailable' });
      }),
    );
    const bar = page.getByRole('progressbar', { name: 'Loading Factory line' });
    await bar.waitFor({ timeout: 60_000 });
    const card = (await page.getByTestId('zone-loading').boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(390);
    await keepPicture(page, path.join(OUT, 'progress-phone.png'));
    await expectFallbackThenRetry(page, 'phone', () => requests);
  });

  it('stands a fallback room in when the environment fails, says what failed, and "Try again" brings the zone up (desktop)', async () => {
    let requests = 0;
    const page = await openPage('desktop', '?zone=factory', (p) =>
      p.route(FACTORY_ENVIRONMENT, (route) => (requests++ === 0 ? route.fulfill({ status: 500, body: 'unavailable' }) : route.continue())),
    );
    await expectFallbackThenRetry(page, 'desktop', () => requests);
  });

  it('uploads the zone’s textures and compiles its shaders while it is hidden, then shows it', async () => {
    // Each frame: whether the factory is visible yet, whether it was reported ready, the programs compiled.
    // The quality level is pinned: a step down on a loaded machine (shadows off) compiles programs
    // after the reveal, which is not what this test is about.
    const page = await openPage('desktop', '?zone=factory&quality=high', (p) =>
      p.addInitScript({
        content: `window.__frames = [];
          requestAnimationFrame(function record() {
            const m = window.marque;
            const root = m && m.scene && m.scene.getObjectByName('zone:factory');
            if (root) window.__frames.push({ visible: root.visible, ready: (m.zoneReady && m.zoneReady.zone) === 'factory', programs: m.renderer.info.programs.length });
            requestAnimationFrame(record);
          });`,
      }),
    );
    await waitForZone(page, 'factory');
    await nextFrames(page, 4);
    const ready = (await page.evaluate(() => window.marque!.zoneReady))!;
    const frames = await page.evaluate(() => (window as unknown as { __frames: { visible: boolean; ready: boolean; programs: number }[] }).__frames);
    expect(ready.textures, 'textures uploaded at the reveal').toBeGreaterThan(0);
    expect(ready.programs, 'programs compiled at the reveal').toBeGreaterThan(0);
    expect(ready.warmMs).toBeGreaterThanOrEqual(0);
    expect(frames.some((frame) => !frame.visible), 'hidden while it warmed up').toBe(true);
    expect(frames.filter((frame) => frame.visible && !frame.ready), 'no frame showed it before it was ready').toEqual([]);
    // Drawing it compiled nothing more: its programs were all ready. (No frame holds more programs
    // than the reveal; one may hold fewer, where three.js released the program of something gone.)
    const shown = frames.filter((frame) => frame.visible);
    expect(shown.length).toBeGreaterThan(2);
    expect(Math.max(...shown.map((frame) => frame.programs)), `programs: ${ready.programs} at the reveal, then ${shown.map((frame) => frame.programs).join(', ')}`).toBeLessThanOrEqual(ready.programs);
  });

  it('steps the quality down when frames get slow', async () => {
    const page = await harness.openWorld('?zone=launch', { viewport: { width: 320, height: 200 }, cars: 1, quality: 'adaptive' });
    const levels = ['low', 'medium', 'high', 'ultra'];
    const before = (await page.evaluate(() => window.marque!.quality))!;
    console.log(`quality before throttling: ${JSON.stringify(before)}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.waitForFunction((count) => window.marque!.quality!.steps.length > count, before.steps.length, { timeout: 120_000, polling: 500 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const after = (await page.evaluate(() => window.marque!.quality))!;
    console.log(`quality after: ${JSON.stringify(after)}`);
    const step = after.steps.at(-1)!;
    expect(levels.indexOf(step.to), JSON.stringify(after)).toBeLessThan(levels.indexOf(step.from));
    expect(step.fps).toBeLessThan(after.bounds![0]);
    expect(await page.locator('.world-canvas').getAttribute('data-quality')).toBe(after.level);
  });
});
