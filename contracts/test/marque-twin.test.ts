import { encodeAbiParameters, type Hex, keccak256, stringToHex, zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { deployMarqueTwin, MARQUE_ROLES } from '../scripts/deploy';
import {
  admin,
  alice,
  bob,
  DEFAULT_ADMIN_ROLE,
  deployAll,
  expectRevert,
  stranger,
  useChain,
  walletOf,
} from './fixture';

const chain = useChain();

const ASTRALE = keccak256(stringToHex('astrale-2025|paint:P-BLEU-MINUIT|interior:ivory-leather'));
const CELESTE = keccak256(stringToHex('celeste-1988|paint:P-ROUGE-PASSION|interior:black-leather'));
const addOn = (code: string) => stringToHex(code, { size: 32 });
const TELEMETRY = addOn('A-TRACK-TELEMETRY');
const LIVERY = addOn('A-HERITAGE-LIVERY');
const SOUND = addOn('A-SOUND-SIGNATURE');
const Stage = { Ordered: 0, BodyShop: 1, Paint: 2, Assembly: 3, Quality: 4, Delivered: 5 } as const;

/** What `currentConfigurationHashOf` must be: the original hash and the sorted add-on codes. */
function expectedCurrent(original: Hex, addOns: Hex[]): Hex {
  if (addOns.length === 0) return original;
  const sorted = [...addOns].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32[]' }], [original, sorted]));
}

/** Fresh contracts with twin #1 (an Astrale) minted to alice. */
async function mintedFixture() {
  const { twin, passport } = await deployAll(chain);
  await twin.write(admin, 'mint', [alice.address, 'astrale-2025', ASTRALE]);
  return { twin, passport };
}

async function advanceTo(twin: Awaited<ReturnType<typeof mintedFixture>>['twin'], tokenId: bigint, stage: number) {
  for (let next = Number(await twin.read('stageOf', [tokenId])) + 1; next <= stage; next++) {
    await twin.write(admin, 'advanceStage', [tokenId, next]);
  }
}

describe('MarqueTwin: minting', () => {
  it('lets an issuer mint a version 1.0 twin at stage Ordered with its model and configuration hash', async () => {
    const { twin } = await deployAll(chain);

    const tokenId = await twin.simulate(admin, 'mint', [alice.address, 'astrale-2025', ASTRALE]);
    const receipt = await twin.write(admin, 'mint', [alice.address, 'astrale-2025', ASTRALE]);

    expect(tokenId).toBe(1n);
    expect(twin.events(receipt, 'TwinMinted').map((e) => e.args)).toEqual([
      { tokenId: 1n, owner: alice.address, model: 'astrale-2025', configurationHash: ASTRALE },
    ]);
    expect(await twin.read('ownerOf', [1n])).toBe(alice.address);
    expect(await twin.read('balanceOf', [alice.address])).toBe(1n);
    expect(await twin.read('modelOf', [1n])).toBe('astrale-2025');
    expect(await twin.read('configurationHashOf', [1n])).toBe(ASTRALE);
    expect(await twin.read('currentConfigurationHashOf', [1n])).toBe(ASTRALE);
    expect(await twin.read('stageOf', [1n])).toBe(Stage.Ordered);
    expect(await twin.read('versionOf', [1n])).toEqual([1, 0]);
    expect(await twin.read('addOnsOf', [1n])).toEqual([]);
    expect(await twin.read('tokenURI', [1n])).toBe('https://marque.example/api/twins/1');
    expect(await twin.read('totalMinted')).toBe(1n);
  });

  it('numbers twins sequentially from 1', async () => {
    const { twin } = await mintedFixture();

    await twin.write(admin, 'mint', [bob.address, 'celeste-1988', CELESTE]);

    expect(await twin.read('totalMinted')).toBe(2n);
    expect(await twin.read('ownerOf', [2n])).toBe(bob.address);
    expect(await twin.read('modelOf', [2n])).toBe('celeste-1988');
  });

  it('refuses a mint from an account without ISSUER_ROLE, the admin included until granted', async () => {
    const { twin } = await deployAll(chain);
    await twin.write(admin, 'revokeRole', [MARQUE_ROLES.issuer, admin.address]);

    await expectRevert(
      twin.attempt(stranger, 'mint', [alice.address, 'astrale-2025', ASTRALE]),
      'AccessControlUnauthorizedAccount',
      [stranger.address, MARQUE_ROLES.issuer],
    );
    await expectRevert(
      twin.attempt(admin, 'mint', [alice.address, 'astrale-2025', ASTRALE]),
      'AccessControlUnauthorizedAccount',
      [admin.address, MARQUE_ROLES.issuer],
    );
    await twin.write(admin, 'grantRole', [MARQUE_ROLES.issuer, bob.address]);
    await twin.write(bob, 'mint', [alice.address, 'astrale-2025', ASTRALE]);
    expect(await twin.read('hasRole', [MARQUE_ROLES.issuer, bob.address])).toBe(true);
  });

  it('refuses a twin without a model or configuration, and a receiver that cannot hold ERC-721 tokens', async () => {
    const { twin, passport } = await deployAll(chain);

    await expectRevert(twin.attempt(admin, 'mint', [alice.address, '', ASTRALE]), 'MarqueTwinEmptyModel');
    await expectRevert(
      twin.attempt(admin, 'mint', [alice.address, 'astrale-2025', `0x${'0'.repeat(64)}`]),
      'MarqueTwinEmptyConfiguration',
    );
    await expectRevert(
      twin.attempt(admin, 'mint', [passport.address, 'astrale-2025', ASTRALE]),
      'ERC721InvalidReceiver',
      [passport.address],
    );
  });

  it('reverts with ERC721NonexistentToken for an id never minted', async () => {
    const { twin } = await mintedFixture();

    const views = ['modelOf', 'configurationHashOf', 'currentConfigurationHashOf', 'stageOf', 'versionOf', 'addOnsOf', 'tokenURI'];
    for (const view of views) await expectRevert(twin.read(view, [2n]), 'ERC721NonexistentToken', [2n]);
    await expectRevert(twin.read('stageOf', [0n]), 'ERC721NonexistentToken', [0n]);
  });

  it('refuses the zero address as admin', async () => {
    await expectRevert(
      deployMarqueTwin({
        walletClient: walletOf(chain, admin),
        publicClient: chain.publicClient,
        admin: zeroAddress,
        baseURI: 'https://marque.example/',
      }),
      'MarqueTwinInvalidAdmin',
      [zeroAddress],
    );
  });
});

describe('MarqueTwin: production stages', () => {
  it('advances through every stage in order, one event and one metadata update each, and becomes 2.0 on delivery', async () => {
    const { twin } = await mintedFixture();

    for (const stage of [Stage.BodyShop, Stage.Paint, Stage.Assembly, Stage.Quality, Stage.Delivered]) {
      const receipt = await twin.write(admin, 'advanceStage', [1n, stage]);
      const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });

      expect(twin.events(receipt, 'StageAdvanced').map((e) => e.args)).toEqual([{ tokenId: 1n, stage, timestamp }]);
      expect(twin.events(receipt, 'MetadataUpdate').map((e) => e.args)).toEqual([{ _tokenId: 1n }]);
      expect(twin.events(receipt, 'VersionUpdated').map((e) => e.args)).toEqual(
        stage === Stage.Delivered ? [{ tokenId: 1n, major: 2, minor: 0 }] : [],
      );
      expect(await twin.read('stageOf', [1n])).toBe(stage);
      expect(await twin.read('versionOf', [1n])).toEqual(stage === Stage.Delivered ? [2, 0] : [1, 0]);
    }
    expect(await twin.read('configurationHashOf', [1n])).toBe(ASTRALE);
  });

  it('refuses skipping a stage, going back, repeating one and going past Delivered', async () => {
    const { twin } = await mintedFixture();

    await expectRevert(twin.attempt(admin, 'advanceStage', [1n, Stage.Paint]), 'MarqueTwinInvalidStageTransition', [
      1n,
      Stage.Ordered,
      Stage.Paint,
    ]);
    await expectRevert(twin.attempt(admin, 'advanceStage', [1n, Stage.Ordered]), 'MarqueTwinInvalidStageTransition', [
      1n,
      Stage.Ordered,
      Stage.Ordered,
    ]);
    await advanceTo(twin, 1n, Stage.Paint);
    await expectRevert(twin.attempt(admin, 'advanceStage', [1n, Stage.BodyShop]), 'MarqueTwinInvalidStageTransition', [
      1n,
      Stage.Paint,
      Stage.BodyShop,
    ]);
    await expectRevert(twin.attempt(admin, 'advanceStage', [1n, Stage.Paint]), 'MarqueTwinInvalidStageTransition', [
      1n,
      Stage.Paint,
      Stage.Paint,
    ]);
    await expectRevert(twin.attempt(admin, 'advanceStage', [1n, Stage.Delivered]), 'MarqueTwinInvalidStageTransition', [
      1n,
      Stage.Paint,
      Stage.Delivered,
    ]);
    await advanceTo(twin, 1n, Stage.Delivered);
    await expectRevert(twin.attempt(admin, 'advanceStage', [1n, Stage.Delivered]), 'MarqueTwinInvalidStageTransition', [
      1n,
      Stage.Delivered,
      Stage.Delivered,
    ]);
    expect(await twin.read('stageOf', [1n])).toBe(Stage.Delivered);
  });

  it('lets only FACTORY_ROLE advance a stage, and only of a minted twin', async () => {
    const { twin } = await mintedFixture();

    await expectRevert(
      twin.attempt(alice, 'advanceStage', [1n, Stage.BodyShop]),
      'AccessControlUnauthorizedAccount',
      [alice.address, MARQUE_ROLES.factory],
    );
    await expectRevert(twin.attempt(admin, 'advanceStage', [7n, Stage.BodyShop]), 'ERC721NonexistentToken', [7n]);
    expect(await twin.read('stageOf', [1n])).toBe(Stage.Ordered);
  });
});

describe('MarqueTwin: digital-only add-ons', () => {
  it('lets the owner apply approved add-ons, changing the current configuration hash but never the original', async () => {
    const { twin } = await mintedFixture();
    const approved = await twin.write(admin, 'approveAddOn', [TELEMETRY]);
    await twin.write(admin, 'approveAddOn', [LIVERY]);

    const first = await twin.write(alice, 'applyAddOn', [1n, TELEMETRY]);
    await twin.write(alice, 'applyAddOn', [1n, LIVERY]);

    expect(twin.events(approved, 'AddOnApproved').map((e) => e.args)).toEqual([{ addOn: TELEMETRY }]);
    expect(twin.events(first, 'AddOnApplied').map((e) => e.args)).toEqual([
      { tokenId: 1n, addOn: TELEMETRY, currentConfigurationHash: expectedCurrent(ASTRALE, [TELEMETRY]) },
    ]);
    expect(twin.events(first, 'MetadataUpdate').map((e) => e.args)).toEqual([{ _tokenId: 1n }]);
    expect(await twin.read('addOnsOf', [1n])).toEqual([LIVERY, TELEMETRY].sort());
    expect(await twin.read('currentConfigurationHashOf', [1n])).toBe(expectedCurrent(ASTRALE, [TELEMETRY, LIVERY]));
    expect(await twin.read('configurationHashOf', [1n])).toBe(ASTRALE);

    const removed = await twin.write(alice, 'removeAddOn', [1n, TELEMETRY]);
    expect(twin.events(removed, 'AddOnRemoved').map((e) => e.args)).toEqual([
      { tokenId: 1n, addOn: TELEMETRY, currentConfigurationHash: expectedCurrent(ASTRALE, [LIVERY]) },
    ]);
    await twin.write(alice, 'removeAddOn', [1n, LIVERY]);
    expect(await twin.read('currentConfigurationHashOf', [1n])).toBe(ASTRALE);
    expect(await twin.read('addOnsOf', [1n])).toEqual([]);
  });

  it('derives the current configuration from the set of add-ons, whatever the order they were applied in', async () => {
    const { twin } = await mintedFixture();
    await twin.write(admin, 'mint', [bob.address, 'astrale-2025', ASTRALE]);
    for (const code of [TELEMETRY, LIVERY, SOUND]) await twin.write(admin, 'approveAddOn', [code]);

    for (const code of [SOUND, TELEMETRY, LIVERY]) await twin.write(alice, 'applyAddOn', [1n, code]);
    for (const code of [LIVERY, SOUND, TELEMETRY]) await twin.write(bob, 'applyAddOn', [2n, code]);

    const expected = expectedCurrent(ASTRALE, [TELEMETRY, LIVERY, SOUND]);
    expect(await twin.read('currentConfigurationHashOf', [1n])).toBe(expected);
    expect(await twin.read('currentConfigurationHashOf', [2n])).toBe(expected);
    expect(await twin.read('addOnsOf', [1n])).toEqual(await twin.read('addOnsOf', [2n]));
  });

  it('refuses add-ons outside the catalogue, twice the same, removing one not applied, and too many', async () => {
    const { twin } = await mintedFixture();
    await twin.write(admin, 'approveAddOn', [TELEMETRY]);
    await twin.write(alice, 'applyAddOn', [1n, TELEMETRY]);

    await expectRevert(twin.attempt(alice, 'applyAddOn', [1n, LIVERY]), 'MarqueTwinAddOnNotApproved', [LIVERY]);
    await expectRevert(twin.attempt(alice, 'applyAddOn', [1n, TELEMETRY]), 'MarqueTwinAddOnAlreadyApplied', [1n, TELEMETRY]);
    await expectRevert(twin.attempt(alice, 'removeAddOn', [1n, LIVERY]), 'MarqueTwinAddOnNotApplied', [1n, LIVERY]);

    const codes = Array.from({ length: 16 }, (_, i) => addOn(`A-EXTRA-${String(i).padStart(2, '0')}`));
    for (const code of codes) await twin.write(admin, 'approveAddOn', [code]);
    for (const code of codes.slice(0, 15)) await twin.write(alice, 'applyAddOn', [1n, code]);
    await expectRevert(twin.attempt(alice, 'applyAddOn', [1n, codes[15]]), 'MarqueTwinTooManyAddOns', [1n, 16n]);
    expect(await twin.read('addOnsOf', [1n])).toHaveLength(16);
  });

  it('lets only the owner or an account it approved change add-ons', async () => {
    const { twin } = await mintedFixture();
    await twin.write(admin, 'approveAddOn', [TELEMETRY]);

    await expectRevert(twin.attempt(bob, 'applyAddOn', [1n, TELEMETRY]), 'ERC721InsufficientApproval', [bob.address, 1n]);
    await expectRevert(twin.attempt(admin, 'applyAddOn', [1n, TELEMETRY]), 'ERC721InsufficientApproval', [admin.address, 1n]);
    await expectRevert(twin.attempt(alice, 'applyAddOn', [9n, TELEMETRY]), 'ERC721NonexistentToken', [9n]);
    await twin.write(alice, 'approve', [bob.address, 1n]);
    await twin.write(bob, 'applyAddOn', [1n, TELEMETRY]);
    expect(await twin.read('addOnsOf', [1n])).toEqual([TELEMETRY]);
  });

  it('lets only the admin manage the catalogue; a withdrawn add-on stays on twins that carry it', async () => {
    const { twin } = await mintedFixture();
    await twin.write(admin, 'approveAddOn', [TELEMETRY]);
    await twin.write(alice, 'applyAddOn', [1n, TELEMETRY]);

    await expectRevert(twin.attempt(alice, 'approveAddOn', [LIVERY]), 'AccessControlUnauthorizedAccount', [
      alice.address,
      DEFAULT_ADMIN_ROLE,
    ]);
    await expectRevert(twin.attempt(admin, 'approveAddOn', [TELEMETRY]), 'MarqueTwinAddOnAlreadyApproved', [TELEMETRY]);
    await expectRevert(twin.attempt(admin, 'approveAddOn', [DEFAULT_ADMIN_ROLE]), 'MarqueTwinInvalidAddOn', [DEFAULT_ADMIN_ROLE]);
    await expectRevert(twin.attempt(admin, 'withdrawAddOn', [LIVERY]), 'MarqueTwinAddOnNotApproved', [LIVERY]);

    const withdrawn = await twin.write(admin, 'withdrawAddOn', [TELEMETRY]);
    expect(twin.events(withdrawn, 'AddOnWithdrawn').map((e) => e.args)).toEqual([{ addOn: TELEMETRY }]);
    expect(await twin.read('isAddOnApproved', [TELEMETRY])).toBe(false);
    expect(await twin.read('addOnsOf', [1n])).toEqual([TELEMETRY]);
    await twin.write(alice, 'removeAddOn', [1n, TELEMETRY]);
    await expectRevert(twin.attempt(alice, 'applyAddOn', [1n, TELEMETRY]), 'MarqueTwinAddOnNotApproved', [TELEMETRY]);
  });
});

describe('MarqueTwin: ownership and metadata', () => {
  it('moves ownership on transfer, keeping model, hashes, stage and add-ons; the new owner controls add-ons', async () => {
    const { twin } = await mintedFixture();
    await twin.write(admin, 'approveAddOn', [TELEMETRY]);
    await twin.write(alice, 'applyAddOn', [1n, TELEMETRY]);
    await advanceTo(twin, 1n, Stage.Assembly);

    await twin.write(alice, 'transferFrom', [alice.address, bob.address, 1n]);

    expect(await twin.read('ownerOf', [1n])).toBe(bob.address);
    expect(await twin.read('balanceOf', [alice.address])).toBe(0n);
    expect(await twin.read('balanceOf', [bob.address])).toBe(1n);
    expect(await twin.read('configurationHashOf', [1n])).toBe(ASTRALE);
    expect(await twin.read('currentConfigurationHashOf', [1n])).toBe(expectedCurrent(ASTRALE, [TELEMETRY]));
    expect(await twin.read('stageOf', [1n])).toBe(Stage.Assembly);
    await expectRevert(twin.attempt(alice, 'removeAddOn', [1n, TELEMETRY]), 'ERC721InsufficientApproval', [alice.address, 1n]);
    await twin.write(bob, 'removeAddOn', [1n, TELEMETRY]);
  });

  it('lets only the admin change the base URI, announcing it for every twin (ERC-4906)', async () => {
    const { twin } = await mintedFixture();
    await twin.write(admin, 'mint', [bob.address, 'celeste-1988', CELESTE]);

    const receipt = await twin.write(admin, 'setBaseURI', ['https://cdn.marque.example/twins/']);
    await expectRevert(twin.attempt(alice, 'setBaseURI', ['https://evil.example/']), 'AccessControlUnauthorizedAccount', [
      alice.address,
      DEFAULT_ADMIN_ROLE,
    ]);

    expect(twin.events(receipt, 'BaseURIUpdated').map((e) => e.args)).toEqual([{ baseURI: 'https://cdn.marque.example/twins/' }]);
    expect(twin.events(receipt, 'BatchMetadataUpdate').map((e) => e.args)).toEqual([{ _fromTokenId: 1n, _toTokenId: 2n }]);
    expect(await twin.read('tokenURI', [2n])).toBe('https://cdn.marque.example/twins/2');
  });

  it('supports ERC-165, ERC-721, ERC-721 metadata, ERC-4906 and AccessControl', async () => {
    const { twin } = await deployAll(chain);

    for (const interfaceId of ['0x01ffc9a7', '0x80ac58cd', '0x5b5e139f', '0x49064906', '0x7965db0b']) {
      expect(await twin.read('supportsInterface', [interfaceId]), interfaceId).toBe(true);
    }
    expect(await twin.read('supportsInterface', ['0xffffffff'])).toBe(false);
  });
});
