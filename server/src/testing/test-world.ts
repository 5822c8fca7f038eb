import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWalletClient, http, type Address } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import type { WorldManifest } from '../../../protocol/src/manifest';
import type { AppServices } from '../app.config';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { readEnv } from '../config';
import { ensureLocalDeployment, type LocalDeployment } from '../dev/deployment';
import { offChainSeed } from '../dev/seed';
import { startServer, type RunningServer } from '../server';

/** Origin the test world pretends its page is served from (SIWE messages name it). */
export const TEST_PUBLIC_URL = 'http://localhost:5173';

/** A server on a fresh local chain with the demo deployment, as `npm start` runs it. */
export interface TestWorld {
  server: RunningServer;
  chain: AnvilNode;
  deployment: LocalDeployment;
  /** The chain's unlocked accounts; 0 deploys, 1–3 are demo owners, the rest hold nothing. */
  accounts: Address[];
  /** Signs in as one of the chain's unlocked accounts, exactly as the browser does; returns the session token. */
  signIn(address: Address): Promise<string>;
  /**
   * Stops the server and starts it again on the same chain, database and session secret (a new
   * port: `server` changes), as a crash and restart would. Only for worlds started `restartable`.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Boots the product's server (real services, real app config, an ephemeral port) on a fresh chain. */
export async function startTestWorld(
  options: {
    manifest?: () => Promise<WorldManifest | undefined>;
    /** Folder of the glbs `manifest` names. */
    assetsDir?: string;
    policies?: AppServices['policies'];
    env?: Record<string, string>;
    /** Leaves the server without a relayer for passport records (as a server without RELAYER_PRIVATE_KEY). */
    noRelayer?: boolean;
    /** Keeps the embedded database in a folder and fixes the session secret, so {@link TestWorld.restart} works. */
    restartable?: boolean;
  } = {},
): Promise<TestWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marque-world-'));
  const chain = await startAnvil();
  const deployment = await ensureLocalDeployment({
    rpcUrl: chain.rpcUrl,
    recordFile: path.join(dataDir, 'deployment.json'),
    baseURI: `${TEST_PUBLIC_URL}/api/twins/`,
  });
  const accounts = await createWalletClient({ transport: http(chain.rpcUrl) }).getAddresses();
  const restartable = options.restartable ? { SESSION_SECRET: randomBytes(32).toString('hex') } : {};
  const boot = () =>
    startServer({
      env: readEnv({ PORT: '0', PUBLIC_URL: TEST_PUBLIC_URL, ...restartable, ...options.env }),
      rpcUrl: chain.rpcUrl,
      twinAddress: deployment.twin.address,
      contracts: deployment.contracts,
      accountFactory: deployment.accountFactory.address,
      databaseDir: options.restartable ? path.join(dataDir, 'db') : undefined,
      manifest: options.manifest ?? (async () => undefined),
      assetsDir: options.assetsDir,
      policies: options.policies,
      relayer: options.noRelayer ? undefined : deployment.deployer,
      seed: offChainSeed(deployment),
    });
  let server = await boot();

  const signIn = (address: Address) => signInWithUnlockedAccount({ apiUrl: server.url, publicUrl: TEST_PUBLIC_URL, rpcUrl: chain.rpcUrl, chainId: chain.chainId, address });

  return {
    get server() {
      return server;
    },
    chain,
    deployment,
    accounts,
    signIn,
    async restart() {
      if (!options.restartable) throw new Error('test world: start it with { restartable: true } to restart it');
      await server.stop();
      server = await boot();
    },
    async stop() {
      await server.stop();
      await chain.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `predicate` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Signs in with one of a local chain's unlocked accounts exactly as the browser does (SIWE:
 * a nonce, a message for `publicUrl` signed by the node, verify) and returns the session token.
 */
export async function signInWithUnlockedAccount(options: { apiUrl: string; publicUrl: string; rpcUrl: string; chainId: number; address: Address }): Promise<string> {
  const { nonce } = await (await fetch(`${options.apiUrl}/api/auth/nonce`, { method: 'POST' })).json();
  const message = createSiweMessage({
    address: options.address,
    domain: new URL(options.publicUrl).host,
    uri: options.publicUrl,
    version: '1',
    chainId: options.chainId,
    nonce,
    issuedAt: new Date(),
  });
  const signature = await createWalletClient({ transport: http(options.rpcUrl) }).signMessage({ account: options.address, message });
  const response = await fetch(`${options.apiUrl}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
