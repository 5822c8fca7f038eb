import type { AuthContext } from '@colyseus/core';
import type { GuardedRoom } from '../access/access-control';
import type { RoomName } from '../../../protocol/src/messages';
import { authenticateVisitor, checkName, toServerError, type VisitorAuth } from './room-admission';
import type { RoomPolicy } from './room-policy';
import { WorldRoom, type RoomServices } from './world-room';

/**
 * The room of one zone, admitting visitors by the zone's access rule (./policies.ts),
 * checked on the server at matchmaking — for joins by room id too — before any seat exists.
 * Where the rule reads the chain, the room is watched: a member whose token moves away is
 * moved out with the reason.
 */
export function createZoneRoom(services: RoomServices, zone: RoomName, policy: RoomPolicy) {
  return class ZoneRoom extends WorldRoom implements GuardedRoom {
    readonly zone = zone;
    protected readonly policy = policy;
    protected readonly services = services;
    private stopWatching?: () => void;

    static override async onAuth(token: string, options: unknown, _context: AuthContext): Promise<VisitorAuth> {
      const visitor = await authenticateVisitor(services, token);
      try {
        await services.access.admit(zone, { address: visitor.address, inviteScopes: visitor.scopes });
      } catch (error) {
        throw toServerError(error);
      }
      // A badge is a courtesy: a chain that does not answer leaves it off rather than refusing.
      const badge = visitor.address ? await services.access.badge(visitor.address).catch(() => '') : '';
      try {
        checkName(zone, options, badge);
      } catch (error) {
        throw toServerError(error);
      }
      return { ...visitor, badge };
    }

    override onCreate() {
      super.onCreate();
      this.stopWatching = services.access.watch(this);
    }

    override onDispose() {
      this.stopWatching?.();
    }

    revoke(sessionId: string, message: string) {
      this.remove(sessionId, 'access-revoked', message);
    }
  };
}
