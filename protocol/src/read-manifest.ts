import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MarqueError } from './errors';
import { MANIFEST_FILE, MANIFEST_VERSION, type WorldManifest } from './manifest';

/**
 * Where the pipeline publishes the world and the server serves it from (`/assets/`): the
 * client's public folder. Node only, like the rest of this file; the browser fetches the manifest.
 */
export const PUBLISHED_ASSETS_DIR = path.resolve(import.meta.dirname, '..', '..', 'client', 'public', 'assets');

/** Reads a published manifest, or undefined when there is none yet or it is from an older pipeline. */
export async function readManifest(dir: string = PUBLISHED_ASSETS_DIR): Promise<WorldManifest | undefined> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MarqueError(file, 'is not a readable manifest', { details: 'publish the world again with `npm run assets`', cause });
  }
  let manifest: WorldManifest;
  try {
    manifest = JSON.parse(text) as WorldManifest;
  } catch (cause) {
    throw new MarqueError(file, 'is not valid JSON', { details: 'it was cut short or edited by hand; publish the world again with `npm run assets`', cause });
  }
  return manifest.version === MANIFEST_VERSION ? manifest : undefined;
}
