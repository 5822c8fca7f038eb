import { useEffect } from 'react';
import { refreshToken } from './session-store';

/**
 * Keeps a short-lived session token fresh while the visitor stays: a new one is fetched when
 * three quarters of the current one's life has passed. `onExpired` runs when the server
 * refuses (the session ended, the server's secret changed).
 */
export function useSessionRefresh(
  session: { token: string; expiresAt: string } | undefined,
  onRefreshed: (token: string, expiresAt: string) => void,
  onExpired: (message: string) => void,
) {
  useEffect(() => {
    if (!session) return;
    const remaining = new Date(session.expiresAt).getTime() - Date.now();
    const timer = setTimeout(
      () => {
        refreshToken(session.token).then(
          (fresh) => onRefreshed(fresh.token, fresh.expiresAt),
          (error: unknown) => onExpired(`Your session ended (${error instanceof Error ? error.message : String(error)}); sign in again.`),
        );
      },
      Math.max(1000, remaining * 0.75),
    );
    return () => clearTimeout(timer);
  }, [session, onRefreshed, onExpired]);
}
