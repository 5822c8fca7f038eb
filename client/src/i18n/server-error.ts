/**
 * What a person reads when something failed: the server's errors carry a stable `reason`
 * (protocol/src/errors.ts), which the client translates; a reason it has no words for shows the
 * server's own message (English, `unit: what to do`), as does any other error.
 */
import { MarqueError } from '../../../protocol/src/errors';
import { t } from './i18n';

// The reasons a visitor, an owner or a guest may meet, each with its message in every language.
const REASON_KEYS: Readonly<Record<string, string>> = {
  unreachable: 'errors.unreachable',
  'rate-limited': 'errors.rate-limited',
  flood: 'errors.rate-limited',
  'request-timeout': 'errors.request-timeout',
  'session-expired': 'errors.session-expired',
  'session-invalid': 'errors.session-invalid',
  'sign-in-required': 'errors.sign-in-required',
  'session-required': 'errors.sign-in-required',
  'wallet-required': 'errors.wallet-required',
  'not-owner': 'errors.not-owner',
  'not-found': 'errors.not-found',
  'not-public': 'errors.not-public',
  'not-allowed': 'errors.not-allowed',
  'role-missing': 'errors.not-allowed',
  'scope-missing': 'errors.not-allowed',
  'too-large': 'errors.too-large',
  'chain-unavailable': 'errors.service-unavailable',
  'relay-unavailable': 'errors.service-unavailable',
  'database-unavailable': 'errors.service-unavailable',
  'index-unavailable': 'errors.service-unavailable',
  indexing: 'errors.indexing',
  'invite-invalid': 'errors.invite-invalid',
  'invitation-invalid': 'errors.invite-invalid',
  'invite-expired': 'errors.invite-expired',
  'invite-used-up': 'errors.invite-used-up',
  'invitation-used': 'errors.invite-used-up',
  nonce: 'errors.sign-in-stale',
  signature: 'errors.signature',
  expired: 'errors.sign-in-stale',
  overflow: 'errors.overflow',
  moderated: 'errors.moderated',
  'host-muted': 'errors.host-muted',
  'access-revoked': 'errors.access-revoked',
  internal: 'errors.internal',
};

/** The message for a reason in the page's language, or undefined for a reason we have no words for. */
export function reasonMessage(reason: string | undefined): string | undefined {
  const key = reason && Object.hasOwn(REASON_KEYS, reason) ? REASON_KEYS[reason] : undefined;
  return key && t(key);
}

/**
 * An error as a person should read it, in the page's language where its reason is known, else
 * the server's (or the error's) own message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof MarqueError) return reasonMessage(error.reason) ?? error.message.split('\n')[0]!;
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? String((error as { reason: unknown }).reason) : undefined;
  return reasonMessage(reason) ?? (error instanceof Error ? error.message : String(error));
}
