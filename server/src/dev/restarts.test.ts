import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintAcknowledged, ownersOnChain, startProduct, type ProductProcess, type StopMode } from '../testing/product-process';
import type { LocalDeployment } from './deployment';

// `npm start` as a person runs it, stopped with Ctrl-C or killed, its chain killed, or both.
let root: string;
const running: ProductProcess[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marque-restarts-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((product) => product.stop('ctrl-c')));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function start(dataDir: string): Promise<ProductProcess> {
  const product = await startProduct(dataDir);
  running.push(product);
  return product;
}
async function stop(product: ProductProcess, mode: StopMode): Promise<void> {
  running.splice(running.indexOf(product), 1);
  await product.stop(mode);
}
const owner: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

let stoppedOnce: Promise<string> | undefined;
/**
 * A copy, in a folder of its own, of a data folder that one npm start deployed on and Ctrl-C
 * stopped (made once: a start that deploys is the slowest step of these tests).
 */
async function dataFolderStoppedOnce(name: string): Promise<string> {
  stoppedOnce ??= (async () => {
    const template = path.join(root, 'stopped-once');
    await stop(await start(template), 'ctrl-c');
    return template;
  })();
  const dataDir = path.join(root, name);
  await cp(await stoppedOnce, dataDir, { recursive: true });
  return dataDir;
}

describe('npm start over restarts and crashes', () => {
  it('keeps its contracts, every acknowledged twin and its sessions through Ctrl-C, kill -9 of the server, of the chain, and of both', async () => {
    const dataDir = path.join(root, 'cycles');
    const modes: StopMode[] = ['ctrl-c', 'ctrl-c', 'kill-server', 'kill-chain', 'kill-both', 'ctrl-c'];
    const minted: bigint[] = [];
    let twin: Address | undefined;
    let guestToken: string | undefined;
    for (const [cycle, mode] of [...modes, 'ctrl-c' as const].entries()) {
      const product = await start(dataDir);
      const deployment = await product.deployment();
      twin ??= deployment.twin.address;
      expect(deployment.twin.address, `cycle ${cycle}`).toBe(twin);
      const deployed = product.output.some((line) => line.includes('contracts: deploying'));
      expect(deployed, `cycle ${cycle} redeployed:\n${product.output.join('\n')}`).toBe(cycle === 0);
      // Every twin the product acknowledged before is on the chain, with its owner, and in the index.
      expect(await ownersOnChain(product, twin, minted)).toEqual(minted.map(() => owner));
      for (const tokenId of minted) expect((await fetch(`${product.serverUrl}/api/twins/${tokenId}`)).status, `twin ${tokenId}`).toBe(200);
      // A session made before the restart is still good (its secret is kept in the data folder).
      if (guestToken) {
        const refreshed = await fetch(`${product.serverUrl}/api/auth/refresh`, { method: 'POST', headers: { authorization: `Bearer ${guestToken}` } });
        expect(refreshed.status, `cycle ${cycle}`).toBe(200);
      } else {
        guestToken = ((await (await fetch(`${product.serverUrl}/api/auth/guest`, { method: 'POST' })).json()) as { token: string }).token;
      }
      if (cycle === modes.length) break;
      minted.push(await mintAcknowledged(product, owner));
      await stop(product, mode);
    }
    // The data folder and its files are this user's alone.
    expect((await stat(dataDir)).mode & 0o077).toBe(0);
  }, 300_000);

  it('refuses a second npm start on the same data folder, naming the process that holds it', async () => {
    const dataDir = await dataFolderStoppedOnce('shared');
    const first = await start(dataDir);
    const pid = JSON.parse(await readFile(path.join(dataDir, 'marque.lock'), 'utf8')).pid as number;
    await expect(startProduct(dataDir)).rejects.toThrow(new RegExp(`data: the data folder .*shared is in use by process ${pid}`));
    // The first one was not disturbed.
    expect((await fetch(`${first.serverUrl}/healthz`)).status).toBe(200);
  }, 120_000);

  it("tells in plain words that the chain's data was deleted before deploying afresh", async () => {
    const dataDir = await dataFolderStoppedOnce('reset');
    const before = (JSON.parse(await readFile(path.join(dataDir, 'deployment.json'), 'utf8')) as LocalDeployment).deploymentBlockHash;
    await rm(path.join(dataDir, 'chain'), { recursive: true });

    const second = await start(dataDir);
    const said = second.output.join('\n');
    expect(said).toMatch(/NOT reusing the deployment .*the local chain does not hold those contracts: its data .* was deleted or replaced/);
    expect(said).toMatch(/twins, passport records, profiles, add-ons and badges made on the old contracts are not shown any more/);
    // The old record is kept beside the new one.
    expect((await readdir(dataDir)).filter((file) => /^deployment\.replaced-.*\.json$/.test(file))).toHaveLength(1);
    expect((await second.deployment()).deploymentBlockHash).not.toBe(before);
  }, 120_000);

  it('refuses to deploy over a chain with history when deployment.json is missing, saying what to do', async () => {
    const dataDir = await dataFolderStoppedOnce('lost-record');
    await rm(path.join(dataDir, 'deployment.json'));

    await expect(startProduct(dataDir)).rejects.toThrow(/contracts: .*deployment\.json is missing, but the local chain already holds blocks/);
  }, 120_000);
});
