import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWorld } from '../pipelines/src/session';
import { publishRuntimeFiles } from '../pipelines/src/runtime-files';
import { REPO_ROOT } from '../server/src/config';
import { startLocalStack, type LocalStack } from '../server/src/dev/local-stack';
import { launchChromium } from './browser';

// Several pages render WebGL in software (SwiftShader) on two cores: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 300_000 });

let stack: LocalStack;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'marque-e2e-'));
  // The production build, as a visitor gets it, served by Vite's preview with the same proxy.
  await publishRuntimeFiles({ publicDir: path.join(REPO_ROOT, 'client', 'public') });
  await buildWorld();
  await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  stack = await startLocalStack({
    dataDir,
    chainPort: 0,
    serverPort: 0,
    clientPort: 0,
    client: 'preview',
    buildAssets: false,
    log: () => {},
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

// A failed test must not leave pages rendering in the background and starve the next one.
const openPages: Page[] = [];
afterEach(async () => {
  await Promise.all(openPages.splice(0).map((page) => page.close()));
});

/** Opens the world and waits until it is joined and drawn, cars included (software WebGL is slow to start). */
async function openWorld(query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 640, height: 400 } });
  openPages.push(page);
  page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
  await page.goto(`${stack.url}/${query}`, { timeout: 120_000 });
  await page.getByTestId('presence').filter({ hasText: /visitors? here/ }).waitFor({ timeout: 120_000 });
  // Every car of the manifest stands on its plinth once its glb has loaded.
  await page.waitForFunction(
    () => {
      let cars = 0;
      window.marque?.scene?.traverse((object) => {
        if (object.name.startsWith('car:') && object.children.length > 0) cars++;
      });
      return cars >= 3;
    },
    null,
    { timeout: 120_000 },
  );
  // Then until they are drawn: the first frames with them compile their shaders and upload
  // their textures, which in software WebGL holds the page for tens of seconds.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page;
}

/** Statistics of what the WebGL canvas shows right after a frame was drawn. */
async function canvasPixels(page: Page): Promise<{ lit: number; colours: number }> {
  return page.evaluate(
    () =>
      new Promise<{ lit: number; colours: number }>((resolve) => {
        requestAnimationFrame(() => {
          const source = document.querySelector('canvas')!;
          const copy = document.createElement('canvas');
          copy.width = source.width;
          copy.height = source.height;
          const g = copy.getContext('2d')!;
          g.drawImage(source, 0, 0);
          const { data } = g.getImageData(0, 0, copy.width, copy.height);
          let lit = 0;
          const colours = new Set<number>();
          for (let i = 0; i < data.length; i += 4) {
            const r = data[i]!, gr = data[i + 1]!, b = data[i + 2]!;
            if (r + gr + b > 60) lit++;
            colours.add(((r >> 4) << 8) | ((gr >> 4) << 4) | (b >> 4));
          }
          resolve({ lit: lit / (data.length / 4), colours: colours.size });
        });
      }),
  );
}

/** Where page's view of the other visitor named `name` is drawn, from the rendered scene. */
async function drawnAvatarPosition(page: Page, name: string) {
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

async function ownName(page: Page): Promise<string> {
  await page.waitForFunction(() => window.marque?.connection?.ownName != null);
  return page.evaluate(() => window.marque!.connection!.ownName!);
}

describe('the museum in a browser', () => {
  it('renders a lit hall with cars, not a blank canvas', async () => {
    const page = await openWorld();
    await page.waitForTimeout(1000);
    const pixels = await canvasPixels(page);
    expect(pixels.lit).toBeGreaterThan(0.2);
    expect(pixels.colours).toBeGreaterThan(40);
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'museum.png') });
  });

  it("shows one visitor's avatar moving on the other visitor's screen", async () => {
    const [a, b] = [await openWorld(), await openWorld()];
    await expect.poll(() => b.getByTestId('presence').textContent(), { timeout: 60_000 }).toMatch(/2 visitors here/);
    const nameOfA = await ownName(a);
    await expect.poll(() => drawnAvatarPosition(b, nameOfA), { timeout: 60_000 }).toBeDefined();
    const before = (await drawnAvatarPosition(b, nameOfA))!;

    // A walks forward (towards −Z) with the keyboard for a while. Software rendering runs at a
    // few frames a second, so the distance varies: the direction is what is asserted.
    await a.locator('canvas').click({ position: { x: 320, y: 200 } });
    await a.keyboard.down('KeyW');
    await a.waitForTimeout(3000);
    await a.keyboard.up('KeyW');

    await expect
      .poll(async () => before.z - (await drawnAvatarPosition(b, nameOfA))!.z, { timeout: 60_000 })
      .toBeGreaterThan(0.25);
    const after = (await drawnAvatarPosition(b, nameOfA))!;
    expect(Math.abs(after.x - before.x)).toBeLessThan(0.1);
  });

  it("lets a demo owner sign in and enter the owners' garage", async () => {
    const page = await openWorld();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('menuitem', { name: /Demo owner 1/ }).click();
    await page.getByText(/Signed in · 0x/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: "Owners' garage" }).click();
    await page.getByTestId('presence').filter({ hasText: "Owners' garage · 1 visitor here" }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('refuses a guest at the garage with a message saying why', async () => {
    const page = await openWorld();
    await page.getByRole('button', { name: "Owners' garage" }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/garage is for owners of a Marque car/);
    // The guest is back in the public museum.
    await page.getByTestId('presence').filter({ hasText: /^Museum ·/ }).waitFor();
  });
});

describe('the VR path (IWER headset)', () => {
  it("enters VR, and the headset's pose moves the visitor for everyone", async () => {
    const observer = await openWorld();
    const headset = await openWorld('?xrtest');
    const nameOfHeadset = await ownName(headset);

    await headset.getByRole('button', { name: 'Enter VR' }).click();
    await headset.getByRole('button', { name: 'Exit VR' }).waitFor({ timeout: 60_000 });
    // Poses are relative to the XR origin, which stands on the museum's spawn anchor (0, 0, 15.5),
    // 2.5 m inside the entrance wall (assets/src/environments/museum-hall.ts).
    await headset.evaluate(() => window.xrDevice!.position.set(2, 1.5, -3));

    await expect
      .poll(async () => drawnAvatarPosition(observer, nameOfHeadset), { timeout: 90_000 })
      .toMatchObject({ x: expect.closeTo(2, 1), z: expect.closeTo(12.5, 1) });
  });
});
