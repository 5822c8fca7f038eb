import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Options of {@link publishXrProfiles}. */
export interface XrProfilesOptions {
  /** Folder the client serves as `/xr-profiles/`. */
  outDir: string;
  /** WebXR input profiles to publish: the headsets we support and the generic fallbacks. */
  profiles?: string[];
}

export const XR_PROFILES_DEFAULTS = {
  profiles: ['meta-quest-touch-plus', 'generic-trigger', 'generic-hand'],
} satisfies Partial<XrProfilesOptions>;

/**
 * Copies the controller and hand models the XR runtime asks for from the
 * `@webxr-input-profiles/assets` package into the client's public folder, so a
 * headset never fetches them from a CDN (and tests work offline).
 */
export async function publishXrProfiles(options: XrProfilesOptions): Promise<void> {
  const { outDir, profiles } = { ...XR_PROFILES_DEFAULTS, ...options };
  const require = createRequire(import.meta.url);
  const source = path.join(path.dirname(require.resolve('@webxr-input-profiles/assets/package.json')), 'dist', 'profiles');
  const staging = `${outDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await cp(path.join(source, 'profilesList.json'), path.join(staging, 'profilesList.json'));
  for (const profile of profiles) {
    await cp(path.join(source, profile), path.join(staging, profile), { recursive: true });
  }
  // Swap in whole, so a page never sees a half-copied folder.
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
}
