/**
 * The server's HTTP API as the client calls it: one JSON request with an optional Bearer
 * session, and one error type for every refusal. The route modules (twins, launch events)
 * build on {@link request}.
 */

import { DEVICE_HEADER, deviceId } from './device-id';

/** A refusal from the API: its HTTP status and its `{ error, reason, details }`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
    /** What exactly was wrong, when the server says (a form's fields: `title: …; startsAt: …`). */
    readonly details?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Options of {@link request}. */
export interface RequestOptions {
  /** Session token, sent as `Authorization: Bearer …`. */
  token?: string;
  method?: 'GET' | 'PUT' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
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

async function send(path: string, { token, method = 'GET', body, signal }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const device = deviceId();
  if (device) headers[DEVICE_HEADER] = device;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(`Could not reach the server (${cause instanceof Error ? cause.message : String(cause)}).`, 0);
  }
}

function refusal(path: string, method: string, status: number, parsed: unknown): ApiError {
  const problem = (parsed ?? {}) as { error?: string; reason?: string; details?: unknown };
  const details = typeof problem.details === 'string' ? problem.details : undefined;
  return new ApiError(problem.error ?? `${method} ${path} answered ${status}`, status, problem.reason, details);
}
