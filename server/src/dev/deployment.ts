import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseAbi,
  stringToHex,
  type Address,
  type Hash,
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
} from '../../../contracts/scripts/contract-types';
import type { DemoWallet } from '../http/routes';

/** A production stage of a twin, as MarqueTwin numbers them (`stageOf`). */
export type TwinStage = (typeof TWIN_STAGES)[number];

/** A demo owner of the local chain and the car their twin token stands for. */
export interface DemoOwner extends DemoWallet {
  /** Model id of the car, as in assets/src/cars. */
  model: string;
  tokenId: number;
  /** Where the car is: the seed moves each demo twin to its {@link DEMO_STAGES} entry. */
  stage: TwinStage;
  /** The owner's soulbound MarqueOwnerProfile token. */
  profileId: number;
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
  /** Hash of block 0: a new chain (state file deleted) has another, and gets a new deployment. */
  genesisHash: Hash;
  /** Hash of the compiled contract sources: changed contracts get a fresh deployment and seed. */
  sourceHash: string;
  /** The MarqueTwin contract; the same as `contracts.twin`, kept for the readers that predate it. */
  twin: LocalContract;
  contracts: {
    twin: LocalContract;
    passport: LocalContract;
    profile: LocalContract;
    eventPass: LocalContract;
  };
  demoOwners: DemoOwner[];
}

/** The three demo owners' cars; account 0 of the chain deploys and mints, accounts 1–3 own. */
export const DEMO_CARS = [
  { model: 'astrale-2025', paint: 'midnight-blue', interior: 'ivory-leather' },
  { model: 'aurore-1964', paint: 'racing-green', interior: 'tan-leather' },
  { model: 'celeste-1988', paint: 'rosso-corsa', interior: 'black-leather' },
] as const;

/**
 * Where each of {@link DEMO_CARS} is on its way to its owner, so the factory and the garage have
 * something to show: the first is delivered (twin 2.0, with a dealer's first inspection in its
 * passport), the others are still at the factory.
 */
export const DEMO_STAGES = ['Delivered', 'Paint', 'Assembly'] as const satisfies readonly TwinStage[];

/** The delivered demo car's first inspection, as the seed records it in its passport. */
export const DEMO_SERVICE_RECORD = {
  kind: SERVICE_KINDS.inspection,
  mileage: 1500,
  workOrder: 'Marque Paris-Étoile · work order 0001 · first inspection at 1 500 km',
} as const;

const twinAbi = parseAbi([
  'function mint(address to, string model, bytes32 configurationHash) returns (uint256)',
  'function advanceStage(uint256 tokenId, uint8 next)',
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
 * each get a twin moved to its {@link DEMO_STAGES} entry and an owner profile, and the delivered
 * car a dealer-signed service record. A second start finds the record, checks the contracts are
 * still there and their sources unchanged, and reuses it.
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
  const existing = await readRecord(options.recordFile);
  if (
    existing?.contracts &&
    existing.chainId === chainId &&
    existing.genesisHash === genesis.hash &&
    existing.sourceHash === sourceHash
  ) {
    const codes = await Promise.all(
      Object.values(existing.contracts).map(({ address }) => publicClient.getCode({ address })),
    );
    if (codes.every((code) => code && code !== '0x')) {
      log(`contracts: reusing MarqueTwin at ${existing.twin.address} and the passport, profile and event pass contracts`);
      return existing;
    }
  }

  // The local chain's unlocked accounts: it signs for them, no keys leave it.
  const accounts = await createWalletClient({ transport: http(options.rpcUrl) }).getAddresses();
  if (accounts.length < 1 + DEMO_CARS.length) {
    throw new Error(`contracts: the local chain has ${accounts.length} unlocked accounts; ${1 + DEMO_CARS.length} are needed`);
  }
  const [deployer, ...owners] = accounts as [Address, ...Address[]];
  const walletClient = createWalletClient({ account: deployer, chain: { ...foundry, id: chainId }, transport: http(options.rpcUrl) });
  log('contracts: deploying MarqueTwin, MarquePassport, MarqueOwnerProfile and MarqueEventPass to the local chain');
  const deployed = await deployMarque({
    walletClient,
    publicClient,
    admin: deployer,
    operator: deployer,
    twinBaseURI: options.baseURI,
    eventPassURI: options.eventPassURI ?? `${new URL(options.baseURI).origin}/api/passes/{id}.json`,
  });
  const send = async (request: Parameters<typeof walletClient.writeContract>[0]) => {
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new Error(`contracts: seeding the local chain: ${request.functionName} on ${request.address} reverted (${hash})`);
    }
  };

  const demoOwners: DemoOwner[] = [];
  for (const [i, car] of DEMO_CARS.entries()) {
    const owner = owners[i]!;
    const tokenId = i + 1;
    const stage = DEMO_STAGES[i]!;
    await send({
      address: deployed.twin.address,
      abi: twinAbi,
      functionName: 'mint',
      args: [owner, car.model, keccak256(stringToHex(JSON.stringify(car)))],
    });
    for (let next = 1; next <= TWIN_STAGES.indexOf(stage); next++) {
      await send({ address: deployed.twin.address, abi: twinAbi, functionName: 'advanceStage', args: [BigInt(tokenId), next] });
    }
    await send({ address: deployed.profile.address, abi: profileAbi, functionName: 'mint', args: [owner] });
    demoOwners.push({ address: owner, label: `Demo owner ${i + 1}`, model: car.model, tokenId, stage, profileId: i + 1 });
  }

  const delivered = demoOwners.find((owner) => owner.stage === 'Delivered');
  if (delivered) {
    const { timestamp } = await publicClient.getBlock();
    const serviceRecord: ServiceRecord = {
      tokenId: BigInt(delivered.tokenId),
      kind: DEMO_SERVICE_RECORD.kind,
      mileage: DEMO_SERVICE_RECORD.mileage,
      recordHash: keccak256(stringToHex(DEMO_SERVICE_RECORD.workOrder)),
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
  }
  log(
    `contracts: MarqueTwin at ${deployed.twin.address}; seeded ${demoOwners.length} demo owners ` +
      `(${demoOwners.map((o) => `${o.model} ${o.stage}`).join(', ')}), their profiles and a service record`,
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
    sourceHash,
    twin: contracts.twin,
    contracts,
    demoOwners,
  };
  await writeRecord(options.recordFile, record);
  return record;
}

function localContract({ address, blockNumber }: Deployment): LocalContract {
  return { address, blockNumber: Number(blockNumber) };
}

async function readRecord(file: string): Promise<LocalDeployment | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LocalDeployment;
  } catch {
    return undefined;
  }
}

async function writeRecord(file: string, record: LocalDeployment): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, file);
}
