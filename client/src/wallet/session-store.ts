import type { Address } from 'viem';
import { ApiError } from '../net/api';

/** A signed-in session, held for the tab's lifetime only. */
export interface SignedInSession {
  address: Address;
  token: string;
  expiresAt: string;
  /** How the person signed in: a passkey owner never sees an address (a browser wallet's owner by default). */
  via?: 'wallet' | 'passkey';
}

const STORAGE_KEY = 'marque.session';

/** Keeps the session for this tab, so a reload stays signed in until the token expires. */
export function rememberSession(session: SignedInSession): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

/** The session stored in this tab, if it has not expired. */
export function storedSession(): SignedInSession | undefined {
  return storedUnexpired<SignedInSession>(STORAGE_KEY);
}

export function forgetSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** A guest's invitation: a session without a wallet that opens the zones of its scopes. */
export interface GuestPass {
  token: string;
  scopes: string[];
  expiresAt: string;
}

const GUEST_KEY = 'marque.guest';

export function rememberGuestPass(pass: GuestPass): void {
  sessionStorage.setItem(GUEST_KEY, JSON.stringify(pass));
}

/** The invitation stored in this tab, if it has not expired. */
export function storedGuestPass(): GuestPass | undefined {
  return storedUnexpired<GuestPass>(GUEST_KEY);
}

/** What this tab keeps under `key`, unless its token has expired: then it is dropped, so a reload starts afresh. */
function storedUnexpired<T extends { expiresAt: string }>(key: string): T | undefined {
  const raw = sessionStorage.getItem(key);
  const value = raw ? (JSON.parse(raw) as T) : undefined;
  if (value && new Date(value.expiresAt).getTime() > Date.now()) return value;
  sessionStorage.removeItem(key);
  return undefined;
}

/** What the server answers when it issues a token: `POST /api/auth/refresh` and `/api/invites/redeem`. */
interface IssuedToken {
  address?: Address;
  token: string;
  expiresAt: string;
  scopes?: string[];
  error?: string;
  reason?: string;
}

async function post(path: string, init: RequestInit): Promise<IssuedToken> {
  const response = await fetch(path, { method: 'POST', ...init });
  const body = (await response.json()) as IssuedToken;
  if (!response.ok) throw new ApiError(body.error ?? `auth: ${path} answered ${response.status}; sign in again`, response.status, body.reason);
  return body;
}

/** A fresh token for the same session; throws when the session is over. */
export function refreshToken(token: string): Promise<IssuedToken> {
  return post('/api/auth/refresh', { headers: { authorization: `Bearer ${token}` } });
}

/** Redeems an invitation code, adding its scope to `token`'s session or starting a guest's. */
export function redeemInvitation(code: string, token?: string): Promise<IssuedToken & { scopes: string[] }> {
  return post('/api/invites/redeem', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, token }),
  }) as Promise<IssuedToken & { scopes: string[] }>;
}
