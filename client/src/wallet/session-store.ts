import type { Address } from 'viem';

/** A signed-in session, held for the tab's lifetime only. */
export interface SignedInSession {
  address: Address;
  token: string;
  expiresAt: string;
}

const STORAGE_KEY = 'marque.session';

/** Keeps the session for this tab, so a reload stays signed in until the token expires. */
export function rememberSession(session: SignedInSession): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

/** The session stored in this tab, if it has not expired. */
export function storedSession(): SignedInSession | undefined {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as SignedInSession;
  if (new Date(session.expiresAt).getTime() <= Date.now()) {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  return session;
}

export function forgetSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
