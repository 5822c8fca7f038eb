import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canvasPixels, drawnAvatarPosition, enterGarage, ownName, setUpWorld, signInAsDemoOwner, TEST_OUTPUT_DIR } from './world';

// Several pages render WebGL in software (SwiftShader) on two cores: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 300_000 });

const { openWorld } = setUpWorld();

describe('the museum in a browser', () => {
  it('renders a lit hall with cars, not a blank canvas', async () => {
    const page = await openWorld();
    await page.waitForTimeout(1000);
    const pixels = await canvasPixels(page);
    expect(pixels.lit).toBeGreaterThan(0.2);
    expect(pixels.colours).toBeGreaterThan(40);
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, 'museum.png') });
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

    // They chat: A's line reaches B's chat panel, with A's name. Two pages rendering in
    // software draw a frame every few seconds, so buttons are pressed without waiting for
    // Playwright's two-frame stability check.
    await a.getByRole('button', { name: 'Chat' }).dispatchEvent('click');
    await a.getByLabel('Message').fill('Have you seen the 1974 Orage?');
    await a.getByLabel('Message').press('Enter');
    await b.getByRole('button', { name: /^Chat/ }).dispatchEvent('click');
    const line = b.getByRole('region', { name: 'Chat' }).getByRole('listitem').filter({ hasText: 'Have you seen the 1974 Orage?' });
    await line.waitFor({ timeout: 30_000 });
    expect(await line.textContent()).toContain(nameOfA);
  });

  it("lets a demo owner sign in and enter the owners' garage", async () => {
    const page = await openWorld();
    await signInAsDemoOwner(page);
    await enterGarage(page);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('refuses a guest at the garage with a message saying why', async () => {
    const page = await openWorld();
    await page.getByRole('button', { name: "Owners' garage" }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/garage is for visitors with a Marque digital twin/);
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
