import {
  type Abi,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  parseEventLogs,
  type PublicClient,
  stringToHex,
  zeroAddress,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVIL_DEFAULTS, type AnvilNode, startAnvil } from '../../server/src/chain/anvil';
import { loadArtifact } from '../scripts/compile';
import { deployMarqueTwin } from '../scripts/deploy';

const BASE_URI = 'https://marque.example/twins/';
const MINTER_ROLE = keccak256(stringToHex('MINTER_ROLE'));
const AURELIA_CONFIGURATION = keccak256(stringToHex('aurelia-gt|paint:nocturne-blue|trim:cognac'));

const [admin, alice, bob] = [0, 1, 2].map((addressIndex) =>
  mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex }),
);

let anvil: AnvilNode;
let publicClient: PublicClient;
let abi: Abi;

beforeAll(async () => {
  [anvil, { abi }] = await Promise.all([startAnvil(), loadArtifact('MarqueTwin')]);
  publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
});
afterAll(async () => {
  await anvil?.stop();
});

function walletOf(account: typeof admin) {
  return createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
}

/** A freshly deployed twin collection administered by `admin`, so tests cannot see each other's tokens. */
async function deployFixture() {
  const { address } = await deployMarqueTwin({
    walletClient: walletOf(admin),
    publicClient,
    admin: admin.address,
    baseURI: BASE_URI,
  });
  const read = (functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address, abi, functionName, args });
  const write = async (account: typeof admin, functionName: string, args: unknown[]) => {
    const hash = await walletOf(account).writeContract({ address, abi, functionName, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    return receipt;
  };
  return { address, read, write };
}

/** Asserts that `action` reverts with the custom error `errorName` carrying exactly `args`. */
async function expectRevert(action: Promise<unknown>, errorName: string, args: readonly unknown[] = []) {
  const error = await action.then(
    () => expect.fail(`expected a revert with ${errorName}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BaseError);
  const reverted = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
  expect(reverted, `no decoded revert in: ${(error as Error).message}`).toBeInstanceOf(ContractFunctionRevertedError);
  const { data } = reverted as ContractFunctionRevertedError;
  expect({ errorName: data?.errorName, args: data?.args ?? [] }).toEqual({ errorName, args });
}

describe('MarqueTwin', () => {
  it('lets a minter mint a twin with its model and configuration hash', async () => {
    const { address, read, write } = await deployFixture();

    const { result: tokenId } = await publicClient.simulateContract({
      account: admin,
      address,
      abi,
      functionName: 'mint',
      args: [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION],
    });
    const receipt = await write(admin, 'mint', [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION]);

    expect(tokenId).toBe(1n);
    const [minted] = parseEventLogs({ abi, logs: receipt.logs, eventName: 'TwinMinted' });
    expect(minted?.args).toEqual({
      tokenId: 1n,
      owner: alice.address,
      model: 'Aurelia GT',
      configurationHash: AURELIA_CONFIGURATION,
    });
    expect(await read('ownerOf', [1n])).toBe(alice.address);
    expect(await read('modelOf', [1n])).toBe('Aurelia GT');
    expect(await read('configurationHashOf', [1n])).toBe(AURELIA_CONFIGURATION);
    expect(await read('tokenURI', [1n])).toBe(`${BASE_URI}1`);
    expect(await read('totalMinted')).toBe(1n);
  });

  it('numbers twins sequentially from 1', async () => {
    const { read, write } = await deployFixture();

    await write(admin, 'mint', [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION]);
    await write(admin, 'mint', [bob.address, 'Solenne Roadster', keccak256(stringToHex('solenne'))]);

    expect(await read('totalMinted')).toBe(2n);
    expect(await read('ownerOf', [2n])).toBe(bob.address);
    expect(await read('modelOf', [2n])).toBe('Solenne Roadster');
  });

  it('refuses a mint from an account without MINTER_ROLE', async () => {
    const { address } = await deployFixture();

    await expectRevert(
      walletOf(alice).writeContract({
        address,
        abi,
        functionName: 'mint',
        args: [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION],
      }),
      'AccessControlUnauthorizedAccount',
      [alice.address, MINTER_ROLE],
    );
  });

  it('refuses a twin without a model or configuration', async () => {
    const { address } = await deployFixture();
    const mint = (model: string, configurationHash: Hex) =>
      walletOf(admin).writeContract({ address, abi, functionName: 'mint', args: [alice.address, model, configurationHash] });

    await expectRevert(mint('', AURELIA_CONFIGURATION), 'MarqueTwinEmptyModel');
    await expectRevert(mint('Aurelia GT', `0x${'0'.repeat(64)}`), 'MarqueTwinEmptyConfiguration');
  });

  it('refuses to mint to a contract that cannot hold ERC-721 tokens', async () => {
    const { address } = await deployFixture();

    await expectRevert(
      walletOf(admin).writeContract({
        address,
        abi,
        functionName: 'mint',
        args: [address, 'Aurelia GT', AURELIA_CONFIGURATION],
      }),
      'ERC721InvalidReceiver',
      [address],
    );
  });

  it('reverts with ERC721NonexistentToken for an id never minted', async () => {
    const { read, write } = await deployFixture();
    await write(admin, 'mint', [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION]);

    await expectRevert(read('modelOf', [2n]), 'ERC721NonexistentToken', [2n]);
    await expectRevert(read('configurationHashOf', [0n]), 'ERC721NonexistentToken', [0n]);
    await expectRevert(read('tokenURI', [2n]), 'ERC721NonexistentToken', [2n]);
  });

  it('moves ownership and balances on transfer, keeping the twin data', async () => {
    const { read, write } = await deployFixture();
    await write(admin, 'mint', [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION]);

    await write(alice, 'transferFrom', [alice.address, bob.address, 1n]);

    expect(await read('ownerOf', [1n])).toBe(bob.address);
    expect(await read('balanceOf', [alice.address])).toBe(0n);
    expect(await read('balanceOf', [bob.address])).toBe(1n);
    expect(await read('configurationHashOf', [1n])).toBe(AURELIA_CONFIGURATION);
  });

  it('lets the admin grant MINTER_ROLE, after which the grantee can mint', async () => {
    const { read, write } = await deployFixture();

    await write(admin, 'grantRole', [MINTER_ROLE, bob.address]);
    await write(bob, 'mint', [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION]);

    expect(await read('hasRole', [MINTER_ROLE, bob.address])).toBe(true);
    expect(await read('ownerOf', [1n])).toBe(alice.address);
  });

  it('lets only the admin change the base URI', async () => {
    const { address, read, write } = await deployFixture();
    await write(admin, 'mint', [alice.address, 'Aurelia GT', AURELIA_CONFIGURATION]);

    const receipt = await write(admin, 'setBaseURI', ['https://cdn.marque.example/twins/']);
    await expectRevert(
      walletOf(alice).writeContract({ address, abi, functionName: 'setBaseURI', args: ['https://evil.example/'] }),
      'AccessControlUnauthorizedAccount',
      [alice.address, `0x${'0'.repeat(64)}`],
    );

    const [updated] = parseEventLogs({ abi, logs: receipt.logs, eventName: 'BaseURIUpdated' });
    expect(updated?.args).toEqual({ baseURI: 'https://cdn.marque.example/twins/' });
    expect(await read('tokenURI', [1n])).toBe('https://cdn.marque.example/twins/1');
  });

  it('supports the ERC-165, ERC-721, ERC-721 metadata and AccessControl interfaces', async () => {
    const { read } = await deployFixture();

    for (const interfaceId of ['0x01ffc9a7', '0x80ac58cd', '0x5b5e139f', '0x7965db0b']) {
      expect(await read('supportsInterface', [interfaceId]), interfaceId).toBe(true);
    }
    expect(await read('supportsInterface', ['0xffffffff'])).toBe(false);
  });

  it('refuses the zero address as admin', async () => {
    await expectRevert(
      deployMarqueTwin({ walletClient: walletOf(admin), publicClient, admin: zeroAddress, baseURI: BASE_URI }),
      'MarqueTwinInvalidAdmin',
      [zeroAddress],
    );
  });
});
