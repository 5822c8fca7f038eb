import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './http-guard';

/** Who the client is, for per-address limits: the socket's address, or behind trusted proxies the one they forwarded. */

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it("is the socket's address by default, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7');
  });

  it('behind trusted proxies, is the address the outermost trusted proxy saw (what a client wrote before it is ignored)', () => {
    // The client forged "1.1.1.1"; the one proxy appended the client's real address.
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 198.51.100.9'), 1)).toBe('198.51.100.9');
    // Two proxies: the edge appended the client's address, the inner one the edge's.
    expect(clientAddress(request('10.0.0.3', '1.1.1.1, 198.51.100.9, 10.0.0.2'), 2)).toBe('198.51.100.9');
    // A request that did not come through the proxy chain: the nearest address known.
    expect(clientAddress(request('198.51.100.4'), 1)).toBe('198.51.100.4');
  });
});

describe('addressKey', () => {
  it('reads IPv4-mapped IPv6 as IPv4 and counts an IPv6 address by its /64', () => {
    expect(addressKey('::ffff:192.0.2.5')).toBe('192.0.2.5');
    expect(addressKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:db8:aa:bb::99')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:DB8:00aa::1')).toBe('2001:db8:aa:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
