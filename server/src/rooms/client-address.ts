import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The header in which the server itself records each request's client address, before Colyseus
 * or any route sees the request. Colyseus' own `context.ip` reads `X-Real-IP` and
 * `X-Forwarded-For` first, which any client may write, and on the HTTP matchmaking request (where
 * `onAuth` runs) it has no peer address at all; rooms and routes read this header instead.
 */
export const CLIENT_ADDRESS_HEADER = 'x-marque-client-address';

/**
 * Records every request's and WebSocket upgrade's client address in {@link CLIENT_ADDRESS_HEADER},
 * replacing whatever the client sent under that name. With `trustedProxies` 0 the address is the
 * socket's peer; behind N reverse proxies that each append to `X-Forwarded-For`, it is the entry
 * the outermost one appended (a client cannot forge it: anything it wrote comes before).
 */
export function recordClientAddresses(server: Server, trustedProxies: number): void {
  const stamp = (req: IncomingMessage) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, trustedProxies);
  };
  // Prepended: they run before Colyseus' router and WebSocket transport read the request.
  server.prependListener('request', stamp);
  server.prependListener('upgrade', stamp);
}

/** The client's address of a request, as {@link recordClientAddresses} decides it. */
export function clientAddressOf(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxies] ?? peer;
}

/**
 * The network a client address stands for, as quotas and bans count it: an IPv4 address as it
 * is (an IPv4-mapped IPv6 address too), an IPv6 address by its /64 (one household or device
 * usually holds a whole /64), anything else as `unknown`.
 */
export function networkOf(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The client's network from a request's headers (a Fetch `Headers` or Node's), see {@link networkOf}. */
export function clientNetwork(headers: Headers | IncomingHttpHeaders | undefined): string {
  if (!headers) return 'unknown';
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return networkOf(Array.isArray(value) ? value[0] : (value ?? undefined));
}

/** A device id as the page sends it (`X-Marque-Device`, the `device` query, or a room's `deviceId` option): random, 16–64 url-safe characters. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The header a page sends its device id in, on API requests. */
export const DEVICE_HEADER = 'x-marque-device';

/** A well-formed device id, or undefined. */
export function deviceIdOf(value: unknown): string | undefined {
  const id = Array.isArray(value) ? value[0] : value;
  return typeof id === 'string' && DEVICE_ID.test(id) ? id : undefined;
}
