import { Room, ServerError, validate, type Client } from '@colyseus/core';
import type { Address } from 'viem';
import type { SessionTokens } from '../auth/session-token';
import type { Chain } from '../chain/chain';
import { MarqueError } from '../errors';
import { WORLD_BOUNDS, joinOptions, poseMessage } from '../protocol/messages';
import { Avatar, WorldState } from '../schema/world-state';

/** What the rooms need from the rest of the server. */
export interface RoomServices {
  tokens: SessionTokens;
  chain: Chain;
}

/** Who a client is, decided by the server in `onAuth`; guests have no address. */
export interface VisitorAuth {
  address?: Address;
  owner: boolean;
}

/** Most clients one instance of a world room holds; matchmaking opens another when full. */
export const WORLD_ROOM_CAPACITY = 50;

/**
 * Turns the optional session token into a visitor. No token: a guest.
 * A token that does not verify is refused rather than silently downgraded,
 * so the client knows to sign in again.
 */
export async function authenticateVisitor(services: RoomServices, token: string | undefined): Promise<VisitorAuth> {
  if (!token) return { owner: false };
  try {
    const session = await services.tokens.verify(token);
    return { address: session.address, owner: false };
  } catch (error) {
    throw toServerError(error);
  }
}

/** Converts the server's errors into the matchmaker's, keeping status and message for the client. */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof MarqueError) return new ServerError(error.status, error.shortMessage, { cause: error });
  return new ServerError(500, 'rooms: unexpected error; try again', { cause: error });
}

/**
 * A shared space where visitors see each other: the server owns every avatar
 * and only accepts validated, clamped poses from its own client.
 */
export class WorldRoom extends Room<{ state: WorldState; client: Client<{ auth: VisitorAuth }> }> {
  override maxClients = WORLD_ROOM_CAPACITY;
  /** Clients send poses at 20 Hz; anything far above is a flood and disconnects the sender. */
  override maxMessagesPerSecond = 40;
  override state = new WorldState();

  override messages = {
    pose: validate(poseMessage, (client: Client, pose) => {
      const avatar = this.state.avatars.get(client.sessionId);
      if (!avatar) return;
      avatar.x = clamp(pose.x, -WORLD_BOUNDS.halfWidth, WORLD_BOUNDS.halfWidth);
      avatar.y = clamp(pose.y, WORLD_BOUNDS.minY, WORLD_BOUNDS.maxY);
      avatar.z = clamp(pose.z, -WORLD_BOUNDS.halfDepth, WORLD_BOUNDS.halfDepth);
      avatar.yaw = pose.yaw % (2 * Math.PI);
      avatar.pitch = clamp(pose.pitch, -Math.PI / 2, Math.PI / 2);
    }),
  };

  override onJoin(client: Client<{ auth: VisitorAuth }>, options: unknown) {
    const parsed = joinOptions.safeParse(options ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
      throw new ServerError(400, `${this.roomName}: invalid join options (${problems})`);
    }
    const { name, device } = parsed.data;
    // Pseudonymous by default: a wallet address is never shown as a name.
    const fallbackName = `${client.auth?.address ? 'Member' : 'Guest'} ${client.sessionId.slice(0, 4)}`;
    const spawn = this.spawnPoint();
    this.state.avatars.set(
      client.sessionId,
      new Avatar({
        name: name ?? fallbackName,
        device,
        owner: client.auth?.owner ?? false,
        x: spawn.x,
        y: 1.6,
        z: spawn.z,
        yaw: 0,
        pitch: 0,
      }),
    );
  }

  override onLeave(client: Client) {
    this.state.avatars.delete(client.sessionId);
  }

  /** Where a newcomer appears: near the entrance, spread so avatars do not overlap. */
  protected spawnPoint(): { x: number; z: number } {
    const angle = Math.random() * Math.PI * 2;
    const radius = 0.8 + Math.random() * 1.2;
    return { x: Math.cos(angle) * radius, z: 8 + Math.sin(angle) * radius };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
