import { t } from '../i18n/i18n';
import { errorMessage } from '../i18n/server-error';
import { useEffect, type Dispatch, type SetStateAction } from 'react';
import { refreshToken } from './session-store';

/**
 * Keeps a short-lived session token fresh while the visitor stays: a new one is fetched when
 * three quarters of the current one's life has passed, put into the session held by
 * `setSession` and kept for the tab with `remember`. `onExpired` runs when the server refuses
 * (the session ended, the server's secret changed).
 */
export function useSessionRefresh<S extends { token: string; expiresAt: string }>(
  session: S | undefined,
  setSession: Dispatch<SetStateAction<S | undefined>>,
  remember: (session: S) => void,
  onExpired: (message: string) => void,
) {
  useEffect(() => {
    if (!session) return;
    const remaining = new Date(session.expiresAt).getTime() - Date.now();
    const timer = setTimeout(
      () => {
        refreshToken(session.token).then(
          (fresh) =>
            setSession((current) => {
              if (!current) return current;
              const updated = { ...current, token: fresh.token, expiresAt: fresh.expiresAt };
              remember(updated);
              return updated;
            }),
          (error: unknown) => onExpired(t('session.ended', { reason: errorMessage(error) })),
        );
      },
      Math.max(1000, remaining * 0.75),
    );
    return () => clearTimeout(timer);
  }, [session, setSession, remember, onExpired]);
}

