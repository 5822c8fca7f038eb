import { encodeFunctionData, type Address, type Hex } from 'viem';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { request } from '../net/api';
import { assertPasskey, createPasskey } from './passkey-ceremony';
import { rememberSession, type SignedInSession } from './session-store';

/**
 * An owner's passkey account from the page: accepting an owner invitation, signing in, pairing a
 * second device, and sending batches the marque sponsors. Plain functions over the HTTP API
 * (README "HTTP API"); the page (passkey-page.tsx) only binds them to buttons.
 */

interface IssuedSession {
  account: Address;
  token: string;
  expiresAt: string;
  credentialId?: string;
}

interface Challenge {
  challenge: string;
  rpId: string;
  expiresAt: string;
}

/** One call of a sponsored batch, as the API takes it. */
export interface BatchCall {
  target: Address;
  value: string;
  data: Hex;
}

function challengeFor(purpose: 'register' | 'sign-in' | 'add-device', token?: string): Promise<Challenge> {
  return request<Challenge>('/api/passkeys/challenge', { method: 'POST', body: { purpose }, token });
}

function keep(issued: IssuedSession): SignedInSession {
  const session: SignedInSession = { address: issued.account, token: issued.token, expiresAt: issued.expiresAt, via: 'passkey' };
  rememberSession(session);
  return session;
}

/** Whether an owner invitation can still be accepted; rejects with the server's reason (used, expired, withdrawn). */
export function checkOwnerInvitation(code: string): Promise<{ expiresAt: string }> {
  return request('/api/owner-invitations/check', { method: 'POST', body: { code } });
}

/** Creates a passkey on this device and accepts the invitation with it: the order's account becomes this passkey's. */
export async function acceptOwnerInvitation(code: string): Promise<SignedInSession> {
  const { challenge, rpId } = await challengeFor('register');
  const { registration } = await createPasskey({ challenge, rpId });
  return keep(await request<IssuedSession>('/api/owner-invitations/accept', { method: 'POST', body: { code, registration, challenge } }));
}

/** Signs in with any passkey of this site the device holds. */
export async function signInWithPasskey(): Promise<SignedInSession> {
  const { challenge, rpId } = await challengeFor('sign-in');
  const { credentialId, assertion } = await assertPasskey({ challenge, rpId });
  return keep(await request<IssuedSession>('/api/passkeys/sign-in', { method: 'POST', body: { credentialId, assertion, challenge } }));
}

/** A pairing link for another device: opened there, it creates that device's passkey for this account. */
export async function pairingLink(session: SignedInSession): Promise<{ url: string; expiresAt: string }> {
  const { challenge, expiresAt } = await challengeFor('add-device', session.token);
  return { url: `${location.origin}/?add-device=${challenge}`, expiresAt };
}

/** On the new device: creates its passkey for the account the pairing link's challenge names. */
export async function registerThisDevice(challenge: string): Promise<void> {
  const { rpId } = await request<{ rpId: string }>('/api/passkeys/challenge', { method: 'POST', body: { purpose: 'sign-in' } });
  const { registration } = await createPasskey({ challenge, rpId });
  await request('/api/passkeys/devices', { method: 'POST', body: { registration, challenge } });
}

/** A passkey the server knows for the account, and whether it already controls it on chain. */
export interface AccountDevice {
  credentialId: string;
  createdAt: string;
  active: boolean;
  addCall: BatchCall;
}

export function fetchDevices(token: string, signal?: AbortSignal): Promise<AccountDevice[]> {
  return request<AccountDevice[]>('/api/passkeys/devices', { token, signal });
}

/** Adds the devices paired but not yet on chain, signed by a passkey of this device that already controls the account. */
export async function confirmPairedDevices(session: SignedInSession): Promise<number> {
  const devices = await fetchDevices(session.token);
  const pending = devices.filter((d) => !d.active);
  if (pending.length === 0) return 0;
  await sendSponsored(session, pending.map((d) => d.addCall), devices.filter((d) => d.active).map((d) => d.credentialId));
  return pending.length;
}

/**
 * Has the marque check and prepare `calls`, signs the batch with a passkey (one of `credentialIds`
 * when given) and has the marque send it, paying its gas.
 * @returns the transaction's hash, once mined.
 */
export async function sendSponsored(session: SignedInSession, calls: BatchCall[], credentialIds?: string[]): Promise<Hex> {
  const prepared = await request<{ calls: BatchCall[]; deadline: string; challenge: string; credentialIds: string[] }>('/api/accounts/calls/prepare', {
    method: 'POST',
    token: session.token,
    body: { calls },
  });
  const { rpId } = await challengeFor('sign-in');
  const { credentialId, assertion } = await assertPasskey({ challenge: prepared.challenge, rpId, credentialIds: credentialIds ?? prepared.credentialIds });
  const { transactionHash } = await request<{ transactionHash: Hex }>('/api/accounts/calls', {
    method: 'POST',
    token: session.token,
    body: { calls: prepared.calls, deadline: prepared.deadline, credentialId, assertion },
  });
  return transactionHash;
}

/** Applies add-on `addOnId` to twin `tokenId`, sponsored. */
export function applyAddOnSponsored(session: SignedInSession, twinAddress: Address, tokenId: string, addOnId: Hex): Promise<Hex> {
  const data = encodeFunctionData({ abi: marqueTwinAbi, functionName: 'applyAddOn', args: [BigInt(tokenId), addOnId] });
  return sendSponsored(session, [{ target: twinAddress, value: '0', data }]);
}
