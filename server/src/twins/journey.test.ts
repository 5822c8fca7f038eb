import { randomBytes } from 'node:crypto';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  stringToHex,
  type Address,
  type Hex,
} from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueOwnerProfileAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { JoinRefusedError } from '../../../client/src/net/join-refused-error';
import { WorldConnection } from '../../../client/src/net/world-connection';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import { readEnv } from '../config';
import { DEMO_DEALER, offChainSeed } from '../dev/seed';
import {
  canonicalJson,
  type AddOn,
  type ConfigurationCodes,
  type OwnerProfileView,
  type OwnerTwin,
  type PassportView,
  type RelayedRecord,
  type SignedServiceRecord,
  type TwinMetadata,
} from '../../../protocol/src/twin-api';
import { startServer, type RunningServer } from '../server';
import { configurationHash, recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';
import { passportReads, signServiceRecord } from '../testing/service-records';
import { bearer, json } from '../testing/http';
import { startTestWorld, TEST_PUBLIC_URL, type TestWorld } from '../testing/test-world';

/**
 * One owner's whole journey on the local chain, through the real server: the order minted as a
 * 1.0 twin, each factory stage, delivery (2.0), a dealer's signed service record, an add-on, the
 * sale to a new owner and what each of them may then see and enter; and bad input refused with
 * its reason and nothing stored.
 */

/** What the new owner ordered: catalogue codes of the Astrale GT, none of the demo car's. */
const MODEL = 'astrale-2025';
const ORDERED: ConfigurationCodes = { paint: 'P-BLEU-MINUIT', wheel: 'W-ARGENT-20', caliper: 'C-LAITON', interior: 'I-NOIR', trim: 'T-CHROME-FONCE' };
const ORDERED_HASH = keccak256(stringToHex(canonicalJson(ORDERED)));

let world: TestWorld;
/** The server the journey speaks to: the product's server, knowing the ordered configuration as minting records it. */
let server: RunningServer;
let issuer: Address;
let owner: Address;
let buyer: Address;
let stranger: Address;
let tokenId: bigint;

const client = () => createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl), pollingInterval: 50 });
const url = (route: string) => `${server.url}${route}`;

beforeAll(async () => {
  // Sessions are shared between the two servers through SESSION_SECRET.
  const SESSION_SECRET = randomBytes(32).toString('hex');
  world = await startTestWorld({ env: { SESSION_SECRET } });
  const seed = offChainSeed(world.deployment);
  server = await startServer({
    env: readEnv({ PORT: '0', PUBLIC_URL: TEST_PUBLIC_URL, SESSION_SECRET }),
    rpcUrl: world.chain.rpcUrl,
    twinAddress: world.deployment.twin.address,
    contracts: world.deployment.contracts,
    manifest: async () => undefined,
    relayer: world.deployment.deployer,
    // What whatever mints writes off chain: the ordered codes under their hash (ConfigurationStore.record).
    seed: { ...seed, configurations: [...(seed.configurations ?? []), ORDERED] },
  });
  issuer = world.deployment.deployer;
  [owner, buyer, stranger] = [world.accounts[4]!, world.accounts[5]!, world.accounts[6]!];
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await world?.stop();
});

/** Waits until the server's indexer has reached `block` (through what /healthz answers). */
async function indexed(block: bigint): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < 5_000) {
    const health = await (await fetch(url('/healthz'))).json();
    if (health.indexer?.indexed >= Number(block)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for the indexer to reach block ${block}`);
}

/** Sends a transaction from an unlocked account; waits for its receipt and for the indexer; returns the block's time. */
async function send(from: Address, request: { address: Address; abi: any; functionName: string; args: unknown[] }) {
  const wallet = createWalletClient({ account: from, chain: foundry, transport: http(world.chain.rpcUrl) });
  const hash = await wallet.writeContract(request as never);
  const receipt = await client().waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  await indexed(receipt.blockNumber);
  const block = await client().getBlock({ blockNumber: receipt.blockNumber });
  return { hash, at: new Date(Number(block.timestamp) * 1000).toISOString() };
}

const nonceOf = (account: Address) => passportReads(world).nonceOf(account);
const recordCount = (id: bigint) => passportReads(world).recordCount(id);
const stageOf = (id: bigint) => client().readContract({ address: world.deployment.contracts.twin.address, abi: marqueTwinAbi, functionName: 'stageOf', args: [id] });

/** A record of this journey's car as a dealer's console builds and signs it (the issuer is the dealer). */
function signedRecord(options: { mileage: number; details: RecordDetails; dealer?: Address; signer?: Address; kind?: number }): Promise<SignedServiceRecord> {
  return signServiceRecord(world, { ...options, tokenId, dealer: options.dealer ?? issuer });
}

const postRecord = (body: SignedServiceRecord) =>
  fetch(url('/api/passport/records'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const myTwins = async (token: string) => json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(token) }));

const FIRST_SERVICE: RecordDetails = { summary: 'First service: oil, filters, software update.', workshop: 'Marque Lyon', parts: ['Oil filter'] };
const FIRST_SERVICE_MILEAGE = 2_400;
let relayed: SignedServiceRecord;
let relayedHash: Hex;

describe("an owner's journey, order to resale", () => {
  it('order → 1.0 → each stage → delivered 2.0 → service record → add-on → transfer; gating follows', async () => {
    const twin = world.deployment.contracts.twin.address;
    expect(ORDERED_HASH).toBe(configurationHash(ORDERED));

    // The order: the issuer mints the twin to the new owner, with the ordered configuration's hash, and an owner profile.
    const { result } = await client().simulateContract({ account: issuer, address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [owner, MODEL, ORDERED_HASH] });
    tokenId = result;
    const minted = await send(issuer, { address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [owner, MODEL, ORDERED_HASH] });
    const { result: profileId } = await client().simulateContract({
      account: issuer,
      address: world.deployment.contracts.profile.address,
      abi: marqueOwnerProfileAbi,
      functionName: 'mint',
      args: [owner],
    });
    await send(issuer, { address: world.deployment.contracts.profile.address, abi: marqueOwnerProfileAbi, functionName: 'mint', args: [owner] });

    const ownerToken = await world.signIn(owner);
    const [ordered] = await myTwins(ownerToken);
    expect(ordered).toMatchObject({
      tokenId: String(tokenId),
      model: MODEL,
      orderedConfiguration: ORDERED,
      currentConfiguration: ORDERED,
      configurationHash: ORDERED_HASH,
      stage: 'Ordered',
      version: '1.0',
      addOns: [],
    });
    expect(ordered!.stages).toEqual([{ stage: 'Ordered', at: minted.at, transactionHash: minted.hash }]);
    const profile = await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(ownerToken) }));
    expect(profile).toEqual({ profileId: String(profileId), primary: true, familyMembers: 0 });

    // The factory: each stage in turn, each with its date as the indexer saw it; Delivered makes it 2.0.
    const stages = [{ stage: 'Ordered', at: minted.at, transactionHash: minted.hash }];
    for (let next = 1; next < TWIN_STAGES.length; next++) {
      const advanced = await send(issuer, { address: twin, abi: marqueTwinAbi, functionName: 'advanceStage', args: [tokenId, next] });
      stages.push({ stage: TWIN_STAGES[next]!, at: advanced.at, transactionHash: advanced.hash });
      const [now] = await myTwins(ownerToken);
      expect(now!.stage).toBe(TWIN_STAGES[next]);
      expect(now!.stages).toEqual(stages);
      expect(now!.version).toBe(TWIN_STAGES[next] === 'Delivered' ? '2.0' : '1.0');
    }
    const metadata = await json<TwinMetadata>(await fetch(url(`/api/twins/${tokenId}`)));
    expect(metadata.attributes).toEqual(
      expect.arrayContaining([
        { trait_type: 'Stage', value: 'Delivered' },
        { trait_type: 'Version', value: '2.0' },
        { trait_type: 'Configuration hash', value: ORDERED_HASH },
      ]),
    );

    // A dealer's signed record, relayed by the server; the owner reads it with its details.
    relayed = await signedRecord({ mileage: FIRST_SERVICE_MILEAGE, details: FIRST_SERVICE });
    const result201 = await json<RelayedRecord>(await postRecord(relayed), 201);
    expect(result201).toEqual({ transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), index: 0 });
    relayedHash = result201.transactionHash as Hex;
    expect(await recordCount(tokenId)).toBe(1n);
    const entry = {
      index: 0,
      kind: 'service',
      mileage: FIRST_SERVICE_MILEAGE,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      dealer: issuer,
      // The local seed lists its staff account as a dealer by name.
      dealerName: { name: DEMO_DEALER.name, city: DEMO_DEALER.city },
      recordHash: recordDetailsHash(FIRST_SERVICE),
      transactionHash: relayedHash,
      details: FIRST_SERVICE,
    };
    expect(await json<PassportView>(await fetch(url(`/api/twins/${tokenId}/passport`), { headers: bearer(ownerToken) }))).toEqual({
      tokenId: String(tokenId),
      entries: [entry],
    });

    // An add-on from the approved catalogue that fits the model and changes what was ordered.
    const addOns = await json<AddOn[]>(await fetch(url('/api/addons')));
    const addOn = addOns.find((a) => a.models.includes(MODEL) && Object.entries(a.sets).some(([c, code]) => ORDERED[c as keyof ConfigurationCodes] !== code))!;
    expect(addOn, 'an add-on that fits the Astrale GT').toBeDefined();
    await send(owner, { address: twin, abi: marqueTwinAbi, functionName: 'applyAddOn', args: [tokenId, addOn.id] });
    const [dressed] = await myTwins(ownerToken);
    expect(dressed!.addOns).toEqual([addOn.id]);
    expect(dressed!.orderedConfiguration).toEqual(ORDERED);
    expect(dressed!.currentConfiguration).toEqual({ ...ORDERED, ...addOn.sets });
    expect(dressed!.currentConfiguration).not.toEqual(ORDERED);
    expect(dressed!.configurationHash).toBe(ORDERED_HASH);
    expect(dressed!.currentConfigurationHash).not.toBe(ORDERED_HASH);

    // The owner is let into the garage while holding the twin.
    const before = await WorldConnection.join('garage', { endpoint: server.url, token: ownerToken });
    await before.leave();

    // The sale.
    await send(owner, { address: twin, abi: marqueTwinAbi, functionName: 'transferFrom', args: [owner, buyer, tokenId] });
    expect(await client().readContract({ address: twin, abi: marqueTwinAbi, functionName: 'ownerOf', args: [tokenId] })).toBe(buyer);

    // The old owner: refused from the garage, no twin, no passport; the profile stays theirs.
    const refused = await WorldConnection.join('garage', { endpoint: server.url, token: ownerToken }).then(
      (connection) => connection.leave().then(() => undefined),
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(JoinRefusedError);
    expect((refused as JoinRefusedError).message).toMatch(/garage|twin/i);
    expect(await myTwins(ownerToken)).toEqual([]);
    expect((await fetch(url(`/api/twins/${tokenId}/passport`), { headers: bearer(ownerToken) })).status).toBe(403);
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(ownerToken) }))).toEqual(profile);

    // The new owner: admitted, the twin as it was (ordered and current configurations, stages), the history intact, no profile moved.
    const buyerToken = await world.signIn(buyer);
    const admitted = await WorldConnection.join('garage', { endpoint: server.url, token: buyerToken });
    await admitted.leave();
    const [bought] = await myTwins(buyerToken);
    expect(bought).toMatchObject({
      tokenId: String(tokenId),
      orderedConfiguration: ORDERED,
      currentConfiguration: dressed!.currentConfiguration,
      configurationHash: ORDERED_HASH,
      stage: 'Delivered',
      version: '2.0',
      stages,
    });
    expect(await json<PassportView>(await fetch(url(`/api/twins/${tokenId}/passport`), { headers: bearer(buyerToken) }))).toEqual({
      tokenId: String(tokenId),
      entries: [entry],
    });
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(buyerToken) }))).toEqual({
      profileId: null,
      primary: false,
      familyMembers: 0,
    });
  }, 30_000);

  it('refuses bad input with a clear reason, storing nothing', async () => {
    expect(relayed, 'the journey ran first').toBeDefined();
    const nonce = await nonceOf(issuer);
    const strangerNonce = await nonceOf(stranger);
    const count = await recordCount(tokenId);
    const details: RecordDetails = { summary: 'Brake pads replaced.', workshop: 'Marque Lyon', parts: ['Brake pads'] };

    // Forged: the dealer's record signed by a wallet that is not the dealer.
    expect(await json(await postRecord(await signedRecord({ mileage: 3_000, details, signer: stranger })), 403)).toMatchObject({
      error: `passport: the signature is not ${issuer}'s signature of this record`,
      reason: 'signature',
    });
    // A wallet without DEALER_ROLE signing a record of its own.
    expect(await json(await postRecord(await signedRecord({ mileage: 3_000, details, dealer: stranger })), 403)).toMatchObject({
      error: `passport: ${stranger} does not hold DEALER_ROLE; only dealers' records are accepted`,
      reason: 'not-dealer',
    });
    // Replayed: the record already relayed, posted again.
    expect(await json(await postRecord(relayed), 409)).toMatchObject({
      error: `passport: nonce ${nonce - 1n} is not ${issuer}'s next nonce (${nonce}); this record, or another with that nonce, was already relayed`,
      reason: 'nonce',
    });
    // Mileage going down.
    expect(await json(await postRecord(await signedRecord({ mileage: FIRST_SERVICE_MILEAGE - 1, details })), 400)).toMatchObject({
      error: `passport: mileage ${FIRST_SERVICE_MILEAGE - 1} km is below twin #${tokenId}'s last recorded ${FIRST_SERVICE_MILEAGE} km; a car's mileage never goes down`,
      reason: 'mileage',
    });
    expect(await nonceOf(issuer)).toBe(nonce);
    expect(await nonceOf(stranger)).toBe(strangerNonce);
    expect(await recordCount(tokenId)).toBe(count);
    const buyerToken = await world.signIn(buyer);
    const passport = await json<PassportView>(await fetch(url(`/api/twins/${tokenId}/passport`), { headers: bearer(buyerToken) }));
    expect(passport.entries.map((e) => e.transactionHash)).toEqual([relayedHash]);

    // A stage skipped backwards (the delivered car back to Quality), and one skipped forward on a new order: the contract refuses, naming why.
    const twin = world.deployment.contracts.twin.address;
    const refusal = async (id: bigint, next: number) => {
      // The factory's console simulates before sending, as viem's wallets do: the call reverts and nothing is mined.
      const error = await client().simulateContract({ account: issuer, address: twin, abi: marqueTwinAbi, functionName: 'advanceStage', args: [id, next] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BaseError);
      const reverted = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
      expect(reverted?.data?.errorName).toBe('MarqueTwinInvalidStageTransition');
      return reverted!.data!.args;
    };
    const quality = TWIN_STAGES.indexOf('Quality');
    const delivered = TWIN_STAGES.indexOf('Delivered');
    expect(await refusal(tokenId, quality)).toEqual([tokenId, delivered, quality]);
    expect(await stageOf(tokenId)).toBe(delivered);

    const { result: fresh } = await client().simulateContract({ account: issuer, address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [stranger, MODEL, ORDERED_HASH] });
    await send(issuer, { address: twin, abi: marqueTwinAbi, functionName: 'mint', args: [stranger, MODEL, ORDERED_HASH] });
    expect(await refusal(fresh, TWIN_STAGES.indexOf('Paint'))).toEqual([fresh, 0, TWIN_STAGES.indexOf('Paint')]);
    expect(await stageOf(fresh)).toBe(0);
    const [strangers] = await myTwins(await world.signIn(stranger));
    expect(strangers!.stages.map((s) => s.stage)).toEqual(['Ordered']);

    // Metadata of a token that does not exist.
    const missing = tokenId + 100n;
    expect(await json(await fetch(url(`/api/twins/${missing}`)), 404)).toMatchObject({ error: `twins: no twin #${missing} has been minted` });
  }, 20_000);
});
