import { verifyMessage, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { SiweService, type SignInFailure } from './siwe';

const DOMAIN = 'localhost:5173';
const ORIGIN = 'http://localhost:5173';
const CHAIN_ID = 31337;

let db: Database;
let siwe: SiweService;
const wallet = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  db = await openDatabase();
  // An EOA check without a chain; the server passes the chain's verifier (EOA, ERC-1271, ERC-6492).
  siwe = new SiweService(db, (args) => verifyMessage(args), { domain: DOMAIN, origin: ORIGIN, chainId: CHAIN_ID });
});
afterAll(() => db.close());

async function signedMessage(overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}, signer = wallet) {
  const { nonce } = await siwe.issueNonce();
  const message = createSiweMessage({
    address: wallet.address,
    domain: DOMAIN,
    uri: `${ORIGIN}/`,
    version: '1',
    chainId: CHAIN_ID,
    nonce,
    issuedAt: new Date(),
    statement: 'Enter the Marque world.',
    ...overrides,
  });
  const signature: Hex = await signer.signMessage({ message });
  return { message, signature };
}

async function refusal(promise: Promise<unknown>): Promise<SignInFailure> {
  const error = await promise.then(
    () => expect.fail('sign-in was accepted'),
    (e: unknown) => e as { reason: SignInFailure; status: number; message: string },
  );
  expect(error.status).toBe(401);
  expect(error.message).toMatch(/^auth: /);
  return error.reason;
}

describe('Sign-In with Ethereum', () => {
  it('accepts a valid message and returns the checksummed signer', async () => {
    const signed = await signedMessage();
    await expect(siwe.verify(signed)).resolves.toBe(wallet.address);
    const [account] = await db.query<{ sign_ins: number }>('select sign_ins from accounts where address = $1', [
      wallet.address,
    ]);
    expect(account?.sign_ins).toBeGreaterThanOrEqual(1);
  });

  it('refuses a replayed nonce', async () => {
    const signed = await signedMessage();
    await siwe.verify(signed);
    expect(await refusal(siwe.verify(signed))).toBe('nonce-used');
  });

  it('refuses a nonce the server never issued', async () => {
    const message = createSiweMessage({
      address: wallet.address,
      domain: DOMAIN,
      uri: ORIGIN,
      version: '1',
      chainId: CHAIN_ID,
      nonce: 'notissuedbythisserver',
      issuedAt: new Date(),
    });
    const signature = await wallet.signMessage({ message });
    expect(await refusal(siwe.verify({ message, signature }))).toBe('nonce-unknown');
  });

  it('refuses a message made for another domain', async () => {
    expect(await refusal(siwe.verify(await signedMessage({ domain: 'evil.example' })))).toBe('domain');
  });

  it('refuses a message whose URI is on another origin', async () => {
    expect(await refusal(siwe.verify(await signedMessage({ uri: 'https://evil.example/' })))).toBe('uri');
  });

  it('refuses a URI that only starts like the origin: another port, user information, another host', async () => {
    for (const uri of ['http://localhost:51730/x', 'http://localhost:5173@evil.example/', 'http://user:pass@localhost:5173/', 'http://localhost:5173.evil.example/']) {
      expect(await refusal(siwe.verify(await signedMessage({ uri }))), uri).toBe('uri');
    }
    // The origin itself, with any path, still signs in.
    await expect(siwe.verify(await signedMessage({ uri: `${ORIGIN}/garage?x=1` }))).resolves.toBe(wallet.address);
  });

  it('deletes expired nonces as new ones are issued, keeping the live ones', async () => {
    const count = async () => Number((await db.query<{ n: number }>('select count(*)::int as n from siwe_nonces'))[0]!.n);
    const later = new Date(Date.now() + 24 * 3_600_000);
    await siwe.issueNonce();
    expect(await count()).toBeGreaterThan(1);
    // A day later every earlier nonce has expired: issuing one deletes them, and only it remains.
    const { nonce } = await siwe.issueNonce(later);
    expect(await db.query('select nonce from siwe_nonces')).toEqual([{ nonce }]);
  });

  it('refuses a message for another chain', async () => {
    expect(await refusal(siwe.verify(await signedMessage({ chainId: 1 })))).toBe('chain-id');
  });

  it('refuses a message older than the maximum age', async () => {
    const old = new Date(Date.now() - 10 * 60_000);
    expect(await refusal(siwe.verify(await signedMessage({ issuedAt: old })))).toBe('expired');
  });

  it('refuses a message past its expiration time', async () => {
    const expired = await signedMessage({ expirationTime: new Date(Date.now() - 1000) });
    expect(await refusal(siwe.verify(expired))).toBe('expired');
  });

  it('refuses a signature by another wallet, and keeps the nonce usable', async () => {
    const signed = await signedMessage({}, privateKeyToAccount(generatePrivateKey()));
    expect(await refusal(siwe.verify(signed))).toBe('signature');
    // The nonce was not consumed by the failure: the rightful signer can still use it.
    const signature = await wallet.signMessage({ message: signed.message });
    await expect(siwe.verify({ message: signed.message, signature })).resolves.toBe(wallet.address);
  });

  it('refuses an expired nonce', async () => {
    const later = new Date(Date.now() + 6 * 60_000);
    // The message is dated at `later`, so only the nonce's five-minute lifetime is at stake.
    const signed = await signedMessage({ issuedAt: later });
    expect(await refusal(siwe.verify(signed, later))).toBe('nonce-expired');
  });

  it('refuses a message that is not EIP-4361', async () => {
    expect(await refusal(siwe.verify({ message: 'hello', signature: '0x00' }))).toBe('malformed');
  });
});
