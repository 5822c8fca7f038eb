import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { buildWorld } from '../pipelines/src/session';
import { publishRuntimeFiles } from '../pipelines/src/runtime-files';
import { REPO_ROOT } from '../server/src/config';
import { startLocalStack, type LocalStack } from '../server/src/dev/local-stack';
import { embeddedEnv } from '../server/src/testing/embedded-env';
import { launchChromiumServer } from './browser';

/** What the global setup hands every e2e file (Vitest's `inject('e2e')`). */
export interface E2eWorld {
  /** The running product, as e2e/world.ts's harness exposes it. */
  stack: Pick<LocalStack, 'url' | 'serverUrl' | 'rpcUrl' | 'deployment'>;
  /** The run's headless Chromium, to connect to. */
  browserEndpoint: string;
  /** The production client the stack serves, built for this run (a folder of its own, which no other build replaces). */
  clientDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eWorld;
  }
}

/**
 * Vitest's global setup of the e2e project (vite.config.ts): runs once per run, before any test,
 * and only when e2e files are among them. Builds the world's assets and the production client (in a
 * folder of its own: a `vite build` run meanwhile must not empty the one being served), then starts one local stack on them (a fresh chain and data folder, free ports,
 * the client served by Vite's preview with the same proxy as a visitor gets it) and one headless
 * Chromium for the whole run: starting them per file cost more than most files' tests. Files
 * connect to both and leave them as they found them (e2e/world.ts). The returned teardown stops them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The runtime files first: `vite build` copies client/public, assets included, into the client.
  await publishRuntimeFiles({ publicDir: path.join(REPO_ROOT, 'client', 'public') });
  await buildWorld();
  const clientDir = await mkdtemp(path.join(tmpdir(), 'marque-e2e-client-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marque-e2e-'));
  const stops: Array<() => Promise<void>> = [() => rm(clientDir, { recursive: true, force: true }), () => rm(dataDir, { recursive: true, force: true })];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(`e2e: teardown: ${String(error)}`));
    stops.length = 0;
  };
  try {
    await buildProductionClient(clientDir);
    const stack = await startLocalStack({
      dataDir,
      clientDir,
      chainPort: 0,
      serverPort: 0,
      clientPort: 0,
      client: 'preview',
      buildAssets: false,
      env: embeddedEnv(),
      log: () => {},
      onFailure: (reason) => console.error(`e2e: the local stack failed, the tests after this cannot pass: ${reason}`),
    });
    stops.push(() => stack.stop());
    const browser = await launchChromiumServer();
    stops.push(() => browser.close());
    const { url, serverUrl, rpcUrl, deployment } = stack;
    project.provide('e2e', { stack: { url, serverUrl, rpcUrl, deployment }, browserEndpoint: browser.wsEndpoint(), clientDir });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/**
 * The client as a visitor gets it, into `outDir`: Vitest sets NODE_ENV=test, which Vite would
 * keep (React's development build).
 */
async function buildProductionClient(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
