import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { canvasPixels, enterGarage, setUpWorld, signInAsDemoOwner, TEST_OUTPUT_DIR, waitForCars, keepPicture } from './world';
import { callApiFromPage } from './api';

// Pages render WebGL in software (SwiftShader) on two cores: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 300_000 });

const { openWorld } = setUpWorld();

/** The current model's published glb (any hash), as the museum and the garage both load it. */
const CURRENT_MODEL_FILE = /\/assets\/astrale-2025\.[0-9a-f]{10}\.glb$/;

/** What the garage's car shows: the material names of its meshes and the configuration it wears. */
async function garageCar(page: Page): Promise<{ materials: string[]; configuration?: Record<string, string> } | undefined> {
  return page.evaluate(() => {
    const garage = window.marque?.scene?.getObjectByName('owners-garage');
    const car = garage?.getObjectByName('car:astrale-2025');
    if (!car || car.children.length === 0) return undefined;
    const materials = new Set<string>();
    car.traverse((object) => {
      const material = (object as { material?: { name: string } | { name: string }[] }).material;
      for (const m of [material ?? []].flat()) materials.add(m.name);
    });
    return { materials: [...materials].sort(), configuration: car.userData.configuration as Record<string, string> | undefined };
  });
}

describe("the owners' garage configurator", () => {
  it("shows the owner's twin as configured and switches its paint and wheels in place: new materials, no reload, the glb fetched once", async () => {
    const carDownloads: string[] = [];
    let navigations = 0;
    const page = await openWorld('', {
      viewport: { width: 960, height: 540 },
      // The cars' full detail: the file whose single download is counted.
      quality: 'medium',
      beforeGoto: (p) => {
        p.on('request', (request) => {
          if (CURRENT_MODEL_FILE.test(new URL(request.url()).pathname)) carDownloads.push(request.url());
        });
        p.on('framenavigated', (frame) => {
          if (frame === p.mainFrame()) navigations++;
        });
      },
    });
    // A mark on this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { configuratorMark: true }));

    await signInAsDemoOwner(page);
    // The garage shows the demo owner's twin in its current configuration (GET /api/me/twins).
    const twin = (await callApiFromPage<{ model: string; currentConfiguration: Record<string, string> }[]>(page, '/api/me/twins', { auth: true })).body[0]!;
    expect(twin.model).toBe('astrale-2025');
    const current = twin.currentConfiguration;
    expect(current.paint).not.toBe('P-ROUGE-PASSION');
    await enterGarage(page);
    await page.waitForFunction(() => window.marque?.scene?.getObjectByName('owners-garage') != null, null, { timeout: 120_000 });
    await waitForCars(page, 1);
    const panel = page.getByRole('region', { name: /Configure Astrale GT/ });
    await panel.waitFor();

    // The twin's configuration, switched in place from the file's defaults.
    await expect.poll(() => garageCar(page), { timeout: 60_000 }).toMatchObject({ configuration: current });
    const before = (await garageCar(page))!;
    expect(before.materials).toContain(`paint/${current.paint}`);
    expect(before.materials).toContain(`rim/${current.wheel}`);
    expect(JSON.parse((await panel.getAttribute('data-configuration'))!)).toMatchObject({ paint: current.paint, wheel: current.wheel });
    const redBefore = (await canvasPixels(page)).red;

    // Catalogue names, grouped by category, as radios.
    const paint = panel.getByRole('group', { name: 'Paint' });
    expect(await paint.getByRole('radio').count()).toBe(10);
    expect(await paint.getByRole('radio', { checked: true }).getAttribute('value')).toBe(current.paint);
    await paint.getByRole('radio', { name: 'Rouge Passion' }).check();
    // Another wheel than the twin's.
    const wheel = current.wheel === 'W-ARGENT-20' ? { code: 'W-FORGED-21', name: 'Forgé Graphite 21"' } : { code: 'W-ARGENT-20', name: 'Argent Poli 20"' };
    await panel.getByRole('group', { name: 'Wheels' }).getByRole('radio', { name: wheel.name }).check();

    await expect
      .poll(() => garageCar(page), { timeout: 60_000 })
      .toMatchObject({ configuration: { paint: 'P-ROUGE-PASSION', wheel: wheel.code } });
    const after = (await garageCar(page))!;
    expect(after.materials).toContain('paint/P-ROUGE-PASSION');
    expect(after.materials).toContain(`rim/${wheel.code}`);
    expect(after.materials).not.toContain(`paint/${current.paint}`);
    expect(after.materials).not.toContain(`rim/${current.wheel}`);
    // Categories not touched keep the twin's codes.
    expect(after.materials).toContain(`caliper/${current.caliper}`);
    expect(JSON.parse((await panel.getAttribute('data-configuration'))!)).toMatchObject({ paint: 'P-ROUGE-PASSION', wheel: wheel.code, caliper: current.caliper });

    // What is drawn changed too: a red car where another colour stood.
    await expect.poll(async () => (await canvasPixels(page)).red - redBefore, { timeout: 60_000 }).toBeGreaterThan(0.03);
    const pixels = await canvasPixels(page);
    expect(pixels.lit).toBeGreaterThan(0.2);
    expect(pixels.colours).toBeGreaterThan(40);
    await keepPicture(page, path.join(TEST_OUTPUT_DIR, 'configurator.png'));

    // All in place: the same document, and the car's file downloaded once (the museum's copy).
    expect(navigations).toBe(1);
    expect(await page.evaluate(() => (window as { configuratorMark?: boolean }).configuratorMark)).toBe(true);
    expect(carDownloads).toHaveLength(1);
  });
});
