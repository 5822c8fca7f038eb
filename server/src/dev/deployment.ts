import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createPublicClient,
  createWalletClient,
  http,
  parseAbi,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem';
import { foundry } from 'viem/chains';
import { loadArtifact } from '../../../contracts/scripts/compile';
import { deployMarque, type Deployment } from '../../../contracts/scripts/deploy';
import {
  passportDomain,
  SERVICE_KINDS,
  SERVICE_RECORD_TYPES,
  TWIN_STAGES,
  type ServiceRecord,
} from '../../../protocol/src/contracts/contract-types';
import { ADD_ONS } from '../../../assets/src/addons';
import type { DemoWallet } from '../../../protocol/src/world-api';
import type { LaunchEventInput } from '../../../protocol/src/launch-input';
import type { ConfigurationCodes } from '../../../protocol/src/twin-api';
import { writeAtomically } from '../chain/chain-state-file';
import { MarqueError } from '../../../protocol/src/errors';
import { checkConfiguration } from '../twins/configurations';
import { configurationHash, recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';
import type { OffChainSeed } from '../twins/twin-services';

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

/** Where a contract of the local deployment is. */
export interface LocalContract {
  address: Address;
  /** Block of its deployment: where an indexer starts reading its events. */
  blockNumber: number;
}

/** What `npm start` deployed and seeded on the local chain, kept in the data folder. */
export interface LocalDeployment {
  chainId: number;
  /** Hash of block 0 when the contracts were deployed. */
  genesisHash: Hash;
  /**
   * Hash of the block MarqueTwin was deployed in: the same chain still has it at that height; a
   * new chain (its state deleted) does not, and gets a new deployment, said in plain words.
   */
  deploymentBlockHash?: Hash;
  /** Hash of the compiled contract sources: changed contracts get a fresh deployment and seed. */
  sourceHash: string;
  /** {@link SEED_VERSION} of the seed: a record from an older seed gets a fresh deployment and seed. */
  seedVersion: number;
  /** Account 0 of the chain: deploys, administers, holds every role and relays passport records. */
  deployer: Address;
  /** The MarqueTwin contract; the same as `contracts.twin`, kept for the readers that predate it. */
  twin: LocalContract;
  contracts: {
    twin: LocalContract;
    passport: LocalContract;
    profile: LocalContract;
    eventPass: LocalContract;
  };
  demoOwners: DemoOwner[];
  /** The service records the seed recorded, with their off-chain details. */
  serviceRecords: SeededRecord[];
  /** Ids of the add-ons (assets/addons.json) MarqueTwin approves. */
  addOns: Hex[];
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

const twinAbi = parseAbi([
  'function mint(address to, string model, bytes32 configurationHash) returns (uint256)',
  'function advanceStage(uint256 tokenId, uint8 next)',
  'function approveAddOn(bytes32 addOn)',
  'function isAddOnApproved(bytes32 addOn) view returns (bool)',
]);
const profileAbi = parseAbi(['function mint(address owner) returns (uint256)']);
const passportAbi = parseAbi([
  'function nonces(address dealer) view returns (uint256)',
  'struct ServiceRecord { uint256 tokenId; uint8 kind; uint32 mileage; bytes32 recordHash; address dealer; uint256 nonce; uint256 deadline; }',
  'function record(ServiceRecord serviceRecord, bytes signature) returns (uint256)',
]);

/**
 * Deploys the four contracts and seeds the demo owners once per chain: account 0 deploys,
 * administers and holds every operational role (issuer, factory, dealer, brand team); accounts 1–3
 * each get a twin of their {@link DEMO_CARS} configuration moved to its {@link DEMO_STAGES} entry and
 * an owner profile, and the delivered car a dealer-signed service record; the add-on catalogue
 * (assets/addons.json) is approved. A second start finds the record, checks the contracts are still
 * there, their sources and the seed's version unchanged, approves add-ons the catalogue gained, and
 * reuses it. Off-chain data of the seed: {@link offChainSeed}.
 */
export async function ensureLocalDeployment(options: {
  rpcUrl: string;
  recordFile: string;
  /** Prefix of the twins' token URIs, e.g. `http://localhost:5173/api/twins/`. */
  baseURI: string;
  /** ERC-1155 URI of the event passes; defaults to `/api/passes/{id}.json` on `baseURI`'s origin. */
  eventPassURI?: string;
  log?: (line: string) => void;
}): Promise<LocalDeployment> {
  const log = options.log ?? (() => {});
  // The local chain mines each transaction at once: poll for receipts often, not every 4 s.
  const publicClient = createPublicClient({ transport: http(options.rpcUrl), pollingInterval: 50 });
  const [chainId, genesis] = await Promise.all([publicClient.getChainId(), publicClient.getBlock({ blockNumber: 0n })]);

  const { sourceHash } = await loadArtifact('MarqueTwin');
  // The local chain's unlocked accounts: it signs for them, no keys leave it.
  const accounts = await createWalletClient({ transport: http(options.rpcUrl) }).getAddresses();
  if (accounts.length < 1 + DEMO_CARS.length) {
    throw new MarqueError('contracts', `the local chain has ${accounts.length} unlocked accounts; ${1 + DEMO_CARS.length} are needed`, {
      details: 'start anvil with its default accounts (or more), or set RPC_URL to such a node',
    });
  }
  const [deployer, ...owners] = accounts as [Address, ...Address[]];
  const walletClient = createWalletClient({ account: deployer, chain: { ...foundry, id: chainId }, transport: http(options.rpcUrl) });
  const send = async (request: Parameters<typeof walletClient.writeContract>[0]) => {
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new MarqueError('contracts', `seeding the local chain: ${request.functionName} on ${request.address} reverted (${hash})`, { details: 'seeding runs once, on a chain that holds no blocks yet' });
    }
  };
  /** Approves the catalogue's add-ons MarqueTwin does not approve yet (the catalogue may have grown). */
  const approveAddOns = async (twin: Address): Promise<Hex[]> => {
    for (const addOn of ADD_ONS) {
      const approved = await publicClient.readContract({ address: twin, abi: twinAbi, functionName: 'isAddOnApproved', args: [addOn.id] });
      if (!approved) await send({ address: twin, abi: twinAbi, functionName: 'approveAddOn', args: [addOn.id] });
    }
    return ADD_ONS.map((addOn) => addOn.id);
  };

  const existing = await readRecord(options.recordFile);
  const stale = existing && (await whyNotReusable(existing, { chainId, sourceHash, publicClient }));
  if (existing && !stale) {
    log(`contracts: reusing MarqueTwin at ${existing.twin.address} and the passport, profile and event pass contracts`);
    const addOns = await approveAddOns(existing.contracts.twin.address);
    const deploymentBlockHash = existing.deploymentBlockHash ?? (await blockHash(publicClient, existing.contracts.twin.blockNumber));
    if (addOns.join() === existing.addOns.join() && deploymentBlockHash === existing.deploymentBlockHash) return existing;
    const updated = { ...existing, addOns, deploymentBlockHash };
    await writeRecord(options.recordFile, updated);
    return updated;
  }
  if (existing && stale) {
    // Never silent: the owners' twins, records, profiles and badges of the old contracts are gone
    // from what the product shows.
    const kept = `${options.recordFile.replace(/\.json$/, '')}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    await rename(options.recordFile, kept);
    log(
      `contracts: NOT reusing the deployment recorded in ${options.recordFile}: ${stale}. ` +
        'Deploying new contracts and seeding the demo owners afresh: twins, passport records, profiles, add-ons and badges ' +
        `made on the old contracts are not shown any more, and the server rebuilds its chain index. The old record is kept as ${kept}.`,
    );
  }
  // A chain with history and no record: its contracts cannot be found again, and deploying over
  // them would hide every owner's twin. A deployment cut short leaves its marker, and is redone.
  const marker = `${options.recordFile}.deploying`;
  if (!existing && !(await exists(marker)) && (await publicClient.getBlockNumber()) > 0n) {
    throw new MarqueError('contracts', `${options.recordFile} is missing, but the local chain already holds blocks`, {
      reason: 'deployment-record-missing',
      details:
        'the record says where the contracts are; without it they cannot be found. Put the file back (a copy of the data folder has it), ' +
        'or delete the chain folder beside it to start a new chain with new contracts and demo owners',
    });
  }
  await mkdir(path.dirname(marker), { recursive: true });
  await writeFile(marker, new Date().toISOString());
  log('contracts: deploying MarqueTwin, MarquePassport, MarqueOwnerProfile and MarqueEventPass to the local chain');
  const deployed = await deployMarque({
    walletClient,
    publicClient,
    admin: deployer,
    operator: deployer,
    twinBaseURI: options.baseURI,
    eventPassURI: options.eventPassURI ?? `${new URL(options.baseURI).origin}/api/passes/{id}.json`,
  });
  const addOns = await approveAddOns(deployed.twin.address);

  const demoOwners: DemoOwner[] = [];
  for (const [i, car] of DEMO_CARS.entries()) {
    const owner = owners[i]!;
    const tokenId = i + 1;
    const stage = DEMO_STAGES[i]!;
    const configuration = checkConfiguration(car.configuration);
    const hash = configurationHash(configuration);
    await send({ address: deployed.twin.address, abi: twinAbi, functionName: 'mint', args: [owner, car.model, hash] });
    for (let next = 1; next <= TWIN_STAGES.indexOf(stage); next++) {
      await send({ address: deployed.twin.address, abi: twinAbi, functionName: 'advanceStage', args: [BigInt(tokenId), next] });
    }
    await send({ address: deployed.profile.address, abi: profileAbi, functionName: 'mint', args: [owner] });
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
    const { timestamp } = await publicClient.getBlock();
    const serviceRecord: ServiceRecord = {
      tokenId: BigInt(delivered.tokenId),
      kind: DEMO_SERVICE_RECORD.kind,
      mileage: DEMO_SERVICE_RECORD.mileage,
      recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details),
      dealer: deployer,
      nonce: await publicClient.readContract({
        address: deployed.passport.address,
        abi: passportAbi,
        functionName: 'nonces',
        args: [deployer],
      }),
      deadline: timestamp + 3600n,
    };
    // eth_signTypedData_v4 on the chain's unlocked account: the same signature a dealer's wallet makes.
    const signature = await walletClient.signTypedData({
      domain: passportDomain(chainId, deployed.passport.address),
      types: SERVICE_RECORD_TYPES,
      primaryType: 'ServiceRecord',
      message: serviceRecord,
    });
    await send({ address: deployed.passport.address, abi: passportAbi, functionName: 'record', args: [serviceRecord, signature] });
    serviceRecords.push({ tokenId: delivered.tokenId, recordHash: serviceRecord.recordHash, details: DEMO_SERVICE_RECORD.details });
  }
  log(
    `contracts: MarqueTwin at ${deployed.twin.address}; seeded ${demoOwners.length} demo owners ` +
      `(${demoOwners.map((o) => `${o.model} ${o.stage}`).join(', ')}), their profiles and a service record; approved ${addOns.length} add-ons`,
  );

  const contracts = {
    twin: localContract(deployed.twin),
    passport: localContract(deployed.passport),
    profile: localContract(deployed.profile),
    eventPass: localContract(deployed.eventPass),
  };
  const record: LocalDeployment = {
    chainId,
    genesisHash: genesis.hash!,
    deploymentBlockHash: await blockHash(publicClient, contracts.twin.blockNumber),
    sourceHash,
    seedVersion: SEED_VERSION,
    deployer,
    twin: contracts.twin,
    contracts,
    demoOwners,
    serviceRecords,
    addOns,
  };
  await writeRecord(options.recordFile, record);
  await rm(marker, { force: true });
  return record;
}

/**
 * What the server must know off chain about what the seed put on chain: the demo cars' ordered
 * configurations and the seeded records' details (the server writes them at start, idempotently).
 */
export function offChainSeed(deployment: LocalDeployment): OffChainSeed {
  return {
    configurations: deployment.demoOwners.map((owner) => owner.configuration),
    recordDetails: deployment.serviceRecords.map((record) => record.details),
  };
}

/** Why a recorded deployment cannot serve this chain, in plain words; undefined when it can. */
async function whyNotReusable(
  record: LocalDeployment,
  chain: { chainId: number; sourceHash: string; publicClient: PublicClient },
): Promise<string | undefined> {
  if (!record.contracts) return 'the record predates the four contracts';
  if (record.chainId !== chain.chainId) return `it is for chain ${record.chainId}, the local chain is ${chain.chainId}`;
  if (record.seedVersion !== SEED_VERSION) return `it was seeded by an older version (seed ${record.seedVersion}, now ${SEED_VERSION})`;
  if (record.sourceHash !== chain.sourceHash) return 'the contracts\' sources changed since they were deployed';
  const head = await chain.publicClient.getBlockNumber();
  const codes = await Promise.all(Object.values(record.contracts).map(({ address }) => chain.publicClient.getCode({ address })));
  const deployedAt = BigInt(record.contracts.twin.blockNumber);
  const missing = codes.some((code) => !code || code === '0x');
  const moved =
    !missing && record.deploymentBlockHash && deployedAt <= head && (await blockHash(chain.publicClient, record.contracts.twin.blockNumber)) !== record.deploymentBlockHash;
  if (missing || moved || deployedAt > head) {
    return "the local chain does not hold those contracts: its data (the chain folder in the data folder) was deleted or replaced";
  }
  return undefined;
}

async function blockHash(client: PublicClient, blockNumber: number): Promise<Hash> {
  return (await client.getBlock({ blockNumber: BigInt(blockNumber) })).hash;
}

function localContract({ address, blockNumber }: Deployment): LocalContract {
  return { address, blockNumber: Number(blockNumber) };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function readRecord(file: string): Promise<LocalDeployment | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as LocalDeployment;
  } catch (cause) {
    throw new MarqueError('contracts', `${file} is damaged (not JSON)`, {
      reason: 'deployment-record-damaged',
      details: 'put back a good copy, or delete the data folder to start a new chain with new contracts and demo owners',
      cause,
    });
  }
}

async function writeRecord(file: string, record: LocalDeployment): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
}
