import type { IncomingHttpHeaders } from 'node:http';

/**
 * The header in which the server's HTTP guard (http/http-guard.ts) records each request's client
 * network (an IPv4 address, or an IPv6 /64 as `a:b:c:d::/64`; behind `TRUST_PROXY` proxies, the
 * address they forwarded), replacing whatever a client sent under that name. Colyseus' own
 * `context.ip` reads `X-Real-IP` and `X-Forwarded-For` first, which any client may write, and on
 * the HTTP matchmaking request (where a room's `onAuth` runs) it has no peer address at all, so
 * rooms read this header instead.
 */
export const CLIENT_ADDRESS_HEADER = 'x-marque-client-address';

/** The client's network from a request's headers (a Fetch `Headers` or Node's); `unknown` when absent. */
export function clientNetwork(headers: Headers | IncomingHttpHeaders | undefined): string {
  if (!headers) return 'unknown';
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  const network = Array.isArray(value) ? value[0] : value;
  return network && network.length <= 64 ? network : 'unknown';
}

/**
 * A device id as the page sends it (the `deviceId` join option, the `device` query of the overflow
 * stream, the `X-Marque-Device` header): random, kept in the browser's storage, 16–64 url-safe
 * characters. It lets a guest's ban hold on the device and one person count once across tabs.
 */
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The header a page sends its device id in, on API requests. */
export const DEVICE_HEADER = 'x-marque-device';

/** A well-formed device id, or undefined. */
export function deviceIdOf(value: unknown): string | undefined {
  const id = Array.isArray(value) ? value[0] : value;
  return typeof id === 'string' && DEVICE_ID.test(id) ? id : undefined;
}
