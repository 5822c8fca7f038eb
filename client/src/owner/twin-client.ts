import type { MeView } from '../../../protocol/src/world-api';
import type { AddOn, OwnerTwin, PassportView, RelayedRecord, SignedServiceRecord, TwinMetadata, TwinShowcase } from '../../../protocol/src/twin-api';
import { request } from '../net/api';

/**
 * The twin API as the client calls it (server/src/protocol/twin-api.ts): one function per
 * route, each resolving to the route's JSON or rejecting with an `ApiError` (../net/api.ts).
 */

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

/** `POST /api/passport/records`: a dealer's signed record, checked and relayed by the server. */
export function relayServiceRecord(signed: SignedServiceRecord): Promise<RelayedRecord> {
  return request<RelayedRecord>('/api/passport/records', { method: 'POST', body: signed });
}

/** `GET /api/me`: the session's wallet and the roles the chain gives it. */
export function fetchMe(token: string, signal?: AbortSignal): Promise<MeView> {
  return request<MeView>('/api/me', { token, signal });
}
