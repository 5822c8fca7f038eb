import path from 'node:path';
import { build } from 'vite';
import { buildWorld } from '../pipelines/src/session';
import { publishRuntimeFiles } from '../pipelines/src/runtime-files';
import { REPO_ROOT } from '../server/src/config';

/**
 * Vitest's global setup of the e2e project (vite.config.ts): runs once per run, before any test,
 * and only when e2e files are among them. Builds what every file's stack serves, so that a file
 * starts only its own stack and browser: the world's assets and the production client in client/dist.
 */
export default async function setup(): Promise<void> {
  // The runtime files first: `vite build` copies client/public, assets included, into the client.
  await publishRuntimeFiles({ publicDir: path.join(REPO_ROOT, 'client', 'public') });
  await buildWorld();
  await buildProductionClient();
}

/** The client as a visitor gets it: Vitest sets NODE_ENV=test, which Vite would keep (React's development build). */
async function buildProductionClient(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
