import type { Address, Hex } from 'viem';
import { ADD_ONS } from '../../../assets/src/addons';
import { marqueOwnerProfileAbi, marquePassportAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import {
  passportDomain,
  SERVICE_KINDS,
  SERVICE_RECORD_TYPES,
  TWIN_STAGES,
  type ServiceRecord,
} from '../../../protocol/src/contracts/contract-types';
import type { LaunchEventInput } from '../../../protocol/src/launch-input';
import { configurationHash, recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';
import type { ConfigurationCodes } from '../../../protocol/src/twin-api';
import type { DemoWallet } from '../../../protocol/src/world-api';
import { checkConfiguration } from '../twins/configurations';
import type { OffChainSeed } from '../twins/twin-services';
import type { LocalSigner } from './local-signer';

/** A production stage of a twin, as MarqueTwin numbers them (`stageOf`). */
export type TwinStage = (typeof TWIN_STAGES)[number];

/** A demo owner of the local chain and the car their twin token stands for. */
export interface DemoOwner extends Omit<DemoWallet, 'privateKey'> {
  /** Model id of the car, as in assets/src/cars. */
  model: string;
  tokenId: number;
  /** Where the car is: the seed moves each demo twin to its {@link DEMO_STAGES} entry. */
  stage: TwinStage;
  /** The owner's soulbound MarqueOwnerProfile token. */
  profileId: number;
  /** The catalogue codes the car was ordered with; their hash is the twin's `configurationHash`. */
  configuration: ConfigurationCodes;
  configurationHash: Hex;
}

/** A service record the seed put in a passport, with the details its hash stands for. */
export interface SeededRecord {
  tokenId: number;
  recordHash: Hex;
  details: RecordDetails;
}

/** What the seed put on the local chain. */
export interface DemoSeed {
  demoOwners: DemoOwner[];
  /** The service records the seed recorded, with their off-chain details. */
  serviceRecords: SeededRecord[];
}

/**
 * Version of what the seed writes; a deployment record of another version is not reused. 2: real
 * catalogue codes, hashed canonically; record details; the add-on catalogue approved.
 */
export const SEED_VERSION = 2;

/**
 * The three demo owners' cars, in catalogue codes (assets/catalogue.json) each car offers; account 0
 * of the chain deploys and mints, accounts 1–3 own. Each twin is minted with
 * `configurationHash(configuration)`: keccak256 of the codes' canonical JSON.
 */
export const DEMO_CARS = [
  {
    model: 'astrale-2025',
    configuration: { paint: 'P-BLANC-NACRE', wheel: 'W-FORGED-21', caliper: 'C-ROUGE', interior: 'I-COGNAC', trim: 'T-TITANE-BROSSE' },
  },
  {
    model: 'aurore-1964',
    configuration: { paint: 'P-CREME-IVOIRE', wheel: 'W-CHROME-RAYONS', caliper: 'C-NOIR', interior: 'I-COGNAC', trim: 'T-CHROME' },
  },
  {
    model: 'celeste-1988',
    configuration: { paint: 'P-NOIR', wheel: 'W-TITANE-SATIN', caliper: 'C-NOIR', interior: 'I-CRAIE', trim: 'T-CHROME-FONCE' },
  },
] as const satisfies readonly { model: string; configuration: Required<ConfigurationCodes> }[];

/**
 * Where each of {@link DEMO_CARS} is on its way to its owner, so the factory and the garage have
 * something to show: the first is delivered (twin 2.0, with a dealer's first inspection in its
 * passport), the others are still at the factory.
 */
export const DEMO_STAGES = ['Delivered', 'Paint', 'Assembly'] as const satisfies readonly TwinStage[];

/**
 * The delivered demo car's first inspection, as the seed records it in its passport: on chain the
 * kind, the mileage and `recordDetailsHash(details)`; the details themselves off chain.
 */
export const DEMO_SERVICE_RECORD = {
  kind: SERVICE_KINDS.inspection,
  mileage: 1500,
  details: {
    summary: 'First inspection at 1 500 km: road test, brakes and tyres checked, software updated. No defect found.',
    workshop: 'Marque Paris-Étoile',
    parts: ['Cabin air filter'],
  },
} as const satisfies { kind: number; mileage: number; details: RecordDetails };

/**
 * The launch `npm start` creates in a new database, hosted by Marque staff (account 0): the
 * Astrale GT's reveal, an hour after the first start, with the keynote the pipeline renders.
 */
export function demoLaunch(now = Date.now()): LaunchEventInput {
  return {
    title: 'Astrale GT — world premiere',
    startsAt: new Date(now + 3_600_000).toISOString(),
    access: { public: true },
    capacityPerInstance: 50,
    embodiedLimit: 1_000,
    car: { model: 'astrale-2025', configuration: { paint: 'P-ORANGE-SOLAIRE', wheel: 'W-FORGED-21', caliper: 'C-NOIR', interior: 'I-ALCANTARA', trim: 'T-CHROME-FONCE' } },
    videoUrl: '/media/keynote.webm',
    minimumStaySeconds: 120,
  };
}

/**
 * Approves the add-on catalogue's add-ons (assets/addons.json) MarqueTwin does not approve yet
 * (the catalogue may have grown since the last start); returns every catalogue add-on's id.
 */
export async function approveCatalogueAddOns(signer: LocalSigner, twin: Address): Promise<Hex[]> {
  for (const addOn of ADD_ONS) {
    const approved = await signer.publicClient.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'isAddOnApproved', args: [addOn.id] });
    if (!approved) await signer.send({ address: twin, abi: marqueTwinAbi, functionName: 'approveAddOn', args: [addOn.id] });
  }
  return ADD_ONS.map((addOn) => addOn.id);
}

/**
 * Seeds freshly deployed contracts with the demo owners (`owners`, accounts 1–3): each gets a twin
 * of their {@link DEMO_CARS} configuration moved to its {@link DEMO_STAGES} entry and an owner
 * profile, and the delivered car a service record signed by the signer's account as the dealer.
 */
export async function seedDemoOwners(
  signer: LocalSigner,
  contracts: { twin: Address; profile: Address; passport: Address },
  owners: readonly Address[],
): Promise<DemoSeed> {
  const demoOwners: DemoOwner[] = [];
  for (const [i, car] of DEMO_CARS.entries()) {
    const owner = owners[i]!;
    const tokenId = i + 1;
    const stage = DEMO_STAGES[i]!;
    const configuration = checkConfiguration(car.configuration);
    const hash = configurationHash(configuration);
    await signer.send({ address: contracts.twin, abi: marqueTwinAbi, functionName: 'mint', args: [owner, car.model, hash] });
    for (let next = 1; next <= TWIN_STAGES.indexOf(stage); next++) {
      await signer.send({ address: contracts.twin, abi: marqueTwinAbi, functionName: 'advanceStage', args: [BigInt(tokenId), next] });
    }
    await signer.send({ address: contracts.profile, abi: marqueOwnerProfileAbi, functionName: 'mint', args: [owner] });
    demoOwners.push({
      address: owner,
      label: `Demo owner ${i + 1}`,
      model: car.model,
      tokenId,
      stage,
      profileId: i + 1,
      configuration,
      configurationHash: hash,
    });
  }

  const serviceRecords: SeededRecord[] = [];
  const delivered = demoOwners.find((owner) => owner.stage === 'Delivered');
  if (delivered) {
    const { timestamp } = await signer.publicClient.getBlock();
    const serviceRecord: ServiceRecord = {
      tokenId: BigInt(delivered.tokenId),
      kind: DEMO_SERVICE_RECORD.kind,
      mileage: DEMO_SERVICE_RECORD.mileage,
      recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details),
      dealer: signer.account,
      nonce: await signer.publicClient.readContract({
        address: contracts.passport,
        abi: marquePassportAbi,
        functionName: 'nonces',
        args: [signer.account],
      }),
      deadline: timestamp + 3600n,
    };
    // eth_signTypedData_v4 on the chain's unlocked account: the same signature a dealer's wallet makes.
    const signature = await signer.walletClient.signTypedData({
      domain: passportDomain(signer.chainId, contracts.passport),
      types: SERVICE_RECORD_TYPES,
      primaryType: 'ServiceRecord',
      message: serviceRecord,
    });
    await signer.send({ address: contracts.passport, abi: marquePassportAbi, functionName: 'record', args: [serviceRecord, signature] });
    serviceRecords.push({ tokenId: delivered.tokenId, recordHash: serviceRecord.recordHash, details: DEMO_SERVICE_RECORD.details });
  }
  return { demoOwners, serviceRecords };
}

/**
 * What the server must know off chain about what the seed put on chain: the demo cars' ordered
 * configurations and the seeded records' details (the server writes them at start, idempotently).
 */
export function offChainSeed(seed: DemoSeed & { deployer: Address }): OffChainSeed {
  return {
    configurations: seed.demoOwners.map((owner) => owner.configuration),
    recordDetails: seed.serviceRecords.map((record) => record.details),
    dealers: [{ address: seed.deployer, ...DEMO_DEALER }],
  };
}

/**
 * The dealer the staff account (account 0, which holds MarquePassport's dealer role and signed the
 * seed's inspection) is listed as, so that a newcomer's passports name a dealer and the lounge
 * offers one for appointments.
 */
export const DEMO_DEALER = { name: 'Marque Paris, Avenue Montaigne', city: 'Paris', kind: 'dealer' } as const;
