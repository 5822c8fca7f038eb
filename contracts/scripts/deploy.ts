import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  getContractError,
  type Hash,
  keccak256,
  type PublicClient,
  stringToHex,
  type Transport,
  type WalletClient,
} from 'viem';
import { loadArtifact } from './compile';
import { MarqueError } from '../../protocol/src/errors';

/** The clients every deployment needs. */
export interface DeployClients {
  /** Signs and sends the transactions; its account pays for them. */
  walletClient: WalletClient<Transport, Chain, Account>;
  /** Waits for the receipts. */
  publicClient: PublicClient;
}

/** Arguments of {@link deployMarqueTwin}. */
export interface DeployMarqueTwinOptions extends DeployClients {
  /** Receives `DEFAULT_ADMIN_ROLE`, with which it grants the other roles. */
  admin: Address;
  /** Prefix of every token URI, e.g. `https://marque.example/twins/`. */
  baseURI: string;
}

/** Arguments of {@link deployMarque}. */
export interface DeployMarqueOptions extends DeployClients {
  /** Receives `DEFAULT_ADMIN_ROLE` of every contract. */
  admin: Address;
  /** Prefix of every twin's token URI, e.g. `https://marque.example/api/twins/`. */
  twinBaseURI: string;
  /** ERC-1155 URI of the event passes, with `{id}` for the token id. */
  eventPassURI: string;
  /**
   * When set, also granted every operational role ({@link MARQUE_ROLES}): issuer and factory of the
   * twins, dealer of the passport, issuer of the profiles, brand team of the event passes. The
   * grants are sent by `walletClient`'s account, which must then be `admin`.
   */
  operator?: Address;
}

/** Where a contract was deployed. */
export interface Deployment {
  address: Address;
  blockNumber: bigint;
  transactionHash: Hash;
}

/** The contracts of the marque, as {@link deployMarque} deployed them. */
export interface MarqueDeployment {
  twin: Deployment;
  passport: Deployment;
  profile: Deployment;
  eventPass: Deployment;
  /** MarquePasskeyAccountFactory: owners' passkey accounts; its inviter is `operator` (else `admin`). */
  accountFactory: Deployment;
}

/** Role ids of the contracts (`keccak256` of their names); `DEFAULT_ADMIN_ROLE` is zero. */
export const MARQUE_ROLES = {
  /** MarqueTwin and MarqueOwnerProfile: mints. */
  issuer: keccak256(stringToHex('ISSUER_ROLE')),
  /** MarqueTwin: advances production stages. */
  factory: keccak256(stringToHex('FACTORY_ROLE')),
  /** MarquePassport: signs service records. */
  dealer: keccak256(stringToHex('DEALER_ROLE')),
  /** MarqueEventPass: creates events, mints passes and badges, signs badge claims. */
  brandTeam: keccak256(stringToHex('BRAND_TEAM_ROLE')),
} as const;

/**
 * Deploys contract `name` with constructor `args` (compiling first when its artifact is missing or
 * stale) and waits until the deployment is mined.
 * @returns The checksummed contract address and where the deployment was mined.
 * @throws viem's `ContractFunctionExecutionError` with the decoded custom error when the constructor
 * would revert; Error starting with `contracts: ` when the mined deployment reverts anyway.
 */
export async function deployContract(
  name: string,
  args: readonly unknown[],
  { walletClient, publicClient }: DeployClients,
): Promise<Deployment> {
  const { abi, bytecode } = await loadArtifact(name);
  const transactionHash = await walletClient.deployContract({ abi, bytecode, args }).catch((error: Error) => {
    // viem decodes custom errors of function calls but not of constructors; without this a bad
    // admin reads as "custom error 0x1eb0e176".
    throw getContractError(error, { abi, args, functionName: 'constructor' });
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new MarqueError('contracts', `${name} deployment ${transactionHash} reverted in block ${receipt.blockNumber}`);
  }
  return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber, transactionHash };
}

/**
 * Deploys `MarqueTwin` alone.
 * @throws As {@link deployContract}, e.g. `MarqueTwinInvalidAdmin` for the zero address.
 */
export async function deployMarqueTwin({ admin, baseURI, ...clients }: DeployMarqueTwinOptions): Promise<Deployment> {
  return deployContract('MarqueTwin', [admin, baseURI], clients);
}

/**
 * Deploys the contracts: `MarqueTwin`, `MarquePassport` (bound to that twin collection),
 * `MarqueOwnerProfile` and `MarqueEventPass`, each administered by `admin`; with `operator`, grants
 * it the operational roles; and `MarquePasskeyAccountFactory`, whose inviter is `operator` (else `admin`).
 * @throws As {@link deployContract}; Error starting with `contracts: ` when a role grant reverts.
 */
export async function deployMarque(options: DeployMarqueOptions): Promise<MarqueDeployment> {
  const { admin, operator, walletClient, publicClient } = options;
  const clients = { walletClient, publicClient };
  const twin = await deployContract('MarqueTwin', [admin, options.twinBaseURI], clients);
  const passport = await deployContract('MarquePassport', [admin, twin.address], clients);
  const profile = await deployContract('MarqueOwnerProfile', [admin], clients);
  const eventPass = await deployContract('MarqueEventPass', [admin, options.eventPassURI], clients);
  // The server that relays (the operator) binds owner invitations to the passkeys that accept them.
  const accountFactory = await deployContract('MarquePasskeyAccountFactory', [operator ?? admin], clients);
  if (operator) {
    const grants = [
      [twin, MARQUE_ROLES.issuer],
      [twin, MARQUE_ROLES.factory],
      [passport, MARQUE_ROLES.dealer],
      [profile, MARQUE_ROLES.issuer],
      [eventPass, MARQUE_ROLES.brandTeam],
    ] as const;
    for (const [contract, role] of grants) {
      const hash = await walletClient.writeContract({
        address: contract.address,
        abi: grantRoleAbi,
        functionName: 'grantRole',
        args: [role, operator],
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') {
        throw new MarqueError('contracts', `granting role ${role} on ${contract.address} to ${operator} reverted (${hash})`);
      }
    }
  }
  return { twin, passport, profile, eventPass, accountFactory };
}

const grantRoleAbi = [
  {
    type: 'function',
    name: 'grantRole',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'role', type: 'bytes32' },
      { name: 'account', type: 'address' },
    ],
    outputs: [],
  },
] as const;
