import path from 'node:path';
import type { Page } from 'playwright-core';
import { Quaternion, Vector3 } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { doorAngles, lampIntensity, setUpWorld, TEST_OUTPUT_DIR, keepPicture } from './world';
import { aimFrom, inOrigin, pullTrigger, xrFrames } from './xr';

// One page rendering stereo WebGL in software (SwiftShader) on two cores: a few frames a second.
vi.setConfig({ testTimeout: 420_000 });

const { openWorld } = setUpWorld();

/** The XR origin's x, z and yaw. */
function origin(page: Page) {
  return page.evaluate(() => {
    const o = window.marque!.xr!.origin!;
    return { x: o.position.x, y: o.position.y, z: o.position.z, yaw: o.rotation.y };
  });
}

/** The right controller's position in the origin's space while it aims. */
const HAND = new Vector3(0.2, 1.2, -0.1);

/** A world point in the XR origin's space (where poses are given). */
async function pointInOrigin(page: Page, world: readonly [number, number, number]): Promise<Vector3> {
  return (await inOrigin(page, [world]))[0]!;
}

/** Where the scene object `name` is, in the origin's space, once it is shown. */
async function placeOf(page: Page, name: string): Promise<Vector3> {
  // Shown, and the visitor's rig (whose XR origin poses are given in) is in the zone.
  await page.waitForFunction((n) => window.marque!.scene!.getObjectByName(n)?.visible === true && window.marque!.xr!.origin != null, name, {
    timeout: 60_000,
    polling: 100,
  });
  const world = await page.evaluate((n) => {
    const p = window.marque!.scene!.getObjectByName(n)!.getWorldPosition(window.marque!.xr!.origin!.position.clone());
    return [p.x, p.y, p.z] as const;
  }, name);
  return pointInOrigin(page, world);
}

/** Points the right controller (at {@link HAND}, origin space) at the centre of the scene object `name`. */
async function aimAt(page: Page, name: string): Promise<void> {
  await aimFrom(page, HAND, await placeOf(page, name));
}

/** Enters VR on a page opened with `?xrtest`, the head 1.6 m above the origin looking down its −Z. */
async function enterVR(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Enter VR' }).dispatchEvent('click');
  await page.getByRole('button', { name: 'Exit VR' }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    const device = window.xrDevice!;
    device.position.set(0, 1.6, 0);
    device.quaternion.set(0, 0, 0, 1);
  });
  await xrFrames(page, 3);
}

/** The middle of the opening of the current zone's doorway to `to`, in the origin's space. */
async function doorwayMiddle(page: Page, to: string): Promise<Vector3> {
  const world = await page.evaluate((zone) => {
    const doorway = window.marque!.travel!.portals.find((p) => p.to === zone);
    if (!doorway) throw new Error(`no doorway to ${zone} here`);
    return [doorway.position[0], doorway.position[1] + doorway.height / 2, doorway.position[2]] as const;
  }, to);
  return pointInOrigin(page, world);
}

/** Turns the head (about the vertical, origin space) to look towards `target`. */
async function lookTowards(page: Page, target: Vector3): Promise<void> {
  const yaw = Math.atan2(-target.x, -target.z);
  const q = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), yaw);
  await page.evaluate((r) => window.xrDevice!.quaternion.set(r[0], r[1], r[2], r[3]), q.toArray());
  await xrFrames(page, 3);
}

/** Whether the scene holds an object of that name, shown. */
function shown(page: Page, name: string): Promise<boolean> {
  return page.evaluate((n) => window.marque!.scene!.getObjectByName(n)?.visible === true, name);
}

/** The factory's environment on any target (content-hashed). */
const FACTORY_ENVIRONMENT = /\/assets\/factory-line\.[0-9a-f]+\.glb$/;

describe('VR comfort and controls (IWER headset)', () => {
  it('teleports, snap-turns, works the VR menu with a controller ray, travels with its zone list, and stands the fallback room in when the zone fails to load, whose "Try again" pressed with the ray brings the zone up', async () => {
    // The factory's environment fails once: the zone the menu travels to stands its fallback room in.
    let requests = 0;
    const page = await openWorld('?xrtest', {
      beforeGoto: (p) => void p.route(FACTORY_ENVIRONMENT, (route) => (requests++ === 0 ? route.fulfill({ status: 500, body: 'unavailable' }) : route.continue())),
    });
    await enterVR(page);
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
    await keepPicture(page.locator('canvas'), path.join(TEST_OUTPUT_DIR, 'vr-menu.png'));

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

    // In a headset the failure is said on a panel in the room, with its "Try again" button: read
    // from 0.8 m, then pressed with the ray.
    const retry = await placeOf(page, 'zone-fallback:retry');
    expect(requests).toBe(1);
    await page.evaluate(([x, y, z]) => window.xrDevice!.position.set(x, y, z), [retry.x, retry.y + 0.3, retry.z + 0.8] as const);
    await xrFrames(page, 3);
    await keepPicture(page.locator('canvas'), path.join(TEST_OUTPUT_DIR, 'vr-fallback-room.png'));
    await aimAt(page, 'zone-fallback:retry');
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.zoneReady?.zone === 'factory', undefined, { timeout: 150_000, polling: 100 });
    expect(requests, 'the environment was fetched again').toBe(2);
    expect(await page.evaluate(() => window.marque!.scene!.getObjectByName('zone-fallback') == null)).toBe(true);
    await page.getByTestId('presence').filter({ hasText: /^Factory line ·/ }).waitFor({ timeout: 60_000 });
  });
});

describe('VR panels and doorways (IWER headset)', () => {
  it("opens a museum car's panel with the controller ray, whose Lights and Doors buttons switch the car's lamps on and open its doors; then travels through a doorway pressed with the ray, while a VR menu in front of the doorway keeps the ray", async () => {
    // The page's usual size: both eyes render every pixel in software, and each step here waits
    // for XR frames. All six cars drawn: the nearest one is pressed, and a car still loading
    // would not take the ray.
    const page = await openWorld('?xrtest', { cars: 6 });
    await enterVR(page);
    // The car nearest the visitor, aimed at the middle of its body (0.6 m above its plinth).
    const car = await page.evaluate(() => {
      const o = window.marque!.xr!.origin!;
      const head = o.localToWorld(o.position.clone().set(0, 1.6, 0));
      const cars: { id: string; at: [number, number, number]; distance: number }[] = [];
      window.marque!.scene!.traverse((object) => {
        if (!object.name.startsWith('exhibit:')) return;
        const p = object.getWorldPosition(head.clone());
        cars.push({ id: object.name.slice('exhibit:'.length), at: [p.x, p.y + 0.6, p.z], distance: p.distanceTo(head) });
      });
      return cars.sort((a, b) => a.distance - b.distance)[0]!;
    });
    expect(await shown(page, 'museum:vr-panel')).toBe(false);
    await aimFrom(page, HAND, await pointInOrigin(page, car.at));
    await pullTrigger(page);

    // The panel opens in front of the visitor, facing them, within reach of a reader's eyes.
    const panel = await placeOf(page, 'museum:vr-panel');
    expect(panel.x).toBeCloseTo(0, 2);
    expect(panel.z).toBeLessThan(-0.5);
    expect(panel.z).toBeGreaterThan(-1.2);
    // Its face (+Z) looks back along the head's view (the head looks down the origin's −Z).
    const facing = await page.evaluate(() => {
      const o = window.marque!.xr!.origin!;
      const face = window.marque!.scene!.getObjectByName('museum:vr-panel')!.getWorldDirection(o.position.clone());
      return face.dot(o.getWorldDirection(o.position.clone()));
    });
    expect(facing).toBeCloseTo(1, 3);

    // Lights switches that car's lamps on.
    const before = (await lampIntensity(page, car.id))!;
    await aimAt(page, 'museum:vr-panel:lights');
    await pullTrigger(page);
    await page.waitForFunction(
      (id) => window.marque!.scene!.getObjectByName(`turntable:${id}`)?.getObjectByName('lamps:beam') != null,
      car.id,
      { timeout: 60_000, polling: 50 },
    );
    expect(await lampIntensity(page, car.id)).toBeGreaterThan(before);

    // Doors swings both of them open on their hinges.
    await aimAt(page, 'museum:vr-panel:doors');
    await pullTrigger(page);
    await expect.poll(() => doorAngles(page, car.id), { timeout: 60_000 }).toEqual([expect.closeTo(-1.1, 2), expect.closeTo(1.1, 2)]);

    // Read at half a metre, looking straight at it.
    await page.evaluate(([x, y, z]) => window.xrDevice!.position.set(x, y, z), [panel.x, panel.y + 0.05, panel.z + 0.5] as const);
    await xrFrames(page, 3);
    await keepPicture(page.locator('canvas'), path.join(TEST_OUTPUT_DIR, 'vr-exhibit-panel.png'));

    // Close takes the panel away; the lamps stay on.
    await aimAt(page, 'museum:vr-panel:close');
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.scene!.getObjectByName('museum:vr-panel') == null, undefined, { timeout: 60_000, polling: 50 });
    expect(await lampIntensity(page, car.id)).toBeGreaterThan(before);

    // The head back above the origin, looking down its −Z, for the doorway.
    await page.evaluate(() => {
      window.xrDevice!.position.set(0, 1.6, 0);
      window.xrDevice!.quaternion.set(0, 0, 0, 1);
    });
    await xrFrames(page, 3);
    // The factory's doorway is in the west wall by the entrance (assets/src/environments/museum-hall.ts):
    // the head (above the origin) turns to it, so the menu opens between the visitor and the doorway.
    const doorway = await doorwayMiddle(page, 'factory');
    await lookTowards(page, doorway);
    await aimAt(page, 'vr-menu:tab');
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.xr!.comfort.menuOpen, undefined, { timeout: 60_000, polling: 50 });

    // A ray through the middle of the "Vignette" button that goes on to the middle of the doorway.
    const button = await placeOf(page, 'vr-menu:vignette');
    const hand = button.clone().add(button.clone().sub(doorway).setLength(0.35));
    const vignette = await page.evaluate(() => window.marque!.xr!.comfort.get().vignette);
    await aimFrom(page, hand, button);
    await pullTrigger(page);
    // The button took the press; the doorway behind it did not.
    await page.waitForFunction((was) => window.marque!.xr!.comfort.get().vignette !== was, vignette, { timeout: 60_000, polling: 50 });
    await xrFrames(page, 3);
    expect(await page.evaluate(() => ({ trips: window.marque!.travel!.trips, zone: window.marque!.zone }))).toEqual({ trips: 0, zone: 'museum' });

    // The menu closed, the same ray reaches the doorway: a press there travels through it, as a click does on a screen.
    await aimAt(page, 'vr-menu:close');
    await pullTrigger(page);
    await page.waitForFunction(() => !window.marque!.xr!.comfort.menuOpen, undefined, { timeout: 60_000, polling: 50 });
    await aimFrom(page, hand, button);
    expect(await shown(page, 'vr-menu:vignette')).toBe(false);
    await pullTrigger(page);
    await page.waitForFunction(() => window.marque!.zone === 'factory', undefined, { timeout: 60_000, polling: 50 });
    expect(await page.evaluate(() => ({ trips: window.marque!.travel!.trips, journey: window.marque!.travel!.journey }))).toEqual({
      trips: 1,
      journey: { from: 'museum', to: 'factory' },
    });
    await page.getByTestId('presence').filter({ hasText: /^Factory line ·/ }).waitFor({ timeout: 60_000 });
  });
});

