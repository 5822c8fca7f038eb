import type { Address } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import { signMessage } from 'wagmi/actions';
import { MarqueError } from '../../../protocol/src/errors';
import { ApiError } from '../net/api';
import { rememberSession, type SignedInSession } from './session-store';
import type { WagmiConfig } from './wagmi-config';

/**
 * Sign-In with Ethereum: asks the server for a nonce, has the connected wallet
 * sign an EIP-4361 message for this site and chain, and trades the signature
 * for a short-lived session token.
 * @throws ApiError with the server's reason when it refuses.
 */
export async function signIn(config: WagmiConfig, address: Address, chainId: number): Promise<SignedInSession> {
  const nonceResponse = await fetch('/api/auth/nonce', { method: 'POST' });
  if (!nonceResponse.ok) throw new MarqueError('auth', `could not get a sign-in nonce (HTTP ${nonceResponse.status}); try again`, { status: nonceResponse.status });
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const message = createSiweMessage({
    address,
    chainId,
    domain: location.host,
    uri: location.origin,
    nonce,
    version: '1',
    issuedAt: new Date(),
    statement: 'Sign in to the Marque world. This costs nothing and sends no transaction.',
  });
  const signature = await signMessage(config, { account: address, message });
  const response = await fetch('/api/auth/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  const body = (await response.json()) as SignedInSession & { error?: string; reason?: string };
  if (!response.ok) throw new ApiError(body.error ?? `auth: sign-in refused (HTTP ${response.status}); try again`, response.status, body.reason);
  const session = { address: body.address, token: body.token, expiresAt: body.expiresAt };
  rememberSession(session);
  return session;
}
