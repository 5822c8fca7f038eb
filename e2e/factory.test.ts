import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { nextFrames } from '../bench/lib/frame-figures';
import { setUpWorld, TEST_OUTPUT_DIR, keepPicture } from './world';

// Software WebGL (SwiftShader) on two cores: a frame takes up to a second, so motion is read
// seconds apart and effects are waited for, not caught on a given frame.
vi.setConfig({ testTimeout: 300_000 });

const harness = setUpWorld();

/** What the factory shows in motion, read from the scene: joints, drawn instances, the belt, the effects. */
interface FactoryState {
  /** Per robot read: shoulder tilt and turn, elbow and wrist bends (radians). */
  joints: Record<string, number[]>;
  /** The first robot's drawn lower arm: its instance matrix. */
  armMatrix: number[];
  /** Where slat 50 of the belt is drawn along the line (x). */
  slatX: number;
  /** Which tool effects are drawn. */
  effects: Record<string, boolean>;
}

const ROBOTS = ['robot_0', 'robot_1', 'robot_2', 'robot_4'];

function readFactory(page: Page): Promise<FactoryState> {
  return page.evaluate((robots) => {
    const scene = window.marque?.scene;
    if (!scene) throw new Error('e2e: no scene on window.marque');
    // GLTFLoader makes repeated names unique: the second robot's shoulder is `shoulder_1`.
    const base = (name: string) => name.replace(/_\d+$/, '');
    const joints: Record<string, number[]> = {};
    for (const name of robots) {
      let node = scene.getObjectByName(name);
      if (!node) throw new Error(`e2e: no ${name} in the factory`);
      const angles: number[] = [];
      for (const pivot of ['shoulder', 'elbow', 'wrist']) {
        node = node.children.find((child) => base(child.name) === pivot);
        if (!node) throw new Error(`e2e: ${name} has no ${pivot}`);
        angles.push(node.rotation.x, node.rotation.y);
      }
      joints[name] = angles;
    }
    type Instanced = { isInstancedMesh?: boolean; instanceMatrix: { array: ArrayLike<number> } };
    let arm: Instanced | undefined;
    let slats: Instanced | undefined;
    const effects: Record<string, boolean> = {};
    scene.traverse((object) => {
      const instanced = object as unknown as Instanced;
      if (instanced.isInstancedMesh && object.name === 'arm_lower') arm = instanced;
      if (instanced.isInstancedMesh && base(object.name) === 'conveyor_slats') slats = instanced;
      if (['weld_glow', 'weld_sparks', 'paint_mist', 'scanner_fan'].includes(object.name)) effects[object.name] ||= object.visible;
    });
    if (!arm || !slats) throw new Error('e2e: the factory has no instanced arm_lower or conveyor_slats');
    return { joints, armMatrix: Array.from(arm.instanceMatrix.array).slice(0, 16), slatX: slats.instanceMatrix.array[50 * 16 + 12]!, effects };
  }, ROBOTS);
}

function differs(a: number[], b: number[], by = 1e-3): boolean {
  return a.some((v, i) => Math.abs(v - b[i]!) > by);
}

describe('the factory line at work', () => {
  it('runs its robots out of step and its belt along the line, with their tools working', async () => {
    const page = await harness.openWorld('?zone=factory', { cars: 1, viewport: { width: 960, height: 540 } });
    // Wait until the line has visibly run: every robot moved, the two welders of the body shop
    // stand at different points of their cycle (out of step; at the very start both may still
    // rest), and the belt carried a slat forward, slowly (+X, under 3 m; a slat that went round
    // from the end starts the wait again from there).
    let first = await readFactory(page);
    await expect
      .poll(async () => {
        const now = await readFactory(page);
        const moved = now.slatX - first.slatX;
        if (moved < 0 || moved >= 3) {
          first = now;
          return false;
        }
        return (
          moved > 0.05 &&
          ROBOTS.every((robot) => differs(first.joints[robot]!, now.joints[robot]!)) &&
          // What is drawn moves with the pivots: the robots' parts are instances, not the pivots' children.
          differs(first.armMatrix, now.armMatrix) &&
          differs(now.joints.robot_0!, now.joints.robot_1!, 0.02)
        );
      }, { timeout: 90_000, interval: 250 })
      .toBe(true);

    // Over a cycle (about 14 s) every tool works: wait for each effect, and look at it. A weld
    // throws sparks as it glows.
    for (const effect of ['weld_glow', 'paint_mist', 'scanner_fan']) {
      // The weld's sparks are read in the same look as its glow: a weld may end between two reads.
      const seen = effect === 'weld_glow' ? ['weld_glow', 'weld_sparks'] : [effect];
      await expect
        .poll(async () => {
          const { effects } = await readFactory(page);
          return seen.filter((name) => effects[name] !== true);
        }, { timeout: 90_000, interval: 250 })
        .toEqual([]);
      await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'factory', `${effect}.png`));
    }
  });

  it('stands still in a working pose when the visitor prefers reduced motion', async () => {
    const page = await harness.openWorld('?zone=factory&target=quest', { cars: 1, viewport: { width: 960, height: 540 } });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await nextFrames(page, 2);
    const first = await readFactory(page);
    await nextFrames(page, 10);
    const second = await readFactory(page);
    expect(second.joints).toEqual(first.joints);
    expect(second.armMatrix).toEqual(first.armMatrix);
    expect(second.slatX).toBe(first.slatX);
    expect(Object.values(second.effects).some(Boolean)).toBe(false);
    // A working pose, not the file's (shoulder 0.35, elbow 0.25, wrist 0.6 rad): the tool held at the car.
    expect(differs(second.joints.robot_0!, [0.35, 0, 0.25, 0, 0.6, 0], 0.05)).toBe(true);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'factory', 'reduced-motion-quest.png'));

    // Motion back on: the line starts again where the clock is.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect.poll(async () => differs(second.joints.robot_0!, (await readFactory(page)).joints.robot_0!), { timeout: 60_000 }).toBe(true);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'factory', 'moving-quest.png'));
  });
});
