import { defineRoom, defineServer, type matchMaker, type Presence } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { mountBinaryRoutes, type ExpressLikeApp } from './http/binary-routes';
import { createGuardedServer, HTTP_LIMITS_DEFAULTS, installCorsPolicy } from './http/http-guard';
import { RateLimiter } from './http/rate-limiter';
import type { HttpServices } from './http/http-services';
import { createRoutes, routePolicies } from './http/routes';
import { ROOM_NAMES, type RoomName } from '../../protocol/src/messages';
import type { ChatModerator } from './rooms/chat';
import { ROOM_POLICIES } from './rooms/policies';
import type { RoomPolicy } from './rooms/room-policy';
import { createZoneRoom } from './rooms/zone-room';
import { createLaunchRoom } from './rooms/launch-room';
import { LAUNCH_ROOM } from '../../protocol/src/launch';
import type { OverflowStreams } from './launch/overflow-stream';
import type { AccessControl } from './access/access-control';
import type { VoiceHub } from './voice/voice-hub';

/** How often the server pings each WebSocket, and how many pings may go unanswered before it is closed. */
export const WS_PING_INTERVAL_MS = 3_000;
export const WS_PING_MAX_RETRIES = 2;

/** Everything the server is made of; built by {@link createServices}. */
export interface AppServices extends HttpServices {
  /** Every chat line passes through it before anyone sees it. */
  moderator: ChatModerator;
  /** Zones' access rules, badges, and revocation when tokens move. */
  access: AccessControl;
  /** In-process presence by default; Redis when scaling out. Launch shows travel through it. */
  presence?: Presence;
  /** Where rooms are listed for matchmaking: in-process by default; Redis when scaling out. */
  driver?: matchMaker.MatchMakerDriver;
  /** `host:port` clients use to reach this process directly (see `PUBLIC_ADDRESS`). */
  publicAddress?: string;
  /** The launches' overflow tier: viewers' event streams. */
  overflow: OverflowStreams;
  /** The process's voice forwarder (its own thread); unset when voice is off. */
  voice?: VoiceHub;
  /** Replaces zones' room policies (the rooms benchmark turns interest management off). */
  policies?: Partial<Record<RoomName, RoomPolicy>>;
}

/**
 * The Colyseus server: rooms and HTTP routes wired to their services.
 * Tests boot exactly this, as the product does.
 */
export function createApp(services: AppServices) {
  const policy = (name: RoomName) => services.policies?.[name] ?? ROOM_POLICIES[name];
  // One limiter for the HTTP guard (per address, before a body is read) and the routes (per session).
  const limits = services.http ?? HTTP_LIMITS_DEFAULTS;
  const limiter = new RateLimiter(limits.rateLimitScale);
  const routes = createRoutes(services, limiter);
  installCorsPolicy();
  return defineServer({
    rooms: {
      [ROOM_NAMES.museum]: defineRoom(createZoneRoom(services, 'museum', policy('museum'))),
      [ROOM_NAMES.factory]: defineRoom(createZoneRoom(services, 'factory', policy('factory'))),
      [ROOM_NAMES.launch]: defineRoom(createZoneRoom(services, 'launch', policy('launch'))),
      [ROOM_NAMES.lounge]: defineRoom(createZoneRoom(services, 'lounge', policy('lounge'))),
      [ROOM_NAMES.garage]: defineRoom(createZoneRoom(services, 'garage', policy('garage'))),
      // One event's instances share its show; `eventId` keeps each event's audience apart.
      [LAUNCH_ROOM]: defineRoom(createLaunchRoom(services)).filterBy(['eventId']),
    },
    routes,
    // Large binary answers (a twin's glb) go through express; see http/binary-routes.ts.
    express: (app: ExpressLikeApp) => mountBinaryRoutes(app, services, services.overflow),
    transport: new WebSocketTransport({
      // Time-outs, a per-address connection cap, rate limits and bounded bodies for every HTTP request.
      server: createGuardedServer({ limits, limiter, policyFor: routePolicies(routes) }),
      // Nothing a client legitimately sends comes near 16 KiB; bigger frames close the connection.
      maxPayload: 16 * 1024,
      // Heartbeats: a socket that misses two pings in a row (6–9 s of silence) is closed; its seat
      // is then held for reconnection as for any drop.
      pingInterval: WS_PING_INTERVAL_MS,
      pingMaxRetries: WS_PING_MAX_RETRIES,
    }),
    presence: services.presence,
    driver: services.driver,
    publicAddress: services.publicAddress,
    greet: false,
    // The process owner (npm start, tests) decides when to shut down.
    gracefullyShutdown: false,
  });
}
