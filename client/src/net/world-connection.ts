import { Callbacks, Client, type Room } from '@colyseus/sdk';
import { LAUNCH_ROOM } from '../../../protocol/src/launch';
import type { ChatLine, JoinOptions, Notice, ReactionBurst, Removal, RoomName } from '../../../protocol/src/messages';
import { decodePoses, encodePose, type AvatarPose } from '../../../protocol/src/pose-codec';
import { deviceId } from './device-id';
import { createSampledPose, PoseBuffer } from './interpolation';
import { JoinRefusedError } from './join-refused-error';
import { LaunchChannel } from './launch-channel';
import type { VoiceClientMessage, VoiceServerMessage, VoiceTalkers } from '../../../protocol/src/voice';

/** World rooms a client can join. */
export type { RoomName } from '../../../protocol/src/messages';

/** The room of a live launch event: the arena, joined with the event's id; it speaks the world rooms' protocol and more. */
export { LAUNCH_ROOM };

/** A zone's room, or a launch event's. */
export type JoinableRoom = RoomName | typeof LAUNCH_ROOM;

/** Another visitor in the room, as this client draws them. */
export interface RemoteAvatar {
  id: string;
  slot: number;
  name: string;
  device: string;
  /** `owner`, `dealer`, `brand-team` or empty. */
  badge: string;
  /** True while their connection is down and the server holds their seat. */
  away: boolean;
  /** At a launch: a raised hand for the Q&A. */
  hand: boolean;
  /** At a launch: brought onto the stage by the host. */
  stage: boolean;
  /** Received poses, for drawing smoothly between network updates. */
  poses: PoseBuffer;
}

/** Poses go up at most this often. */
export const POSE_SEND_HZ = 20;

/**
 * Where the connection stands: `connected`; `reconnecting` after a drop (the SDK retries
 * and the server holds the seat for 20 s); `closed` for good — `removal` says why when the
 * server removed this client, `retry` whether joining again makes sense (the server
 * process went away, the network failed for longer than the seat was held).
 */
export type ConnectionStatus =
  | { state: 'connected' }
  | { state: 'reconnecting' }
  | { state: 'closed'; code: number; retry: boolean; removal?: Removal };

interface AvatarView {
  name: string;
  device: string;
  badge: string;
  slot: number;
  away: boolean;
  hand: boolean;
  stage: boolean;
}

/** What a connection reports, each to its own listeners. */
interface Events {
  avatars: () => void;
  chat: (line: ChatLine) => void;
  reactions: (burst: ReactionBurst) => void;
  notice: (notice: Notice) => void;
  status: (status: ConnectionStatus) => void;
  /** Voice signalling from the server (client/src/voice/ speaks it). */
  voice: (message: VoiceServerMessage) => void;
  /** Whose voice is being heard in the room changed ({@link WorldConnection.talking}). */
  talkers: () => void;
}

/** Options of {@link WorldConnection.join}. */
export interface JoinRequest extends Partial<JoinOptions> {
  /** Session token from sign-in; guests pass none. */
  token?: string;
  /** Server URL; by default the page's `/colyseus`. */
  endpoint?: string;
  /** Join this instance (following a friend) instead of any instance with a free seat. */
  roomId?: string;
  /** The launch event whose arena this is: required by the `launch-event` room, which splits each event's audience into instances. */
  eventId?: string;
}

/** Close codes after which joining again makes sense: the socket went away, or its server process shut down. */
const RETRYABLE_CLOSE_CODES = new Set([1001, 1005, 1006, 4001, 4003, 4010]);
const MAX_CHAT_LINES = 100;

/**
 * One client's presence in one world room: joins through the Colyseus SDK, mirrors the
 * roster (schema state) and the binary `poses` messages into pose buffers, sends the
 * local pose, chat and reactions, and follows the connection through drops. In a launch
 * event's room, {@link launch} speaks the launch's extras (the show, the questions, hands).
 * Plain TypeScript, no React: components subscribe with {@link on}.
 */
export class WorldConnection {
  readonly avatars = new Map<string, RemoteAvatar>();
  /** Grows by one whenever {@link avatars} gains or loses someone; a cheap snapshot for React. */
  avatarsVersion = 0;
  /** Recent chat lines, oldest first. */
  readonly chat: ChatLine[] = [];
  status: ConnectionStatus = { state: 'connected' };
  /** In a launch event's room: its show, questions and hands; undefined elsewhere. */
  readonly launch: LaunchChannel | undefined;
  /** Sessions whose voice the room forwards now: their avatars wear the speaking ring. */
  talking: ReadonlySet<string> = new Set();
  /** The last pose this client sent: where its own ears are when no camera says (flat mode). */
  ownPose: AvatarPose | undefined;
  private readonly sampled = createSampledPose();
  private readonly bySlot = new Map<number, RemoteAvatar>();
  /** Poses that arrived before their avatar's roster entry. */
  private readonly early = new Map<number, AvatarPose>();
  private readonly listeners: { [K in keyof Events]: Set<Events[K]> } = {
    avatars: new Set(),
    chat: new Set(),
    reactions: new Set(),
    notice: new Set(),
    status: new Set(),
    voice: new Set(),
    talkers: new Set(),
  };
  private lastSent = -Infinity;
  private lastPose: Uint8Array | undefined;
  private removal: Removal | undefined;
  private left = false;

  private constructor(
    readonly roomName: JoinableRoom,
    private readonly room: Room,
  ) {
    const launch =
      roomName === LAUNCH_ROOM
        ? new LaunchChannel({
            onMessage: (type, handler) => room.onMessage(type, handler),
            send: (type, message) => {
              if (!this.left) room.send(type, message);
            },
          })
        : undefined;
    this.launch = launch;
    const callbacks = Callbacks.get(room as Room<any, any>);
    callbacks.onAdd('avatars', (value, key) => {
      const view = value as AvatarView;
      const id = key as string;
      if (id === room.sessionId) {
        if (launch) callbacks.onChange(value as never, () => launch.updateOwn({ hand: Boolean(view.hand), stage: Boolean(view.stage) }));
        return;
      }
      const avatar: RemoteAvatar = {
        id,
        slot: view.slot,
        name: view.name,
        device: view.device,
        badge: view.badge,
        away: view.away,
        hand: Boolean(view.hand),
        stage: Boolean(view.stage),
        poses: new PoseBuffer(),
      };
      const early = this.early.get(view.slot);
      if (early) avatar.poses.push(early, performance.now());
      this.early.delete(view.slot);
      this.avatars.set(id, avatar);
      this.bySlot.set(avatar.slot, avatar);
      callbacks.onChange(value as never, () => {
        if (avatar.away === view.away && avatar.hand === Boolean(view.hand) && avatar.stage === Boolean(view.stage)) return;
        avatar.away = view.away;
        avatar.hand = Boolean(view.hand);
        avatar.stage = Boolean(view.stage);
        this.emit('avatars');
      });
      this.emit('avatars');
    });
    callbacks.onRemove('avatars', (_value, key) => {
      const avatar = this.avatars.get(key as string);
      if (!avatar) return;
      this.avatars.delete(avatar.id);
      this.bySlot.delete(avatar.slot);
      this.emit('avatars');
    });
    room.onMessage('poses', (bytes: Uint8Array) => {
      const now = performance.now();
      for (const { slot, pose } of decodePoses(bytes).poses) {
        const avatar = this.bySlot.get(slot);
        if (avatar) avatar.poses.push(pose, now);
        else this.early.set(slot, pose);
      }
    });
    room.onMessage('chat', (line: ChatLine) => this.addChat([line]));
    room.onMessage('chat-history', (lines: ChatLine[]) => this.addChat(lines));
    room.onMessage('reactions', (burst: ReactionBurst) => this.emit('reactions', burst));
    room.onMessage('notice', (notice: Notice) => this.emit('notice', notice));
    room.onMessage('voice', (message: VoiceServerMessage) => this.emit('voice', message));
    room.onMessage('voice-talkers', ({ talking }: VoiceTalkers) => {
      this.talking = new Set(talking);
      this.emit('talkers');
    });
    room.onMessage('removed', (removal: Removal) => {
      this.removal = removal;
    });
    room.onDrop(() => this.setStatus({ state: 'reconnecting' }));
    room.onReconnect(() => this.setStatus({ state: 'connected' }));
    room.onLeave((code) => {
      const wasLeaving = this.left;
      this.left = true;
      this.avatars.clear();
      this.bySlot.clear();
      this.emit('avatars');
      if (!wasLeaving) this.setStatus({ state: 'closed', code, retry: !this.removal && RETRYABLE_CLOSE_CODES.has(code), removal: this.removal });
    });
  }

  /**
   * Joins an instance of a world room: the one given by `roomId`, or any with a free seat
   * (a new one when all are full). A launch event's room needs the event's id.
   * @throws JoinRefusedError with the server's reason when it refuses (at a launch: 409 when
   * the embodied audience is full, 403 for a removed or banned attendee).
   */
  static async join(roomName: JoinableRoom, request: JoinRequest = {}): Promise<WorldConnection> {
    const client = new Client(request.endpoint ?? `${location.origin}/colyseus`);
    if (request.token) client.auth.token = request.token;
    const options = { name: request.name, device: request.device, deviceId: deviceId(), ...(request.eventId ? { eventId: request.eventId } : {}) };
    try {
      const room = request.roomId ? await client.joinById(request.roomId, options) : await client.joinOrCreate(roomName, options);
      // Retry a dropped socket for about as long as the server holds the seat (20 s).
      Object.assign(room.reconnection, { maxRetries: 8, minUptime: 1000, maxDelay: 3000 });
      return new WorldConnection(roomName, room);
    } catch (error) {
      const e = error as { message?: string; code?: number };
      throw new JoinRefusedError(e.message || `${roomName}: could not join; try again`, e.code ?? 0, error);
    }
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  /** The instance this client is in: a friend joins it with `roomId`. */
  get roomId(): string {
    return this.room.roomId;
  }

  /** The name the server gave this visitor (a pseudonym unless they chose one); undefined until the first state. */
  get ownName(): string | undefined {
    const state = this.room.state as { avatars?: Map<string, AvatarView> } | undefined;
    return state?.avatars?.get(this.room.sessionId)?.name;
  }

  /** Sends the local pose, at most {@link POSE_SEND_HZ} times a second and only when it changed. */
  sendPose(pose: AvatarPose, now = performance.now()): void {
    if (this.left || this.status.state !== 'connected' || now - this.lastSent < 1000 / POSE_SEND_HZ) return;
    const bytes = encodePose(pose);
    const last = this.lastPose;
    if (last && last.length === bytes.length && last.every((byte, i) => byte === bytes[i])) return;
    this.lastSent = now;
    this.lastPose = bytes;
    this.ownPose = pose;
    this.room.sendBytes('pose', bytes);
  }

  /** Sends a chat line; the server answers with a `notice` when it refuses it. */
  sendChat(text: string): void {
    if (!this.left) this.room.send('chat', { text });
  }

  /** Sends an emote; everyone in the instance sees it in the next burst. */
  react(emote: string): void {
    if (!this.left) this.room.send('react', { emote });
  }

  /** Another visitor's head as drawn at `now`, written into `out` (voice places them there); false when unknown. */
  headOf(sessionId: string, now: number, out: { x: number; y: number; z: number }): boolean {
    const avatar = this.avatars.get(sessionId);
    if (!avatar || !avatar.poses.sample(now, this.sampled)) return false;
    out.x = this.sampled.head.x;
    out.y = this.sampled.head.y;
    out.z = this.sampled.head.z;
    return true;
  }

  /** Sends voice signalling; the server answers on the `voice` event. */
  sendVoice(message: VoiceClientMessage): void {
    if (!this.left) this.room.send('voice', message);
  }

  /** Subscribes to one kind of event; returns the unsubscribe function. */
  on<K extends keyof Events>(kind: K, listener: Events[K]): () => void {
    this.listeners[kind].add(listener);
    return () => this.listeners[kind].delete(listener);
  }

  /** Calls `listener` whenever an avatar arrives, leaves or goes away; returns the unsubscribe function. */
  onAvatarsChanged(listener: () => void): () => void {
    return this.on('avatars', listener);
  }

  async leave(): Promise<void> {
    if (this.left) return;
    this.left = true;
    await this.room.leave(true).catch(() => {});
  }

  private addChat(lines: ChatLine[]): void {
    for (const line of lines) {
      if (this.chat.some((known) => known.id === line.id)) continue;
      this.chat.push(line);
      this.emit('chat', line);
    }
    if (this.chat.length > MAX_CHAT_LINES) this.chat.splice(0, this.chat.length - MAX_CHAT_LINES);
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.emit('status', status);
  }

  private emit<K extends keyof Events>(kind: K, ...args: Parameters<Events[K]>): void {
    if (kind === 'avatars') this.avatarsVersion++;
    for (const listener of this.listeners[kind]) (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }
}
