import path from 'node:path';
import { createServer as createViteServer, preview as startVitePreview } from 'vite';
import { buildWorldAssets } from '../../../pipelines/src/build-world';
import { type Address, type Hex, toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { ANVIL_DEFAULTS, startAnvil, type AnvilNode } from '../chain/anvil';
import { MarqueError } from '../../../protocol/src/errors';
import { readEnv, REPO_ROOT, type ServerEnv } from '../config';
import type { DemoWallet } from '../../../protocol/src/world-api';
import { startServer, type RunningServer } from '../server';
import { ensureLocalDeployment, type LocalDeployment } from './deployment';
import { demoLaunch, offChainSeed } from './seed';
import { claimNamedPort } from '../ports';
import { lockDataFolder } from '../data-folder';

/** How to run the whole product on one machine. */
export interface LocalStackOptions {
  /** Holds the chain state, the embedded database and the deployment record. */
  dataDir?: string;
  /** Port of the local chain; 0 picks a free one. */
  chainPort?: number;
  /** Port of the Colyseus server; 0 picks a free one. */
  serverPort?: number;
  /** Port of the page; 0 picks a free one. */
  clientPort?: number;
  /** `dev`: Vite's dev server; `preview`: the built client (`vite build` first); `none`: no page. */
  client?: 'dev' | 'preview' | 'none';
  /** Where `preview` serves the built client from (vite.config.ts's `client/dist` by default). */
  clientDir?: string;
  /** Build the world's assets before serving (cached: fast when nothing changed). */
  buildAssets?: boolean;
  /** The server's environment; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /**
   * Called when a part stops on its own while the stack runs (the chain was killed); the owner
   * should stop the stack: nothing may be written against a missing chain.
   */
  onFailure?: (reason: string) => void;
}

export const LOCAL_STACK_DEFAULTS = {
  dataDir: path.join(REPO_ROOT, '.data'),
  chainPort: 8545,
  serverPort: 2567,
  clientPort: 5173,
  client: 'dev',
  clientDir: path.join(REPO_ROOT, 'client', 'dist'),
  buildAssets: true,
  env: process.env,
  log: (line: string) => console.log(line),
  onFailure: (reason: string) => console.error(reason),
} satisfies Required<LocalStackOptions>;

/** The running product. */
export interface LocalStack {
  /** Open this in a browser. */
  url: string;
  serverUrl: string;
  rpcUrl: string;
  deployment: LocalDeployment;
  /** Stops the page, the server and the chain (which writes its state), in that order. */
  stop(): Promise<void>;
}

/**
 * Starts the whole product on embedded defaults: a local chain (state kept in
 * the data folder), the contracts deployed and the demo owners seeded once,
 * the world's assets built, the Colyseus server on PGlite, and the page.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const settings = { ...LOCAL_STACK_DEFAULTS, ...options };
  const { dataDir, log } = settings;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log(String(error)));
    stops.length = 0;
  };

  try {
    // One data folder, one process: a second npm start on it is refused before it touches anything.
    const folder = await lockDataFolder(dataDir);
    stops.push(() => folder.release());
    if (folder.recoveredFrom) log(`data: process ${folder.recoveredFrom} held ${folder.dir} and was killed; recovering its chain and database`);

    // The chain first: an anvil a killed npm start left running holds the chain port.
    const chain: AnvilNode = await startAnvil({
      port: settings.chainPort,
      stateFile: path.join(dataDir, 'chain', 'state.json'),
      log,
      onUnexpectedExit: (reason) => settings.onFailure(reason),
    });
    stops.push(() => chain.stop());
    const [serverPort, clientPort] = await Promise.all([
      claimNamedPort(settings.serverPort, 'PORT'),
      // Vite listens on `localhost`, which may be ::1 alone.
      claimNamedPort(settings.clientPort, 'CLIENT_PORT', 'localhost'),
    ]);
    const url = `http://localhost:${clientPort}`;
    log(`chain: anvil on ${chain.rpcUrl} (chain ${chain.chainId})`);

    const deployment = await ensureLocalDeployment({
      rpcUrl: chain.rpcUrl,
      recordFile: path.join(dataDir, 'deployment.json'),
      baseURI: `${url}/api/twins/`,
      log,
    });

    if (settings.buildAssets) {
      const started = performance.now();
      const manifest = await buildWorldAssets();
      const count = Object.values(manifest.targets.desktop?.zones ?? {}).reduce((n, zone) => n + (zone?.assets.length ?? 0), 0);
      log(`assets: ${count} assets × ${Object.keys(manifest.targets).length} targets published to client/public/assets (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }

    const env: ServerEnv = readEnv({
      // Visitors reach the server through the page's proxy (vite.config.ts), which forwards their address.
      ...(settings.client !== 'none' ? { TRUST_PROXY: '1' } : {}),
      ...settings.env,
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
    });
    const server: RunningServer = await startServer({
      env,
      rpcUrl: chain.rpcUrl,
      twinAddress: deployment.twin.address,
      contracts: deployment.contracts,
      accountFactory: deployment.accountFactory.address,
      databaseDir: path.join(dataDir, 'db'),
      demoWallets: demoWallets(deployment),
      // The deployer, an unlocked account of the local chain, relays dealers' passport records
      // (RELAYER_PRIVATE_KEY, when set, takes its place).
      relayer: deployment.deployer,
      chainCheckpoint: () => chain.checkpoint(),
      sessionSecret: await folder.sessionSecret(),
      seed: offChainSeed(deployment),
      demoLaunch: { event: demoLaunch(), host: deployment.deployer },
    });
    stops.push(() => server.stop());
    log(`server: rooms and API on ${server.url} (database: ${env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`);

    if (settings.client !== 'none') {
      // vite.config.ts reads this to proxy the API, the rooms and the RPC through the page's origin.
      process.env.MARQUE_SERVER_URL = server.url;
      const configFile = path.join(REPO_ROOT, 'vite.config.ts');
      if (settings.client === 'dev') {
        const vite = await createViteServer({ configFile, server: { port: clientPort }, logLevel: 'warn' });
        await vite.listen();
        stops.push(() => vite.close());
      } else {
        const vite = await startVitePreview({ configFile, build: { outDir: settings.clientDir }, preview: { port: clientPort }, logLevel: 'warn' });
        // close() also ends open sockets: a WebSocket proxied to the rooms kept the server from closing.
        stops.push(() => vite.close());
      }
    }

    return { url, serverUrl: server.url, rpcUrl: chain.rpcUrl, deployment, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The wallets a newcomer may sign in with on the local chain, all unlocked there: the demo owners,
 * then account 0 as Marque's staff (it holds the dealer, brand-team and issuer roles), for the
 * dealer console and the launch host's console.
 */
export function demoWallets(deployment: LocalDeployment): DemoWallet[] {
  return [
    ...deployment.demoOwners.map(({ address, label }) => ({ address, label, privateKey: demoKey(address) })),
    { address: deployment.deployer, label: DEMO_STAFF_LABEL, privateKey: demoKey(deployment.deployer) },
  ];
}

/**
 * The key of one of the local chain's funded test accounts (derived from anvil's public test
 * mnemonic): the page signs with it, so the chain's node never signs for a visitor.
 */
function demoKey(address: Address): Hex {
  for (let addressIndex = 0; addressIndex < ANVIL_DEFAULTS.accounts; addressIndex++) {
    const account = mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex });
    if (account.address.toLowerCase() === address.toLowerCase()) return toHex(account.getHdKey().privateKey!);
  }
  throw new MarqueError('contracts', `${address} is not one of the local chain's test accounts`, {
    details: 'the deployment record names accounts of another chain; delete the data folder to start afresh',
  });
}

/** The name the sign-in menu gives the staff wallet. */
export const DEMO_STAFF_LABEL = 'Marque staff (dealer, brand team)';
