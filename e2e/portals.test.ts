import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { setUpWorld, TEST_OUTPUT_DIR, waitForCars, keepPicture } from './world';
import { nextFrames } from '../bench/lib/frame-figures';

// Software WebGL (SwiftShader) on two busy cores: a few frames a second, so walks are held until
// something happens rather than timed, and buttons are pressed with dispatched clicks.
vi.setConfig({ testTimeout: 300_000 });

const harness = setUpWorld();
const OUT = path.join(TEST_OUTPUT_DIR, 'portals');

/** Where the visitor stands and looks, the zone, and the trip under way, from the page's inspection handle. */
async function where(page: Page) {
  // The doorways' chunk comes with the zone; the eyes once the player's rig has placed them.
  await page.waitForFunction(() => window.marque?.travel?.camera != null, null, { timeout: 60_000 });
  return page.evaluate(() => {
    const travel = window.marque!.travel!;
    const camera = travel.camera!;
    const e = camera.matrixWorld.elements;
    return {
      zone: window.marque!.zone,
      x: camera.position.x,
      z: camera.position.z,
      // A camera looks down its −Z.
      lookX: -e[8]!,
      lookZ: -e[10]!,
      phase: travel.phase,
      trips: travel.trips,
      portals: travel.portals.map((p) => ({ to: p.to, x: p.position[0], z: p.position[2] })),
    };
  });
}

/** Holds `key` until `done` holds (polled), then lets go. */
async function holdUntil(page: Page, key: string, done: () => Promise<boolean>, timeout = 120_000): Promise<void> {
  await page.keyboard.down(key);
  try {
    await expect.poll(done, { timeout, interval: 250 }).toBe(true);
  } finally {
    await page.keyboard.up(key);
  }
}

/** Waits until the zone is joined, drawn and the trip (if any) is over. */
async function arrived(page: Page, label: string, cars = 1): Promise<void> {
  await page.getByTestId('presence').filter({ hasText: `${label} · 1 visitor here` }).waitFor({ timeout: 120_000 });
  await waitForCars(page, cars);
  await expect.poll(async () => (await where(page)).phase, { timeout: 60_000 }).toBe('idle');
}

/** Turns the view by dragging the mouse across the canvas `dx` pixels (left turns left). */
async function turn(page: Page, dx: number): Promise<void> {
  const box = (await page.locator('canvas').boundingBox())!;
  const y = box.y + box.height / 2;
  const start = dx < 0 ? box.x + box.width - 20 : box.x + 20;
  await page.mouse.move(start, y);
  await page.mouse.down();
  await page.mouse.move(start + dx, y, { steps: 12 });
  await page.mouse.up();
  // Let go of the pointer lock the press may have taken.
  await page.keyboard.press('Escape');
}

describe('doorways between the zones', () => {
  it('walks through the museum’s doorway to the factory, arriving facing away from the doorway back; goes to a zone from the map (M) and with the keys 1–5; and is refused at the garage’s doorway with the reason, left where they were', async () => {
    await mkdir(OUT, { recursive: true });
    const page = await harness.openWorld('', { viewport: { width: 800, height: 500 } });
    await expect.poll(async () => (await where(page)).portals.map((p) => p.to), { timeout: 60_000 }).toEqual(['factory', 'launch', 'garage', 'lounge']);
    const start = await where(page);
    // The factory's doorway is in the west wall by the entrance, to the visitor's left: strafe into it.
    const door = start.portals.find((p) => p.to === 'factory')!;
    expect(door.x).toBeLessThan(-9);
    expect(Math.abs(door.z - start.z)).toBeLessThan(0.7);
    await holdUntil(page, 'KeyA', async () => (await where(page)).trips > 0);
    await arrived(page, 'Factory line');
    const there = await where(page);
    expect(there.zone).toBe('factory');
    const back = there.portals.find((p) => p.to === 'museum')!;
    // In front of the doorway back, 2.5 m out, looking away from it (it is in the west wall: looking east).
    expect(Math.hypot(there.x - back.x, there.z - back.z)).toBeCloseTo(2.5, 1);
    expect(there.lookX).toBeGreaterThan(0.95);

    // The map, opened with M: where the visitor is, marked, the focus on it; a zone a press away.
    await page.keyboard.press('m');
    const map = page.getByRole('dialog', { name: 'World map' });
    await map.waitFor({ timeout: 30_000 });
    const here = map.getByRole('button', { name: /Factory line/ });
    expect(await here.getAttribute('aria-current')).toBe('location');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Factory line/);
    await keepPicture(page, path.join(OUT, 'map-desktop.png'));
    await map.getByRole('button', { name: /Launch arena/ }).dispatchEvent('click');
    await arrived(page, 'Launch arena');
    expect(await map.count()).toBe(0);

    // A guest walks into the garage's doorway: refused, with the reason, and left in front of it.
    const arena = await where(page);
    const garageDoor = arena.portals.find((p) => p.to === 'garage')!;
    // The garage's doorway is in the east wall, level with the spawn: strafe right into it.
    expect(garageDoor.x).toBeGreaterThan(17);
    await holdUntil(page, 'KeyD', async () => (await where(page)).trips > arena.trips);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/garage is for visitors with a Marque digital twin/);
    await arrived(page, 'Launch arena');
    const refused = await where(page);
    expect(refused.zone).toBe('launch');
    // In front of the garage's doorway, facing it (east).
    expect(Math.hypot(refused.x - garageDoor.x, refused.z - garageDoor.z)).toBeCloseTo(2.5, 1);
    expect(refused.lookX).toBeGreaterThan(0.95);
    expect(await alert.isVisible()).toBe(true);
    await keepPicture(page, path.join(OUT, 'launch-garage-doorway-desktop.png'));

    // 1–5 go straight to a zone.
    await page.keyboard.press('2');
    await page.getByTestId('presence').filter({ hasText: 'Factory line · 1 visitor here' }).waitFor({ timeout: 120_000 });
    // Escape closes the help, opened with ?.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Controls' });
    await help.waitFor();
    expect(await help.textContent()).toMatch(/W A S D/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('walks towards the floor where the visitor clicks', async () => {
    const page = await harness.openWorld('', { viewport: { width: 800, height: 500 } });
    const before = await where(page);
    const box = (await page.locator('canvas').boundingBox())!;
    // Low in the view, off its middle: the floor ahead and to one side, at the first such point that
    // no panel covers (the voice bar keeps to the bottom left, the room's actions to the bottom right).
    const candidates = [0.7, 0.65, 0.6].flatMap((y) => [0.4, 0.6, 0.35, 0.65].map((x) => ({ x: box.x + box.width * x, y: box.y + box.height * y })));
    const onCanvas = await page.evaluate((points) => points.map(({ x, y }) => document.elementFromPoint(x, y)?.tagName === 'CANVAS'), candidates);
    const click = candidates[onCanvas.indexOf(true)];
    if (!click) throw new Error(`e2e: panels cover every point of the floor tried: ${JSON.stringify(candidates)}`);
    const side = click.x < box.x + box.width / 2 ? -1 : 1;
    await page.mouse.click(click.x, click.y);
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => {
        const now = await where(page);
        return before.z - now.z > 0.5 && side * (now.x - before.x) > 0.1;
      }, { timeout: 60_000 })
      .toBe(true);
    const after = await where(page);
    // Ahead (−Z) and to that side, a few metres away at most.
    expect(Math.hypot(after.x - before.x, after.z - before.z)).toBeLessThan(8);
    expect(after.zone).toBe('museum');
  });

  it('shows the doorways in the museum on a headset build (quest target)', async () => {
    const page = await harness.openWorld('?target=quest', { viewport: { width: 800, height: 500 } });
    // Turn left, towards the factory's doorway in the west wall.
    await turn(page, -560);
    await expect.poll(async () => (await where(page)).lookX, { timeout: 30_000 }).toBeLessThan(-0.7);
    // The headset build has the museum's four doorways, and the factory's stands in view.
    const view = await where(page);
    expect(view.portals.map((p) => p.to).sort()).toEqual(['factory', 'garage', 'launch', 'lounge']);
    const door = view.portals.find((p) => p.to === 'factory')!;
    const toDoor = Math.hypot(door.x - view.x, door.z - view.z);
    const facing = ((door.x - view.x) * view.lookX + (door.z - view.z) * view.lookZ) / (toDoor * Math.hypot(view.lookX, view.lookZ));
    expect(facing, 'cosine between the view and the factory doorway').toBeGreaterThan(0.7);
    await nextFrames(page, 3);
    await keepPicture(page, path.join(OUT, 'museum-doorway-quest.png'));
  });

  it('fits the world map on a phone held upright', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.goto(harness.url(), { timeout: 120_000 });
      await page.getByTestId('presence').filter({ hasText: /visitors? here/ }).waitFor({ timeout: 120_000 });
      await page.getByRole('navigation', { name: 'Zones' }).getByRole('button', { name: /^Zones/ }).dispatchEvent('click');
      const map = page.getByRole('dialog', { name: 'World map' });
      await map.waitFor({ timeout: 30_000 });
      for (const button of await map.getByRole('button').all()) {
        const box = (await button.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        expect(box.height).toBeGreaterThanOrEqual(40);
      }
      await keepPicture(page, path.join(OUT, 'map-phone.png'));
      await map.getByRole('button', { name: /Factory line/ }).dispatchEvent('click');
      await page.getByTestId('presence').filter({ hasText: /^Factory line ·/ }).waitFor({ timeout: 120_000 });
    } finally {
      await context.close();
    }
  });
});
