import type { AddOn, OwnerTwin, PassportView, TwinMetadata, TwinShowcase } from '../../../server/src/protocol/twin-api';

/**
 * The twin API as the client calls it (server/src/protocol/twin-api.ts): one function per
 * route, each resolving to the route's JSON or rejecting with an {@link ApiError}.
 */

/** A refusal from the API: its HTTP status and its `{ error, reason }`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface RequestOptions {
  token?: string;
  method?: 'GET' | 'PUT' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
}

async function request<T>(path: string, { token, method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(`Could not reach the server (${cause instanceof Error ? cause.message : String(cause)}).`, 0);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as { error?: string; reason?: string };
    throw new ApiError(problem.error ?? `${method} ${path} answered ${response.status}`, response.status, problem.reason);
  }
  return parsed as T;
}

/** Twin ids are whole numbers from 1. */
export function isTwinId(id: string): boolean {
  return /^[1-9]\d{0,17}$/.test(id);
}

/** `GET /api/me/twins`: the signed-in wallet's twins. */
export function fetchMyTwins(token: string, signal?: AbortSignal): Promise<OwnerTwin[]> {
  return request<OwnerTwin[]>('/api/me/twins', { token, signal });
}

/** `GET /api/addons`: the approved digital add-ons. */
export function fetchAddOns(signal?: AbortSignal): Promise<AddOn[]> {
  return request<AddOn[]>('/api/addons', { signal });
}

/** `PUT /api/twins/:id/showcase`: makes the twin's showcase page public or private (its owner only). */
export async function setShowcasePublic(tokenId: string, isPublic: boolean, token: string): Promise<void> {
  await request<unknown>(`/api/twins/${encodeURIComponent(tokenId)}/showcase`, { method: 'PUT', token, body: { public: isPublic } });
}

/** `GET /api/twins/:id/showcase`: public when the owner made it so; `token` lets the owner see a private one. */
export function fetchShowcase(tokenId: string, token?: string, signal?: AbortSignal): Promise<TwinShowcase> {
  return request<TwinShowcase>(`/api/twins/${encodeURIComponent(tokenId)}/showcase`, { token, signal });
}

/** `GET /api/twins/:id`: the token's public metadata (here: whether the twin exists at all). */
export function fetchTwinMetadata(tokenId: string, signal?: AbortSignal): Promise<TwinMetadata> {
  return request<TwinMetadata>(`/api/twins/${encodeURIComponent(tokenId)}`, { signal });
}

/** `GET /api/twins/:id/passport`: the car's certified history (its owner and dealers). */
export function fetchPassport(tokenId: string, token: string, signal?: AbortSignal): Promise<PassportView> {
  return request<PassportView>(`/api/twins/${encodeURIComponent(tokenId)}/passport`, { token, signal });
}
