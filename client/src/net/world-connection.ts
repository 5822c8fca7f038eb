import { Callbacks, Client, type Room } from '@colyseus/sdk';
import type { JoinOptions, PoseMessage, RoomName } from '../../../server/src/protocol/messages';
import { PoseBuffer, type Pose } from './interpolation';

/** World rooms a client can join. */
export type { RoomName } from '../../../server/src/protocol/messages';

/** Another visitor in the room, as this client draws them. */
export interface RemoteAvatar {
  id: string;
  name: string;
  device: string;
  owner: boolean;
  /** Received poses, for drawing smoothly between network updates. */
  poses: PoseBuffer;
}

/** Poses go up at most this often. */
export const POSE_SEND_HZ = 20;

/** A join the server refused; `message` is the server's explanation, fit to show a person. */
export class JoinRefusedError extends Error {
  override name = 'JoinRefusedError';
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface AvatarView {
  name: string;
  device: string;
  owner: boolean;
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
}

/**
 * One client's presence in one world room: joins through the Colyseus SDK,
 * mirrors the other avatars into pose buffers, and sends the local pose.
 * Plain TypeScript, no React: components subscribe with {@link onAvatarsChanged}.
 */
export class WorldConnection {
  readonly avatars = new Map<string, RemoteAvatar>();
  /** Grows by one whenever {@link avatars} gains or loses someone; a cheap snapshot for React. */
  avatarsVersion = 0;
  private readonly listeners = new Set<() => void>();
  private lastSent = 0;
  private lastPose: PoseMessage | undefined;
  private left = false;

  private constructor(
    readonly roomName: RoomName,
    private readonly room: Room,
  ) {
    const callbacks = Callbacks.get(room as Room<any, any>);
    callbacks.onAdd('avatars', (value, key) => {
      const avatar = value as AvatarView;
      const id = key as string;
      if (id === room.sessionId) return;
      const remote: RemoteAvatar = {
        id,
        name: avatar.name,
        device: avatar.device,
        owner: avatar.owner,
        poses: new PoseBuffer(),
      };
      remote.poses.push(avatar, performance.now());
      this.avatars.set(id, remote);
      callbacks.onChange(avatar as never, () => remote.poses.push(avatar, performance.now()));
      this.emit();
    });
    callbacks.onRemove('avatars', (_value, key) => {
      if (this.avatars.delete(key as string)) this.emit();
    });
    room.onLeave(() => {
      this.left = true;
      this.avatars.clear();
      this.emit();
    });
  }

  /**
   * Joins (or opens) an instance of a world room.
   * @param token session token from sign-in; guests pass none.
   * @throws JoinRefusedError with the server's reason when it refuses.
   */
  static async join(roomName: RoomName, options: JoinOptions & { token?: string; endpoint?: string }): Promise<WorldConnection> {
    const client = new Client(options.endpoint ?? `${location.origin}/colyseus`);
    if (options.token) client.auth.token = options.token;
    try {
      const room = await client.joinOrCreate(roomName, { name: options.name, device: options.device });
      return new WorldConnection(roomName, room);
    } catch (error) {
      const e = error as { message?: string; code?: number };
      throw new JoinRefusedError(e.message || `${roomName}: could not join; try again`, e.code ?? 0);
    }
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  /** The name the server gave this visitor (a pseudonym unless they chose one); undefined until the first state. */
  get ownName(): string | undefined {
    const state = this.room.state as { avatars?: Map<string, AvatarView> } | undefined;
    return state?.avatars?.get(this.room.sessionId)?.name;
  }

  /** Sends the local head pose, at most {@link POSE_SEND_HZ} times a second and only when it changed. */
  sendPose(pose: Pose, now = performance.now()): void {
    if (this.left || now - this.lastSent < 1000 / POSE_SEND_HZ) return;
    const last = this.lastPose;
    if (
      last &&
      Math.abs(last.x - pose.x) < 1e-3 &&
      Math.abs(last.y - pose.y) < 1e-3 &&
      Math.abs(last.z - pose.z) < 1e-3 &&
      Math.abs(last.yaw - pose.yaw) < 1e-3 &&
      Math.abs(last.pitch - pose.pitch) < 1e-3
    ) {
      return;
    }
    this.lastSent = now;
    this.lastPose = { x: pose.x, y: pose.y, z: pose.z, yaw: pose.yaw, pitch: pose.pitch };
    this.room.send('pose', this.lastPose);
  }

  /** Calls `listener` whenever an avatar arrives or leaves; returns the unsubscribe function. */
  onAvatarsChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async leave(): Promise<void> {
    if (this.left) return;
    this.left = true;
    await this.room.leave(true).catch(() => {});
  }

  private emit(): void {
    this.avatarsVersion++;
    for (const listener of this.listeners) listener();
  }
}
