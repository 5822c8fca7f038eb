import { type Address, createWalletClient, encodeFunctionData, hashMessage, type Hex, http, keccak256, stringToHex } from 'viem';
import { foundry } from 'viem/chains';
import { createSiweMessage } from 'viem/siwe';
import { serializeErc6492Signature } from 'viem/utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { marquePasskeyAccountAbi, marquePasskeyAccountFactoryAbi, marqueTwinAbi, marquePassportAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import { type AccountCall, encodePasskeySignature, passkeyMessageDigest } from '../../../protocol/src/passkey-signature';
import { admin, deployAll, deployed, stranger, type TestContract, useChain } from '../../../contracts/test/fixture';
import { SoftwareAuthenticator } from '../../../contracts/test/software-authenticator';
import { SiweService } from '../auth/siwe';
import { openDatabase, type Database } from '../db/database';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { OwnerInvitations, type InvitationAccepted } from './owner-invitations';
import { PasskeyAccounts, type SponsoredSender } from './passkey-accounts';
import { Sponsorship } from './sponsorship';
import { RelyingParty } from './webauthn';

const PUBLIC_URL = 'http://localhost:5173';
const LIVERY = stringToHex('A-ORANGE-SOLAIRE', { size: 32 });
const ASTRALE = keccak256(stringToHex('{"paint":"P-BLANC-NACRE"}'));

const databases = freshDatabases('marque-passkeys');
afterAll(() => databases.cleanup());

describeEachDatabase('passkeys', 'passkey accounts on the server ($kind database)', (kind) => {
  const chain = useChain();
  let db: Database;
  let twin: TestContract;
  let passport: TestContract;
  let factory: TestContract;
  let accounts: PasskeyAccounts;
  let invitations: OwnerInvitations;
  let sponsorship: Sponsorship;

  beforeAll(async () => {
    db = await openDatabase(await databases.fresh(kind));
    ({ twin, passport } = await deployAll(chain));
    await twin.write(admin, 'approveAddOn', [LIVERY]);
    factory = await deployed(chain, 'MarquePasskeyAccountFactory', [admin.address]);
    // The sponsor pays from an account of its own: `stranger` stands for the server's relayer here.
    const payer = createWalletClient({ account: stranger, chain: foundry, transport: http(chain.anvil.rpcUrl) });
    const sponsor: SponsoredSender = async (call) => {
      const transactionHash = await payer.sendTransaction({ to: call.to, data: call.data });
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: transactionHash });
      if (receipt.status !== 'success') throw new Error(`${call.label} reverted`);
      return { transactionHash };
    };
    sponsorship = new Sponsorship(db, { twin: twin.address }, { perAccountPerDay: 5, perDay: 1_000 });
    accounts = new PasskeyAccounts({
      db,
      client: chain.publicClient,
      chainId: chain.chainId,
      relyingParty: new RelyingParty(PUBLIC_URL),
      factory: factory.address,
      sponsorship,
      sponsor,
    });
    invitations = new OwnerInvitations(
      accounts,
      ({ accountId, qx, qy, factory: verifyingContract, chainId }) =>
        admin.signTypedData({
          domain: { name: 'Marque Passkey Account Factory', version: '1', chainId, verifyingContract },
          types: { InvitationBinding: [{ name: 'accountId', type: 'bytes32' }, { name: 'qx', type: 'bytes32' }, { name: 'qy', type: 'bytes32' }] },
          primaryType: 'InvitationBinding',
          message: { accountId, qx, qy },
        }),
      PUBLIC_URL,
    );
  });
  afterAll(() => db?.close());

  async function refusalOf(promise: Promise<unknown>): Promise<MarqueError> {
    const error = await promise.then(
      () => expect.fail('expected a refusal'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MarqueError);
    return error as MarqueError;
  }

  async function reasonOf(promise: Promise<unknown>): Promise<string> {
    const error = await refusalOf(promise);
    return `${error.status} ${error.reason}`;
  }

  /** An order confirmed, its twin minted to the invitation's account, the invitation accepted with a new passkey. */
  async function invitedOwner(orderRef: string) {
    const invitation = await invitations.create({ orderRef });
    await twin.write(admin, 'mint', [invitation.account, 'astrale-2025', ASTRALE]);
    const tokenId = (await twin.read('totalMinted')) as bigint;
    const passkey = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    const { challenge } = await accounts.issueChallenge('register');
    const accepted = await invitations.accept(invitation.code, passkey.attest(challenge), challenge);
    return { invitation, tokenId, passkey, account: accepted.account };
  }

  async function signedBatch(account: Address, passkey: SoftwareAuthenticator, calls: AccountCall[]) {
    const prepared = await accounts.prepare(account, calls);
    return { calls, deadline: BigInt(prepared.deadline), credentialId: passkey.id, assertion: passkey.assertChallenge(prepared.challenge) };
  }

  const addOn = (tokenId: bigint): AccountCall => ({
    target: twin.address,
    value: 0n,
    data: encodeFunctionData({ abi: marqueTwinAbi, functionName: 'applyAddOn', args: [tokenId, LIVERY] }),
  });

  it('binds the relying party to PUBLIC_URL\'s host: another site\'s passkey or origin is refused', async () => {
    // A passkey made for another site, presented on this page.
    const elsewhere = new SoftwareAuthenticator('evil.example', PUBLIC_URL);
    const { challenge } = await accounts.issueChallenge('register');
    expect(await reasonOf(accounts.register(elsewhere.attest(challenge), challenge))).toBe('401 rp-id');
    const phished = new SoftwareAuthenticator('localhost', 'https://evil.example');
    expect(await reasonOf(accounts.register(phished.attest(challenge), challenge))).toBe('401 origin');
    const honest = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    expect(await reasonOf(accounts.register(honest.attest('bm90LWlzc3VlZA'), 'bm90LWlzc3VlZA'))).toBe('401 challenge');
    const { account } = await accounts.register(honest.attest(challenge), challenge);
    expect(account).toBe(await factory.read('accountAddress', [honest.publicKey.qx, honest.publicKey.qy]));
    // The challenge worked once.
    const again = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    expect(await reasonOf(accounts.register(again.attest(challenge), challenge))).toBe('401 replayed');
  });

  it('an invitation puts the order\'s twin in the account of the passkey that accepts it, once', async () => {
    const accepted: InvitationAccepted[] = [];
    const unsubscribe = invitations.onAccepted((event) => accepted.push(event));
    const { invitation, tokenId, passkey, account } = await invitedOwner('order-1042');
    unsubscribe();
    expect(account).toBe(invitation.account);
    // Told once, for the operations' invitation.accepted webhook.
    expect(accepted).toEqual([{ invitationId: invitation.id, orderRef: 'order-1042', account, acceptedAt: expect.any(Date) }]);
    expect(invitation.url).toBe(`${PUBLIC_URL}/?owner-invitation=${encodeURIComponent(invitation.code)}`);
    expect(invitation.qrSvg).toContain('<svg');
    expect(JSON.stringify(invitation)).not.toMatch(/@|order-1042/);
    expect(await twin.read('ownerOf', [tokenId])).toBe(account);
    expect(await chain.publicClient.readContract({ address: account, abi: marquePasskeyAccountAbi, functionName: 'passkeys' })).toEqual([
      [passkey.publicKey.qx, passkey.publicKey.qy],
    ]);
    // Leaked after acceptance: useless. A new invitation for the same order is refused.
    const thief = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    const { challenge } = await accounts.issueChallenge('register');
    expect(await reasonOf(invitations.accept(invitation.code, thief.attest(challenge), challenge))).toBe('410 invitation-used');
    expect(await reasonOf(invitations.create({ orderRef: 'order-1042' }))).toBe('409 already-accepted');
  });

  it('a lost or leaked invitation is replaced: the old link is withdrawn, the account (and its twin) stays the same', async () => {
    const first = await invitations.create({ orderRef: 'order-2001' });
    const second = await invitations.create({ orderRef: 'order-2001' });
    expect(second.account).toBe(first.account);
    const passkey = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    const { challenge } = await accounts.issueChallenge('register');
    expect(await reasonOf(invitations.accept(first.code, passkey.attest(challenge), challenge))).toBe('410 invitation-withdrawn');
    expect(await reasonOf(invitations.accept(`${second.id}.forged-secret`, passkey.attest(challenge), challenge))).toBe('400 invitation-invalid');
    const expired = await invitations.create({ orderRef: 'order-2002', validHours: 1 }, new Date(Date.now() - 2 * 3_600_000));
    expect(await reasonOf(invitations.check(expired.code))).toBe('410 invitation-expired');
    expect(await reasonOf(invitations.create({ orderRef: 'jane@example.com' }))).toBe('400 bad-order-ref');
  });

  it('signs in with the passkey; a replayed assertion, another site\'s, or an unknown passkey is refused', async () => {
    const { passkey, account } = await invitedOwner('order-3001');
    const { challenge } = await accounts.issueChallenge('sign-in');
    const assertion = passkey.assertChallenge(challenge);
    expect(await accounts.signIn(passkey.id, assertion, challenge)).toBe(account);
    expect(await reasonOf(accounts.signIn(passkey.id, assertion, challenge))).toBe('401 replayed');
    const next = await accounts.issueChallenge('sign-in');
    expect(await reasonOf(accounts.signIn(passkey.id, passkey.assertChallenge(next.challenge, { rpId: 'evil.example' }), next.challenge))).toBe('401 rp-id');
    expect(await reasonOf(accounts.signIn(passkey.id, passkey.assertChallenge(next.challenge, { origin: 'https://evil.example' }), next.challenge))).toBe('401 origin');
    expect(await reasonOf(accounts.signIn(passkey.id, passkey.assertChallenge(next.challenge, { type: 'webauthn.create' }), next.challenge))).toBe('401 type');
    expect(await reasonOf(accounts.signIn(passkey.id, passkey.assertChallenge(next.challenge, { flags: 0x01 }), next.challenge))).toBe('401 user-verification');
    const stranger = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    expect(await reasonOf(accounts.signIn(stranger.id, stranger.assertChallenge(next.challenge), next.challenge))).toBe('401 unknown-credential');
    // A sign-in challenge is no registration challenge.
    expect(await reasonOf(accounts.register(stranger.attest(next.challenge), next.challenge))).toBe('401 challenge');
  });

  it('Sign-In with Ethereum accepts the passkey account, deployed (ERC-1271) and not yet deployed (ERC-6492)', async () => {
    const siwe = new SiweService(db, (args) => chain.publicClient.verifyMessage(args), { domain: 'localhost:5173', origin: PUBLIC_URL, chainId: chain.chainId });
    const signIn = async (address: Address, passkey: SoftwareAuthenticator, wrap?: (signature: Hex) => Hex) => {
      const { nonce } = await siwe.issueNonce();
      const message = createSiweMessage({ address, domain: 'localhost:5173', uri: `${PUBLIC_URL}/`, version: '1', chainId: chain.chainId, nonce, issuedAt: new Date() });
      const signature = encodePasskeySignature(passkey.publicKey, passkey.assert(passkeyMessageDigest(address, chain.chainId, hashMessage(message))));
      return siwe.verify({ message, signature: wrap ? wrap(signature) : signature });
    };
    const fresh = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    const counterfactual = (await factory.read('accountAddress', [fresh.publicKey.qx, fresh.publicKey.qy])) as Address;
    const wrap = (signature: Hex) =>
      serializeErc6492Signature({
        address: factory.address,
        data: encodeFunctionData({ abi: marquePasskeyAccountFactoryAbi, functionName: 'createAccount', args: [fresh.publicKey.qx, fresh.publicKey.qy] }),
        signature,
      });
    expect(await signIn(counterfactual, fresh, wrap)).toBe(counterfactual);
    expect(await chain.publicClient.getCode({ address: counterfactual })).toBeUndefined();

    const { passkey, account } = await invitedOwner('order-4001');
    expect(await signIn(account, passkey)).toBe(account);
    expect(await reasonOf(signIn(account, fresh))).toBe('401 signature');
  });

  it('sponsors an add-on with no ETH in the account; refuses a replay, another account\'s passkey, and calls off the allow-list', async () => {
    const { passkey, account, tokenId } = await invitedOwner('order-5001');
    const other = await invitedOwner('order-5002');
    expect(await chain.publicClient.getBalance({ address: account })).toBe(0n);
    const batch = await signedBatch(account, passkey, [addOn(tokenId)]);
    const { transactionHash, nonce } = await accounts.execute(account, batch);
    expect(transactionHash).toMatch(/^0x/);
    expect(nonce).toBe(0n);
    expect(await twin.read('addOnsOf', [tokenId])).toEqual([LIVERY]);
    expect(await chain.publicClient.getBalance({ address: account })).toBe(0n);
    expect(await reasonOf(accounts.execute(account, batch))).toBe('401 replayed');

    const foreign = await signedBatch(account, other.passkey, [addOn(tokenId)]);
    expect(await reasonOf(accounts.execute(account, foreign))).toBe('401 not-your-passkey');

    const offList: AccountCall = {
      target: passport.address,
      value: 0n,
      data: encodeFunctionData({ abi: marquePassportAbi, functionName: 'nonces', args: [account] }),
    };
    expect(await reasonOf(accounts.prepare(account, [offList]))).toBe('403 not-sponsored');
    const approval: AccountCall = {
      target: twin.address,
      value: 0n,
      data: encodeFunctionData({ abi: marqueTwinAbi, functionName: 'setApprovalForAll', args: [stranger.address, true] }),
    };
    const error = await refusalOf(accounts.prepare(account, [approval]));
    expect(error.message).toContain('twin.setApprovalForAll is not a sponsored method');
    expect(await reasonOf(accounts.execute(account, { ...batch, calls: [approval] }))).toBe('403 not-sponsored');
  });

  it('counts each account\'s sponsored batches per day and says when the limit resets', async () => {
    const { account } = await invitedOwner('order-6001');
    const limited = new Sponsorship(db, { twin: twin.address }, { perAccountPerDay: 2, perDay: 1_000 });
    const day = new Date('2030-01-02T15:00:00Z');
    await limited.consume(account, day);
    await limited.consume(account, day);
    const refusal = await refusalOf(limited.consume(account, day));
    expect(`${refusal.status} ${refusal.reason}`).toBe('429 account-daily-limit');
    expect(refusal.message).toContain('resets at 2030-01-03T00:00:00.000Z');
    // Another day starts afresh; the sponsor's total has its own limit.
    await limited.consume(account, new Date('2030-01-03T00:00:01Z'));
    const total = new Sponsorship(db, { twin: twin.address }, { perAccountPerDay: 100, perDay: 3 });
    expect(await total.usage('*', day)).toBe(2);
    await total.consume(account, day);
    expect(await reasonOf(total.consume(account, day))).toBe('429 sponsor-daily-limit');
  });

  it('adds a second device\'s passkey, which signs in and sends sponsored batches of its own', async () => {
    const { passkey, account, tokenId } = await invitedOwner('order-7001');
    const phone = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    const { challenge } = await accounts.issueChallenge('add-device', account);
    const device = await accounts.addDevice(phone.attest(challenge), challenge);
    expect(device.account).toBe(account);
    expect((await accounts.devices(account)).map((d) => d.active)).toEqual([true, false]);
    // Registered, but not yet the account's: it cannot sign in before the account adds it.
    const early = await accounts.issueChallenge('sign-in');
    expect(await reasonOf(accounts.signIn(phone.id, phone.assertChallenge(early.challenge), early.challenge))).toBe('401 not-your-passkey');
    await accounts.execute(account, await signedBatch(account, passkey, [device.call]));
    expect((await accounts.devices(account)).map((d) => d.active)).toEqual([true, true]);
    const later = await accounts.issueChallenge('sign-in');
    expect(await accounts.signIn(phone.id, phone.assertChallenge(later.challenge), later.challenge)).toBe(account);
    await accounts.execute(account, await signedBatch(account, phone, [addOn(tokenId)]));
    expect(await twin.read('addOnsOf', [tokenId])).toEqual([LIVERY]);
    // A pairing link works once, and only a challenge issued for adding a device pairs one.
    const intruder = new SoftwareAuthenticator('localhost', PUBLIC_URL);
    expect(await reasonOf(accounts.addDevice(intruder.attest(challenge), challenge))).toBe('401 replayed');
    const signInChallenge = await accounts.issueChallenge('sign-in');
    expect(await reasonOf(accounts.addDevice(intruder.attest(signInChallenge.challenge), signInChallenge.challenge))).toBe('401 challenge');
  });

  it('leaving: the owner moves the twin to a wallet of their own, sponsored', async () => {
    const { passkey, account, tokenId } = await invitedOwner('order-8001');
    const leave: AccountCall = {
      target: twin.address,
      value: 0n,
      data: encodeFunctionData({ abi: marqueTwinAbi, functionName: 'transferFrom', args: [account, stranger.address, tokenId] }),
    };
    await accounts.execute(account, await signedBatch(account, passkey, [leave]));
    expect(await twin.read('ownerOf', [tokenId])).toBe(stranger.address);
  });
});
