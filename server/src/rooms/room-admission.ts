import { ServerError } from '@colyseus/core';
import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import { joinOptions } from '../../../protocol/src/messages';
import type { SessionTokens } from '../auth/session-token';
import { reservedWordIn } from './reserved-names';

/** Who a client is, decided by the server in `onAuth`; guests have no address. */
export interface VisitorAuth {
  address?: Address;
  /** Invitation scopes the session carries (a guest invited to the lounge: `lounge`). */
  scopes: string[];
  /** Shown on the name tag: `owner`, `dealer`, `brand-team`, or empty. */
  badge: string;
}

/**
 * Turns the optional session token into a visitor. No token: a guest.
 * A token that does not verify is refused rather than silently downgraded,
 * so the client knows to sign in again.
 */
export async function authenticateVisitor(services: { tokens: SessionTokens }, token: string | undefined): Promise<VisitorAuth> {
  if (!token) return { scopes: [], badge: '' };
  try {
    const session = await services.tokens.verify(token);
    return { address: session.address, scopes: session.scopes, badge: '' };
  } catch (error) {
    throw toServerError(error);
  }
}

/**
 * Refuses a name only Marque's staff may carry (reserved-names.ts: "Marque", "staff", "host" and
 * their look-alikes) unless the visitor is of the brand team. Rooms call it in `onAuth`, so the
 * join is refused before any seat exists.
 * @throws MarqueError 400 `reserved-name`.
 */
export function checkName(unit: string, options: unknown, badge: string): void {
  const name = joinOptions.shape.name.safeParse((options as { name?: unknown } | null)?.name);
  const reserved = name.success && name.data ? reservedWordIn(name.data) : undefined;
  if (reserved && badge !== 'brand-team') {
    throw new MarqueError(unit, `the name "${name.data}" is kept for Marque's staff (it reads as "${reserved}"); choose another name`, {
      status: 400,
      reason: 'reserved-name',
    });
  }
}

/** Converts the server's errors into the matchmaker's, keeping status and message for the client. */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof MarqueError) return new ServerError(error.status, `${error.unit}: ${error.shortMessage}`, { cause: error });
  return new ServerError(500, 'rooms: unexpected error; try again', { cause: error });
}
