import http from 'node:http';
import net from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json } from '../testing/http';
import { startTestWorld, TEST_PUBLIC_URL, type TestWorld } from '../testing/test-world';

/**
 * The HTTP server's limits on the real server: bodies refused before they are read, time-outs
 * for silent and slow clients, a per-address connection cap, per-address rate limits with
 * Retry-After, and CORS for the page's origin only. Every refusal is in the API's error shape.
 *
 * Loopback answers on all of 127.0.0.0/8, so each test speaks from its own address
 * (`localAddress`) and meets only its own limits.
 */

let world: TestWorld;
const CAP = 6;

beforeAll(async () => {
  // The product's time-outs (long enough not to free a place while a test holds it), a low
  // connection cap, a tenth of the product's rate limits: nonces 6 at once, guests 3.
  world = await startTestWorld({ env: { MAX_CONNECTIONS_PER_ADDRESS: String(CAP), RATE_LIMIT_SCALE: '0.1' } });
});

afterAll(() => world?.stop());

/** A raw TCP connection from `localAddress` that collects what the server sends and tells when it closes. */
function connect(localAddress: string, port = world.server.port) {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    opened,
    closed,
    get received() {
      return received;
    },
    /** The first answer's status and JSON body, once the server closed the connection. */
    async answer(): Promise<{ status: number; headers: string; body: { error: string; reason: string; details?: string } }> {
      await closed;
      const [head = '', body = ''] = received.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) };
    },
  };
}

/** One request through node:http from `localAddress` (fetch cannot choose it). */
function request(
  path: string,
  options: { method?: string; localAddress?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: world.server.port, path, method: options.method ?? 'GET', localAddress: options.localAddress, headers: options.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const apiError = { error: expect.stringMatching(/^http: /), reason: expect.any(String) };

describe('request bodies', () => {
  it('refuses a body over the route\'s limit from its Content-Length, at once, without reading it', async () => {
    for (const path of ['/api/auth/verify', '/api/invites/redeem', '/api/passport/records', '/matchmake/joinOrCreate/museum']) {
      const client = connect('127.0.0.11');
      await client.opened;
      // Headers only: the server answers before a byte of the 50 MB is sent.
      client.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${50 * 2 ** 20}\r\n\r\n`);
      const answer = await client.answer();
      expect(answer.status, path).toBe(413);
      expect(answer.body).toMatchObject({ ...apiError, reason: 'too-large' });
      expect(answer.body.error).toMatch(new RegExp(`the most POST ${path} accepts`));
    }
  });

  it('refuses a streamed body once it passes the limit, and closes the connection before the rest is sent', async () => {
    const client = connect('127.0.0.12');
    await client.opened;
    client.socket.write('POST /api/auth/nonce HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = `400\r\n${'x'.repeat(0x400)}\r\n`;
    // 1 KiB chunks, each after the last was taken, until the server answers; the body never ends.
    while (!client.received) await new Promise<void>((resolve) => client.socket.write(chunk, () => setImmediate(resolve)));
    const answer = await client.answer();
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ reason: 'too-large' });
  });

  it('answers Expect: 100-continue over the limit with 413 instead of inviting the body', async () => {
    const client = connect('127.0.0.13');
    await client.opened;
    client.socket.write('POST /api/auth/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n');
    const answer = await client.answer();
    expect(client.received).not.toMatch(/100 Continue/);
    expect(answer.status).toBe(413);
  });

  it('lets a body within the limit through (and still validates it)', async () => {
    const response = await request('/api/auth/verify', {
      method: 'POST',
      localAddress: '127.0.0.14',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello', signature: '0x00' }),
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ reason: 'malformed' });
  });
});

describe('connections per address', () => {
  it('refuses sockets past the cap with 429, and takes new ones once others closed', async () => {
    const held = Array.from({ length: CAP }, () => connect('127.0.0.31'));
    await Promise.all(held.map((c) => c.opened));
    // Each is held open with an unfinished request, so the time-outs do not free a place meanwhile.
    for (const c of held) c.socket.write('GET /api/time HTTP/1.1\r\n');
    const refused = connect('127.0.0.31');
    const answer = await refused.answer();
    expect(answer.status).toBe(429);
    expect(answer.headers).toMatch(/retry-after: \d+/);
    expect(answer.body).toMatchObject({ ...apiError, reason: 'too-many-connections' });
    // Another address is not affected.
    expect((await request('/api/time', { localAddress: '127.0.0.32' })).status).toBe(200);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    // Once the server has seen them close (a moment after this side did), the address is welcome again.
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await request('/api/time', { localAddress: '127.0.0.31' })).status;
    }
    expect(status).toBe(200);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the nonce limit, per address; X-Forwarded-For is not trusted by default', async () => {
    const nonce = (localAddress: string, headers: Record<string, string> = {}) => request('/api/auth/nonce', { method: 'POST', localAddress, headers });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await nonce('127.0.0.41', { 'x-forwarded-for': `10.0.0.${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const refused = await nonce('127.0.0.41', { 'x-forwarded-for': '10.9.9.9' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: expect.stringMatching(/^http: too many sign-in nonces from your network address; wait \d+ s and try again/),
      reason: 'rate-limited',
    });
    // Another address still gets nonces.
    expect((await nonce('127.0.0.42')).status).toBe(200);
  });

  it('limits guest sessions per address', async () => {
    const guest = () => request('/api/auth/guest', { method: 'POST', localAddress: '127.0.0.43' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await guest()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('limits questions per session as well as per address', async () => {
    const guest = async () => JSON.parse((await request('/api/auth/guest', { method: 'POST', localAddress: '127.0.0.45' })).body).token as string;
    const ask = (token: string) =>
      request('/api/events/no-such-event/questions', {
        method: 'POST',
        localAddress: '127.0.0.45',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ text: 'When does it ship?' }),
      });
    const ann = await guest();
    // At a tenth of the product's limits a session may ask once, then waits; the question itself is refused (no such event).
    expect((await ask(ann)).status).toBe(404);
    const again = await ask(ann);
    expect(again.status).toBe(429);
    expect(JSON.parse(again.body).error).toMatch(/^http: too many questions for your session; wait \d+ s/);
    // Another session from the same address still may.
    expect((await ask(await guest())).status).toBe(404);
  });

  it('limits room joins through the matchmaker per address', async () => {
    const join = () =>
      request('/matchmake/joinOrCreate/nowhere', { method: 'POST', localAddress: '127.0.0.44', headers: { 'content-type': 'application/json' }, body: '{}' });
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) status = (await join()).status;
    expect(status).toBe(429);
  });
});

describe('sessions', () => {
  it("carries an invitation's expiry with its scope, and refreshing keeps both the scope's and the session's end", async () => {
    const staff = await world.signIn(world.deployment.deployer);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${world.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const invite = await json<{ code: string; expiresAt: string }>(await post('/api/invites', { scope: 'lounge', maxUses: 2, validHours: 0.5 }, bearer(staff)), 201);
    const redeemed = await json<{ token: string; scopes: string[] }>(await post('/api/invites/redeem', { code: invite.code }));
    expect(redeemed.scopes).toEqual(['lounge']);
    const claims = decodeJwt(redeemed.token) as { iat: number; exp: number; end: number; scopes: string[]; scopeExp: number[] };
    expect(claims.scopeExp).toEqual([Math.floor(new Date(invite.expiresAt).getTime() / 1000)]);
    // The product's 12 hours from the guest's start.
    expect(claims.end - claims.iat).toBe(43_200);

    const refreshed = await json<{ token: string }>(await post('/api/auth/refresh', {}, bearer(redeemed.token)));
    const again = decodeJwt(refreshed.token) as typeof claims;
    expect(again).toMatchObject({ end: claims.end, scopes: ['lounge'], scopeExp: claims.scopeExp });
  });
});

describe('CORS', () => {
  it("allows the page's origin only; public reads stay open to all", async () => {
    const evil = { origin: 'https://evil.example' };
    const page = { origin: new URL(TEST_PUBLIC_URL).origin };
    const preflight = (path: string, headers: Record<string, string>) =>
      request(path, { method: 'OPTIONS', localAddress: '127.0.0.51', headers: { ...headers, 'access-control-request-method': 'POST' } });
    for (const path of ['/api/auth/verify', '/matchmake/joinOrCreate/museum']) {
      expect((await preflight(path, evil)).headers['access-control-allow-origin'], path).toBeUndefined();
      expect((await preflight(path, page)).headers['access-control-allow-origin'], path).toBe(page.origin);
    }
    const world = await request('/api/world', { localAddress: '127.0.0.51', headers: evil });
    expect(world.status).toBe(200);
    expect(world.headers['access-control-allow-origin']).toBeUndefined();
    expect(world.headers['access-control-allow-credentials']).toBeUndefined();
    // ERC-721 metadata is for marketplaces and wallets anywhere.
    expect((await request('/api/twins/1', { localAddress: '127.0.0.51', headers: evil })).headers['access-control-allow-origin']).toBe('*');
  });
});

describe('time-outs', () => {
  let short: TestWorld;
  beforeAll(async () => {
    short = await startTestWorld({ env: { HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_IDLE_TIMEOUT_MS: '300' } });
  });
  afterAll(() => short?.stop());
  const connectShort = (localAddress: string) => connect(localAddress, short.server.port);

  it('closes a connection that never sends a request, with 408 in the API\'s shape', async () => {
    const client = connectShort('127.0.0.21');
    const answer = await client.answer();
    expect(answer.status).toBe(408);
    expect(answer.body).toMatchObject({ ...apiError, reason: 'request-timeout' });
  });

  it('closes a client that trickles its headers', async () => {
    const client = connectShort('127.0.0.22');
    await client.opened;
    client.socket.write('GET /api/time HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => client.socket.writable && client.socket.write('X-Slow: yes\r\n'), 50);
    const answer = await client.answer();
    clearInterval(trickle);
    expect(answer.status).toBe(408);
  });

  it('closes a client that trickles its body', async () => {
    const client = connectShort('127.0.0.23');
    await client.opened;
    client.socket.write('POST /api/auth/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => client.socket.writable && client.socket.write(' '), 50);
    const answer = await client.answer();
    clearInterval(trickle);
    expect(answer.status).toBe(408);
    expect(answer.body).toMatchObject({ reason: 'request-timeout' });
  });

  it('closes a kept-alive connection left idle after its answer', async () => {
    const client = connectShort('127.0.0.24');
    await client.opened;
    client.socket.write('GET /api/time HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.closed;
    expect(client.received).toMatch(/^HTTP\/1.1 200 /);
  });
});

