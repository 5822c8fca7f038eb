import { randomBytes } from 'node:crypto';
import { type Address, encodeFunctionData, getAddress, type Hash, type Hex, keccak256, type PublicClient } from 'viem';
import { marquePasskeyAccountAbi, marquePasskeyAccountFactoryAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import {
  type AccountCall,
  base64UrlEncode,
  challengeOf,
  encodePasskeySignature,
  type PasskeyAssertion,
  type PasskeyPublicKey,
  passkeyExecuteDigest,
} from '../../../protocol/src/passkey-signature';
import type { Database, Queryable } from '../db/database';
import type { Sponsorship } from './sponsorship';
import { PasskeyError, type PasskeyRegistration, type RelyingParty } from './webauthn';

/**
 * Sends one call the marque pays for and resolves once it is mined. Every sponsored write of this
 * module goes through it (see `relayerSponsor` in ./sponsor.ts).
 */
export type SponsoredSender = (call: { key: string; label: string; to: Address; data: Hex }) => Promise<{ transactionHash: Hash }>;

/** What a challenge is for: each ceremony accepts only its own. */
export type ChallengePurpose = 'register' | 'sign-in' | 'add-device';

/** Options of {@link PasskeyAccounts}. */
export interface PasskeyAccountsOptions {
  db: Database;
  /** Reads the chain: nonces, deployed code, passkeys. */
  client: PublicClient;
  chainId: number;
  relyingParty: RelyingParty;
  /** MarquePasskeyAccountFactory's address. */
  factory: Address;
  sponsorship: Sponsorship;
  sponsor: SponsoredSender;
  /** How long a challenge stays usable, seconds (default 300). */
  challengeTtlSeconds?: number;
  /** How long a prepared batch stays signable, seconds (default 300). */
  batchTtlSeconds?: number;
}

/** A batch ready for the passkey to sign: its `challenge` goes to `navigator.credentials.get()`. */
export interface PreparedBatch {
  account: Address;
  calls: Array<{ target: Address; value: string; data: Hex }>;
  nonce: string;
  deadline: string;
  challenge: string;
  /** The account's passkeys' credential ids, for `allowCredentials`. */
  credentialIds: string[];
}

interface CredentialRow {
  credential_id: string;
  account: string;
  qx: Hex;
  qy: Hex;
  counter: string | number;
}

interface AccountRow {
  account: string;
  kind: 'passkey' | 'invitation';
  account_id: Hex | null;
  qx: Hex;
  qy: Hex;
  binding: Hex | null;
}

/**
 * Owners' passkey accounts on the server: single-use challenges, passkeys registered for the
 * marque's relying party, sign-in by passkey, a second device, and batches signed by a passkey that
 * the marque sponsors (checked against the sponsorship rules, then sent with the marque's gas).
 */
export class PasskeyAccounts {
  private readonly challengeTtlMs: number;
  private readonly batchTtlSeconds: number;

  constructor(readonly options: PasskeyAccountsOptions) {
    this.challengeTtlMs = (options.challengeTtlSeconds ?? 300) * 1000;
    this.batchTtlSeconds = options.batchTtlSeconds ?? 300;
  }

  get relyingParty(): RelyingParty {
    return this.options.relyingParty;
  }

  /** A fresh random challenge for `purpose` (and, to add a device, the signed-in `account`). */
  async issueChallenge(purpose: ChallengePurpose, account?: Address, now = new Date()): Promise<{ challenge: string; expiresAt: Date; rpId: string }> {
    await this.options.db.query('delete from passkey_challenges where expires_at < $1', [now]);
    const challenge = base64UrlEncode(randomBytes(32));
    const expiresAt = new Date(now.getTime() + this.challengeTtlMs);
    await this.options.db.query('insert into passkey_challenges (challenge, purpose, account, expires_at) values ($1, $2, $3, $4)', [
      challenge,
      purpose,
      account?.toLowerCase() ?? null,
      expiresAt,
    ]);
    return { challenge, expiresAt, rpId: this.relyingParty.rpId };
  }

  /**
   * Consumes `challenge` for `purpose`, atomically: of two requests carrying it one wins.
   * @throws PasskeyError `challenge` (never issued, for another purpose or account, expired) or `replayed` (already used).
   */
  async consumeChallenge(db: Queryable, challenge: string, purpose: ChallengePurpose, account?: Address, now = new Date()): Promise<void> {
    const [used] = await db.query(
      `update passkey_challenges set used_at = $2 where challenge = $1 and purpose = $3 and used_at is null and expires_at > $2
       and (account is null or account = $4) returning challenge`,
      [challenge, now, purpose, account?.toLowerCase() ?? null],
    );
    if (used) return;
    const [row] = await db.query<{ used_at: Date | null; expires_at: Date }>('select used_at, expires_at from passkey_challenges where challenge = $1', [challenge]);
    if (row?.used_at) throw new PasskeyError('replayed', 'this passkey answer was already used', 'ask for a new challenge and sign again');
    throw new PasskeyError('challenge', 'the challenge was not issued by this server for this step, or has expired', 'ask for a new challenge and sign again');
  }

  /**
   * Registers a passkey as a new account of its own (no invitation): the account's address comes
   * from the key; it is deployed with its first sponsored batch.
   */
  async register(registration: PasskeyRegistration, challenge: string, now = new Date()): Promise<{ account: Address; credentialId: string }> {
    const passkey = this.relyingParty.verifyRegistration(registration, challenge);
    const account = await this.keyAccountAddress(passkey.publicKey);
    await this.options.db.transaction(async (tx) => {
      await this.consumeChallenge(tx, challenge, 'register', undefined, now);
      await tx.query(
        `insert into passkey_accounts (account, kind, qx, qy, created_at) values ($1, 'passkey', $2, $3, $4) on conflict (account) do nothing`,
        [account.toLowerCase(), passkey.publicKey.qx, passkey.publicKey.qy, now],
      );
      await this.insertCredential(tx, account, passkey, now);
    });
    return { account, credentialId: passkey.credentialId };
  }

  /** Stores a verified credential for `account`; refuses one the server already knows. */
  async insertCredential(db: Queryable, account: Address, passkey: { credentialId: string; publicKey: PasskeyPublicKey; counter: number }, now: Date) {
    const inserted = await db.query(
      `insert into passkey_credentials (credential_id, account, qx, qy, counter, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (credential_id) do nothing returning credential_id`,
      [passkey.credentialId, account.toLowerCase(), passkey.publicKey.qx, passkey.publicKey.qy, passkey.counter, now],
    );
    if (inserted.length === 0) {
      throw new MarqueError('passkeys', 'this passkey is already registered', { status: 409, reason: 'passkey-exists', details: 'sign in with it instead' });
    }
  }

  /**
   * Signs in with a passkey: an assertion over a `sign-in` challenge by a credential this server
   * registered, still one of its account's passkeys on chain.
   * @returns the account, to issue a session for.
   * @throws PasskeyError: `unknown-credential`, `not-your-passkey` (removed from the account), the relying party's refusals, `replayed`.
   */
  async signIn(credentialId: string, assertion: PasskeyAssertion, challenge: string, now = new Date()): Promise<Address> {
    const credential = await this.credential(credentialId);
    const counter = this.relyingParty.verifyAssertion(assertion, challenge, credential, Number(credential.counter));
    const account = getAddress(credential.account);
    if (!(await this.isPasskeyOnChain(account, credential))) {
      throw new PasskeyError('not-your-passkey', 'this passkey no longer controls its account (removed, or replaced by a recovery)', 'sign in with a passkey the account still holds');
    }
    await this.options.db.transaction(async (tx) => {
      await this.consumeChallenge(tx, challenge, 'sign-in', undefined, now);
      await this.recordUse(tx, credentialId, counter, now);
    });
    return account;
  }

  /**
   * Registers a second device's passkey for the account a signed-in owner issued the `add-device`
   * challenge for (the other device got it through a pairing link). It controls the account once a
   * batch calling `addPasskey` with it (returned as `call`), signed by a passkey the account already
   * holds, is executed.
   */
  async addDevice(registration: PasskeyRegistration, challenge: string, now = new Date()) {
    const [issued] = await this.options.db.query<{ account: string | null }>('select account from passkey_challenges where challenge = $1 and purpose = $2', [
      challenge,
      'add-device',
    ]);
    if (!issued?.account) throw new PasskeyError('challenge', 'this pairing link is not one this server gave', 'ask your signed-in device for a new link');
    const account = getAddress(issued.account);
    await this.accountRow(account);
    const passkey = this.relyingParty.verifyRegistration(registration, challenge);
    await this.options.db.transaction(async (tx) => {
      await this.consumeChallenge(tx, challenge, 'add-device', account, now);
      await this.insertCredential(tx, account, passkey, now);
    });
    const call: AccountCall = {
      target: account,
      value: 0n,
      data: encodeFunctionData({ abi: marquePasskeyAccountAbi, functionName: 'addPasskey', args: [passkey.publicKey.qx, passkey.publicKey.qy] }),
    };
    return { account, credentialId: passkey.credentialId, publicKey: passkey.publicKey, call };
  }

  /**
   * The passkeys the server registered for `account`, each with whether it controls the account on
   * chain (a second device's is pending until a batch adds it), and the call that would add it.
   */
  async devices(account: Address) {
    const rows = await this.options.db.query<CredentialRow & { created_at: Date }>(
      'select credential_id, account, qx, qy, counter, created_at from passkey_credentials where account = $1 order by created_at',
      [account.toLowerCase()],
    );
    return Promise.all(
      rows.map(async (row) => ({
        credentialId: row.credential_id,
        createdAt: new Date(row.created_at),
        active: await this.isPasskeyOnChain(account, row),
        addCall: {
          target: account,
          value: 0n,
          data: encodeFunctionData({ abi: marquePasskeyAccountAbi, functionName: 'addPasskey', args: [row.qx, row.qy] }),
        } satisfies AccountCall,
      })),
    );
  }

  /**
   * Checks `calls` against the sponsorship rules and returns the batch for a passkey of `account` to
   * sign (its next nonce, a deadline and the challenge). Nothing is counted until it is executed.
   */
  async prepare(account: Address, calls: AccountCall[], now = new Date()): Promise<PreparedBatch> {
    await this.accountRow(account);
    this.options.sponsorship.check(account, calls);
    const nonce = await this.nonceOf(account);
    const deadline = BigInt(Math.floor(now.getTime() / 1000) + this.batchTtlSeconds);
    const digest = passkeyExecuteDigest(account, this.options.chainId, calls, nonce, deadline);
    const credentials = await this.options.db.query<{ credential_id: string }>('select credential_id from passkey_credentials where account = $1', [
      account.toLowerCase(),
    ]);
    return {
      account,
      calls: calls.map((c) => ({ target: c.target, value: c.value.toString(), data: c.data })),
      nonce: nonce.toString(),
      deadline: deadline.toString(),
      challenge: challengeOf(digest),
      credentialIds: credentials.map((c) => c.credential_id),
    };
  }

  /**
   * Executes a batch a passkey of `account` signed, at the marque's expense: the allow-list, the
   * relying party, the passkey's ownership and the nonce are checked, a use is counted against the
   * daily limits, the account is deployed if it is not yet, and the batch is sent.
   * @throws MarqueError 403 `not-sponsored`, 429 limits, PasskeyError (`not-your-passkey`, `replayed`,
   * the relying party's refusals), 400 `expired`; 409 `rejected-on-chain` when the chain refuses it.
   */
  async execute(
    account: Address,
    batch: { calls: AccountCall[]; deadline: bigint; credentialId: string; assertion: PasskeyAssertion },
    now = new Date(),
  ): Promise<{ transactionHash: Hash; nonce: bigint }> {
    await this.accountRow(account);
    const { sponsorship, chainId } = this.options;
    sponsorship.check(account, batch.calls);
    if (batch.deadline * 1000n < BigInt(now.getTime())) {
      throw new MarqueError('passkeys', 'the signed batch\'s deadline has passed', { status: 400, reason: 'expired', details: 'prepare it again and sign it' });
    }
    const credential = await this.credential(batch.credentialId);
    if (getAddress(credential.account) !== getAddress(account)) {
      throw new PasskeyError('not-your-passkey', 'this passkey belongs to another account', 'sign with a passkey of your own account');
    }
    const nonce = await this.nonceOf(account);
    const digest = passkeyExecuteDigest(account, chainId, batch.calls, nonce, batch.deadline);
    if (nonce > 0n && batch.assertion.clientDataJSON.includes(`"${challengeOf(passkeyExecuteDigest(account, chainId, batch.calls, nonce - 1n, batch.deadline))}"`)) {
      throw new PasskeyError('replayed', 'this signed batch was already executed', 'prepare a new batch and sign it');
    }
    const counter = this.relyingParty.verifyAssertion(batch.assertion, challengeOf(digest), credential, Number(credential.counter));
    if (!(await this.isPasskeyOnChain(account, credential))) {
      throw new PasskeyError('not-your-passkey', 'this passkey does not control the account (yet, or any more)', 'sign with a passkey the account holds');
    }
    await sponsorship.consume(account, now);
    await this.recordUse(this.options.db, batch.credentialId, counter, now);
    await this.ensureDeployed(account);
    const signature = encodePasskeySignature(credential, batch.assertion);
    const data = encodeFunctionData({ abi: marquePasskeyAccountAbi, functionName: 'execute', args: [batch.calls, batch.deadline, signature] });
    // The same signed batch is one job however often it is sent; another batch for the same nonce
    // (after this one was refused) is a job of its own.
    const { transactionHash } = await this.options.sponsor({
      key: `account:${account.toLowerCase()}:${nonce}:${keccak256(data).slice(2, 18)}`,
      label: `passkey batch ${nonce} of ${account}`,
      to: account,
      data,
    });
    return { transactionHash, nonce };
  }

  /** Deploys `account` through the factory when it has no code yet (its first passkey, or the invitation's binding). */
  async ensureDeployed(account: Address): Promise<void> {
    if (await this.isDeployed(account)) return;
    const row = await this.accountRow(account);
    const data =
      row.kind === 'invitation'
        ? encodeFunctionData({ abi: marquePasskeyAccountFactoryAbi, functionName: 'createInvitedAccount', args: [row.account_id!, row.qx, row.qy, row.binding!] })
        : encodeFunctionData({ abi: marquePasskeyAccountFactoryAbi, functionName: 'createAccount', args: [row.qx, row.qy] });
    await this.options.sponsor({ key: `account:${account.toLowerCase()}:deploy`, label: `deploy passkey account ${account}`, to: this.options.factory, data });
  }

  /** The address of the account of passkey `key` (its own, not an invited one). */
  keyAccountAddress(key: PasskeyPublicKey): Promise<Address> {
    return this.options.client.readContract({ address: this.options.factory, abi: marquePasskeyAccountFactoryAbi, functionName: 'accountAddress', args: [key.qx, key.qy] });
  }

  /** The account's next batch nonce: 0 before it is deployed. */
  async nonceOf(account: Address): Promise<bigint> {
    if (!(await this.isDeployed(account))) return 0n;
    return this.options.client.readContract({ address: account, abi: marquePasskeyAccountAbi, functionName: 'nonce' });
  }

  async isDeployed(account: Address): Promise<boolean> {
    const code = await this.options.client.getCode({ address: account });
    return code !== undefined && code !== '0x';
  }

  /** Whether `key` controls `account` on chain; before deployment, only its first passkey does. */
  private async isPasskeyOnChain(account: Address, key: PasskeyPublicKey): Promise<boolean> {
    if (await this.isDeployed(account)) {
      return this.options.client.readContract({ address: account, abi: marquePasskeyAccountAbi, functionName: 'isPasskey', args: [key.qx, key.qy] });
    }
    const row = await this.accountRow(account);
    return row.qx.toLowerCase() === key.qx.toLowerCase() && row.qy.toLowerCase() === key.qy.toLowerCase();
  }

  private async credential(credentialId: string): Promise<CredentialRow> {
    const [row] = await this.options.db.query<CredentialRow>('select credential_id, account, qx, qy, counter from passkey_credentials where credential_id = $1', [
      credentialId,
    ]);
    if (!row) throw new PasskeyError('unknown-credential', 'this passkey is not registered with Marque', 'use the passkey you created here, or accept your invitation first');
    return row;
  }

  private async accountRow(account: Address): Promise<AccountRow> {
    const [row] = await this.options.db.query<AccountRow>('select account, kind, account_id, qx, qy, binding from passkey_accounts where account = $1', [
      account.toLowerCase(),
    ]);
    if (!row) throw new MarqueError('passkeys', `${account} is not a Marque passkey account`, { status: 404, reason: 'unknown-account' });
    return row;
  }

  private async recordUse(db: Queryable, credentialId: string, counter: number, now: Date) {
    await db.query('update passkey_credentials set counter = $2, last_used_at = $3 where credential_id = $1', [credentialId, counter, now]);
  }
}
