import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { matchMaker } from '@colyseus/core';
import type { ServerEnv } from '../config';
import { RATE_LIMITS, rateLimitRefusal, type RateLimiter, type RateLimitName, type Refusal } from './rate-limiter';

/** The HTTP server's limits and time-outs (README "Reliability and limits"); from the environment. */
export interface HttpLimits {
  /** Time a client has to send a request's headers; also how long a silent new connection lives. */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included. */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  idleTimeoutMs: number;
  /** Most open sockets from one address (HTTP and WebSocket); 0: no cap. */
  maxConnectionsPerAddress: number;
  /** Multiplies every rate limit; 0: off. */
  rateLimitScale: number;
  /** Proxies in front that append to X-Forwarded-For; 0: the socket's address is the client's. */
  trustProxy: number;
  /** Origins whose pages may call the API (PUBLIC_URL's first). */
  corsOrigins: string[];
}

export const HTTP_LIMITS_DEFAULTS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
  maxConnectionsPerAddress: 128,
  rateLimitScale: 1,
  trustProxy: 0,
  corsOrigins: ['http://localhost:5173'],
};

/** The HTTP limits the environment sets (README "Configuration"). */
export function httpLimits(env: ServerEnv): HttpLimits {
  return {
    headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: env.HTTP_IDLE_TIMEOUT_MS,
    maxConnectionsPerAddress: env.MAX_CONNECTIONS_PER_ADDRESS,
    rateLimitScale: env.RATE_LIMIT_SCALE,
    trustProxy: env.TRUST_PROXY,
    corsOrigins: [...new Set([new URL(env.PUBLIC_URL).origin, ...env.CORS_ORIGINS])],
  };
}

/** What the guard needs to know of a request's route before reading it. */
export interface RoutePolicy {
  /** Most bytes of request body. */
  maxBodyBytes: number;
  /** A named limit taken per address before the body is read (besides `api`, which every request takes). */
  limit?: RateLimitName;
}

/** Body limit of Colyseus' matchmaking requests: join options are a name, a device and an event id. */
export const MATCHMAKE_MAX_BODY_BYTES = 4 * 1024;
/** Body limit of any path no route declares (the router answers them 404). */
export const UNKNOWN_ROUTE_MAX_BODY_BYTES = 1024;

/**
 * Headers the guard sets on every request it lets through, replacing whatever the client sent
 * under those names: the client's address (for the route helper's limits), and the origin CORS
 * allows for it, if any (read by {@link installCorsPolicy}'s header function).
 */
export const CLIENT_ADDRESS_HEADER = 'x-marque-client-address';
export const CORS_ORIGIN_HEADER = 'x-marque-cors-origin';

type BodyRequest = IncomingMessage & { body?: string };

/**
 * The node HTTP server the Colyseus transport runs on, with the limits that protect it from
 * clients that would wear it down: time-outs for headers, requests and idle keep-alive sockets, a
 * per-address cap on open sockets, per-address rate limits, and request bodies bounded before
 * they are read (from `Content-Length`, then while streaming) — for every route: the API's,
 * Colyseus' matchmaking and the express routes alike. Requests within the limits reach the
 * server's listeners (Colyseus' router and express) with their body already read (`req.body`,
 * which @colyseus/better-call's node adapter uses as it is).
 *
 * The checks run in an override of the server's `emit`, so they come before any listener
 * whenever and in whatever order Colyseus adds them.
 */
export function createGuardedServer(options: {
  limits: HttpLimits;
  limiter: RateLimiter;
  /** The route of a method and path: its body limit and rate limit. */
  policyFor: (method: string, path: string) => RoutePolicy;
}): http.Server {
  const { limits, limiter, policyFor } = options;
  const server = http.createServer({
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    // Node checks time-outs every 30 s by default: a 10 s limit would hold for up to 40 s.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  });
  const corsOrigins = new Set(limits.corsOrigins);
  const openSockets = new Map<string, number>();

  const addressOfSocket = (socket: Socket) => addressKey(socket.remoteAddress ?? 'unknown');
  const addressOf = (req: IncomingMessage) => clientAddress(req, limits.trustProxy);

  /** Counts a socket against its address; false (the socket refused) past the cap. */
  const admitSocket = (socket: Socket, key: string): boolean => {
    if (limits.maxConnectionsPerAddress <= 0) return true;
    const open = openSockets.get(key) ?? 0;
    if (open >= limits.maxConnectionsPerAddress) {
      refuseSocket(
        socket,
        {
          status: 429,
          shortMessage: `too many open connections from your network address (${open}); close some and try again`,
          reason: 'too-many-connections',
          details: `at most ${limits.maxConnectionsPerAddress} at once (MAX_CONNECTIONS_PER_ADDRESS)`,
        },
        { 'retry-after': '10' },
      );
      return false;
    }
    openSockets.set(key, open + 1);
    socket.once('close', () => {
      const left = (openSockets.get(key) ?? 1) - 1;
      if (left <= 0) openSockets.delete(key);
      else openSockets.set(key, left);
    });
    return true;
  };

  /** Checks a request before its body is read; reads the body (bounded) and hands it on, or answers. */
  const guardRequest = (req: BodyRequest, res: ServerResponse, expectsContinue: boolean, proceed: () => void) => {
    const address = addressOf(req);
    // Only the guard says who the client is and what CORS allows: never the client itself.
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    const origin = req.headers.origin;
    req.headers[CORS_ORIGIN_HEADER] = origin && corsOrigins.has(origin) ? origin : '';
    const refuse = (refusal: Refusal) => {
      const headers: Record<string, string> = refusal.retryAfterSeconds ? { 'retry-after': String(refusal.retryAfterSeconds) } : {};
      if (req.headers[CORS_ORIGIN_HEADER]) headers['access-control-allow-origin'] = String(req.headers[CORS_ORIGIN_HEADER]);
      refuseRequest(req, res, refusal, headers);
    };

    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const policy = method === 'OPTIONS' ? { maxBodyBytes: 0 } : policyFor(method, path);
    for (const name of ['api', policy.limit] as const) {
      if (!name) continue;
      const wait = limiter.wait(name, 'perAddress', address);
      if (wait > 0) return refuse(rateLimitRefusal(RATE_LIMITS[name], 'perAddress', wait, limiter.scale));
    }

    const declared = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const length = declared === undefined ? 0 : Number(declared);
    const tooLarge = (): Refusal => ({
      status: 413,
      shortMessage: `the request body is over ${formatBytes(policy.maxBodyBytes)}, the most ${method} ${path} accepts`,
      reason: 'too-large',
      details: 'send a smaller body; nothing was read past the limit',
    });
    if (length > policy.maxBodyBytes) return refuse(tooLarge());
    if (expectsContinue) res.writeContinue();
    if (!chunked && !(length > 0)) return proceed();

    // Read here, bounded, so that nothing downstream ever holds more than the route's limit.
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > policy.maxBodyBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        refuse(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      req.body = Buffer.concat(chunks, received).toString('utf8');
      proceed();
    };
    req.on('data', onData);
    req.once('end', onEnd);
    // A client that goes away mid-body: nothing to answer.
    req.once('error', () => req.off('end', onEnd));
  };

  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'connection') {
      const socket = args[0] as Socket;
      // Behind a trusted proxy every socket is the proxy's: WebSockets are counted per forwarded address instead.
      if (limits.trustProxy === 0 && !admitSocket(socket, addressOfSocket(socket))) return true;
      return emit(event, ...args);
    }
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Socket];
      const address = addressOf(req);
      // Rooms read the client's address from here on a WebSocket's upgrade too (rooms/client-address.ts).
      req.headers[CLIENT_ADDRESS_HEADER] = address;
      if (limits.trustProxy > 0 && !admitSocket(socket, address)) return true;
      return emit(event, ...args);
    }
    if (event === 'request' || event === 'checkContinue') {
      const [req, res] = args as [BodyRequest, ServerResponse];
      guardRequest(req, res, event === 'checkContinue', () => emit('request', req, res));
      return true;
    }
    return emit(event, ...args);
  }) as typeof server.emit;
  // What Node refuses before any listener sees a request (time-outs, broken HTTP), answered in the
  // API's error shape rather than Node's empty bodies; then the socket is closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.bytesWritten > 0 || error.code === 'ECONNRESET') return void socket.destroy();
    refuseSocket(socket, clientErrorOf(error, limits), {});
  });
  // Node emits 'checkContinue' only when someone listens: the guard answers `Expect: 100-continue`
  // itself, so that a body over the limit is refused before the client sends it.
  server.on('checkContinue', () => {});
  return server;
}

/**
 * CORS for everything Colyseus answers (the API's router, matchmaking, express): the
 * `Access-Control-Allow-Origin` of an allowed origin only, never a reflection of any origin
 * (Colyseus' default). Which origin is allowed for a request is decided by the guard of the server
 * it came to ({@link CORS_ORIGIN_HEADER}), so servers with different origins can share a process.
 * Public reads (twin metadata, glbs, add-ons) set their own `*`.
 */
export function installCorsPolicy(): void {
  const controller = matchMaker.controller;
  const defaults = controller.DEFAULT_CORS_HEADERS as Partial<typeof controller.DEFAULT_CORS_HEADERS>;
  delete defaults['Access-Control-Allow-Origin'];
  // Sessions travel as Bearer tokens, never cookies: nothing needs credentials.
  delete defaults['Access-Control-Allow-Credentials'];
  controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = headers.get(CORS_ORIGIN_HEADER);
    return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
  };
}

/**
 * The client's address: the socket's, or with `trustProxy` hops the address that many proxies
 * back in X-Forwarded-For (each proxy appends the address it saw). IPv4-mapped IPv6 addresses
 * read as IPv4; an IPv6 address counts by its /64, which one subscriber usually holds whole.
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy <= 0) return addressKey(socketAddress);
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [socketAddress, ...forwarded.reverse()];
  return addressKey(chain[Math.min(trustProxy, chain.length - 1)]!);
}

/** The key limits count an address under. */
export function addressKey(address: string): string {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (!plain.includes(':')) return plain;
  // An IPv6 address: its first four groups (the /64), with "::" expanded.
  const [head = '', tail = ''] = plain.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = plain.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...headGroups, ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** What a client gets for a request Node refused: 408 past a time-out, 431 for huge headers, else 400. */
function clientErrorOf(error: NodeJS.ErrnoException, limits: HttpLimits): Refusal {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      shortMessage: 'the request took too long to arrive; the connection is closed — send it again, whole',
      reason: 'request-timeout',
      details: `headers within ${limits.headersTimeoutMs / 1000} s of connecting, the whole request within ${limits.requestTimeoutMs / 1000} s`,
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, shortMessage: 'the request headers are too large; send fewer or shorter headers', reason: 'headers-too-large' };
  }
  return { status: 400, shortMessage: 'the request is not valid HTTP/1.1; the connection is closed', reason: 'bad-request', details: error.code };
}

/** The API's error shape of a refusal. */
function refusalBody(refusal: Refusal): string {
  return JSON.stringify({ error: `http: ${refusal.shortMessage}`, reason: refusal.reason, details: refusal.details });
}

/**
 * Answers a request in the API's error shape. A request whose body was not read has its
 * connection closed (keeping it would mean reading the body to its end); one without a body keeps
 * it, which costs a flood less than reconnecting.
 */
function refuseRequest(req: IncomingMessage, res: ServerResponse, refusal: Refusal, headers: Record<string, string>): void {
  const body = refusalBody(refusal);
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const unread = hasBody && !req.complete;
  res.writeHead(refusal.status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(unread ? { connection: 'close' } : {}),
  });
  res.end(body);
  if (unread) res.once('finish', () => req.socket.destroy());
}

/** Refuses a socket before any request: one raw answer in the API's error shape, then closed. */
function refuseSocket(socket: Socket, refusal: Refusal, headers: Record<string, string>): void {
  const body = refusalBody(refusal);
  const head = [
    `HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status] ?? ''}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([key, value]) => `${key}: ${value}`),
    'connection: close',
    '',
    '',
  ].join('\r\n');
  socket.on('error', () => {});
  socket.end(head + body, () => socket.destroy());
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
