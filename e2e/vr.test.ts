import path from 'node:path';
import type { Page } from 'playwright-core';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { setUpWorld, TEST_OUTPUT_DIR } from './world';

// One page rendering stereo WebGL in software (SwiftShader) on two cores: a few frames a second.
vi.setConfig({ testTimeout: 240_000 });

const { openWorld } = setUpWorld();

/** Waits until the page has drawn `count` more XR frames (never on the clock). */
async function xrFrames(page: Page, count: number): Promise<void> {
  const start = await page.evaluate(() => window.marque!.xr!.frames);
  await page.waitForFunction((until) => window.marque!.xr!.frames >= until, start + count, { timeout: 60_000, polling: 50 });
}

/** The XR origin's x, z and yaw. */
function origin(page: Page) {
  return page.evaluate(() => {
    const o = window.marque!.xr!.origin!;
    return { x: o.position.x, y: o.position.y, z: o.position.z, yaw: o.rotation.y };
  });
}

/** The right controller's position in the origin's space while it aims. */
const HAND = new Vector3(0.2, 1.2, -0.1);

/** Points the right controller (at {@link HAND}, origin space) at the centre of the scene object `name`. */
async function aimAt(page: Page, name: string): Promise<void> {
  await page.waitForFunction((n) => window.marque!.scene!.getObjectByName(n)?.visible === true, name, { timeout: 60_000, polling: 100 });
  const target = await page.evaluate((n) => {
    const o = window.marque!.xr!.origin!;
    o.updateWorldMatrix(true, true);
    const object = window.marque!.scene!.getObjectByName(n)!;
    const p = o.worldToLocal(object.getWorldPosition(o.position.clone()));
    return [p.x, p.y, p.z] as const;
  }, name);
  // A matrix that looks from the hand to the target points its −Z (the ray) there.
  const q = new Quaternion().setFromRotationMatrix(new Matrix4().lookAt(HAND, new Vector3(...target), new Vector3(0, 1, 0)));
  await page.evaluate(
    ([p, r]) => {
      const right = window.xrDevice!.controllers.right!;
      right.position.set(p[0], p[1], p[2]);
      right.quaternion.set(r[0], r[1], r[2], r[3]);
    },
    [HAND.toArray(), q.toArray()] as const,
  );
  await xrFrames(page, 3);
}

/** Presses and releases the right trigger, a few frames apart (a ray's press on the VR menu). */
async function pullTrigger(page: Page): Promise<void> {
  await page.evaluate(() => window.xrDevice!.controllers.right!.updateButtonValue('trigger', 1));
  await xrFrames(page, 3);
  await page.evaluate(() => window.xrDevice!.controllers.right!.updateButtonValue('trigger', 0));
  await xrFrames(page, 2);
}

describe('VR comfort and controls (IWER headset)', () => {
  it('teleports, snap-turns, and works the VR menu with a controller ray', async () => {
    const page = await openWorld('?xrtest');
    await page.getByRole('button', { name: 'Enter VR' }).dispatchEvent('click');
    await page.getByRole('button', { name: 'Exit VR' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const device = window.xrDevice!;
      device.position.set(0, 1.6, 0);
      device.quaternion.set(0, 0, 0, 1);
    });
    await xrFrames(page, 3);
    expect(await page.evaluate(() => window.marque!.xr!.comfort.get().locomotion)).toBe('teleport');

    // Teleport: the right controller points ahead and down; the stick pushed forward aims (the
    // arc and marker show where it lands), released lands: the head stands above the marker.
    const start = await origin(page);
    const down = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), -0.5);
    await page.evaluate(
      ([p, r]) => {
        const right = window.xrDevice!.controllers.right!;
        right.position.set(p[0], p[1], p[2]);
        right.quaternion.set(r[0], r[1], r[2], r[3]);
        right.updateAxes('thumbstick', 0, -1);
      },
      [HAND.toArray(), down.toArray()] as const,
    );
    await page.waitForFunction(() => window.marque!.xr!.aim !== undefined, undefined, { timeout: 60_000, polling: 50 });
    await xrFrames(page, 2);
    const aim = (await page.evaluate(() => window.marque!.xr!.aim))!;
    expect(await page.evaluate(() => window.marque!.scene!.getObjectByName('xr:teleport-marker')!.visible)).toBe(true);
    await page.evaluate(() => window.xrDevice!.controllers.right!.updateAxes('thumbstick', 0, 0));
    await page.waitForFunction(() => window.marque!.xr!.lastTeleport !== undefined, undefined, { timeout: 60_000, polling: 50 });
    const landed = await origin(page);
    // The head is above the origin (x = z = 0 in its space), so the origin is on the marker.
    expect(landed.x).toBeCloseTo(aim.x, 5);
    expect(landed.z).toBeCloseTo(aim.z, 5);
    // Forward is −Z turned by the origin's yaw (the zone's spawn heading).
    const forward = -(landed.z - start.z) * Math.cos(start.yaw) - (landed.x - start.x) * Math.sin(start.yaw);
    expect(forward).toBeGreaterThan(1.5);

    // Snap turn: the right stick pushed right turns exactly 45° to the right, once per push.
    await page.evaluate(() => window.xrDevice!.controllers.right!.updateAxes('thumbstick', 1, 0));
    await xrFrames(page, 4);
    await page.evaluate(() => window.xrDevice!.controllers.right!.updateAxes('thumbstick', 0, 0));
    await xrFrames(page, 2);
    const turned = await origin(page);
    const turn = Math.atan2(Math.sin(turned.yaw - landed.yaw), Math.cos(turned.yaw - landed.yaw));
    expect(turn).toBeCloseTo(-Math.PI / 4, 9);
    // It turns on the spot: the head (above the old origin) has not moved.
    expect(Math.hypot(turned.x - landed.x, turned.z - landed.z)).toBeLessThan(1e-6);

    // The VR menu: the ray on the "Menu" tab and a trigger pull open it; "Smooth walk" switches locomotion.
    await aimAt(page, 'vr-menu:tab');
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.xr!.comfort.menuOpen, undefined, { timeout: 60_000, polling: 50 });
    await aimAt(page, 'vr-menu:smooth');
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.xr!.comfort.get().locomotion === 'smooth', undefined, { timeout: 60_000, polling: 50 });
    await xrFrames(page, 2);
    await page.locator('canvas').screenshot({ path: path.join(TEST_OUTPUT_DIR, 'vr-menu.png') });

    // Smooth walking on the left stick moves the visitor forward with the vignette darkening the view.
    const before = await origin(page);
    await page.evaluate(() => window.xrDevice!.controllers.left!.updateAxes('thumbstick', 0, -1));
    await xrFrames(page, 4);
    expect(await page.evaluate(() => window.marque!.scene!.getObjectByName('xr:vignette')?.visible)).toBe(true);
    await page.evaluate(() => window.xrDevice!.controllers.left!.updateAxes('thumbstick', 0, 0));
    const walked = await origin(page);
    // The head looks 45° right of the spawn heading now.
    const heading = turned.yaw;
    expect(-(walked.z - before.z) * Math.cos(heading) - (walked.x - before.x) * Math.sin(heading)).toBeGreaterThan(0.1);

    // The zone list travels like the 2D zone buttons.
    await aimAt(page, 'vr-menu:zone:factory');
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.zone === 'factory', undefined, { timeout: 60_000, polling: 50 });
    await page.getByTestId('presence').filter({ hasText: /^Factory line ·/ }).waitFor({ timeout: 60_000 });
  });
});
