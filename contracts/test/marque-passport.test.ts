import { type Address, domainSeparator, hashTypedData, type Hex, keccak256, stringToHex, zeroAddress } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { MARQUE_ROLES } from '../scripts/deploy';
import { passportDomain, SERVICE_KINDS, SERVICE_RECORD_TYPES, type ServiceRecord } from '../../protocol/src/contracts/contract-types';
import {
  admin,
  alice,
  bob,
  carol,
  DEFAULT_ADMIN_ROLE,
  dealer,
  deployAll,
  deployed,
  expectRevert,
  now,
  stranger,
  type TestContract,
  useChain,
} from './fixture';

const chain = useChain();

const ASTRALE = keccak256(stringToHex('astrale-2025|paint:P-BLEU-MINUIT'));
const WORK_ORDER = keccak256(stringToHex('work order 2025-0142: first inspection, 1 500 km'));
const REPAIR_ORDER = keccak256(stringToHex('work order 2026-0007: windscreen replaced'));
const HOUR = 3600n;

/** Fresh contracts with twin #1 minted to alice and `dealer` holding DEALER_ROLE. */
async function passportFixture() {
  const contracts = await deployAll(chain);
  await contracts.twin.write(admin, 'mint', [alice.address, 'astrale-2025', ASTRALE]);
  await contracts.passport.write(admin, 'grantRole', [MARQUE_ROLES.dealer, dealer.address]);
  return contracts;
}

/** A record of twin #1 by `dealer` at its next nonce, valid for an hour, with `overrides`. */
async function draft(passport: TestContract, overrides: Partial<ServiceRecord> = {}): Promise<ServiceRecord> {
  const signer = overrides.dealer ?? dealer.address;
  return {
    tokenId: 1n,
    kind: SERVICE_KINDS.inspection,
    mileage: 1500,
    recordHash: WORK_ORDER,
    dealer: signer,
    nonce: await passport.read('nonces', [signer]),
    deadline: (await now(chain)) + HOUR,
    ...overrides,
  };
}

/** `signer`'s EIP-712 signature of `record` for the passport at `verifyingContract`. */
function sign(signer: HDAccount, record: ServiceRecord, verifyingContract: Address): Promise<Hex> {
  return signer.signTypedData({
    domain: passportDomain(chain.chainId, verifyingContract),
    types: SERVICE_RECORD_TYPES,
    primaryType: 'ServiceRecord',
    message: record,
  });
}

describe('MarquePassport: recording', () => {
  it('adds a dealer-signed record relayed by anyone, storing its hash, mileage, kind, dealer and time', async () => {
    const { passport } = await passportFixture();
    const record = await draft(passport);
    const signature = await sign(dealer, record, passport.address);

    const index = await passport.simulate(stranger, 'record', [record, signature]);
    const receipt = await passport.write(stranger, 'record', [record, signature]);
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });

    expect(index).toBe(0n);
    expect(passport.events(receipt, 'ServiceRecorded').map((e) => e.args)).toEqual([
      {
        tokenId: 1n,
        index: 0n,
        dealer: dealer.address,
        kind: SERVICE_KINDS.inspection,
        mileage: 1500,
        recordHash: WORK_ORDER,
      },
    ]);
    const stored = {
      recordHash: WORK_ORDER,
      mileage: 1500,
      kind: SERVICE_KINDS.inspection,
      dealer: dealer.address,
      recordedAt: Number(timestamp),
    };
    expect(await passport.read('recordsOf', [1n])).toEqual([stored]);
    expect(await passport.read('recordOf', [1n, 0n])).toEqual(stored);
    expect(await passport.read('recordCountOf', [1n])).toBe(1n);
    expect(await passport.read('mileageOf', [1n])).toBe(1500);
    expect(await passport.read('nonces', [dealer.address])).toBe(1n);
  });

  it('computes the same EIP-712 domain and digest as viem, so any wallet can sign records', async () => {
    const { passport } = await passportFixture();
    const record = await draft(passport);
    const domain = passportDomain(chain.chainId, passport.address);

    expect(await passport.read('hashServiceRecord', [record])).toBe(
      hashTypedData({ domain, types: SERVICE_RECORD_TYPES, primaryType: 'ServiceRecord', message: record }),
    );
    expect(await passport.read('DOMAIN_SEPARATOR')).toBe(domainSeparator({ domain }));
    const [, name, version, chainId, verifyingContract] = await passport.read('eip712Domain');
    expect({ name, version, chainId, verifyingContract }).toEqual({
      name: 'Marque Passport',
      version: '1',
      chainId: BigInt(chain.chainId),
      verifyingContract: passport.address,
    });
  });

  it('keeps the history under the twin id, so it follows the car when the twin is sold', async () => {
    const { twin, passport } = await passportFixture();
    const first = await draft(passport);
    await passport.write(stranger, 'record', [first, await sign(dealer, first, passport.address)]);

    await twin.write(alice, 'transferFrom', [alice.address, bob.address, 1n]);
    const second = await draft(passport, { kind: SERVICE_KINDS.repair, mileage: 9800, recordHash: REPAIR_ORDER });
    await passport.write(bob, 'record', [second, await sign(dealer, second, passport.address)]);

    expect((await passport.read('recordsOf', [1n])).map((r: { mileage: number; kind: number }) => [r.mileage, r.kind])).toEqual([
      [1500, SERVICE_KINDS.inspection],
      [9800, SERVICE_KINDS.repair],
    ]);
    expect(await passport.read('recordOf', [1n, 1n])).toMatchObject({ recordHash: REPAIR_ORDER });
  });

  it('accepts the same mileage again but refuses a lower one, naming both figures', async () => {
    const { passport } = await passportFixture();
    const first = await draft(passport, { mileage: 12000 });
    await passport.write(stranger, 'record', [first, await sign(dealer, first, passport.address)]);
    const same = await draft(passport, { mileage: 12000, kind: SERVICE_KINDS.bodywork });
    await passport.write(stranger, 'record', [same, await sign(dealer, same, passport.address)]);

    const lower = await draft(passport, { mileage: 11999 });
    await expectRevert(
      passport.attempt(stranger, 'record', [lower, await sign(dealer, lower, passport.address)]),
      'MarquePassportMileageDecreased',
      [1n, 12000, 11999],
    );
    expect(await passport.read('recordCountOf', [1n])).toBe(2n);
  });

  it('refuses an unknown twin, an unknown kind and reading past the last record', async () => {
    const { passport } = await passportFixture();

    for (const tokenId of [0n, 2n]) {
      const record = await draft(passport, { tokenId });
      await expectRevert(
        passport.attempt(stranger, 'record', [record, await sign(dealer, record, passport.address)]),
        'MarquePassportUnknownTwin',
        [tokenId],
      );
    }
    const oddKind = await draft(passport, { kind: 4 });
    await expectRevert(
      passport.attempt(stranger, 'record', [oddKind, await sign(dealer, oddKind, passport.address)]),
      'MarquePassportInvalidKind',
      [4],
    );
    await expectRevert(passport.read('recordOf', [1n, 0n]), 'MarquePassportRecordOutOfRange', [1n, 0n, 0n]);
  });
});

describe('MarquePassport: signatures', () => {
  it('refuses a record signed by someone else than its dealer, a tampered one and one for another passport', async () => {
    const { passport } = await passportFixture();
    const other = await deployed(chain, 'MarquePassport', [admin.address, (await deployAll(chain)).twin.address]);
    const record = await draft(passport);

    await expectRevert(
      passport.attempt(stranger, 'record', [record, await sign(bob, record, passport.address)]),
      'MarquePassportInvalidSignature',
      [dealer.address],
    );
    const signature = await sign(dealer, record, passport.address);
    await expectRevert(
      passport.attempt(stranger, 'record', [{ ...record, mileage: 150 }, signature]),
      'MarquePassportInvalidSignature',
      [dealer.address],
    );
    await expectRevert(
      passport.attempt(stranger, 'record', [record, await sign(dealer, record, other.address)]),
      'MarquePassportInvalidSignature',
      [dealer.address],
    );
    await expectRevert(passport.attempt(stranger, 'record', [record, '0x1234']), 'MarquePassportInvalidSignature', [dealer.address]);
    expect(await passport.read('nonces', [dealer.address])).toBe(0n);
  });

  it('refuses a record whose signer has no DEALER_ROLE, or lost it', async () => {
    const { passport } = await passportFixture();
    const byBob = await draft(passport, { dealer: bob.address });

    await expectRevert(
      passport.attempt(stranger, 'record', [byBob, await sign(bob, byBob, passport.address)]),
      'MarquePassportUnauthorizedDealer',
      [bob.address],
    );
    const record = await draft(passport);
    const signature = await sign(dealer, record, passport.address);
    await passport.write(admin, 'revokeRole', [MARQUE_ROLES.dealer, dealer.address]);
    await expectRevert(passport.attempt(stranger, 'record', [record, signature]), 'MarquePassportUnauthorizedDealer', [
      dealer.address,
    ]);
    expect(await passport.read('hasRole', [MARQUE_ROLES.dealer, dealer.address])).toBe(false);
  });

  it('refuses a record past its deadline', async () => {
    const { passport } = await passportFixture();
    const deadline = (await now(chain)) - 1n;
    const record = await draft(passport, { deadline });

    await expectRevert(
      passport.attempt(stranger, 'record', [record, await sign(dealer, record, passport.address)]),
      'MarquePassportExpiredRecord',
      [deadline],
    );
  });

  it('refuses a replayed record and one signed with a nonce ahead of the dealer', async () => {
    const { passport } = await passportFixture();
    const record = await draft(passport);
    const signature = await sign(dealer, record, passport.address);
    await passport.write(stranger, 'record', [record, signature]);

    await expectRevert(passport.attempt(bob, 'record', [record, signature]), 'InvalidAccountNonce', [dealer.address, 1n]);
    const ahead = await draft(passport, { nonce: 5n });
    await expectRevert(
      passport.attempt(stranger, 'record', [ahead, await sign(dealer, ahead, passport.address)]),
      'InvalidAccountNonce',
      [dealer.address, 1n],
    );
    expect(await passport.read('recordCountOf', [1n])).toBe(1n);
  });

  it('accepts a contract-wallet dealer through ERC-1271, and refuses signatures its wallet rejects', async () => {
    const { passport } = await passportFixture();
    const wallet = await deployed(chain, 'TestErc1271Wallet', [carol.address]);
    await passport.write(admin, 'grantRole', [MARQUE_ROLES.dealer, wallet.address]);
    const record = await draft(passport, { dealer: wallet.address });

    await expectRevert(
      passport.attempt(stranger, 'record', [record, await sign(bob, record, passport.address)]),
      'MarquePassportInvalidSignature',
      [wallet.address],
    );
    const receipt = await passport.write(stranger, 'record', [record, await sign(carol, record, passport.address)]);

    expect(passport.events(receipt, 'ServiceRecorded')[0]?.args).toMatchObject({ tokenId: 1n, dealer: wallet.address });
    expect(await passport.read('nonces', [wallet.address])).toBe(1n);
    expect(await passport.read('recordOf', [1n, 0n])).toMatchObject({ dealer: wallet.address, mileage: 1500 });
  });
});

describe('MarquePassport: administration', () => {
  it('lets only the admin grant DEALER_ROLE', async () => {
    const { passport } = await passportFixture();

    await expectRevert(passport.attempt(dealer, 'grantRole', [MARQUE_ROLES.dealer, bob.address]), 'AccessControlUnauthorizedAccount', [
      dealer.address,
      DEFAULT_ADMIN_ROLE,
    ]);
    expect(await passport.read('hasRole', [MARQUE_ROLES.dealer, dealer.address])).toBe(true);
    expect(await passport.read('hasRole', [MARQUE_ROLES.dealer, bob.address])).toBe(false);
  });

  it('refuses a zero admin or twin collection, and supports ERC-165 and AccessControl', async () => {
    const { passport, twin } = await passportFixture();

    await expectRevert(deployed(chain, 'MarquePassport', [zeroAddress, twin.address]), 'MarquePassportInvalidSetup', [
      zeroAddress,
      twin.address,
    ]);
    await expectRevert(deployed(chain, 'MarquePassport', [admin.address, zeroAddress]), 'MarquePassportInvalidSetup', [
      admin.address,
      zeroAddress,
    ]);
    expect(await passport.read('twin')).toBe(twin.address);
    for (const interfaceId of ['0x01ffc9a7', '0x7965db0b']) {
      expect(await passport.read('supportsInterface', [interfaceId]), interfaceId).toBe(true);
    }
  });
});
