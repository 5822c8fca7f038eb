import type { Page } from 'playwright-core';
import { Matrix4, Quaternion, Vector3 } from 'three';

/** Waits until the page (opened with `?xrtest`, in VR) has drawn `count` more XR frames (never on the clock). */
export async function xrFrames(page: Page, count: number): Promise<void> {
  const start = await page.evaluate(() => window.marque!.xr!.frames);
  await page.waitForFunction((until) => window.marque!.xr!.frames >= until, start + count, { timeout: 60_000, polling: 50 });
}

/** World points in the XR origin's space (where controller poses are given). */
export function inOrigin(page: Page, points: readonly (readonly [number, number, number])[]): Promise<Vector3[]> {
  return page
    .evaluate((list) => {
      const o = window.marque!.xr!.origin!;
      o.updateWorldMatrix(true, true);
      return list.map((p) => o.worldToLocal(o.position.clone().set(p[0], p[1], p[2])).toArray());
    }, points)
    .then((list) => list.map((p) => new Vector3(...p)));
}

/** Holds the right controller at `hand` pointing at `target` (both in the origin's space). */
export async function aimFrom(page: Page, hand: Vector3, target: Vector3): Promise<void> {
  // A matrix that looks from the hand to the target points its −Z (the ray) there.
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
}

/** Presses and releases the right trigger, a few frames apart (a ray's press on a VR panel). */
export async function pullTrigger(page: Page): Promise<void> {
  await page.evaluate(() => window.xrDevice!.controllers.right!.updateButtonValue('trigger', 1));
  await xrFrames(page, 3);
  await page.evaluate(() => window.xrDevice!.controllers.right!.updateButtonValue('trigger', 0));
  await xrFrames(page, 2);
}

/** Holds the right controller at `hand` pointing at `target` (origin space), then presses and releases its trigger. */
export async function rayPress(page: Page, hand: Vector3, target: Vector3): Promise<void> {
  await aimFrom(page, hand, target);
  await pullTrigger(page);
}
