import { getAddress, type Hex } from 'viem';
import { z } from 'zod';
import { MarqueError } from '../../../protocol/src/errors';
import type { AccountCall, PasskeyAssertion } from '../../../protocol/src/passkey-signature';
import type { SessionTokens } from '../auth/session-token';
import type { AccessControl } from '../access/access-control';
import type { Chain } from '../chain/chain';
import type { RouteHelper } from '../http/route';
import type { ChainIndexer } from '../indexer/chain-indexer';
import type { OwnerInvitations } from './owner-invitations';
import type { PasskeyAccounts } from './passkey-accounts';
import type { PasskeyRegistration } from './webauthn';

/** The passkey accounts' services, present when the server knows the account factory and has a relayer. */
export interface PasskeyServices {
  accounts: PasskeyAccounts;
  invitations: OwnerInvitations;
}

const hex = (what: string, max = 16_384) => z.string().regex(/^0x[0-9a-fA-F]*$/, `${what} must be 0x-prefixed hex`).max(max);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address');
const challenge = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be the base64url challenge the server gave');
const credentialId = z.string().regex(/^[A-Za-z0-9_-]{8,1400}$/, 'must be the base64url credential id');
const registration = z.strictObject({ clientDataJSON: z.string().min(1).max(4096), attestationObject: hex('attestationObject') });
const assertion = z.strictObject({ authenticatorData: hex('authenticatorData', 4096), clientDataJSON: z.string().min(1).max(4096), signature: hex('signature', 256) });
const uint = z.string().regex(/^(0|[1-9]\d{0,77})$/, 'must be a whole number written as a decimal string');
const calls = z
  .array(z.strictObject({ target: address, value: uint.default('0'), data: hex('data', 8192) }))
  .min(1)
  .max(16);

const BODY = 24 * 1024;
const NO_STORE = { 'cache-control': 'no-store' };

function accountCalls(list: z.infer<typeof calls>): AccountCall[] {
  return list.map((c) => ({ target: getAddress(c.target), value: BigInt(c.value), data: c.data as Hex }));
}

/**
 * Owners' passkey accounts over HTTP (README "HTTP API"): challenges, registration (with or without
 * an owner invitation), sign-in, a second device, and sponsored batches. Answers 503
 * (`passkeys-unavailable`) where the server runs without the account factory or a relayer.
 */
export function createPasskeyRoutes(
  services: { passkeys?: PasskeyServices; tokens: SessionTokens; access: AccessControl; chain: Chain; indexer?: ChainIndexer },
  route: RouteHelper,
) {
  const passkeys = (): PasskeyServices => {
    if (!services.passkeys) {
      throw new MarqueError('passkeys', 'passkey accounts are not available on this server', {
        status: 503,
        reason: 'passkeys-unavailable',
        details: 'it needs ACCOUNT_FACTORY_ADDRESS and RELAYER_PRIVATE_KEY (npm start sets both up)',
      });
    }
    return services.passkeys;
  };
  const session = async (account: `0x${string}`) => {
    const { token, expiresAt } = await services.tokens.issue(account);
    return { account, token, expiresAt: expiresAt.toISOString() };
  };

  return {
    passkeyChallenge: route(
      '/api/passkeys/challenge',
      { method: 'POST', unit: 'passkeys', auth: 'optional', limit: 'nonce', body: z.strictObject({ purpose: z.enum(['register', 'sign-in', 'add-device']) }), bodyShape: '{ purpose }', headers: NO_STORE },
      async ({ body, wallet }) => {
        if (body.purpose === 'add-device' && !wallet) {
          throw new MarqueError('passkeys', 'adding a device needs a signed-in owner', { status: 401, reason: 'wallet-required', details: 'sign in with your passkey first' });
        }
        const issued = await passkeys().accounts.issueChallenge(body.purpose, body.purpose === 'add-device' ? wallet : undefined);
        return { challenge: issued.challenge, rpId: issued.rpId, expiresAt: issued.expiresAt.toISOString() };
      },
    ),

    passkeyRegister: route(
      '/api/passkeys/register',
      { method: 'POST', unit: 'passkeys', limit: 'signIn', body: z.strictObject({ registration, challenge }), bodyShape: '{ registration, challenge }', maxBodyBytes: BODY, headers: NO_STORE, status: 201 },
      async ({ body }) => {
        const { account, credentialId } = await passkeys().accounts.register(body.registration as PasskeyRegistration, body.challenge);
        return { ...(await session(account)), credentialId };
      },
    ),

    passkeySignIn: route(
      '/api/passkeys/sign-in',
      { method: 'POST', unit: 'passkeys', limit: 'signIn', body: z.strictObject({ credentialId, assertion, challenge }), bodyShape: '{ credentialId, assertion, challenge }', maxBodyBytes: BODY, headers: NO_STORE },
      async ({ body }) => session(await passkeys().accounts.signIn(body.credentialId, body.assertion as PasskeyAssertion, body.challenge)),
    ),

    // The new device has no session: the add-device challenge its pairing link carries names the account.
    passkeyDevice: route(
      '/api/passkeys/devices',
      { method: 'POST', unit: 'passkeys', limit: 'signIn', body: z.strictObject({ registration, challenge }), bodyShape: '{ registration, challenge }', maxBodyBytes: BODY, status: 201 },
      async ({ body }) => {
        const device = await passkeys().accounts.addDevice(body.registration as PasskeyRegistration, body.challenge);
        return { credentialId: device.credentialId };
      },
    ),

    passkeyDevices: route('/api/passkeys/devices', { method: 'GET', unit: 'passkeys', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) =>
      (await passkeys().accounts.devices(wallet)).map((d) => ({
        credentialId: d.credentialId,
        createdAt: d.createdAt.toISOString(),
        active: d.active,
        addCall: { ...d.addCall, value: d.addCall.value.toString() },
      })),
    ),

    prepareCalls: route(
      '/api/accounts/calls/prepare',
      { method: 'POST', unit: 'sponsorship', auth: 'wallet', limit: 'write', body: z.strictObject({ calls }), bodyShape: '{ calls: [{ target, value?, data }] }', maxBodyBytes: BODY, headers: NO_STORE },
      async ({ body, wallet }) => passkeys().accounts.prepare(wallet, accountCalls(body.calls)),
    ),

    executeCalls: route(
      '/api/accounts/calls',
      {
        method: 'POST',
        unit: 'sponsorship',
        auth: 'wallet',
        limit: 'write',
        body: z.strictObject({ calls, deadline: uint, credentialId, assertion }),
        bodyShape: '{ calls, deadline, credentialId, assertion }',
        maxBodyBytes: BODY,
      },
      async ({ body, wallet }) => {
        const { transactionHash, nonce } = await passkeys().accounts.execute(wallet, {
          calls: accountCalls(body.calls),
          deadline: BigInt(body.deadline),
          credentialId: body.credentialId,
          assertion: body.assertion as PasskeyAssertion,
        });
        // Answered once the index has the batch's block, so the page's next read of the twins shows it.
        const { blockNumber } = await services.chain.client.getTransactionReceipt({ hash: transactionHash });
        await services.indexer?.waitForBlock(blockNumber, 5_000).catch(() => {});
        return { transactionHash, nonce: nonce.toString() };
      },
    ),

    createOwnerInvitation: route(
      '/api/owner-invitations',
      {
        method: 'POST',
        unit: 'invitations',
        auth: 'wallet',
        limit: 'write',
        body: z.strictObject({ orderRef: z.string().min(1).max(64), validHours: z.number().positive().max(720).optional() }),
        bodyShape: '{ orderRef, validHours? }',
        status: 201,
      },
      async ({ body, wallet }) => {
        if (!(await services.access.hasRole('issuer', wallet))) {
          throw new MarqueError('invitations', 'only the order desk (a wallet with MarqueTwin\'s ISSUER_ROLE) creates owner invitations', { status: 403, reason: 'not-issuer' });
        }
        const invitation = await passkeys().invitations.create(body);
        return { ...invitation, expiresAt: invitation.expiresAt.toISOString() };
      },
    ),

    checkOwnerInvitation: route('/api/owner-invitations/check', { method: 'POST', unit: 'invitations', limit: 'redeem', body: z.strictObject({ code: z.string().min(1).max(256) }), bodyShape: '{ code }', headers: NO_STORE }, async ({ body }) => {
      const { expiresAt } = await passkeys().invitations.check(body.code);
      return { expiresAt: expiresAt.toISOString() };
    }),

    acceptOwnerInvitation: route(
      '/api/owner-invitations/accept',
      {
        method: 'POST',
        unit: 'invitations',
        limit: 'redeem',
        body: z.strictObject({ code: z.string().min(1).max(256), registration, challenge }),
        bodyShape: '{ code, registration, challenge }',
        maxBodyBytes: BODY,
        headers: NO_STORE,
        status: 201,
      },
      async ({ body }) => {
        const { account, credentialId } = await passkeys().invitations.accept(body.code, body.registration as PasskeyRegistration, body.challenge);
        return { ...(await session(account)), credentialId };
      },
    ),
  };
}
