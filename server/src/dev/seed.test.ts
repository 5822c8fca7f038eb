import { createPublicClient, createWalletClient, http, type Address, type Hex, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_ONS } from '../../../assets/src/addons';
import { loadArtifact } from '../../../contracts/scripts/compile';
import { deployMarque } from '../../../contracts/scripts/deploy';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import { configurationHash, recordDetailsHash } from '../../../protocol/src/twin-hashes';
import { startAnvil, type AnvilNode } from '../chain/anvil';
import { localSigner } from './local-signer';
import { approveCatalogueAddOns, DEMO_CARS, DEMO_DEALER, DEMO_SERVICE_RECORD, offChainSeed, seedDemoOwners, type DemoSeed } from './seed';

let anvil: AnvilNode;
let client: PublicClient;
let contracts: { twin: Address; passport: Address; profile: Address };
let addOns: Hex[];
let seed: DemoSeed;

beforeAll(async () => {
  anvil = await startAnvil();
  client = createPublicClient({ transport: http(anvil.rpcUrl) });
  const [deployer, ...owners] = await createWalletClient({ transport: http(anvil.rpcUrl) }).getAddresses();
  const signer = localSigner(anvil.rpcUrl, await client.getChainId(), deployer!);
  const deployed = await deployMarque({
    walletClient: signer.walletClient,
    publicClient: signer.publicClient,
    admin: deployer!,
    operator: deployer!,
    twinBaseURI: 'http://localhost:5173/api/twins/',
    eventPassURI: 'http://localhost:5173/api/passes/{id}.json',
  });
  contracts = { twin: deployed.twin.address, passport: deployed.passport.address, profile: deployed.profile.address };
  addOns = await approveCatalogueAddOns(signer, contracts.twin);
  seed = await seedDemoOwners(signer, contracts, owners);
});
afterAll(() => anvil?.stop());

async function read(name: string, address: `0x${string}`, functionName: string, args: unknown[] = []): Promise<any> {
  const { abi } = await loadArtifact(name);
  return client.readContract({ address, abi, functionName, args });
}

describe('the demo seed', () => {
  it('seeds three demo owners with a twin at its stage and a profile each', async () => {
    const { demoOwners } = seed;

    expect(demoOwners.map(({ model, tokenId, stage, profileId }) => ({ model, tokenId, stage, profileId }))).toEqual([
      { model: 'astrale-2025', tokenId: 1, stage: 'Delivered', profileId: 1 },
      { model: 'aurore-1964', tokenId: 2, stage: 'Paint', profileId: 2 },
      { model: 'celeste-1988', tokenId: 3, stage: 'Assembly', profileId: 3 },
    ]);
    for (const owner of demoOwners) {
      const id = BigInt(owner.tokenId);
      expect(await read('MarqueTwin', contracts.twin, 'ownerOf', [id])).toBe(owner.address);
      expect(await read('MarqueTwin', contracts.twin, 'stageOf', [id])).toBe(TWIN_STAGES.indexOf(owner.stage));
      expect(await read('MarqueOwnerProfile', contracts.profile, 'profileOf', [owner.address])).toBe(BigInt(owner.profileId));
    }
    for (const [i, owner] of demoOwners.entries()) {
      // Real catalogue codes, minted as the hash of their canonical JSON.
      expect(owner.configuration).toEqual(DEMO_CARS[i]!.configuration);
      expect(owner.configurationHash).toBe(configurationHash(DEMO_CARS[i]!.configuration));
      expect(await read('MarqueTwin', contracts.twin, 'configurationHashOf', [BigInt(owner.tokenId)])).toBe(owner.configurationHash);
    }
    expect(await read('MarqueTwin', contracts.twin, 'versionOf', [1n])).toEqual([2, 0]);
    expect(await read('MarqueTwin', contracts.twin, 'totalMinted')).toBe(3n);
  });

  it('records a dealer-signed first inspection for the delivered car only', async () => {
    expect(await read('MarquePassport', contracts.passport, 'recordsOf', [1n])).toMatchObject([
      {
        kind: DEMO_SERVICE_RECORD.kind,
        mileage: DEMO_SERVICE_RECORD.mileage,
        recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details),
      },
    ]);
    expect(await read('MarquePassport', contracts.passport, 'recordCountOf', [2n])).toBe(0n);
    expect(seed.serviceRecords).toEqual([
      { tokenId: 1, recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details), details: DEMO_SERVICE_RECORD.details },
    ]);
    // The inspection's signer is listed by name, so passports and the lounge name the dealer.
    const dealer = (await read('MarquePassport', contracts.passport, 'recordsOf', [1n]))[0].dealer;
    expect(offChainSeed({ ...seed, deployer: dealer })).toEqual({
      configurations: DEMO_CARS.map((car) => car.configuration),
      recordDetails: [DEMO_SERVICE_RECORD.details],
      dealers: [{ address: dealer, ...DEMO_DEALER }],
    });
  });

  it('approves the add-on catalogue (assets/addons.json) on MarqueTwin', async () => {
    expect(addOns).toEqual(ADD_ONS.map((addOn) => addOn.id));
    for (const addOn of ADD_ONS) {
      expect(await read('MarqueTwin', contracts.twin, 'isAddOnApproved', [addOn.id])).toBe(true);
    }
  });

  it('approves only the add-ons the catalogue gained: a second pass sends no transaction', async () => {
    const before = await client.getBlockNumber({ cacheTime: 0 });
    const [deployer] = await createWalletClient({ transport: http(anvil.rpcUrl) }).getAddresses();
    expect(await approveCatalogueAddOns(localSigner(anvil.rpcUrl, await client.getChainId(), deployer!), contracts.twin)).toEqual(addOns);
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(before);
  });
});
