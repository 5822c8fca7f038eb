import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarqueError } from './errors';
import { MANIFEST_FILE, MANIFEST_VERSION } from './manifest';
import { PUBLISHED_ASSETS_DIR, readManifest } from './read-manifest';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'marque-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readManifest', () => {
  it('reads the client\'s published assets by default', () => {
    expect(PUBLISHED_ASSETS_DIR).toBe(path.resolve(import.meta.dirname, '../../client/public/assets'));
  });

  it('is undefined before anything is published, or for an older manifest', async () => {
    expect(await readManifest(path.join(dir, 'nothing-here'))).toBeUndefined();
    await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify({ version: 1, zones: {} }));
    expect(await readManifest(dir)).toBeUndefined();
  });

  it('reads a published manifest', async () => {
    const manifest = { version: MANIFEST_VERSION, targets: {}, catalogue: { paint: {}, wheel: {}, caliper: {}, interior: {}, trim: {} } };
    await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    expect(await readManifest(dir)).toEqual(manifest);
  });

  it('refuses a manifest cut short, naming the file and what to do', async () => {
    await writeFile(path.join(dir, MANIFEST_FILE), '{ "version": 2, "targ');
    const error = await readManifest(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarqueError);
    expect((error as MarqueError).unit).toBe(path.join(dir, MANIFEST_FILE));
    expect((error as MarqueError).message).toMatch(/is not valid JSON[\s\S]*npm run assets/);
  });
});
