import { defineRoom, defineServer, type matchMaker, type Presence } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { createRoutes, type HttpServices } from './http/routes';
import { ROOM_NAMES } from './protocol/messages';
import { createGarageRoom } from './rooms/garage-room';
import { createPublicRoom } from './rooms/public-room';

/** Everything the server is made of; built by {@link createServices}. */
export interface AppServices extends HttpServices {
  /** In-process presence by default; Redis when scaling out. */
  presence?: Presence;
  /** Where rooms are listed for matchmaking: in-process by default; Redis when scaling out. */
  driver?: matchMaker.MatchMakerDriver;
  /** `host:port` clients use to reach this process directly (see `PUBLIC_ADDRESS`). */
  publicAddress?: string;
}

/**
 * The Colyseus server: rooms and HTTP routes wired to their services.
 * Tests boot exactly this, as the product does.
 */
export function createApp(services: AppServices) {
  return defineServer({
    rooms: {
      [ROOM_NAMES.museum]: defineRoom(createPublicRoom(services)),
      [ROOM_NAMES.factory]: defineRoom(createPublicRoom(services)),
      [ROOM_NAMES.arena]: defineRoom(createPublicRoom(services)),
      [ROOM_NAMES.lounge]: defineRoom(createPublicRoom(services)),
      [ROOM_NAMES.garage]: defineRoom(createGarageRoom(services)),
    },
    routes: createRoutes(services),
    transport: new WebSocketTransport(),
    presence: services.presence,
    driver: services.driver,
    publicAddress: services.publicAddress,
    greet: false,
    // The process owner (npm start, tests) decides when to shut down.
    gracefullyShutdown: false,
  });
}
