/**
 * The server's HTTP API as the client calls it: one JSON request with an optional Bearer
 * session, and one error type for every refusal. The route modules (twins, launch events)
 * build on {@link request}.
 */

import { MarqueError } from '../../../protocol/src/errors';
import { DEVICE_HEADER, deviceId } from './device-id';
import { splitUnitMessage } from './unit-message';

/**
 * A refusal from the API: the server's `{ error, reason, details }` and its HTTP status (0 when
 * the server could not be reached). `message` is the server's own (`unit: what to do`), fit to
 * show a person; `details` stay apart from it, for forms to put on their fields.
 */
export class ApiError extends MarqueError {
  override name = 'ApiError';
  /** What exactly was wrong, when the server says (a form's fields: `title: …; startsAt: …`). */
  override readonly details?: string;

  constructor(message: string, status: number, reason?: string, details?: string, cause?: unknown) {
    const { unit, shortMessage } = splitUnitMessage(message, 'api');
    super(unit, shortMessage, { status, reason: reason ?? 'unknown', cause });
    this.details = details;
  }
}

/** Options of {@link request}. */
export interface RequestOptions {
  /** Session token, sent as `Authorization: Bearer …`. */
  token?: string;
  method?: 'GET' | 'PUT' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  /** More headers (the operations API's `Idempotency-Key`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls a route and resolves to its JSON (undefined for an empty body).
 * @throws ApiError with the server's message, status, reason and details when it refuses, or
 * status 0 when it cannot be reached; an aborted request rejects with the abort.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw refusal(path, options.method ?? 'GET', response.status, parsed);
  return parsed as T;
}

/**
 * Calls a route that answers something other than JSON (a CSV file) and resolves to its body.
 * @throws ApiError as {@link request} does.
 */
export async function requestBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(path, options);
  if (!response.ok) {
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    throw refusal(path, options.method ?? 'GET', response.status, parsed);
  }
  return response.blob();
}

async function send(path: string, { token, method = 'GET', body, signal, headers: extra }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  const device = deviceId();
  if (device) headers[DEVICE_HEADER] = device;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(`api: could not reach the server (${cause instanceof Error ? cause.message : String(cause)}); check the connection and try again`, 0, 'unreachable', undefined, cause);
  }
}

function refusal(path: string, method: string, status: number, parsed: unknown): ApiError {
  const problem = (parsed ?? {}) as { error?: string; reason?: string; details?: unknown };
  const details = typeof problem.details === 'string' ? problem.details : undefined;
  return new ApiError(problem.error ?? `api: ${method} ${path} answered ${status}; try again in a moment`, status, problem.reason, details);
}
