import { hashTypedData, type Hex, zeroAddress } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { MARQUE_ROLES } from '../scripts/deploy';
import { BADGE_CLAIM_TYPES, type BadgeClaim, eventPassDomain } from '../../protocol/src/contracts/contract-types';
import {
  admin,
  alice,
  bob,
  carol,
  deployAll,
  deployed,
  expectRevert,
  now,
  stranger,
  type TestContract,
  useChain,
} from './fixture';

const chain = useChain();

const TEN_MINUTES = 600;
const PASS = 2n; // accessPassId(1)
const BADGE = 3n; // badgeId(1)

/** Fresh contracts with event #1 created (badge after ten minutes' stay). */
async function eventFixture() {
  const { eventPass } = await deployAll(chain);
  await eventPass.write(admin, 'createEvent', [TEN_MINUTES]);
  return eventPass;
}

/** A claim of event #1's badge for alice, issued by the admin (brand team), valid for an hour. */
async function draft(overrides: Partial<BadgeClaim> = {}): Promise<BadgeClaim> {
  return { eventId: 1n, attendee: alice.address, issuer: admin.address, deadline: (await now(chain)) + 3600n, ...overrides };
}

/** Alice (or `caller`) redeems `claim` signed by `signer`: the promise to give `expectRevert`. */
async function redeem(eventPass: TestContract, claim: BadgeClaim, signer: HDAccount, caller = alice) {
  return eventPass.attempt(caller, 'claimBadge', [claim, await sign(signer, claim, eventPass)]);
}

function sign(signer: HDAccount, claim: BadgeClaim, eventPass: TestContract): Promise<Hex> {
  return signer.signTypedData({
    domain: eventPassDomain(chain.chainId, eventPass.address),
    types: BADGE_CLAIM_TYPES,
    primaryType: 'BadgeClaim',
    message: claim,
  });
}

describe('MarqueEventPass: events and access passes', () => {
  it('lets the brand team create events, two token ids each', async () => {
    const { eventPass } = await deployAll(chain);

    const eventId = await eventPass.simulate(admin, 'createEvent', [TEN_MINUTES]);
    const receipt = await eventPass.write(admin, 'createEvent', [TEN_MINUTES]);
    await eventPass.write(admin, 'createEvent', [0]);

    expect(eventId).toBe(1n);
    expect(eventPass.events(receipt, 'EventCreated').map((e) => e.args)).toEqual([{ eventId: 1n, minimumStaySeconds: TEN_MINUTES }]);
    expect(await eventPass.read('eventCount')).toBe(2n);
    expect(await eventPass.read('minimumStayOf', [1n])).toBe(TEN_MINUTES);
    expect(await eventPass.read('minimumStayOf', [2n])).toBe(0);
    expect([await eventPass.read('accessPassId', [1n]), await eventPass.read('badgeId', [1n])]).toEqual([PASS, BADGE]);
    expect([await eventPass.read('accessPassId', [2n]), await eventPass.read('badgeId', [2n])]).toEqual([4n, 5n]);
    expect([await eventPass.read('eventOf', [BADGE]), await eventPass.read('isBadge', [BADGE])]).toEqual([1n, true]);
    expect([await eventPass.read('eventOf', [PASS]), await eventPass.read('isBadge', [PASS])]).toEqual([1n, false]);
  });

  it('mints one access pass to each guest, and the passes can be given away', async () => {
    const eventPass = await eventFixture();

    const receipt = await eventPass.write(admin, 'mintAccessPasses', [1n, [alice.address, bob.address]]);
    await eventPass.write(alice, 'safeTransferFrom', [alice.address, carol.address, PASS, 1n, '0x']);

    expect(eventPass.events(receipt, 'TransferSingle').map((e) => [e.args.to, e.args.id, e.args.value])).toEqual([
      [alice.address, PASS, 1n],
      [bob.address, PASS, 1n],
    ]);
    expect(await eventPass.read('balanceOf', [alice.address, PASS])).toBe(0n);
    expect(await eventPass.read('balanceOf', [bob.address, PASS])).toBe(1n);
    expect(await eventPass.read('balanceOf', [carol.address, PASS])).toBe(1n);
    expect(await eventPass.read('uri', [PASS])).toBe('https://marque.example/api/passes/{id}.json');
  });

  it('refuses a second pass to the same guest (minting none of the batch), an unknown event and a non-brand-team caller', async () => {
    const eventPass = await eventFixture();
    await eventPass.write(admin, 'mintAccessPasses', [1n, [alice.address]]);

    await expectRevert(
      eventPass.attempt(admin, 'mintAccessPasses', [1n, [bob.address, alice.address]]),
      'MarqueEventPassAlreadyHeld',
      [alice.address, PASS],
    );
    await expectRevert(eventPass.attempt(admin, 'mintAccessPasses', [2n, [bob.address]]), 'MarqueEventPassUnknownEvent', [2n]);
    await expectRevert(eventPass.attempt(admin, 'mintAccessPasses', [0n, [bob.address]]), 'MarqueEventPassUnknownEvent', [0n]);
    for (const [functionName, args] of [
      ['createEvent', [60]],
      ['mintAccessPasses', [1n, [bob.address]]],
      ['mintBadge', [1n, bob.address]],
      ['setMinimumStay', [1n, 60]],
    ] as const) {
      await expectRevert(eventPass.attempt(stranger, functionName, args), 'AccessControlUnauthorizedAccount', [
        stranger.address,
        MARQUE_ROLES.brandTeam,
      ]);
    }
    expect(await eventPass.read('balanceOf', [bob.address, PASS])).toBe(0n);
  });

  it('lets the brand team change the stay that earns the badge', async () => {
    const eventPass = await eventFixture();

    const receipt = await eventPass.write(admin, 'setMinimumStay', [1n, 1200]);

    expect(eventPass.events(receipt, 'MinimumStayUpdated').map((e) => e.args)).toEqual([{ eventId: 1n, minimumStaySeconds: 1200 }]);
    expect(await eventPass.read('minimumStayOf', [1n])).toBe(1200);
    await expectRevert(eventPass.attempt(admin, 'setMinimumStay', [4n, 60]), 'MarqueEventPassUnknownEvent', [4n]);
    await expectRevert(eventPass.read('minimumStayOf', [4n]), 'MarqueEventPassUnknownEvent', [4n]);
  });
});

describe('MarqueEventPass: attendance badges', () => {
  it('lets the brand team award a badge directly, once per attendee', async () => {
    const eventPass = await eventFixture();

    const receipt = await eventPass.write(admin, 'mintBadge', [1n, alice.address]);

    expect(eventPass.events(receipt, 'BadgeAwarded').map((e) => e.args)).toEqual([
      { eventId: 1n, attendee: alice.address, issuer: admin.address },
    ]);
    expect(await eventPass.read('balanceOf', [alice.address, BADGE])).toBe(1n);
    await expectRevert(eventPass.attempt(admin, 'mintBadge', [1n, alice.address]), 'MarqueEventPassAlreadyHeld', [
      alice.address,
      BADGE,
    ]);
  });

  it('lets anyone redeem a brand-team-signed claim for its attendee, once', async () => {
    const eventPass = await eventFixture();
    const claim = await draft();
    const signature = await sign(admin, claim, eventPass);

    const receipt = await eventPass.write(stranger, 'claimBadge', [claim, signature]);

    expect(await eventPass.read('hashBadgeClaim', [claim])).toBe(
      hashTypedData({
        domain: eventPassDomain(chain.chainId, eventPass.address),
        types: BADGE_CLAIM_TYPES,
        primaryType: 'BadgeClaim',
        message: claim,
      }),
    );
    expect(eventPass.events(receipt, 'BadgeAwarded').map((e) => e.args)).toEqual([
      { eventId: 1n, attendee: alice.address, issuer: admin.address },
    ]);
    expect(await eventPass.read('balanceOf', [alice.address, BADGE])).toBe(1n);
    expect(await eventPass.read('balanceOf', [stranger.address, BADGE])).toBe(0n);
    await expectRevert(eventPass.attempt(alice, 'claimBadge', [claim, signature]), 'MarqueEventPassAlreadyHeld', [
      alice.address,
      BADGE,
    ]);
  });

  it('refuses an expired claim, one from outside the brand team, a wrong or tampered signature, and an unknown event', async () => {
    const eventPass = await eventFixture();

    const deadline = (await now(chain)) - 1n;
    const expired = await draft({ deadline });
    await expectRevert(redeem(eventPass, expired, admin), 'MarqueEventPassExpiredClaim', [deadline]);
    const byBob = await draft({ issuer: bob.address });
    await expectRevert(redeem(eventPass, byBob, bob), 'MarqueEventPassUnauthorizedIssuer', [bob.address]);
    const claim = await draft();
    await expectRevert(redeem(eventPass, claim, bob), 'MarqueEventPassInvalidSignature', [admin.address]);
    await expectRevert(
      eventPass.attempt(bob, 'claimBadge', [{ ...claim, attendee: bob.address }, await sign(admin, claim, eventPass)]),
      'MarqueEventPassInvalidSignature',
      [admin.address],
    );
    const unknown = await draft({ eventId: 9n });
    await expectRevert(redeem(eventPass, unknown, admin), 'MarqueEventPassUnknownEvent', [9n]);
    expect(await eventPass.read('balanceOf', [alice.address, BADGE])).toBe(0n);
    expect(await eventPass.read('balanceOf', [bob.address, BADGE])).toBe(0n);
  });

  it('accepts claims signed through a brand-team contract wallet (ERC-1271)', async () => {
    const eventPass = await eventFixture();
    const wallet = await deployed(chain, 'TestErc1271Wallet', [carol.address]);
    await eventPass.write(admin, 'grantRole', [MARQUE_ROLES.brandTeam, wallet.address]);
    const claim = await draft({ issuer: wallet.address });

    await expectRevert(redeem(eventPass, claim, bob), 'MarqueEventPassInvalidSignature', [wallet.address]);
    await eventPass.write(alice, 'claimBadge', [claim, await sign(carol, claim, eventPass)]);

    expect(await eventPass.read('balanceOf', [alice.address, BADGE])).toBe(1n);
  });

  it('refuses to move a badge, alone or in a batch with a pass', async () => {
    const eventPass = await eventFixture();
    await eventPass.write(admin, 'mintBadge', [1n, alice.address]);
    await eventPass.write(admin, 'mintAccessPasses', [1n, [alice.address]]);

    await expectRevert(
      eventPass.attempt(alice, 'safeTransferFrom', [alice.address, bob.address, BADGE, 1n, '0x']),
      'MarqueEventPassBadgeNonTransferable',
      [BADGE],
    );
    await expectRevert(
      eventPass.attempt(alice, 'safeBatchTransferFrom', [alice.address, bob.address, [PASS, BADGE], [1n, 1n], '0x']),
      'MarqueEventPassBadgeNonTransferable',
      [BADGE],
    );
    expect(await eventPass.read('balanceOf', [alice.address, BADGE])).toBe(1n);
    expect(await eventPass.read('balanceOf', [alice.address, PASS])).toBe(1n);
  });
});

describe('MarqueEventPass: interfaces', () => {
  it('supports ERC-165, ERC-1155, its metadata URI and AccessControl, and refuses a zero admin', async () => {
    const { eventPass } = await deployAll(chain);

    for (const interfaceId of ['0x01ffc9a7', '0xd9b67a26', '0x0e89341c', '0x7965db0b']) {
      expect(await eventPass.read('supportsInterface', [interfaceId]), interfaceId).toBe(true);
    }
    expect(await eventPass.read('supportsInterface', ['0x80ac58cd'])).toBe(false);
    await expectRevert(deployed(chain, 'MarqueEventPass', [zeroAddress, 'x']), 'MarqueEventPassInvalidAdmin', [zeroAddress]);
  });
});
