/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';
import { httpCaching } from './server/src/dev/http-caching.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// `npm start` sets this to where it started the server.
const serverUrl = process.env.MARQUE_SERVER_URL ?? 'http://127.0.0.1:2567';

/**
 * One origin for the browser: the page, the API, the rooms' WebSocket and the chain's RPC (the
 * server's `/rpc`, which passes reads and signed transactions only, never the node's own accounts).
 */
// `xfwd` appends each visitor's address to X-Forwarded-For, so the server's per-address limits
// (which npm start tells to trust this one proxy) see visitors, not the proxy.
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: serverUrl, xfwd: true },
  '/healthz': { target: serverUrl, xfwd: true },
  '/colyseus': { target: serverUrl, ws: true, xfwd: true, rewrite: (p) => p.replace(/^\/colyseus/, '') },
  '/rpc': { target: serverUrl, xfwd: true },
};

export default defineConfig({
  root: 'client',
  // Content-hashed glbs and chunks: immutable caching and gzip where it shrinks them.
  plugins: [react(), httpCaching()],
  server: { host: 'localhost', port: 5173, strictPort: true, proxy },
  preview: { host: 'localhost', port: 4173, strictPort: true, proxy },
  resolve: {
    alias: {
      // @react-three/xr's built-in emulator pulls IWER's dev UI and megabytes of synthetic rooms;
      // we never use it (tests load plain IWER behind ?xrtest), so those modules are stubbed out.
      '@iwer/devui': fileURLToPath(new URL('client/src/xr-emulator-stub.ts', import.meta.url)),
      '@iwer/sem': fileURLToPath(new URL('client/src/xr-emulator-stub.ts', import.meta.url)),
    },
  },
  // Vite's own chunks go to /app/, apart from the pipeline's /assets/.
  build: { outDir: 'dist', assetsDir: 'app', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  test: {
    root: repoRoot,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // The e2e teardown stops a stack per worker, and each chain writes its state as it stops.
    teardownTimeout: 60_000,
    projects: [
      {
        // One worker per core: Vitest's default leaves one core idle (one worker on two cores),
        // and these files wait on child processes, chains and sockets as much as they compute.
        // Time-outs bound a hung test; on two cores shared with a browser or other work, a
        // file's embedded database or chain takes tens of seconds to start.
        extends: true,
        test: {
          name: 'unit',
          maxWorkers: '100%',
          testTimeout: 60_000,
          include: ['{protocol,server,pipelines,contracts,assets,client}/**/*.test.{ts,tsx}', '.ci/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The browser tests run after the others, two files at a time (E2E_WORKERS): pages render
        // WebGL in software, and one Chromium's GPU process keeps about one core busy. Their global
        // setup builds the world's assets and the production client once per run, before any test
        // (only when e2e files run), and starts a stack and a Chromium per worker, which its files
        // share one after another. No retries: a test that needs one is fixed.
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          sequence: { groupOrder: 1 },
          maxWorkers: e2eWorkers(),
        },
      },
    ],
  },
});

/** How many browser-test files run at once (`E2E_WORKERS`, 2 by default): each gets its own stack and Chromium. */
function e2eWorkers(): number {
  const value = process.env.E2E_WORKERS ?? '2';
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) throw new Error(`vite.config.ts: E2E_WORKERS must be a whole number from 1 to 8, not "${value}"`);
  return workers;
}
