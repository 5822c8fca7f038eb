import { ServerError, type AuthContext } from '@colyseus/core';
import { assertGarageAccess } from '../gating/garage-access';
import { authenticateVisitor, toServerError, WorldRoom, type RoomPolicy, type RoomServices, type VisitorAuth } from './world-room';

/**
 * The owners' garage: only a signed-in wallet that holds a twin token on chain
 * gets a seat. The check runs on the server at matchmaking, before any seat exists.
 */
export function createGarageRoom(services: RoomServices, policy: RoomPolicy) {
  return class GarageRoom extends WorldRoom {
    protected readonly policy = policy;
    protected readonly services = services;

    static override async onAuth(token: string, _options: unknown, _context: AuthContext): Promise<VisitorAuth> {
      const visitor = await authenticateVisitor(services, token);
      if (!visitor.address) {
        throw new ServerError(
          401,
          "garage: the owners' garage is for owners of a Marque car — sign in with the wallet that holds your car's digital twin",
        );
      }
      try {
        await assertGarageAccess(services.chain, visitor.address);
      } catch (error) {
        throw toServerError(error);
      }
      return { address: visitor.address, badge: 'owner' };
    }
  };
}
