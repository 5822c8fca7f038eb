import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { REPO_ROOT } from '../server/src/config';
import { connectChromium } from './browser';
import type { E2eSlot } from './global-setup';

/** Where browser tests write what they want a person to look at (git-ignored). */
export const TEST_OUTPUT_DIR = path.join(REPO_ROOT, 'test-results');

/**
 * Saves a picture for people to look at. It never fails the test: a page too busy to give a
 * stable picture in time (software WebGL on a loaded machine) only leaves a warning.
 */
export async function keepPicture(target: Page | Locator, file: string, options: { fullPage?: boolean } = {}): Promise<void> {
  try {
    await target.screenshot({ path: file, timeout: 20_000, ...options });
  } catch (error) {
    console.warn(`e2e: picture ${path.relative(REPO_ROOT, file)} not kept: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Options of {@link WorldHarness.openWorld}. */
export interface OpenWorldOptions {
  /** Page size; small by default, since every pixel is rendered in software. */
  viewport?: { width: number; height: number };
  /** Cars that must be drawn before the page counts as open (the museum shows six). */
  cars?: number;
  /** Called with the page before it navigates: listeners that must see every request go here. */
  beforeGoto?: (page: Page) => void;
  /** The quality level the page is pinned at (see {@link WorldHarness.url}), or `adaptive`. */
  quality?: TestQuality;
}

/**
 * A quality level to pin a test page at (`?quality=`), or `adaptive` to let it follow the frame
 * rate as a visitor's page does.
 */
export type TestQuality = 'low' | 'medium' | 'high' | 'ultra' | 'adaptive';

/**
 * Test pages are pinned at the lowest quality level unless a test says otherwise: software
 * WebGL draws it about twice as fast (three-quarters of the pixels per CSS pixel, the cars' first
 * level of detail with half the triangles), and an adaptive page would spend its first half
 * minute at `high` before stepping down, loading the cars' other level of detail on the way.
 */
const TEST_QUALITY: TestQuality = 'low';

/** The running product and a browser for one test file. */
export interface WorldHarness {
  readonly stack: E2eSlot['stack'];
  /** The production client the stack serves (e2e/global-setup.ts built it for this run). */
  readonly clientDir: string;
  readonly browser: Browser;
  /** The page address for `query` (like `?zone=factory`), pinned at `quality` (by default the lowest level). */
  url(query?: string, quality?: TestQuality): string;
  /** Opens the world (`query` like `?zone=factory`) and waits until it is joined and drawn, cars included. */
  openWorld(query?: string, options?: OpenWorldOptions): Promise<Page>;
  /** A blank page of the browser, closed after the test like the world's (for 2D pages). */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
}

/**
 * Registers this file's hooks on its worker's local stack and Chromium (started by
 * e2e/global-setup.ts): before all tests, a connection to the browser; after each test, its
 * pages are closed, their visitors gone from the rooms first; after all, the connection closes
 * (and with it every context the file opened) once the server counts no visitor in any room, so
 * the next file starts on empty rooms. Every page has a context of its own: no cookie, storage or
 * session passes from one to another. Call once at the top of a test file.
 */
export function setUpWorld(): WorldHarness {
  const { slots, clientDir } = inject('e2e');
  const worker = Number(process.env.VITEST_POOL_ID);
  const slot = slots[worker - 1];
  if (!slot) throw new Error(`e2e: worker ${process.env.VITEST_POOL_ID} has no slot (the global setup started ${slots.length}, one per worker)`);
  let browser: Browser | undefined;
  // A failed test must not leave pages rendering in the background and starve the next one.
  const openPages: Page[] = [];

  beforeAll(async () => {
    browser = await connectChromium(slot.browserEndpoint);
  });

  afterEach(async () => {
    await Promise.all(openPages.splice(0).map(leaveAndClose));
  });

  afterAll(async () => {
    await browser?.close();
    await roomsEmptied(slot.stack.serverUrl);
  });

  const harness: WorldHarness = {
    stack: slot.stack,
    clientDir,
    get browser() {
      if (!browser) throw new Error('e2e: no browser (did beforeAll fail?)');
      return browser;
    },
    url(query = '', quality = TEST_QUALITY) {
      const url = new URL(`${slot.stack.url}/${query}`);
      if (quality !== 'adaptive' && !url.searchParams.has('quality')) url.searchParams.set('quality', quality);
      return url.href;
    },
    async newPage({ viewport = { width: 640, height: 400 } } = {}) {
      const page = await harness.browser.newPage({ viewport });
      openPages.push(page);
      page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
      return page;
    },
    async openWorld(query = '', { viewport = { width: 640, height: 400 }, cars = 3, beforeGoto, quality } = {}) {
      const page = await harness.newPage({ viewport });
      beforeGoto?.(page);
      // Generous: on a loaded machine a page rendering in software takes minutes to join.
      await page.goto(harness.url(query, quality), { timeout: 180_000 });
      await page.getByTestId('presence').filter({ hasText: /visitors? here/ }).waitFor({ timeout: 180_000 });
      await waitForCars(page, cars);
      return page;
    },
  };
  return harness;
}

/**
 * Resolves once the server counts no client in any room (`/healthz`). A page that could not
 * leave (it crashed) keeps its seat for the room's 20 s reconnection window; the next file must
 * not see that visitor.
 */
async function roomsEmptied(serverUrl: string, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const health = (await (await fetch(`${serverUrl}/healthz`)).json()) as { rooms?: { clients?: number } };
    if (health.rooms?.clients === 0) return;
    if (Date.now() > deadline) throw new Error(`e2e: ${health.rooms?.clients ?? 'an unknown number of'} visitors still in the rooms ${timeout / 1000} s after the file's pages closed`);
    await sleep(250);
  }
}

/**
 * Closes a test's page after its visitor has left the room (the connection's `leave`). A page
 * closed outright only drops its connection, and the room keeps a dropped seat, avatar
 * included, for its 20 s reconnection window: the next test would see, and wait out, a visitor
 * who is no longer there. A page that cannot leave (crashed, or not the world) is closed all the same.
 */
async function leaveAndClose(page: Page): Promise<void> {
  if (!page.isClosed()) await page.evaluate(() => window.marque?.connection?.leave()).catch(() => {});
  await page.close();
}

/**
 * Waits until `count` cars stand on their anchors with their glb loaded, then until the zone is
 * shown (`window.marque.zoneReady`: it stays hidden while its textures are uploaded and its
 * shaders compiled, which in software WebGL takes seconds), then for two frames.
 */
export async function waitForCars(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      let cars = 0;
      window.marque?.scene?.traverse((object) => {
        if (object.name.startsWith('car:') && object.children.length > 0) cars++;
      });
      return cars >= wanted;
    },
    count,
    { timeout: 120_000 },
  );
  // And until the zone is shown: it stays hidden while its textures and shaders are prepared.
  await page.waitForFunction(() => window.marque?.zoneReady?.zone === window.marque?.zone, undefined, { timeout: 120_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Statistics of what the WebGL canvas shows right after a frame was drawn: share of lit pixels, distinct colours, share of red ones. */
export async function canvasPixels(page: Page): Promise<{ lit: number; colours: number; red: number }> {
  return page.evaluate(
    () =>
      new Promise<{ lit: number; colours: number; red: number }>((resolve) => {
        requestAnimationFrame(() => {
          const source = document.querySelector('canvas')!;
          const copy = document.createElement('canvas');
          copy.width = source.width;
          copy.height = source.height;
          const g = copy.getContext('2d')!;
          g.drawImage(source, 0, 0);
          const { data } = g.getImageData(0, 0, copy.width, copy.height);
          let lit = 0;
          let red = 0;
          const colours = new Set<number>();
          for (let i = 0; i < data.length; i += 4) {
            const r = data[i]!, gr = data[i + 1]!, b = data[i + 2]!;
            if (r + gr + b > 60) lit++;
            if (r > 50 && r > 2 * gr && r > 2 * b) red++;
            colours.add(((r >> 4) << 8) | ((gr >> 4) << 4) | (b >> 4));
          }
          const pixels = data.length / 4;
          resolve({ lit: lit / pixels, colours: colours.size, red: red / pixels });
        });
      }),
  );
}

/** Where page's view of the other visitor named `name` is drawn, from the rendered scene. */
export async function drawnAvatarPosition(page: Page, name: string) {
  return page
    .evaluate((avatarName) => {
      const object = window.marque?.scene?.getObjectByName(`avatar:${avatarName}`);
      return object ? { x: object.position.x, z: object.position.z } : undefined;
    }, name)
    .catch((error: unknown) => {
      // A poll that timed out may still have a call in flight when its page is closed.
      if (page.isClosed()) return undefined;
      throw error;
    });
}

/** The pseudonym the room gave this page's visitor. */
export async function ownName(page: Page): Promise<string> {
  await page.waitForFunction(() => window.marque?.connection?.ownName != null);
  return page.evaluate(() => window.marque!.connection!.ownName!);
}

/** Signs in with a demo owner's wallet (the local chain's unlocked accounts 1–3). */
export function signInAsDemoOwner(page: Page, owner = 1): Promise<void> {
  return signInWithDemoWallet(page, new RegExp(`Demo owner ${owner}`));
}

/** Signs in with the staff wallet (account 0: dealer, brand team, issuer). */
export function signInAsStaff(page: Page): Promise<void> {
  return signInWithDemoWallet(page, /Marque staff/);
}

async function signInWithDemoWallet(page: Page, label: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: label }).click();
  await page.getByText(/Signed in · 0x/).waitFor({ timeout: 30_000 });
}

/** Goes to the owners' garage (a signed-in owner) and waits until the room has let them in. */
export async function enterGarage(page: Page): Promise<void> {
  await page.getByRole('button', { name: "Owners' garage" }).click();
  await page.getByTestId('presence').filter({ hasText: "Owners' garage · 1 visitor here" }).waitFor({ timeout: 30_000 });
}

/** The emissive intensity of a car's front lamps as drawn (its `light_front` material). */
export function lampIntensity(page: Page, carId: string): Promise<number | undefined> {
  return page.evaluate((id) => {
    let intensity: number | undefined;
    window.marque?.scene?.getObjectByName(`car:${id}`)?.traverse((object) => {
      const material = (object as { material?: { name: string; emissiveIntensity?: number } | { name: string; emissiveIntensity?: number }[] }).material;
      for (const m of Array.isArray(material) ? material : material ? [material] : []) if (m.name === 'light_front') intensity = m.emissiveIntensity;
    });
    return intensity;
  }, carId);
}

/** How far each of a car's doors has swung on its hinge, radians (as the pipeline named them, left then right). */
export function doorAngles(page: Page, carId: string): Promise<number[]> {
  return page.evaluate((id) => {
    const table = window.marque?.scene?.getObjectByName(`turntable:${id}`);
    return ['door_l', 'door_r'].map((name) => table?.getObjectByName(name)?.rotation.y ?? Number.NaN);
  }, carId);
}
