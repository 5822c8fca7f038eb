import { type Address, encodeFunctionData, type Hex, hashMessage, keccak256, stringToHex, zeroAddress } from 'viem';
import { createTestClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { serializeErc6492Signature } from 'viem/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AccountCall,
  encodePasskeySignature,
  passkeyExecuteDigest,
  passkeyMessageDigest,
} from '../../protocol/src/passkey-signature';
import { admin, alice, contractAt, deployAll, deployed, expectRevert, now, stranger, type TestContract, useChain } from './fixture';
import { SoftwareAuthenticator } from './software-authenticator';

const ASTRALE = keccak256(stringToHex('{"paint":"P-BLANC-NACRE"}'));
const LIVERY = stringToHex('A-ORANGE-SOLAIRE', { size: 32 });
const DAY = 86_400n;

describe('MarquePasskeyAccount and its factory', () => {
  const chain = useChain();
  let twin: TestContract;
  let factory: TestContract;

  beforeAll(async () => {
    ({ twin } = await deployAll(chain));
    await twin.write(admin, 'approveAddOn', [LIVERY]);
    // The marque's server is the inviter: here the chain's admin key.
    factory = await deployed(chain, 'MarquePasskeyAccountFactory', [admin.address]);
  });

  /** A deployed account of a fresh passkey, and helpers to sign and submit batches for it. */
  async function newAccount(passkey = new SoftwareAuthenticator()) {
    const address = (await factory.read('accountAddress', [passkey.publicKey.qx, passkey.publicKey.qy])) as Address;
    await factory.write(stranger, 'createAccount', [passkey.publicKey.qx, passkey.publicKey.qy]);
    return { address, passkey, account: await contractAt(chain, 'MarquePasskeyAccount', address) };
  }

  async function signBatch(account: TestContract, signer: SoftwareAuthenticator, calls: AccountCall[], options: { nonce?: bigint; deadline?: bigint } = {}) {
    const nonce = options.nonce ?? ((await account.read('nonce')) as bigint);
    const deadline = options.deadline ?? (await now(chain)) + 600n;
    const digest = passkeyExecuteDigest(account.address, chain.chainId, calls, nonce, deadline);
    expect(await account.read('executeDigest', [calls, nonce, deadline])).toBe(digest);
    return { calls, deadline, signature: encodePasskeySignature(signer.publicKey, signer.assert(digest)) };
  }

  /** Submits a signed batch as `stranger` (the sponsor), who pays the gas. */
  function submit(account: TestContract, batch: { calls: AccountCall[]; deadline: bigint; signature: Hex }) {
    return account.write(stranger, 'execute', [batch.calls, batch.deadline, batch.signature]);
  }

  function selfCall(account: TestContract, functionName: string, args: readonly unknown[]): AccountCall {
    return { target: account.address, value: 0n, data: encodeFunctionData({ abi: account.abi, functionName, args }) };
  }

  function twinCall(functionName: string, args: readonly unknown[]): AccountCall {
    return { target: twin.address, value: 0n, data: encodeFunctionData({ abi: twin.abi, functionName, args }) };
  }

  it('deploys at the address known from the passkey alone, once', async () => {
    const passkey = new SoftwareAuthenticator();
    const predicted = await factory.read('accountAddress', [passkey.publicKey.qx, passkey.publicKey.qy]);
    expect(await chain.publicClient.getCode({ address: predicted })).toBeUndefined();
    const receipt = await factory.write(stranger, 'createAccount', [passkey.publicKey.qx, passkey.publicKey.qy]);
    expect(factory.events(receipt, 'PasskeyAccountCreated')[0]!.args.account).toBe(predicted);
    const account = await contractAt(chain, 'MarquePasskeyAccount', predicted);
    expect(await account.read('isPasskey', [passkey.publicKey.qx, passkey.publicKey.qy])).toBe(true);
    // Creating again returns the same account and changes nothing.
    const again = await factory.write(stranger, 'createAccount', [passkey.publicKey.qx, passkey.publicKey.qy]);
    expect(factory.events(again, 'PasskeyAccountCreated')).toEqual([]);
    await expectRevert(account.attempt(stranger, 'initialize', [passkey.publicKey.qx, passkey.publicKey.qy]), 'InvalidInitialization');
  });

  it('refuses a key that is not on P-256', async () => {
    await expectRevert(factory.attempt(stranger, 'createAccount', [`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`]), 'MarquePasskeyAccountFactoryInvalidKey', [
      `0x${'11'.repeat(32)}`,
      `0x${'22'.repeat(32)}`,
    ]);
  });

  it('receives a twin before it exists, and applies an add-on with no ETH of its own', async () => {
    const accountId = keccak256(stringToHex('order 1042'));
    const address = (await factory.read('invitedAccountAddress', [accountId])) as Address;
    // The order desk mints to the counterfactual account.
    await twin.write(admin, 'mint', [address, 'astrale-2025', ASTRALE]);
    const tokenId = (await twin.read('totalMinted')) as bigint;
    expect(await twin.read('ownerOf', [tokenId])).toBe(address);

    const passkey = new SoftwareAuthenticator();
    const { qx, qy } = passkey.publicKey;
    const bind = (id: Hex, x: Hex, y: Hex) =>
      admin.signTypedData({
        domain: { name: 'Marque Passkey Account Factory', version: '1', chainId: chain.chainId, verifyingContract: factory.address },
        types: { InvitationBinding: [{ name: 'accountId', type: 'bytes32' }, { name: 'qx', type: 'bytes32' }, { name: 'qy', type: 'bytes32' }] },
        primaryType: 'InvitationBinding',
        message: { accountId: id, qx: x, qy: y },
      });
    // A binding for another passkey, or signed by anyone but the inviter, binds nothing.
    const intruder = new SoftwareAuthenticator();
    await expectRevert(
      factory.attempt(stranger, 'createInvitedAccount', [accountId, intruder.publicKey.qx, intruder.publicKey.qy, await bind(accountId, qx, qy)]),
      'MarquePasskeyAccountFactoryInvalidBinding',
      [accountId],
    );
    const forged = await stranger.signTypedData({
      domain: { name: 'Marque Passkey Account Factory', version: '1', chainId: chain.chainId, verifyingContract: factory.address },
      types: { InvitationBinding: [{ name: 'accountId', type: 'bytes32' }, { name: 'qx', type: 'bytes32' }, { name: 'qy', type: 'bytes32' }] },
      primaryType: 'InvitationBinding',
      message: { accountId, qx: intruder.publicKey.qx, qy: intruder.publicKey.qy },
    });
    await expectRevert(
      factory.attempt(stranger, 'createInvitedAccount', [accountId, intruder.publicKey.qx, intruder.publicKey.qy, forged]),
      'MarquePasskeyAccountFactoryInvalidBinding',
      [accountId],
    );
    await factory.write(stranger, 'createInvitedAccount', [accountId, qx, qy, await bind(accountId, qx, qy)]);
    const account = await contractAt(chain, 'MarquePasskeyAccount', address);
    expect(await account.read('passkeys')).toEqual([[qx, qy]]);
    // Once deployed, a later binding (even the inviter's own) changes nothing.
    await factory.write(stranger, 'createInvitedAccount', [accountId, intruder.publicKey.qx, intruder.publicKey.qy, await bind(accountId, intruder.publicKey.qx, intruder.publicKey.qy)]);
    expect(await account.read('passkeys')).toEqual([[qx, qy]]);

    expect(await chain.publicClient.getBalance({ address })).toBe(0n);
    const batch = await signBatch(account, passkey, [twinCall('applyAddOn', [tokenId, LIVERY])]);
    const receipt = await submit(account, batch);
    expect(account.eventNames(receipt)).toEqual(['PasskeyAccountExecuted']);
    expect(await twin.read('addOnsOf', [tokenId])).toEqual([LIVERY]);
    expect(await account.read('nonce')).toBe(1n);

    // The same signed batch never runs twice: the nonce moved.
    await expectRevert(account.attempt(stranger, 'execute', [batch.calls, batch.deadline, batch.signature]), 'MarquePasskeyAccountInvalidSignature');
  });

  it('refuses another account\'s passkey, a batch past its deadline, and a failing call with its reason', async () => {
    const { account, passkey } = await newAccount();
    const other = await newAccount();
    const calls = [selfCall(account, 'addPasskey', [other.passkey.publicKey.qx, other.passkey.publicKey.qy])];
    const foreign = await signBatch(account, other.passkey, calls);
    await expectRevert(account.attempt(stranger, 'execute', [foreign.calls, foreign.deadline, foreign.signature]), 'MarquePasskeyAccountInvalidSignature');

    const late = await signBatch(account, passkey, calls, { deadline: (await now(chain)) - 1n });
    const attempt = account.attempt(stranger, 'execute', [late.calls, late.deadline, late.signature]);
    const error = await attempt.catch((e: Error) => e);
    expect(String(error)).toContain('MarquePasskeyAccountExpired');

    // Applying an add-on to a twin the account does not own: the twin's own error, through the account's.
    const notOwned = await signBatch(account, passkey, [twinCall('applyAddOn', [1n, LIVERY])]);
    const failed = await account.attempt(stranger, 'execute', [notOwned.calls, notOwned.deadline, notOwned.signature]).catch((e: Error) => e);
    expect(String(failed)).toContain('MarquePasskeyAccountCallFailed');
  });

  it('adds a second device\'s passkey, which then signs; never removes the last one', async () => {
    const { account, passkey } = await newAccount();
    const phone = new SoftwareAuthenticator();
    await submit(account, await signBatch(account, passkey, [selfCall(account, 'addPasskey', [phone.publicKey.qx, phone.publicKey.qy])]));
    expect(await account.read('isPasskey', [phone.publicKey.qx, phone.publicKey.qy])).toBe(true);
    // The phone removes the first device.
    await submit(account, await signBatch(account, phone, [selfCall(account, 'removePasskey', [passkey.publicKey.qx, passkey.publicKey.qy])]));
    expect(await account.read('passkeys')).toEqual([[phone.publicKey.qx, phone.publicKey.qy]]);
    const last = await signBatch(account, phone, [selfCall(account, 'removePasskey', [phone.publicKey.qx, phone.publicKey.qy])]);
    const error = await account.attempt(stranger, 'execute', [last.calls, last.deadline, last.signature]).catch((e: Error) => e);
    expect(String(error)).toContain('MarquePasskeyAccountCallFailed');
    // Nobody but the account itself manages its passkeys.
    await expectRevert(account.attempt(admin, 'addPasskey', [passkey.publicKey.qx, passkey.publicKey.qy]), 'MarquePasskeyAccountOnlySelf', [admin.address]);
  });

  it('signs in through ERC-1271, and through ERC-6492 before it is deployed', async () => {
    const passkey = new SoftwareAuthenticator();
    const { qx, qy } = passkey.publicKey;
    const address = (await factory.read('accountAddress', [qx, qy])) as Address;
    const message = 'localhost:5173 wants you to sign in';
    const sign = () => encodePasskeySignature(passkey.publicKey, passkey.assert(passkeyMessageDigest(address, chain.chainId, hashMessage(message))));
    const counterfactual = serializeErc6492Signature({
      address: factory.address,
      data: encodeFunctionData({ abi: factory.abi, functionName: 'createAccount', args: [qx, qy] }),
      signature: sign(),
    });
    expect(await chain.publicClient.verifyMessage({ address, message, signature: counterfactual })).toBe(true);
    expect(await chain.publicClient.getCode({ address })).toBeUndefined();

    const { account } = await newAccount(passkey);
    expect(await account.read('isValidSignature', [hashMessage(message), sign()])).toBe('0x1626ba7e');
    expect(await chain.publicClient.verifyMessage({ address, message, signature: sign() })).toBe(true);
    // The wrapped signature still holds once deployed.
    expect(await chain.publicClient.verifyMessage({ address, message, signature: counterfactual })).toBe(true);
    // Another account's passkey, or a signature of another message, does not.
    const other = new SoftwareAuthenticator();
    const foreign = encodePasskeySignature(other.publicKey, other.assert(passkeyMessageDigest(address, chain.chainId, hashMessage(message))));
    expect(await account.read('isValidSignature', [hashMessage(message), foreign])).toBe('0xffffffff');
    expect(await chain.publicClient.verifyMessage({ address, message: 'something else', signature: sign() })).toBe(false);
  });

  it('recovers through the owner\'s contact only after the delay, and any device cancels it', async () => {
    const { account, passkey } = await newAccount();
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(chain.anvil.rpcUrl) });
    const replacement = new SoftwareAuthenticator();
    const { qx, qy } = replacement.publicKey;

    // Nobody can start a recovery before the owner names a contact, the brand's admin included.
    await expectRevert(account.attempt(admin, 'startRecovery', [qx, qy]), 'MarquePasskeyAccountNotRecoveryContact', [admin.address]);
    const tooShort = await signBatch(account, passkey, [selfCall(account, 'setRecoveryContact', [alice.address, DAY])]);
    expect(String(await account.attempt(stranger, 'execute', [tooShort.calls, tooShort.deadline, tooShort.signature]).catch((e: Error) => e))).toContain(
      'MarquePasskeyAccountCallFailed',
    );
    await submit(account, await signBatch(account, passkey, [selfCall(account, 'setRecoveryContact', [alice.address, 3n * DAY])]));
    await expectRevert(account.attempt(admin, 'startRecovery', [qx, qy]), 'MarquePasskeyAccountNotRecoveryContact', [admin.address]);

    const started = await account.write(alice, 'startRecovery', [qx, qy]);
    const readyAt = account.events(started, 'RecoveryStarted')[0]!.args.readyAt as bigint;
    const early = await account.attempt(stranger, 'completeRecovery').catch((e: Error) => e);
    expect(String(early)).toContain(`MarquePasskeyAccountRecoveryNotReady(uint64 readyAt, uint256 timestamp)`);
    expect(String(early)).toContain(`(${readyAt}, `);

    // The owner still has a device: it cancels.
    await submit(account, await signBatch(account, passkey, [selfCall(account, 'cancelRecovery', [])]));
    await expectRevert(account.attempt(stranger, 'completeRecovery'), 'MarquePasskeyAccountNoRecovery');

    // Every device lost: the contact starts again and, after the delay, the new passkey is the only one.
    await account.write(alice, 'startRecovery', [qx, qy]);
    await testClient.increaseTime({ seconds: Number(3n * DAY) });
    await testClient.mine({ blocks: 1 });
    await account.write(stranger, 'completeRecovery');
    expect(await account.read('passkeys')).toEqual([[qx, qy]]);
    const old = await signBatch(account, passkey, [selfCall(account, 'setRecoveryContact', [zeroAddress, 3n * DAY])]);
    await expectRevert(account.attempt(stranger, 'execute', [old.calls, old.deadline, old.signature]), 'MarquePasskeyAccountInvalidSignature');
    await submit(account, await signBatch(account, replacement, [selfCall(account, 'setRecoveryContact', [zeroAddress, 3n * DAY])]));
  });
});
