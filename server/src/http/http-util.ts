import type { Address } from 'viem';
import type { z } from 'zod';
import type { SessionTokens } from '../auth/session-token';
import { MarqueError } from '../errors';

/** The session token of an `Authorization: Bearer …` header. */
export function bearerToken(request: Request | undefined): string {
  const header = request?.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new MarqueError('auth: this needs your session — send it as "Authorization: Bearer <token>"', {
      status: 401,
      reason: 'session-invalid',
    });
  }
  return match[1]!;
}

/**
 * The wallet of the request's Bearer session.
 * @throws MarqueError 401 without a session, with an invalid or expired one, or with a guest's
 * session (an invitation, no wallet).
 */
export async function sessionWallet(tokens: SessionTokens, request: Request | undefined, unit: string): Promise<Address> {
  const session = await tokens.verify(bearerToken(request));
  if (!session.address) {
    throw new MarqueError(`${unit}: this needs a wallet — sign in with the wallet that holds the twin`, {
      status: 401,
      reason: 'wallet-required',
    });
  }
  return session.address;
}

/** The wallet of the request's Bearer session when it sends one (invalid ones still throw 401); else undefined. */
export async function optionalWallet(tokens: SessionTokens, request: Request | undefined): Promise<Address | undefined> {
  if (!request?.headers.get('authorization')) return undefined;
  return (await tokens.verify(bearerToken(request))).address;
}

/** A twin id from the path: a whole number from 1. */
export function tokenIdParam(value: unknown, unit = 'twins'): bigint {
  const id = String(value);
  if (!/^[1-9]\d{0,76}$/.test(id)) {
    throw new MarqueError(`${unit}: "${id}" is not a token id`, {
      status: 400,
      reason: 'bad-request',
      details: 'token ids are whole numbers from 1',
    });
  }
  return BigInt(id);
}

/**
 * The request's JSON body, read here rather than by the router so that a malformed body is a 400
 * saying so. At most `maxBytes`.
 */
export async function readJson(request: Request | undefined, unit: string, maxBytes = 64 * 1024): Promise<unknown> {
  const text = request ? await request.text() : '';
  if (Buffer.byteLength(text) > maxBytes) {
    throw new MarqueError(`${unit}: the request body is over ${maxBytes} bytes`, { status: 413, reason: 'too-large' });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new MarqueError(`${unit}: the request body must be JSON`, { status: 400, reason: 'bad-request', details: 'it is not valid JSON' });
  }
}

export function badRequest(message: string, error: z.ZodError): MarqueError {
  return new MarqueError(message, {
    status: 400,
    reason: 'bad-request',
    details: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  });
}

/** The API's error shape: `{ error, reason, details? }` with the error's status. */
export function errorResponse(error: unknown): Response {
  if (error instanceof MarqueError) {
    return Response.json(
      { error: error.shortMessage, reason: error.reason, details: error.details },
      { status: error.status },
    );
  }
  console.error(error);
  return Response.json({ error: 'server: unexpected error; try again', reason: 'internal' }, { status: 500 });
}

/** Runs a route's work and answers its MarqueError (or a 500) in the API's error shape. */
export async function answer(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(error);
  }
}
