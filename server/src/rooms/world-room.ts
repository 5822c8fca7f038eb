import { CloseCode, getMessageBytes, Protocol, Room, ServerError, type Client, type ClientPrivate } from '@colyseus/core';
import type { Address } from 'viem';
import type { AccessControl } from '../access/access-control';
import type { Visitor } from '../access/evaluate';
import type { SessionTokens } from '../auth/session-token';
import {
  CLOSE_CODES,
  joinOptions,
  type ChatLine,
  type Notice,
  type ReactionBurst,
  type Removal,
  type RemovalReason,
} from '../../../protocol/src/messages';
import { decodePose, PoseFormatError, type AvatarPose } from '../../../protocol/src/pose-codec';
import { VOICE_DEFAULTS } from '../../../protocol/src/voice';
import { RoomVoice } from '../voice/room-voice';
import type { VoiceHub } from '../voice/voice-hub';
import { Avatar, WorldState } from '../schema/world-state';
import { chatMessage, reactMessage, type ChatModerator } from './chat';
import { PoseFanout } from './pose-fanout';
import { PoseGuard } from './pose-guard';
import { TokenBucket } from './rate-limit';
import type { VisitorAuth } from './room-admission';
import type { RoomPolicy } from './room-policy';

/** What the rooms need from the rest of the server. */
export interface RoomServices {
  tokens: SessionTokens;
  /** Zones' access rules, badges, and revocation when tokens move. */
  access: AccessControl;
  /** Every chat line passes through it before anyone sees it. */
  moderator: ChatModerator;
  /** The process's voice forwarder; unset when voice is off (`VOICE=off`). */
  voice?: VoiceHub;
}

/** Limits every world room applies to each client, per message kind. */
export const CLIENT_LIMITS = {
  /** Poses a second (clients send 20; a little slack for jitter); extra poses are dropped. */
  poses: { perSecond: 25, burst: 10 },
  chat: { perSecond: 0.5, burst: 5 },
  reactions: { perSecond: 4, burst: 10 },
  /** Protocol violations (malformed or unknown messages, chat past its limit): past these, removal. */
  strikes: { perSecond: 0.2, burst: 10 },
  /** Any message at all, a second: past this Colyseus closes the connection (a flood). */
  messagesPerSecond: 60,
} as const;

/** Poses go out 20 times a second. */
export const TICK_MS = 50;
const CHAT_HISTORY = 30;
const HEAD_HEIGHT = 1.6;

interface Member {
  client: Client;
  avatar: Avatar;
  guard: PoseGuard;
  poses: TokenBucket;
  chat: TokenBucket;
  reactions: TokenBucket;
  strikes: TokenBucket;
}

/**
 * A shared space where visitors see each other. The server owns every avatar: it accepts
 * only validated, clamped poses from each avatar's own client, fans them out with interest
 * management, relays moderated chat and reactions, holds a dropped visitor's seat, and
 * removes clients that abuse the protocol — without disturbing anyone else.
 */
export abstract class WorldRoom extends Room<{ state: WorldState; client: Client<{ auth: VisitorAuth }> }> {
  override state = new WorldState();
  override maxMessagesPerSecond = CLIENT_LIMITS.messagesPerSecond;
  /** Rooms send poses themselves; the roster changes rarely. */
  override patchRate = TICK_MS;

  protected abstract readonly policy: RoomPolicy;
  protected abstract readonly services: RoomServices;

  private fanout!: PoseFanout;
  private readonly seats = new Map<string, Member>();
  private readonly chatHistory: ChatLine[] = [];
  private chatId = 0;
  private nextSlot = 1;
  private reactions: ReactionBurst = { recent: [], totals: {} };
  private reactionsChanged = false;
  /** Voice signalling, the forwarding choice and voice moderation (server/src/voice/). */
  protected voice!: RoomVoice;

  override onCreate(_options?: unknown): void | Promise<void> {
    this.maxClients = this.policy.capacity;
    this.state.capacity = this.policy.capacity;
    this.fanout = new PoseFanout(this.policy.interest, Math.min(this.policy.capacity, 64));
    this.onMessageBytes('pose', (client, bytes: Uint8Array) => this.onPose(client, bytes));
    this.onMessage('chat', (client, payload: unknown) => void this.onChat(client, payload));
    this.onMessage('react', (client, payload: unknown) => this.onReact(client, payload));
    const hub = this.services.voice;
    this.voice = new RoomVoice(
      {
        roomId: this.roomId,
        send: (sessionId, message) => this.seats.get(sessionId)?.client.send('voice', message),
        broadcastTalkers: (talkers) => this.broadcast('voice-talkers', talkers),
      },
      hub,
      { radius: hub?.options.radius ?? VOICE_DEFAULTS.radius, maxSpeakers: hub?.options.maxSpeakers ?? VOICE_DEFAULTS.maxSpeakers },
    );
    this.onMessage('voice', (client, payload: unknown) => {
      const problem = this.voice.handle(client.sessionId, payload);
      if (problem) this.strike(client, problem);
    });
    this.onMessage('*', (client, type) => this.strike(client, `unknown message type "${String(type).slice(0, 40)}"`));
    this.clock.setInterval(() => this.tick(), TICK_MS);
  }

  override onJoin(client: Client<{ auth: VisitorAuth }>, options: unknown) {
    const parsed = joinOptions.safeParse(options ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
      throw new ServerError(400, `${this.roomName}: invalid join options (${problems})`);
    }
    const { name, device } = parsed.data;
    // Pseudonymous by default: a wallet address is never shown as a name.
    const fallbackName = `${client.auth?.address ? 'Member' : 'Guest'} ${client.sessionId.slice(0, 4)}`;
    const spawn = this.policy.spawn();
    const pose: AvatarPose = { head: { x: spawn.x, y: HEAD_HEIGHT, z: spawn.z, qx: 0, qy: 0, qz: 0, qw: 1 } };
    const avatar = new Avatar({ name: name ?? fallbackName, device, badge: client.auth?.badge ?? '', slot: this.allocateSlot(), away: false, hand: false, stage: false });
    this.state.avatars.set(client.sessionId, avatar);
    this.seats.set(client.sessionId, {
      client,
      avatar,
      // The visitor starts at the spawn (or a doorway): a first pose elsewhere is a jump from there like any other.
      guard: new PoseGuard(this.policy.bounds, this.policy.movement, Date.now(), [spawn, ...(this.policy.doorways ?? [])]),
      poses: new TokenBucket(CLIENT_LIMITS.poses.perSecond, CLIENT_LIMITS.poses.burst),
      chat: new TokenBucket(CLIENT_LIMITS.chat.perSecond, CLIENT_LIMITS.chat.burst),
      reactions: new TokenBucket(CLIENT_LIMITS.reactions.perSecond, CLIENT_LIMITS.reactions.burst),
      strikes: new TokenBucket(CLIENT_LIMITS.strikes.perSecond, CLIENT_LIMITS.strikes.burst),
    });
    this.fanout.add(client.sessionId, avatar.slot, pose);
    this.voice.added(client.sessionId, pose.head);
    if (this.chatHistory.length) client.send('chat-history', this.chatHistory);
  }

  /**
   * A dropped connection keeps its seat (and its avatar, marked away) for a while. One the server
   * closed itself (a flood past `maxMessagesPerSecond` closes with WITH_ERROR) does not: returning
   * without allowing reconnection makes Colyseus call onLeave at once. A flood is told as such and
   * closed with the documented 4429 (Colyseus would close it with its generic 4002).
   */
  override onDrop(client: Client, code?: number) {
    const member = this.seats.get(client.sessionId);
    if (code === CloseCode.WITH_ERROR && this.flooded(client)) return this.closeFlood(client);
    if (!member || code === CloseCode.WITH_ERROR) return;
    member.avatar.away = true;
    // Not back in time: the deferred rejects and onLeave frees the seat.
    this.allowReconnection(client, this.policy.reconnectSeconds).catch(() => {});
  }

  override onReconnect(client: Client) {
    const member = this.seats.get(client.sessionId);
    if (!member) return;
    member.client = client;
    member.avatar.away = false;
  }

  override onLeave(client: Client) {
    this.seats.delete(client.sessionId);
    this.fanout.remove(client.sessionId);
    this.voice.left(client.sessionId);
    this.state.avatars.delete(client.sessionId);
  }

  /** Signed-in members of this instance as they were admitted: for access checks that follow the chain. */
  signedIn(): { sessionId: string; visitor: Visitor & { address: Address } }[] {
    const list: { sessionId: string; visitor: Visitor & { address: Address } }[] = [];
    for (const [sessionId, member] of this.seats) {
      const auth = member.client.auth as VisitorAuth | undefined;
      if (auth?.address) list.push({ sessionId, visitor: { address: auth.address, inviteScopes: auth.scopes } });
    }
    return list;
  }

  /**
   * Whether a member may send a chat line now: undefined lets it through (and counts it, for slow
   * mode), a message says why not (a launch's host muted them, slow mode).
   */
  protected admitChat(_sessionId: string): string | undefined {
    return undefined;
  }

  /** A member's reaction was accepted. */
  protected reacted(_emote: string): void {}

  /** Lets a member's next pose land anywhere on the floor (moved onto a stage or back by a host). */
  protected releasePose(sessionId: string): void {
    this.seats.get(sessionId)?.guard.release();
  }

  /** Tells a client why, then closes its connection; its seat is not held. */
  protected remove(sessionId: string, reason: RemovalReason, message: string): void {
    const member = this.seats.get(sessionId);
    if (!member) return;
    member.client.send('removed', { reason, message } satisfies Removal);
    member.client.leave(CLOSE_CODES[reason], message);
  }

  /** Whether Colyseus is closing `client` for sending more than `maxMessagesPerSecond` (its own count of this second's frames). */
  private flooded(client: Client): boolean {
    return ((client as unknown as ClientPrivate)._numMessagesLastSecond ?? 0) > this.maxMessagesPerSecond;
  }

  /**
   * Tells a flooding client why and closes it with 4429 before Colyseus closes it with 4002 (the
   * first close frame is the one sent). The client is already leaving, so `send` would only queue:
   * the removal goes out raw.
   */
  private closeFlood(client: Client) {
    const removal: Removal = { reason: 'flood', message: `Removed for sending more than ${this.maxMessagesPerSecond} messages a second.` };
    try {
      client.raw(getMessageBytes.raw(Protocol.ROOM_DATA, 'removed', removal));
    } catch {
      // The socket may be gone already; the close below is all that matters.
    }
    client.leave(CLOSE_CODES.flood, removal.message);
  }

  private onPose(client: Client, bytes: Uint8Array) {
    const member = this.seats.get(client.sessionId);
    if (!member || member.avatar.away) return;
    let pose: AvatarPose;
    try {
      pose = decodePose(bytes);
    } catch (error) {
      if (error instanceof PoseFormatError) return this.strike(client, error.message);
      throw error;
    }
    if (!member.poses.take()) return; // Over 20 Hz: dropped, the next one carries the news.
    const accepted = member.guard.accept(pose).pose;
    this.fanout.update(client.sessionId, accepted);
    this.voice.moved(client.sessionId, accepted.head);
  }

  private async onChat(client: Client, payload: unknown) {
    const member = this.seats.get(client.sessionId);
    if (!member) return;
    const parsed = chatMessage.safeParse(payload);
    if (!parsed.success) return this.strike(client, `chat: ${parsed.error.issues[0]?.message ?? 'invalid message'}`);
    const refusal = this.admitChat(client.sessionId);
    if (refusal) return this.notify(client, { kind: 'moderated', message: refusal });
    if (!member.chat.take()) {
      const wait = Math.ceil(member.chat.waitSeconds());
      this.notify(client, { kind: 'rate-limited', message: `You are sending messages too fast; wait ${wait} s.` });
      return this.strike(client, 'chat past its rate limit', false);
    }
    const author = {
      sessionId: client.sessionId,
      name: member.avatar.name,
      address: (client.auth as VisitorAuth | undefined)?.address,
      room: this.roomName,
    };
    const verdict = await Promise.resolve(this.services.moderator(parsed.data.text, author)).catch(() => ({
      action: 'reject' as const,
      reason: 'chat moderation is unavailable; try again shortly',
    }));
    if (verdict.action === 'reject') {
      return this.notify(client, { kind: 'moderated', message: `Your message was not sent: ${verdict.reason}.` });
    }
    if (!this.seats.has(client.sessionId)) return;
    const line: ChatLine = { id: ++this.chatId, from: client.sessionId, name: member.avatar.name, text: verdict.text, at: Date.now() };
    this.chatHistory.push(line);
    if (this.chatHistory.length > CHAT_HISTORY) this.chatHistory.shift();
    this.broadcast('chat', line);
  }

  private onReact(client: Client, payload: unknown) {
    const member = this.seats.get(client.sessionId);
    if (!member) return;
    const parsed = reactMessage.safeParse(payload);
    if (!parsed.success) return this.strike(client, 'react: unknown emote');
    if (!member.reactions.take()) return; // A burst past the limit: the extra emotes are dropped.
    const { emote } = parsed.data;
    this.reacted(emote);
    this.reactions.totals[emote] = (this.reactions.totals[emote] ?? 0) + 1;
    if (this.reactions.recent.length < 64) this.reactions.recent.push({ from: client.sessionId, emote });
    this.reactionsChanged = true;
  }

  private tick() {
    this.voice.tick();
    this.fanout.tick((sessionId, message) => {
      const member = this.seats.get(sessionId);
      if (member && !member.avatar.away) member.client.sendBytes('poses', message);
    });
    if (this.reactionsChanged) {
      this.broadcast('reactions', this.reactions);
      this.reactions = { recent: [], totals: this.reactions.totals };
      this.reactionsChanged = false;
    }
  }

  /**
   * Counts a protocol violation against the client: a few are tolerated (a buggy client
   * gets told), past the limit it is removed. Other clients are never affected.
   */
  protected strike(client: Client, problem: string, tell = true) {
    const member = this.seats.get(client.sessionId);
    if (!member) return;
    if (!member.strikes.take()) {
      return this.remove(client.sessionId, 'abuse', 'Removed for sending too many invalid or excessive messages.');
    }
    if (tell) this.notify(client, { kind: 'invalid', message: `${this.roomName}: ignored an invalid message (${problem})` });
  }

  protected notify(client: Client, notice: Notice) {
    client.send('notice', notice);
  }

  /** Slots are handed out in turn and not reused soon, so a late pose never lands on a newcomer. */
  private allocateSlot(): number {
    const used = new Set([...this.state.avatars.values()].map((a) => a.slot));
    while (used.has(this.nextSlot) || this.nextSlot === 0) this.nextSlot = (this.nextSlot + 1) % 65_536;
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % 65_536;
    return slot;
  }
}
