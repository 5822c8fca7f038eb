import type { Address } from 'viem';
import type { z } from 'zod';
import type { SessionTokens } from '../auth/session-token';
import { MarqueError } from '../../../protocol/src/errors';

/** The session token of an `Authorization: Bearer …` header. */
export function bearerToken(request: Request | undefined): string {
  const header = request?.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new MarqueError('auth', 'this needs your session — send it as "Authorization: Bearer <token>"', {
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
    throw new MarqueError(unit, `this needs a wallet — sign in with the wallet that holds the twin`, {
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
    throw new MarqueError(unit, `"${id}" is not a token id`, {
      status: 400,
      reason: 'bad-request',
      details: 'token ids are whole numbers from 1',
    });
  }
  return BigInt(id);
}

/**
 * The request's JSON body, read here rather than by the router so that a malformed body is a 400
 * saying so. At most `maxBytes` (the HTTP guard already refused anything longer before reading
 * it; this holds for requests that did not come through it). Strings the database cannot keep
 * (NUL, unpaired UTF-16 surrogates) and nesting deeper than {@link MAX_JSON_DEPTH} are refused here,
 * for every route, so no such input reaches a service.
 */
export async function readJson(request: Request | undefined, unit: string, maxBytes = 64 * 1024): Promise<unknown> {
  const text = request ? await request.text() : '';
  if (Buffer.byteLength(text) > maxBytes) {
    throw new MarqueError(unit, `the request body is over ${maxBytes} bytes`, { status: 413, reason: 'too-large' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MarqueError(unit, `the request body must be JSON`, {
      status: 400,
      reason: 'bad-request',
      details: text ? 'it is not valid JSON' : 'it is empty; send a JSON body with content-type: application/json',
    });
  }
  const problem = unstorableString(value);
  if (problem) {
    throw new MarqueError(unit, `the request body has ${problem.what} at ${problem.path}`, {
      status: 400,
      reason: 'bad-request',
      details: 'text may not contain NUL characters or unpaired UTF-16 surrogates, and JSON may nest at most 32 levels',
    });
  }
  return value;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How deeply a request's JSON may nest. */
export const MAX_JSON_DEPTH = 32;

/**
 * The first string (or key) in `value` that PostgreSQL's text and jsonb refuse: a NUL character
 * or an unpaired UTF-16 surrogate (JSON's `\u0000`, `\ud800`); or nesting past {@link MAX_JSON_DEPTH}.
 */
export function unstorableString(value: unknown): { what: string; path: string } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: 'body', depth: 0 }];
  const check = (text: string, path: string) =>
    text.includes('\u0000') ? { what: 'a NUL character', path } : !LONE_SURROGATE.test(text) ? undefined : { what: 'an unpaired UTF-16 surrogate', path };
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const bad = check(item.value, item.path);
      if (bad) return bad;
    } else if (item.value !== null && typeof item.value === 'object') {
      if (item.depth >= MAX_JSON_DEPTH) return { what: `nesting deeper than ${MAX_JSON_DEPTH} levels`, path: item.path };
      for (const [key, child] of Object.entries(item.value)) {
        const path = Array.isArray(item.value) ? `${item.path}[${key}]` : `${item.path}.${key}`;
        const bad = check(key, path);
        if (bad) return { ...bad, what: `${bad.what} in a key` };
        stack.push({ value: child, path, depth: item.depth + 1 });
      }
    }
  }
  return undefined;
}

export function badRequest(unit: string, message: string, error: z.ZodError): MarqueError {
  return new MarqueError(unit, message, {
    status: 400,
    reason: 'bad-request',
    details: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  });
}

/** The API's error shape: `{ error, reason, details? }` with the error's status (and `Retry-After` past a rate limit). */
export function errorResponse(error: unknown): Response {
  if (error instanceof MarqueError) {
    const retryAfter = (error as MarqueError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return Response.json(
      { error: `${error.unit}: ${error.shortMessage}`, reason: error.reason, details: error.details },
      { status: error.status, headers: retryAfter ? { 'retry-after': String(retryAfter) } : undefined },
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
