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
import { deployMarqueTwin } from '../../../contracts/scripts/deploy';
import type { DemoWallet } from '../http/routes';

/** A demo owner of the local chain and the car their twin token stands for. */
export interface DemoOwner extends DemoWallet {
  /** Model id of the car, as in assets/src/cars. */
  model: string;
  tokenId: number;
}

/** What `npm start` deployed and seeded on the local chain, kept in the data folder. */
export interface LocalDeployment {
  chainId: number;
  /** Hash of block 0: a new chain (state file deleted) has another, and gets a new deployment. */
  genesisHash: Hash;
  /** Hash of the compiled contract sources: changed contracts get a fresh deployment and seed. */
  sourceHash: string;
  twin: { address: Address; blockNumber: number };
  demoOwners: DemoOwner[];
}

/** The three demo owners' cars; account 0 of the chain deploys and mints, accounts 1–3 own. */
export const DEMO_CARS = [
  { model: 'astrale-2025', paint: 'midnight-blue', interior: 'ivory-leather' },
  { model: 'aurore-1964', paint: 'racing-green', interior: 'tan-leather' },
  { model: 'celeste-1988', paint: 'rosso-corsa', interior: 'black-leather' },
] as const;

const twinMintAbi = parseAbi(['function mint(address to, string model, bytes32 configurationHash) returns (uint256)']);

/**
 * Deploys the contracts and seeds the demo owners once per chain. A second start
 * finds the record, checks the contract is still there and its sources unchanged,
 * and reuses it.
 */
export async function ensureLocalDeployment(options: {
  rpcUrl: string;
  recordFile: string;
  baseURI: string;
  log?: (line: string) => void;
}): Promise<LocalDeployment> {
  const log = options.log ?? (() => {});
  const publicClient = createPublicClient({ transport: http(options.rpcUrl) });
  const [chainId, genesis] = await Promise.all([publicClient.getChainId(), publicClient.getBlock({ blockNumber: 0n })]);

  const { sourceHash } = await loadArtifact('MarqueTwin');
  const existing = await readRecord(options.recordFile);
  if (
    existing &&
    existing.chainId === chainId &&
    existing.genesisHash === genesis.hash &&
    existing.sourceHash === sourceHash
  ) {
    const code = await publicClient.getCode({ address: existing.twin.address });
    if (code && code !== '0x') {
      log(`contracts: reusing MarqueTwin at ${existing.twin.address}`);
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
  log('contracts: deploying MarqueTwin to the local chain');
  const twin = await deployMarqueTwin({ walletClient, publicClient, admin: deployer, baseURI: options.baseURI });

  const demoOwners: DemoOwner[] = [];
  for (const [i, car] of DEMO_CARS.entries()) {
    const owner = owners[i]!;
    const hash = await walletClient.writeContract({
      address: twin.address,
      abi: twinMintAbi,
      functionName: 'mint',
      args: [owner, car.model, keccak256(stringToHex(JSON.stringify(car)))],
    });
    await publicClient.waitForTransactionReceipt({ hash });
    demoOwners.push({ address: owner, label: `Demo owner ${i + 1}`, model: car.model, tokenId: i + 1 });
  }
  log(`contracts: MarqueTwin at ${twin.address}; minted ${demoOwners.length} demo twins`);

  const record: LocalDeployment = {
    chainId,
    genesisHash: genesis.hash!,
    sourceHash,
    twin: { address: twin.address, blockNumber: Number(twin.blockNumber) },
    demoOwners,
  };
  await writeRecord(options.recordFile, record);
  return record;
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
