import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { mintAcknowledged, ownersOnChain, type StopMode } from '../testing/product-process';
import { productRuns } from '../testing/product-runs';

// `npm start` as a person runs it, stopped with Ctrl-C or killed, its chain killed, or both.
// (What it says of a data folder in use, reset or without its record: data-folder-starts.test.ts.)
const runs = productRuns('marque-restarts');
const { start, stop } = runs;
const owner: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

describe('npm start over restarts and crashes', () => {
  it('keeps its contracts, every acknowledged twin and its sessions through Ctrl-C, kill -9 of the server, of the chain, and of both', async () => {
    const dataDir = path.join(runs.root, 'cycles');
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
});
