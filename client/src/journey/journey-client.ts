import type { DealerView } from '../../../protocol/src/operations-api';
import type {
  AppointmentAction,
  AppointmentRequest,
  AppointmentView,
  PassportLinkCreated,
  PassportLinkView,
  VerifiedPassport,
} from '../../../protocol/src/journey-api';
import { request } from '../net/api';

/**
 * The journey's API as the client calls it (protocol/src/journey-api.ts): one function per route,
 * each resolving to the route's JSON or rejecting with an `ApiError` (../net/api.ts).
 */

const twinPath = (tokenId: string) => `/api/twins/${encodeURIComponent(tokenId)}/passport-links`;

/** `POST /api/twins/:id/passport-links`: a new verification link (its secret shown this once). */
export function createPassportLink(tokenId: string, validDays: number, token: string): Promise<PassportLinkCreated> {
  return request<PassportLinkCreated>(twinPath(tokenId), { method: 'POST', token, body: { validDays } });
}

/** `GET /api/twins/:id/passport-links`: the links this wallet made for its twin. */
export function fetchPassportLinks(tokenId: string, token: string, signal?: AbortSignal): Promise<PassportLinkView[]> {
  return request<PassportLinkView[]>(twinPath(tokenId), { token, signal });
}

/** `POST /api/passport-links/:id/revoke`: withdraws a link. */
export function revokePassportLink(id: string, token: string): Promise<PassportLinkView> {
  return request<PassportLinkView>(`/api/passport-links/${encodeURIComponent(id)}/revoke`, { method: 'POST', token });
}

/** `GET /api/verify/:token`: the certified history a link shows (no session). */
export function fetchVerifiedPassport(linkToken: string, signal?: AbortSignal): Promise<VerifiedPassport> {
  return request<VerifiedPassport>(`/api/verify/${encodeURIComponent(linkToken)}`, { signal });
}

/** `GET /api/dealers`: the registered dealers and service centres. */
export function fetchDealers(signal?: AbortSignal): Promise<DealerView[]> {
  return request<DealerView[]>('/api/dealers', { signal });
}

/** `POST /api/appointments`: an owner's request. */
export function requestAppointment(body: AppointmentRequest, token: string): Promise<AppointmentView> {
  return request<AppointmentView>('/api/appointments', { method: 'POST', token, body });
}

/** `GET /api/appointments?as=`: the wallet's appointments as an owner or as a dealer. */
export function fetchAppointments(as: 'owner' | 'dealer', token: string, signal?: AbortSignal): Promise<AppointmentView[]> {
  return request<AppointmentView[]>(`/api/appointments?as=${as}`, { token, signal });
}

/** `POST /api/appointments/:id/actions`: confirm, propose, accept or cancel. */
export function actOnAppointment(id: string, action: AppointmentAction, token: string): Promise<AppointmentView> {
  return request<AppointmentView>(`/api/appointments/${encodeURIComponent(id)}/actions`, { method: 'POST', token, body: action });
}
