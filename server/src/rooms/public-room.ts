import type { AuthContext } from '@colyseus/core';
import { authenticateVisitor, WorldRoom, type RoomServices } from './world-room';

/** A public zone (the museum, the factory line, the launch arena): guests and signed-in visitors alike. */
export function createPublicRoom(services: RoomServices) {
  return class PublicRoom extends WorldRoom {
    static override async onAuth(token: string, _options: unknown, _context: AuthContext) {
      return authenticateVisitor(services, token);
    }
  };
}
