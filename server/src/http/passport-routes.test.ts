import { createPublicClient, createWalletClient, http, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marquePassportAbi } from '../../../protocol/src/contracts/abis';
import { SERVICE_KINDS } from '../../../protocol/src/contracts/contract-types';
import { deployContract, MARQUE_ROLES } from '../../../contracts/scripts/deploy';
import { readEnv } from '../config';
import { DEMO_DEALER, DEMO_SERVICE_RECORD } from '../dev/seed';
import type { PassportView, RelayedRecord, SignedServiceRecord } from '../../../protocol/src/twin-api';
import { startServer } from '../server';
import { recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';
import { passportReads, signServiceRecord } from '../testing/service-records';
import { bearer, json } from '../testing/http';
import { startTestWorld, TEST_PUBLIC_URL, type TestWorld } from '../testing/test-world';

/**
 * The passport's routes on the real server and a fresh chain: the history for the owner and
 * dealers, and dealers' signed records relayed end to end, or refused with the reason and nothing
 * sent or stored.
 */

let world: TestWorld;
let dealer: Address;
/** The local seed lists its staff account, the dealer here, by name. */
const SEEDED_DEALER = { name: DEMO_DEALER.name, city: DEMO_DEALER.city };
const client = () => createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl), pollingInterval: 50 });

beforeAll(async () => {
  world = await startTestWorld();
  // Account 0 deployed the contracts and holds DEALER_ROLE in the local deployment.
  dealer = world.deployment.deployer;
});

afterAll(() => world?.stop());

const url = (route: string) => `${world.server.url}${route}`;

const nonceOf = (account: Address) => passportReads(world).nonceOf(account);
const recordCount = (tokenId: bigint) => passportReads(world).recordCount(tokenId);

/** A record as a dealer's console builds it, with this file's defaults (token 1, 5 000 km, an annual service). */
function signedRecord(
  options: { tokenId?: bigint; mileage?: number; kind?: number; details?: RecordDetails; dealer?: Address; signer?: Address; deadline?: bigint; nonce?: bigint } = {},
): Promise<SignedServiceRecord> {
  return signServiceRecord(world, {
    ...options,
    tokenId: options.tokenId ?? 1n,
    mileage: options.mileage ?? 5_000,
    details: options.details ?? { summary: 'Annual service: oil, filters, brake fluid.', workshop: 'Marque Lyon', parts: ['Oil filter', 'Brake fluid'] },
    dealer: options.dealer ?? dealer,
  });
}

const post = (body: unknown, serverUrl = world.server.url) =>
  fetch(`${serverUrl}/api/passport/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('GET /api/twins/:id/passport', () => {
  it('shows the history with its off-chain details to the owner and to dealers', async () => {
    const owner = world.deployment.demoOwners[0]!;
    const expected = {
      tokenId: '1',
      entries: [
        {
          index: 0,
          kind: 'inspection',
          mileage: DEMO_SERVICE_RECORD.mileage,
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          dealer,
          dealerName: SEEDED_DEALER,
          recordHash: recordDetailsHash(DEMO_SERVICE_RECORD.details),
          transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
          details: DEMO_SERVICE_RECORD.details,
        },
      ],
    };
    expect(await json<PassportView>(await fetch(url('/api/twins/1/passport'), { headers: bearer(await world.signIn(owner.address)) }))).toEqual(expected);
    expect(await json<PassportView>(await fetch(url('/api/twins/1/passport'), { headers: bearer(await world.signIn(dealer)) }))).toEqual(expected);
    // A car with no records yet.
    const second = world.deployment.demoOwners[1]!;
    expect(await json(await fetch(url('/api/twins/2/passport'), { headers: bearer(await world.signIn(second.address)) }))).toEqual({
      tokenId: '2',
      entries: [],
    });
  });

  it('refuses others: 401 without a session, 403 for a wallet that neither owns the car nor is a dealer, 404, 400', async () => {
    expect(await json(await fetch(url('/api/twins/1/passport')), 401)).toMatchObject({ reason: 'session-invalid' });
    const stranger = await world.signIn(world.accounts[4]!);
    expect(await json(await fetch(url('/api/twins/1/passport'), { headers: bearer(stranger) }), 403)).toEqual({
      error: 'passport: only the current owner of twin #1 and dealers can read its passport',
      reason: 'not-allowed',
    });
    // The owner of another car is a stranger to this one.
    const other = await world.signIn(world.deployment.demoOwners[1]!.address);
    expect((await fetch(url('/api/twins/1/passport'), { headers: bearer(other) })).status).toBe(403);
    expect(await json(await fetch(url('/api/twins/99/passport'), { headers: bearer(stranger) }), 404)).toMatchObject({
      error: 'twins: no twin #99 has been minted',
    });
    expect(await json(await fetch(url('/api/twins/abc/passport'), { headers: bearer(stranger) }), 400)).toMatchObject({
      error: 'passport: "abc" is not a token id',
    });
  });
});

describe('POST /api/passport/records', () => {
  let relayed: SignedServiceRecord;

  it("relays a dealer-signed record and keeps its details for the owner's passport", async () => {
    relayed = await signedRecord();
    const before = await nonceOf(dealer);
    const result = await json<RelayedRecord>(await post(relayed), 201);
    expect(result).toEqual({ transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), index: 1 });
    expect(await nonceOf(dealer)).toBe(before + 1n);
    expect(await recordCount(1n)).toBe(2n);

    // The answer comes once the indexer has the block: the owner reads the record at once.
    const owner = world.deployment.demoOwners[0]!;
    const passport = await json<PassportView>(await fetch(url('/api/twins/1/passport'), { headers: bearer(await world.signIn(owner.address)) }));
    expect(passport.entries[1]).toEqual({
      index: 1,
      kind: 'service',
      mileage: 5_000,
      at: expect.any(String),
      dealer,
      dealerName: SEEDED_DEALER,
      recordHash: relayed.record.recordHash,
      transactionHash: result.transactionHash,
      details: relayed.details,
    });
  });

  it('refuses bad records with the reason and the figures, sending and storing nothing', async () => {
    const nonce = await nonceOf(dealer);
    const count = await recordCount(1n);
    const stranger = world.accounts[4]!;
    const failures: [SignedServiceRecord | string, number, Record<string, unknown>][] = [];

    // The details do not hash to recordHash.
    const tampered = await signedRecord();
    tampered.details = { ...tampered.details, summary: 'Annual service, and a free car wash.' };
    failures.push([tampered, 400, { reason: 'record-hash', error: `passport: recordHash ${tampered.record.recordHash} is not the hash of the details sent (${recordDetailsHash(tampered.details)})` }]);
    // Signed by someone else than the dealer it names.
    failures.push([await signedRecord({ signer: stranger }), 403, { reason: 'signature', error: `passport: the signature is not ${dealer}'s signature of this record` }]);
    // A wallet without DEALER_ROLE, signing for itself.
    failures.push([await signedRecord({ dealer: stranger }), 403, { reason: 'not-dealer', error: `passport: ${stranger} does not hold DEALER_ROLE; only dealers' records are accepted` }]);
    // The record already relayed: its nonce is used.
    failures.push([
      relayed,
      409,
      { reason: 'nonce', error: `passport: nonce ${nonce - 1n} is not ${dealer}'s next nonce (${nonce}); this record, or another with that nonce, was already relayed` },
    ]);
    // Mileage going down.
    failures.push([
      await signedRecord({ mileage: 4_000 }),
      400,
      { reason: 'mileage', error: "passport: mileage 4000 km is below twin #1's last recorded 5000 km; a car's mileage never goes down" },
    ]);
    // Past its deadline.
    const expired = await signedRecord({ deadline: 1_000_000n });
    failures.push([expired, 400, { reason: 'expired', error: expect.stringMatching(/^passport: the record's deadline 1000000 \(1970-01-12T13:46:40.000Z\) has passed; it is now \d+/) }]);
    // A twin that does not exist.
    failures.push([await signedRecord({ tokenId: 99n }), 404, { error: 'twins: no twin #99 has been minted' }]);
    // Malformed bodies.
    const numeric = await signedRecord();
    failures.push([
      JSON.stringify({ ...numeric, record: { ...numeric.record, tokenId: 1 } }),
      400,
      { reason: 'bad-request', details: expect.stringContaining('record.tokenId:') },
    ]);
    failures.push(['{"record":', 400, { error: 'passport: the request body must be JSON', reason: 'bad-request' }]);
    failures.push([JSON.stringify({ ...numeric, details: { ...numeric.details, price: 120 } }), 400, { details: expect.stringContaining('price') }]);

    for (const [body, status, expected] of failures) {
      const response = await post(body);
      expect(await json(response, status), JSON.stringify(expected)).toMatchObject(expected);
    }
    expect(await nonceOf(dealer)).toBe(nonce);
    expect(await recordCount(1n)).toBe(count);
    const owner = world.deployment.demoOwners[0]!;
    const passport = await json<PassportView>(await fetch(url('/api/twins/1/passport'), { headers: bearer(await world.signIn(owner.address)) }));
    expect(passport.entries).toHaveLength(Number(count));
  });

  it('refuses details the database cannot store (NUL, an unpaired surrogate) before anything is sent, so the retry relays', async () => {
    const nonce = await nonceOf(dealer);
    const count = await recordCount(1n);
    for (const [summary, what] of [
      ['Oil change\u0000', 'a NUL character'],
      ['Brake fluid \ud800', 'an unpaired UTF-16 surrogate'],
    ] as const) {
      // Correctly signed: its hash is of these very details.
      const record = await signedRecord({ mileage: 6_000, details: { summary } });
      expect(await json(await post(record), 400)).toMatchObject({
        error: `passport: the request body has ${what} at body.details.summary`,
        reason: 'bad-request',
      });
    }
    // Nothing was relayed: the dealer's nonce is unused, and the record signed again with clean details goes through.
    expect(await nonceOf(dealer)).toBe(nonce);
    expect(await recordCount(1n)).toBe(count);
    const clean = await signedRecord({ mileage: 6_000, details: { summary: 'Oil change' } });
    expect(await json<RelayedRecord>(await post(clean), 201)).toMatchObject({ index: Number(count) });
  });

  it('relays the record of a dealer that is a contract wallet (ERC-1271)', async () => {
    const [deployer] = world.accounts;
    const keyHolder = world.accounts[6]!;
    const walletClient = createWalletClient({ account: deployer!, chain: foundry, transport: http(world.chain.rpcUrl) });
    const contractWallet = await deployContract('TestErc1271Wallet', [keyHolder], { walletClient, publicClient: client() });
    const grant = await walletClient.writeContract({
      address: world.deployment.contracts.passport.address,
      abi: marquePassportAbi,
      functionName: 'grantRole',
      args: [MARQUE_ROLES.dealer, contractWallet.address],
    });
    await client().waitForTransactionReceipt({ hash: grant });

    const record = await signedRecord({ tokenId: 2n, mileage: 12, dealer: contractWallet.address, signer: keyHolder, kind: SERVICE_KINDS.bodywork });
    expect(await json<RelayedRecord>(await post(record), 201)).toMatchObject({ index: 0 });
    const dealerToken = await world.signIn(dealer);
    const passport = await json<PassportView>(await fetch(url('/api/twins/2/passport'), { headers: bearer(dealerToken) }));
    expect(passport.entries).toEqual([expect.objectContaining({ kind: 'bodywork', dealer: contractWallet.address, details: record.details })]);
  });

  it('answers 503 on a server without a relayer', async () => {
    const bare = await startServer({
      env: readEnv({ PORT: '0', PUBLIC_URL: TEST_PUBLIC_URL }),
      rpcUrl: world.chain.rpcUrl,
      twinAddress: world.deployment.twin.address,
      contracts: world.deployment.contracts,
    });
    try {
      expect(await json(await post(await signedRecord(), bare.url), 503)).toEqual({
        error: 'passport: relaying is not configured on this server — set RELAYER_PRIVATE_KEY',
        reason: 'relay-unavailable',
      });
    } finally {
      await bare.stop();
    }
  });
});

