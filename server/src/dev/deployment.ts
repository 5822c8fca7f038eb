import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPublicClient, createWalletClient, http, type Address, type Hash, type Hex, type PublicClient } from 'viem';
import { loadArtifact } from '../../../contracts/scripts/compile';
import { deployMarque, type Deployment } from '../../../contracts/scripts/deploy';
import { MarqueError } from '../../../protocol/src/errors';
import { writeAtomically } from '../chain/chain-state-file';
import { localSigner } from './local-signer';
import { approveCatalogueAddOns, DEMO_CARS, SEED_VERSION, seedDemoOwners, type DemoSeed } from './seed';

/** Where a contract of the local deployment is. */
export interface LocalContract {
  address: Address;
  /** Block of its deployment: where an indexer starts reading its events. */
  blockNumber: number;
}

/** What `npm start` deployed and seeded (./seed.ts) on the local chain, kept in the data folder. */
export interface LocalDeployment extends DemoSeed {
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
  /** Ids of the add-ons (assets/addons.json) MarqueTwin approves. */
  addOns: Hex[];
  /** MarquePasskeyAccountFactory (owners' passkey accounts); its inviter is the deployer, who relays. */
  accountFactory: LocalContract;
}

/**
 * Deploys the four contracts and seeds them once per chain: account 0 deploys, administers and
 * holds every operational role (issuer, factory, dealer, brand team); accounts 1–3 become the demo
 * owners and the add-on catalogue is approved (./seed.ts). A second start finds the record, checks
 * the contracts are still there, their sources and the seed's version unchanged, approves add-ons
 * the catalogue gained, and reuses it.
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
  const publicClient = createPublicClient({ transport: http(options.rpcUrl) });
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
  const signer = localSigner(options.rpcUrl, chainId, deployer);

  const existing = await readRecord(options.recordFile);
  const stale = existing && (await whyNotReusable(existing, { chainId, sourceHash, publicClient }));
  if (existing && !stale) {
    log(`contracts: reusing MarqueTwin at ${existing.twin.address} and the passport, profile and event pass contracts`);
    const addOns = await approveCatalogueAddOns(signer, existing.contracts.twin.address);
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
  log('contracts: deploying MarqueTwin, MarquePassport, MarqueOwnerProfile, MarqueEventPass and MarquePasskeyAccountFactory to the local chain');
  const deployed = await deployMarque({
    walletClient: signer.walletClient,
    publicClient: signer.publicClient,
    admin: deployer,
    operator: deployer,
    twinBaseURI: options.baseURI,
    eventPassURI: options.eventPassURI ?? `${new URL(options.baseURI).origin}/api/passes/{id}.json`,
  });
  const addOns = await approveCatalogueAddOns(signer, deployed.twin.address);
  const { demoOwners, serviceRecords } = await seedDemoOwners(signer, {
    twin: deployed.twin.address,
    profile: deployed.profile.address,
    passport: deployed.passport.address,
  }, owners);
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
    accountFactory: localContract(deployed.accountFactory),
  };
  await writeRecord(options.recordFile, record);
  await rm(marker, { force: true });
  return record;
}

/** Why a recorded deployment cannot serve this chain, in plain words; undefined when it can. */
async function whyNotReusable(
  record: LocalDeployment,
  chain: { chainId: number; sourceHash: string; publicClient: PublicClient },
): Promise<string | undefined> {
  if (!record.contracts) return 'the record predates the four contracts';
  if (!record.accountFactory) return 'the record predates the passkey account factory';
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
