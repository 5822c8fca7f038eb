import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { buildWorld } from '../pipelines/src/session';
import { publishRuntimeFiles } from '../pipelines/src/runtime-files';
import { REPO_ROOT } from '../server/src/config';
import type { LocalStack } from '../server/src/dev/local-stack';
import { startProduct } from '../server/src/testing/product-process';
import { launchChromiumServer } from './browser';

/** One e2e worker's own product and browser: the files it runs, one after another, share them. */
export interface E2eSlot {
  /** The running product, as e2e/world.ts's harness exposes it. */
  stack: Pick<LocalStack, 'url' | 'serverUrl' | 'rpcUrl' | 'deployment'>;
  /** A headless Chromium, to connect to. */
  browserEndpoint: string;
}

/** What the global setup hands every e2e file (Vitest's `inject('e2e')`). */
export interface E2eWorld {
  /** One slot per e2e worker; a file uses its worker's (`VITEST_POOL_ID`, from 1). */
  slots: E2eSlot[];
  /** The production client every stack serves, built for this run (a folder of its own, which no other build replaces). */
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
 * folder of its own: a `vite build` run meanwhile must not empty the one being served). Then, for
 * each e2e worker, starts a local stack on them (a fresh chain and data folder, free ports, the
 * client served by Vite's preview with the same proxy as a visitor gets it) and a headless
 * Chromium: starting them per file cost more than most files' tests. A worker's files run one
 * after another on its slot and leave it as they found it (e2e/world.ts), so no file sees another's
 * visitors or chain writes. A browser each, because a Chromium draws every page's WebGL in its
 * one GPU process, which SwiftShader keeps on about one core: two browsers use both. The returned
 * teardown stops them all.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The runtime files first: `vite build` copies client/public, assets included, into the client.
  await publishRuntimeFiles({ publicDir: path.join(REPO_ROOT, 'client', 'public') });
  await buildWorld();
  const clientDir = await mkdtemp(path.join(tmpdir(), 'marque-e2e-client-'));
  const slots: RunningSlot[] = [];
  const teardown = async () => {
    // The slots at once: each stops its browser, then its stack (the chain writes its state).
    await Promise.all(slots.splice(0).map((slot) => slot.stop()));
    await rm(clientDir, { recursive: true, force: true });
  };
  try {
    await buildProductionClient(clientDir);
    // One after another: each start checks the world's assets (built above, so it finds them current).
    for (let n = 1; n <= project.config.maxWorkers; n++) slots.push(await startSlot(n, clientDir));
    project.provide('e2e', { slots: slots.map(({ slot }) => slot), clientDir });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

interface RunningSlot {
  slot: E2eSlot;
  stop(): Promise<void>;
}

/**
 * Worker `n`'s stack, as `npm start` runs it in a process of its own (Colyseus keeps one
 * matchmaker per process: two servers in one would share their rooms), serving the run's built
 * client, and its browser.
 */
async function startSlot(n: number, clientDir: string): Promise<RunningSlot> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => console.error(`e2e: worker ${n}'s teardown: ${String(error)}`));
    stops.length = 0;
  };
  try {
    const dataDir = await mkdtemp(path.join(tmpdir(), `marque-e2e-${n}-`));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const product = await startProduct(dataDir, { START_CLIENT: 'preview', CLIENT_DIR: clientDir });
    stops.push(() => product.stop('ctrl-c'));
    const browser = await launchChromiumServer();
    stops.push(() => browser.close());
    const { url, serverUrl, rpcUrl } = product;
    return { slot: { stack: { url, serverUrl, rpcUrl, deployment: await product.deployment() }, browserEndpoint: browser.wsEndpoint() }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
