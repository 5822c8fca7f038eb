import { cp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProduct } from '../testing/product-process';
import { productRuns } from '../testing/product-runs';
import type { LocalDeployment } from './deployment';

// `npm start` on a data folder in use, whose chain was deleted, or without its deployment record.
const runs = productRuns('marque-data-folder');
const { start, stop } = runs;

let stoppedOnce: Promise<string> | undefined;
/**
 * A copy, in a folder of its own, of a data folder that one npm start deployed on and Ctrl-C
 * stopped (made once: a start that deploys is the slowest step of these tests).
 */
async function dataFolderStoppedOnce(name: string): Promise<string> {
  stoppedOnce ??= (async () => {
    const template = path.join(runs.root, 'stopped-once');
    await stop(await start(template), 'ctrl-c');
    return template;
  })();
  const dataDir = path.join(runs.root, name);
  await cp(await stoppedOnce, dataDir, { recursive: true });
  return dataDir;
}

describe('npm start on a data folder', () => {
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
