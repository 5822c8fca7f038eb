import { zeroAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { MARQUE_ROLES } from '../scripts/deploy';
import { admin, alice, bob, carol, deployAll, deployed, expectRevert, stranger, useChain } from './fixture';

const chain = useChain();

/** Fresh contracts with alice holding primary profile #1. */
async function profileFixture() {
  const { profile } = await deployAll(chain);
  await profile.write(admin, 'mint', [alice.address]);
  return profile;
}

describe('MarqueOwnerProfile: primary profiles', () => {
  it('lets an issuer mint a locked primary profile, announced by Transfer then Locked', async () => {
    const { profile } = await deployAll(chain);

    const profileId = await profile.simulate(admin, 'mint', [alice.address]);
    const receipt = await profile.write(admin, 'mint', [alice.address]);

    expect(profileId).toBe(1n);
    expect(profile.events(receipt, 'ProfileMinted').map((e) => e.args)).toEqual([{ profileId: 1n, owner: alice.address }]);
    expect(profile.events(receipt, 'Locked').map((e) => e.args)).toEqual([{ tokenId: 1n }]);
    expect(profile.eventNames(receipt)).toEqual(['Transfer', 'Locked', 'ProfileMinted']);
    expect(await profile.read('profileOf', [alice.address])).toBe(1n);
    expect(await profile.read('hasProfile', [alice.address])).toBe(true);
    expect(await profile.read('balanceOf', [alice.address])).toBe(1n);
    expect(await profile.read('locked', [1n])).toBe(true);
    expect(await profile.read('primaryOf', [1n])).toBe(1n);
    expect(await profile.read('totalMinted')).toBe(1n);
  });

  it('answers 0 and false for an address without a profile', async () => {
    const profile = await profileFixture();

    expect(await profile.read('profileOf', [bob.address])).toBe(0n);
    expect(await profile.read('hasProfile', [bob.address])).toBe(false);
    expect(await profile.read('balanceOf', [bob.address])).toBe(0n);
  });

  it('refuses a second profile for the same address', async () => {
    const profile = await profileFixture();

    await expectRevert(profile.attempt(admin, 'mint', [alice.address]), 'MarqueOwnerProfileAlreadyExists', [alice.address, 1n]);
    expect(await profile.read('balanceOf', [alice.address])).toBe(1n);
  });

  it('refuses a mint from an account without ISSUER_ROLE', async () => {
    const profile = await profileFixture();

    await expectRevert(profile.attempt(alice, 'mint', [bob.address]), 'AccessControlUnauthorizedAccount', [
      alice.address,
      MARQUE_ROLES.issuer,
    ]);
  });

  it('refuses every transfer: the holder, an approved operator, a safe transfer', async () => {
    const profile = await profileFixture();
    await profile.write(alice, 'approve', [bob.address, 1n]);

    await expectRevert(profile.attempt(alice, 'transferFrom', [alice.address, bob.address, 1n]), 'MarqueOwnerProfileSoulbound', [1n]);
    await expectRevert(profile.attempt(bob, 'transferFrom', [alice.address, bob.address, 1n]), 'MarqueOwnerProfileSoulbound', [1n]);
    await expectRevert(
      profile.attempt(alice, 'safeTransferFrom', [alice.address, carol.address, 1n]),
      'MarqueOwnerProfileSoulbound',
      [1n],
    );
    expect(await profile.read('ownerOf', [1n])).toBe(alice.address);
  });

  it('reverts with ERC721NonexistentToken for a token never minted', async () => {
    const profile = await profileFixture();

    await expectRevert(profile.read('locked', [2n]), 'ERC721NonexistentToken', [2n]);
    await expectRevert(profile.read('primaryOf', [0n]), 'ERC721NonexistentToken', [0n]);
  });
});

describe('MarqueOwnerProfile: family members', () => {
  it('lets the primary holder issue locked family tokens linked to their profile', async () => {
    const profile = await profileFixture();

    const receipt = await profile.write(alice, 'addFamilyMember', [bob.address]);

    expect(profile.events(receipt, 'FamilyMemberAdded').map((e) => e.args)).toEqual([
      { primaryId: 1n, profileId: 2n, member: bob.address },
    ]);
    expect(profile.events(receipt, 'Locked').map((e) => e.args)).toEqual([{ tokenId: 2n }]);
    expect(await profile.read('profileOf', [bob.address])).toBe(2n);
    expect(await profile.read('hasProfile', [bob.address])).toBe(true);
    expect(await profile.read('primaryOf', [2n])).toBe(1n);
    expect(await profile.read('familyCountOf', [1n])).toBe(1n);
    expect(await profile.read('locked', [2n])).toBe(true);
    await expectRevert(profile.attempt(bob, 'transferFrom', [bob.address, carol.address, 2n]), 'MarqueOwnerProfileSoulbound', [2n]);
  });

  it('refuses family tokens from anyone but a primary holder, for an address that has a profile, and past the limit', async () => {
    const profile = await profileFixture();
    await profile.write(alice, 'addFamilyMember', [bob.address]);

    await expectRevert(profile.attempt(bob, 'addFamilyMember', [carol.address]), 'MarqueOwnerProfileNotPrimaryHolder', [bob.address]);
    await expectRevert(profile.attempt(stranger, 'addFamilyMember', [carol.address]), 'MarqueOwnerProfileNotPrimaryHolder', [
      stranger.address,
    ]);
    await expectRevert(profile.attempt(alice, 'addFamilyMember', [bob.address]), 'MarqueOwnerProfileAlreadyExists', [bob.address, 2n]);
    await expectRevert(profile.attempt(alice, 'addFamilyMember', [alice.address]), 'MarqueOwnerProfileAlreadyExists', [
      alice.address,
      1n,
    ]);
    await expectRevert(profile.attempt(admin, 'mint', [bob.address]), 'MarqueOwnerProfileAlreadyExists', [bob.address, 2n]);

    const others = Array.from({ length: 4 }, () => privateKeyToAccount(generatePrivateKey()).address);
    for (const member of others.slice(0, 3)) await profile.write(alice, 'addFamilyMember', [member]);
    await expectRevert(profile.attempt(alice, 'addFamilyMember', [others[3]]), 'MarqueOwnerProfileFamilyFull', [1n, 4n]);
    expect(await profile.read('familyCountOf', [1n])).toBe(4n);
  });

  it('lets a member leave or the primary holder remove them, freeing the address for a profile of its own', async () => {
    const profile = await profileFixture();
    await profile.write(alice, 'addFamilyMember', [bob.address]);
    await profile.write(alice, 'addFamilyMember', [carol.address]);

    await expectRevert(profile.attempt(stranger, 'removeFamilyMember', [2n]), 'MarqueOwnerProfileUnauthorizedRemoval', [
      stranger.address,
      2n,
    ]);
    await expectRevert(profile.attempt(carol, 'removeFamilyMember', [2n]), 'MarqueOwnerProfileUnauthorizedRemoval', [
      carol.address,
      2n,
    ]);
    await expectRevert(profile.attempt(alice, 'removeFamilyMember', [1n]), 'MarqueOwnerProfileNotFamily', [1n]);
    const left = await profile.write(bob, 'removeFamilyMember', [2n]);
    await profile.write(alice, 'removeFamilyMember', [3n]);

    expect(profile.events(left, 'FamilyMemberRemoved').map((e) => e.args)).toEqual([
      { primaryId: 1n, profileId: 2n, member: bob.address },
    ]);
    expect(await profile.read('profileOf', [bob.address])).toBe(0n);
    expect(await profile.read('familyCountOf', [1n])).toBe(0n);
    await expectRevert(profile.read('locked', [2n]), 'ERC721NonexistentToken', [2n]);
    await profile.write(admin, 'mint', [bob.address]);
    expect(await profile.read('profileOf', [bob.address])).toBe(4n);
    expect(await profile.read('primaryOf', [4n])).toBe(4n);
  });
});

describe('MarqueOwnerProfile: interfaces', () => {
  it('supports ERC-165, ERC-721, ERC-721 metadata, ERC-5192 and AccessControl, and refuses a zero admin', async () => {
    const { profile } = await deployAll(chain);

    for (const interfaceId of ['0x01ffc9a7', '0x80ac58cd', '0x5b5e139f', '0xb45a3c0e', '0x7965db0b']) {
      expect(await profile.read('supportsInterface', [interfaceId]), interfaceId).toBe(true);
    }
    expect(await profile.read('supportsInterface', ['0x49064906'])).toBe(false);
    await expectRevert(deployed(chain, 'MarqueOwnerProfile', [zeroAddress]), 'MarqueOwnerProfileInvalidAdmin', [zeroAddress]);
  });
});
