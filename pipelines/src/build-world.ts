import path from 'node:path';
import type { WorldManifest } from '../../protocol/src/manifest';
import { publishRuntimeFiles } from './runtime-files';
import { BUILD_WORLD_DEFAULTS, buildWorld } from './session';

/**
 * What `npm start` runs before serving: the runtime files (XR input profiles, the KTX2
 * transcoder, the keynote) and the world's assets for every target, into the client's public
 * folder, both cached (fast when nothing changed). The one pipeline entry the server may
 * call, and only in development (server/src/dev).
 */
export async function buildWorldAssets(): Promise<WorldManifest> {
  await publishRuntimeFiles({ publicDir: path.dirname(BUILD_WORLD_DEFAULTS.outDir) });
  return buildWorld();
}
