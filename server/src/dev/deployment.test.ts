import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifact } from '../../../contracts/scripts/compile';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import { MARQUE_ROLES } from '../../../contracts/scripts/deploy';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { ADD_ONS } from '../../../assets/src/addons';
import { configurationHash, recordDetailsHash } from '../../../protocol/src/twin-hashes';
import { DEMO_CARS, DEMO_SERVICE_RECORD, ensureLocalDeployment, offChainSeed, SEED_VERSION, type LocalDeployment } from './deployment';

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

  it('seeds three demo owners with a twin at its stage and a profile each', async () => {
    const { contracts, demoOwners } = deployment;

    expect(demoOwners.map(({ model, tokenId, stage, profileId }) => ({ model, tokenId, stage, profileId }))).toEqual([
      { model: 'astrale-2025', tokenId: 1, stage: 'Delivered', profileId: 1 },
      { model: 'aurore-1964', tokenId: 2, stage: 'Paint', profileId: 2 },
      { model: 'celeste-1988', tokenId: 3, stage: 'Assembly', profileId: 3 },
    ]);
    for (const owner of demoOwners) {
      const id = BigInt(owner.tokenId);
      expect(await read('MarqueTwin', contracts.twin.address, 'ownerOf', [id])).toBe(owner.address);
      expect(await read('MarqueTwin', contracts.twin.address, 'stageOf', [id])).toBe(TWIN_STAGES.indexOf(owner.stage));
      expect(await read('MarqueOwnerProfile', contracts.profile.address, 'profileOf', [owner.address])).toBe(BigInt(owner.profileId));
    }
    for (const [i, owner] of demoOwners.entries()) {
      // Real catalogue codes, minted as the hash of their canonical JSON.
      expect(owner.configuration).toEqual(DEMO_CARS[i]!.configuration);
      expect(owner.configurationHash).toBe(configurationHash(DEMO_CARS[i]!.configuration));
      expect(await read('MarqueTwin', contracts.twin.address, 'configurationHashOf', [BigInt(owner.tokenId)])).toBe(owner.configurationHash);
    }
    expect(await read('MarqueTwin', contracts.twin.address, 'versionOf', [1n])).toEqual([2, 0]);
    expect(await read('MarqueTwin', contracts.twin.address, 'totalMinted')).toBe(3n);
  });

  it('records a dealer-signed first inspection for the delivered car only', async () => {
    const { contracts } = deployment;

    expect(await read('MarquePassport', contracts.passport.address, 'recordsOf', [1n])).toMatchObject([
      {
        kind: DEMO_SERVICE_RECORD.kind,
        mileage: DEMO_SERVICE_RECORD.mileage,
        recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details),
      },
    ]);
    expect(await read('MarquePassport', contracts.passport.address, 'recordCountOf', [2n])).toBe(0n);
    expect(deployment.serviceRecords).toEqual([
      { tokenId: 1, recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details), details: DEMO_SERVICE_RECORD.details },
    ]);
    expect(offChainSeed(deployment)).toEqual({
      configurations: DEMO_CARS.map((car) => car.configuration),
      recordDetails: [DEMO_SERVICE_RECORD.details],
    });
  });

  it('approves the add-on catalogue (assets/addons.json) on MarqueTwin', async () => {
    const { contracts } = deployment;
    expect(deployment.addOns).toEqual(ADD_ONS.map((addOn) => addOn.id));
    for (const addOn of ADD_ONS) {
      expect(await read('MarqueTwin', contracts.twin.address, 'isAddOnApproved', [addOn.id])).toBe(true);
    }
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
