import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { publishKeynote } from './keynote';

/** Options of {@link publishRuntimeFiles}. */
export interface RuntimeFilesOptions {
  /** The client's public folder: profiles go to `xr-profiles/`, the KTX2 transcoder to `basis/`, the keynote to `media/`. */
  publicDir: string;
  /** WebXR input profiles to publish: the headsets we support and the generic fallbacks. */
  profiles?: string[];
}

export const RUNTIME_FILES_DEFAULTS = {
  profiles: ['meta-quest-touch-plus', 'generic-trigger', 'generic-hand'],
} satisfies Partial<RuntimeFilesOptions>;

/**
 * Writes what the browser loads at run time besides our assets into the client's public
 * folder, so nothing is ever fetched from a CDN (and tests work offline): the controller
 * and hand models the XR runtime asks for (`@webxr-input-profiles/assets`), the Basis
 * Universal transcoder that three's KTX2Loader needs for the quest and mobile textures, and
 * the launch keynote video (`media/keynote.webm`, rendered by ./keynote.ts, cached).
 */
export async function publishRuntimeFiles(options: RuntimeFilesOptions): Promise<void> {
  const { publicDir, profiles } = { ...RUNTIME_FILES_DEFAULTS, ...options };
  const require = createRequire(import.meta.url);
  const profilesDir = path.join(path.dirname(require.resolve('@webxr-input-profiles/assets/package.json')), 'dist', 'profiles');
  await publishFolder(path.join(publicDir, 'xr-profiles'), async (staging) => {
    await cp(path.join(profilesDir, 'profilesList.json'), path.join(staging, 'profilesList.json'));
    for (const profile of profiles) await cp(path.join(profilesDir, profile), path.join(staging, profile), { recursive: true });
  });
  // three exports no package.json; its main entry lives in build/.
  const basisDir = path.join(path.dirname(require.resolve('three')), '..', 'examples', 'jsm', 'libs', 'basis');
  await publishFolder(path.join(publicDir, 'basis'), async (staging) => {
    for (const file of ['basis_transcoder.js', 'basis_transcoder.wasm']) await cp(path.join(basisDir, file), path.join(staging, file));
  });
  await publishKeynote({ publicDir });
}

/** Fills a staging folder, then swaps it in whole, so a page never sees a half-copied folder. */
async function publishFolder(outDir: string, fill: (staging: string) => Promise<void>): Promise<void> {
  const staging = `${outDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await fill(staging);
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
}
