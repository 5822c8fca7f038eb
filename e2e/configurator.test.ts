import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { canvasPixels, enterGarage, setUpWorld, signInAsDemoOwner, TEST_OUTPUT_DIR, waitForCars } from './world';

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
  it("switches the car's paint and wheels in place: new materials, no reload, the glb fetched once", async () => {
    const carDownloads: string[] = [];
    let navigations = 0;
    const page = await openWorld('', {
      viewport: { width: 960, height: 540 },
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
    await enterGarage(page);
    await page.waitForFunction(() => window.marque?.scene?.getObjectByName('owners-garage') != null, null, { timeout: 120_000 });
    await waitForCars(page, 1);
    const panel = page.getByRole('region', { name: /Configure Astrale GT/ });
    await panel.waitFor();

    // The default configuration: the file's own materials.
    await expect.poll(() => garageCar(page), { timeout: 60_000 }).toMatchObject({ configuration: {} });
    const before = (await garageCar(page))!;
    expect(before.materials).toContain('paint/P-BLEU-MINUIT');
    expect(before.materials).toContain('rim/W-ARGENT-20');
    expect(JSON.parse((await panel.getAttribute('data-configuration'))!)).toMatchObject({ paint: 'P-BLEU-MINUIT', wheel: 'W-ARGENT-20' });
    const redBefore = (await canvasPixels(page)).red;

    // Catalogue names, grouped by category, as radios.
    const paint = panel.getByRole('group', { name: 'Paint' });
    expect(await paint.getByRole('radio').count()).toBe(10);
    expect(await paint.getByRole('radio', { name: 'Bleu Minuit' }).isChecked()).toBe(true);
    await paint.getByRole('radio', { name: 'Rouge Passion' }).check();
    await panel.getByRole('group', { name: 'Wheels' }).getByRole('radio', { name: 'Forgé Graphite 21"' }).check();

    await expect
      .poll(() => garageCar(page), { timeout: 60_000 })
      .toMatchObject({ configuration: { paint: 'P-ROUGE-PASSION', wheel: 'W-FORGED-21' } });
    const after = (await garageCar(page))!;
    expect(after.materials).toContain('paint/P-ROUGE-PASSION');
    expect(after.materials).toContain('rim/W-FORGED-21');
    expect(after.materials).not.toContain('paint/P-BLEU-MINUIT');
    expect(after.materials).not.toContain('rim/W-ARGENT-20');
    // Categories not touched keep their default.
    expect(after.materials).toContain('caliper/C-LAITON');
    expect(JSON.parse((await panel.getAttribute('data-configuration'))!)).toMatchObject({ paint: 'P-ROUGE-PASSION', wheel: 'W-FORGED-21', caliper: 'C-LAITON' });

    // What is drawn changed too: a red car where a midnight-blue one stood.
    await page.waitForTimeout(1000);
    const pixels = await canvasPixels(page);
    expect(pixels.red - redBefore).toBeGreaterThan(0.03);
    expect(pixels.lit).toBeGreaterThan(0.2);
    expect(pixels.colours).toBeGreaterThan(40);
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, 'configurator.png') });

    // All in place: the same document, and the car's file downloaded once (the museum's copy).
    expect(navigations).toBe(1);
    expect(await page.evaluate(() => (window as { configuratorMark?: boolean }).configuratorMark)).toBe(true);
    expect(carDownloads).toHaveLength(1);
  });
});
