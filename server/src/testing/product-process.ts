import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPublicClient, createWalletClient, http, type Address, type PublicClient } from 'viem';
import { foundry } from 'viem/chains';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { isAnvil } from '../chain/anvil';
import { REPO_ROOT } from '../config';
import type { LocalDeployment } from '../dev/deployment';
import { embeddedEnv } from './embedded-env';

/** How a test or benchmark ends a running `npm start`. */
export type StopMode = 'ctrl-c' | 'kill-server' | 'kill-chain' | 'kill-both';

/** `npm start` as its own process, without a page unless asked, on a data folder of the caller's. */
export interface ProductProcess {
  /** The page's address (with `START_CLIENT=dev` or `preview` in the environment). */
  url: string;
  serverUrl: string;
  rpcUrl: string;
  /** The anvil process the start runs. */
  chainPid: number;
  /** Everything it printed so far, stdout and stderr. */
  output: string[];
  deployment(): Promise<LocalDeployment>;
  /** Ends it the given way and resolves once the process (and, but for `kill-server`, its chain) is gone. */
  stop(mode: StopMode): Promise<void>;
}

/**
 * Runs `server/src/dev/start.ts` (what `npm start` runs) on `dataDir` with free ports and no page
 * (unless `env` sets `START_CLIENT`), and resolves once it says it is running.
 */
export async function startProduct(dataDir: string, env: Record<string, string> = {}): Promise<ProductProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/dev/start.ts'], {
    cwd: REPO_ROOT,
    env: embeddedEnv({ DATA_DIR: dataDir, PORT: '0', CHAIN_PORT: '0', CLIENT_PORT: '0', START_CLIENT: 'none', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = (stream: NodeJS.ReadableStream) => createInterface({ input: stream }).on('line', (line) => output.push(line));
  lines(child.stdout!);
  lines(child.stderr!);
  const started = Date.now();
  while (!output.some((line) => line.includes('Marque is running'))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited:\n${output.join('\n')}`);
    if (Date.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`npm start did not start within 120 s:\n${output.join('\n')}`);
    }
    await sleep(50);
  }
  const find = (pattern: RegExp) => output.map((line) => pattern.exec(line)?.[1]).find(Boolean)!;
  const url = find(/Marque is running: open (\S+)/);
  const rpcUrl = find(/chain: anvil on (\S+)/);
  const serverUrl = find(/server: rooms and API on (\S+)/);
  const chainPid = JSON.parse(await readFile(path.join(dataDir, 'chain', 'anvil.pid'), 'utf8')).pid as number;
  return {
    url,
    serverUrl,
    rpcUrl,
    chainPid,
    output,
    deployment: async () => JSON.parse(await readFile(path.join(dataDir, 'deployment.json'), 'utf8')) as LocalDeployment,
    async stop(mode) {
      if (mode === 'ctrl-c') child.kill('SIGINT');
      if (mode === 'kill-server' || mode === 'kill-both') child.kill('SIGKILL');
      if (mode === 'kill-chain' || mode === 'kill-both') process.kill(chainPid, 'SIGKILL');
      // With its chain gone, npm start stops by itself.
      await exited;
      if (mode !== 'kill-server') while (isAnvil(chainPid)) await sleep(20);
    },
  };
}

/**
 * Mints a twin to `owner` as the local chain's staff account (straight on the chain, as the
 * brand's order desk would) and resolves with its id once the server's index holds it: from then
 * on the product has acknowledged it, and no restart or crash may lose it.
 */
export async function mintAcknowledged(product: ProductProcess, owner: Address): Promise<bigint> {
  const deployment = await product.deployment();
  const chain: PublicClient = createPublicClient({ transport: http(product.rpcUrl), pollingInterval: 20 });
  const wallet = createWalletClient({ account: deployment.deployer, chain: foundry, transport: http(product.rpcUrl) });
  const hash = await wallet.writeContract({
    address: deployment.twin.address,
    abi: marqueTwinAbi,
    functionName: 'mint',
    args: [owner, 'astrale-2025', deployment.demoOwners[0]!.configurationHash],
  });
  const receipt = await chain.waitForTransactionReceipt({ hash });
  const transfer = receipt.logs.find((log) => log.address.toLowerCase() === deployment.twin.address.toLowerCase());
  await indexedThrough(product, receipt.blockNumber);
  return BigInt(transfer!.topics[3]!);
}

/** Resolves once the server's chain index has committed `block` (its `/healthz` says so). */
export async function indexedThrough(product: ProductProcess, block: bigint): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${product.serverUrl}/healthz`)).json()) as { indexer?: { indexed: number | null } };
    if (BigInt(health.indexer?.indexed ?? -1) >= block) return;
    await sleep(50);
  }
}

/** Owners of `tokenIds` on the chain (undefined for one that does not exist). */
export async function ownersOnChain(product: ProductProcess, twin: Address, tokenIds: readonly bigint[]): Promise<(Address | undefined)[]> {
  const chain = createPublicClient({ transport: http(product.rpcUrl) });
  return Promise.all(
    tokenIds.map((tokenId) => chain.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'ownerOf', args: [tokenId] }).catch(() => undefined)),
  );
}
