import type { AuthContext } from '@colyseus/core';
import { authenticateVisitor, WorldRoom, type RoomServices } from './world-room';

/** The public museum: guests and signed-in visitors alike. */
export function createMuseumRoom(services: RoomServices) {
  return class MuseumRoom extends WorldRoom {
    static override async onAuth(token: string, _options: unknown, _context: AuthContext) {
      return authenticateVisitor(services, token);
    }
  };
}
