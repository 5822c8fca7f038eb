import type { AuthContext } from '@colyseus/core';
import { authenticateVisitor, WorldRoom, type RoomPolicy, type RoomServices } from './world-room';

/** A public zone (the museum, the factory line, the launch arena): guests and signed-in visitors alike. */
export function createPublicRoom(services: RoomServices, policy: RoomPolicy) {
  return class PublicRoom extends WorldRoom {
    protected readonly policy = policy;
    protected readonly services = services;

    static override async onAuth(token: string, _options: unknown, _context: AuthContext) {
      return authenticateVisitor(services, token);
    }
  };
}
