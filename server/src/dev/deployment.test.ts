import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifact } from '../../../contracts/scripts/compile';
import { MARQUE_ROLES } from '../../../contracts/scripts/deploy';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { ensureLocalDeployment, type LocalDeployment } from './deployment';
import { SEED_VERSION } from './seed';

let anvil: AnvilNode;
let dataDir: string;
let client: PublicClient;
let deployment: LocalDeployment;
const recordFile = () => path.join(dataDir, 'deployment.json');
const options = () => ({ rpcUrl: anvil.rpcUrl, recordFile: recordFile(), baseURI: 'http://localhost:5173/api/twins/' });

beforeAll(async () => {
  [anvil, dataDir] = await Promise.all([startAnvil(), mkdtemp(path.join(tmpdir(), 'marque-deployment-'))]);
  client = createPublicClient({ transport: http(anvil.rpcUrl) });
  deployment = await ensureLocalDeployment(options());
});
afterAll(async () => {
  await anvil?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function read(name: string, address: `0x${string}`, functionName: string, args: unknown[] = []): Promise<any> {
  const { abi } = await loadArtifact(name);
  return client.readContract({ address, abi, functionName, args });
}

describe('the local deployment', () => {
  it('deploys the four contracts, records where, and keeps `twin` for older readers', async () => {
    const { contracts } = deployment;

    for (const { address, blockNumber } of Object.values(contracts)) {
      expect(await client.getCode({ address })).toMatch(/^0x[0-9a-f]+$/);
      expect(blockNumber).toBeGreaterThan(0);
    }
    expect(deployment.twin).toEqual(contracts.twin);
    expect(await read('MarquePassport', contracts.passport.address, 'twin')).toBe(contracts.twin.address);
    expect(JSON.parse(await readFile(recordFile(), 'utf8'))).toEqual(deployment);
  });

  it('gives the deployer every operational role', async () => {
    const { contracts } = deployment;
    const [deployer] = await createWalletClient({ transport: http(anvil.rpcUrl) }).getAddresses();

    expect(
      await Promise.all([
        read('MarqueTwin', contracts.twin.address, 'hasRole', [MARQUE_ROLES.issuer, deployer]),
        read('MarqueTwin', contracts.twin.address, 'hasRole', [MARQUE_ROLES.factory, deployer]),
        read('MarquePassport', contracts.passport.address, 'hasRole', [MARQUE_ROLES.dealer, deployer]),
        read('MarqueOwnerProfile', contracts.profile.address, 'hasRole', [MARQUE_ROLES.issuer, deployer]),
        read('MarqueEventPass', contracts.eventPass.address, 'hasRole', [MARQUE_ROLES.brandTeam, deployer]),
      ]),
    ).toEqual([true, true, true, true, true]);
  });

  it('reuses the recorded deployment on the same chain without sending a transaction', async () => {
    const before = await client.getBlockNumber({ cacheTime: 0 });

    const again = await ensureLocalDeployment(options());

    expect(again).toEqual(deployment);
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(before);
  });

  it('deploys and seeds afresh over a record of an older seed', async () => {
    await writeFile(recordFile(), JSON.stringify({ ...deployment, seedVersion: SEED_VERSION - 1 }));

    const fresh = await ensureLocalDeployment(options());

    expect(fresh.seedVersion).toBe(SEED_VERSION);
    expect(fresh.contracts.twin.address).not.toBe(deployment.contracts.twin.address);
    expect(fresh.demoOwners.map((o) => o.configurationHash)).toEqual(deployment.demoOwners.map((o) => o.configurationHash));
    expect(JSON.parse(await readFile(recordFile(), 'utf8'))).toEqual(fresh);
  });
});
