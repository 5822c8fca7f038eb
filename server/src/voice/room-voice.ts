import { MarqueError } from '../../../protocol/src/errors';
import { voiceClientMessage, type VoiceServerMessage, type VoiceSilencedReason, type VoiceTalkers } from '../../../protocol/src/voice';
import { TokenBucket } from '../rooms/rate-limit';
import type { PeerState } from './forwarder';
import { assignSlots, chooseSpeakers, type SpeakerChoiceOptions, type Talker } from './speaker-choice';
import type { VoiceHub } from './voice-hub';

/** What a room's voice needs from its room. */
export interface RoomVoiceHost {
  readonly roomId: string;
  /** Sends `voice` to one member. */
  send(sessionId: string, message: VoiceServerMessage): void;
  /** Tells everyone in the room who is being heard now (`voice-talkers`). */
  broadcastTalkers(talkers: VoiceTalkers): void;
}

/** Why a member's voice is not forwarded, as they are told. */
interface Silence {
  reason: VoiceSilencedReason;
  message: string;
}

const AUDIENCE_SILENCED: Silence = { reason: 'audience-silenced', message: 'The host made the audience silent: only the stage is heard.' };

/** Voice joins a member may start: a few at once (a retry after a failure), then one every 5 s. */
const JOIN_LIMIT = { perSecond: 0.2, burst: 4 };

interface VoiceMember extends Talker {
  /** The forwarder's name for this member's connection; set while voice is on. */
  peer?: string;
  /** The number of this member's latest offer: answers to older ones are stale. */
  offer: number;
  state: PeerState | 'off';
  talking: boolean;
  silenced?: Silence;
  /** The silence this member was last told of (none: told they may speak, or never told anything). */
  told?: Silence;
  slots: (string | null)[];
  joins: TokenBucket;
}

/**
 * One room's voice: signalling for its members (validated; each message acts for its sender only),
 * the forwarding choice every tick (the stage's speakers and the nearest talkers within the radius,
 * at most `maxSpeakers` each, see speaker-choice.ts), and moderation, which stops a voice at once.
 * The media itself moves on the process's forwarder thread (VoiceHub).
 */
export class RoomVoice {
  private readonly members = new Map<string, VoiceMember>();
  private talkersKey = '';
  private audienceSilenced = false;

  constructor(
    private readonly host: RoomVoiceHost,
    /** The process's forwarder; undefined when voice is off on this server (`VOICE=off`). */
    private readonly hub: VoiceHub | undefined,
    private readonly options: SpeakerChoiceOptions,
  ) {}

  /** A member joined the room (standing at `at`). */
  added(sessionId: string, at: { x: number; y: number; z: number }): void {
    this.members.set(sessionId, {
      id: sessionId,
      ...at,
      state: 'off',
      offer: 0,
      talking: false,
      slots: new Array<string | null>(this.options.maxSpeakers).fill(null),
      joins: new TokenBucket(JOIN_LIMIT.perSecond, JOIN_LIMIT.burst),
    });
    // Arriving in a silent audience: said at once, not only when they first try to talk.
    this.tellSilence(this.members.get(sessionId)!, '');
  }

  /** The member's head moved (an accepted pose). */
  moved(sessionId: string, head: { x: number; y: number; z: number }): void {
    const member = this.members.get(sessionId);
    if (!member) return;
    member.x = head.x;
    member.y = head.y;
    member.z = head.z;
  }

  /** The member left the room (or was removed): their connection closes and their voice stops. */
  left(sessionId: string): void {
    const member = this.members.get(sessionId);
    if (!member) return;
    this.disconnect(member);
    this.members.delete(sessionId);
    this.tick();
  }

  /**
   * A `voice` message from `sessionId`. Returns what was wrong with it (the room counts a strike),
   * or undefined. It can only act for its sender: it names nobody and no room.
   */
  handle(sessionId: string, payload: unknown): string | undefined {
    const member = this.members.get(sessionId);
    if (!member) return undefined;
    const parsed = voiceClientMessage.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `voice: ${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid message'}`;
    }
    const message = parsed.data;
    switch (message.kind) {
      case 'join':
        return this.join(member);
      case 'answer':
        if (!member.peer || !this.hub) return 'voice: an answer without a voice connection; send { kind: "join" } first';
        // An answer to an offer that a later join replaced: the client answers the new one too.
        if (message.id !== member.offer) return undefined;
        this.hub.answer(member.peer, message.sdp).catch((error: unknown) => this.tell(member, error));
        return undefined;
      case 'talk':
        if (member.talking === message.on) return undefined;
        member.talking = message.on;
        if (message.on) {
          const silence = this.silenceOf(member);
          if (silence) this.host.send(sessionId, { kind: 'silenced', silenced: true, ...silence });
        }
        this.tick();
        return undefined;
      case 'leave':
        this.disconnect(member);
        this.tick();
        return undefined;
    }
  }

  /** Whether `sessionId` speaks from the stage: heard by everyone in the room, however far. */
  setStage(sessionId: string, stage: boolean): void {
    const member = this.members.get(sessionId);
    if (!member || member.stage === stage) return;
    member.stage = stage;
    this.tellSilence(member, stage ? 'You are on stage: everyone hears you.' : 'You are back in the audience: people near you hear you.');
    this.tick();
  }

  /** A host muted (or unmuted) `sessionId`: their voice stops being forwarded now, and they are told. */
  silence(sessionId: string, silenced: boolean, message: string): void {
    const member = this.members.get(sessionId);
    if (!member) return;
    member.silenced = silenced ? { reason: 'host-muted', message } : undefined;
    this.tellSilence(member, message);
    this.tick();
  }

  /** Only the stage speaks (a host's choice at a launch), or everyone near again. */
  silenceAudience(silenced: boolean): void {
    if (this.audienceSilenced === silenced) return;
    this.audienceSilenced = silenced;
    for (const member of this.members.values()) this.tellSilence(member, 'The host lets the audience speak again: people near you hear you.');
    this.tick();
  }

  /** Why `member`'s voice is not forwarded now, if it is not: a host's mute first, then a silent audience off the stage. */
  private silenceOf(member: VoiceMember): Silence | undefined {
    return member.silenced ?? (this.audienceSilenced && !member.stage ? AUDIENCE_SILENCED : undefined);
  }

  /** Tells `member` when their silence changed: why they are silent now, or `spoken` once they may speak again. */
  private tellSilence(member: VoiceMember, spoken: string): void {
    const silence = this.silenceOf(member);
    if (silence === member.told || (!silence && !member.told)) return;
    member.told = silence;
    this.host.send(member.id, silence ? { kind: 'silenced', silenced: true, ...silence } : { kind: 'silenced', silenced: false, message: spoken });
  }

  /** Recomputes every listener's speakers; routes what changed; tells the room who is heard. */
  tick(): void {
    const talkers: Talker[] = [];
    for (const member of this.members.values()) if (this.audible(member)) talkers.push(member);
    for (const member of this.members.values()) {
      if (!member.peer || member.state !== 'connected') continue;
      const next = assignSlots(member.slots, chooseSpeakers(member, talkers, this.options));
      if (next === member.slots) continue;
      member.slots = next;
      this.hub?.route(member.peer, next.map((id) => (id === null ? null : (this.members.get(id)?.peer ?? null))));
      this.host.send(member.id, { kind: 'slots', slots: next });
    }
    const key = talkers.map((t) => t.id).sort().join(',');
    if (key === this.talkersKey) return;
    this.talkersKey = key;
    this.host.broadcastTalkers({ talking: key ? key.split(',') : [] });
  }

  /** Whether `member`'s voice goes to anyone now. */
  private audible(member: VoiceMember): boolean {
    return member.talking && member.state === 'connected' && !this.silenceOf(member);
  }

  private join(member: VoiceMember): string | undefined {
    if (!this.hub) {
      this.host.send(member.id, { kind: 'error', message: 'voice: voice is turned off on this server' });
      return undefined;
    }
    if (!member.joins.take()) {
      this.host.send(member.id, { kind: 'error', message: `voice: too many voice connections; wait ${Math.ceil(member.joins.waitSeconds())} s and try again` });
      return undefined;
    }
    this.disconnect(member);
    const offer = ++member.offer;
    const peer = `${this.host.roomId}/${member.id}/${offer}`;
    member.peer = peer;
    member.state = 'connecting';
    const hub = this.hub;
    hub
      .open(peer, (state) => {
        if (member.peer !== peer) return;
        member.state = state;
        if (state === 'failed' || state === 'closed') member.slots.fill(null);
        this.tick();
      })
      .then((sdp) => {
        if (member.peer === peer && this.members.has(member.id)) this.host.send(member.id, { kind: 'offer', id: offer, sdp, slots: this.options.maxSpeakers, radius: this.options.radius });
      })
      .catch((error: unknown) => {
        if (member.peer === peer) this.disconnect(member);
        this.tell(member, error);
      });
    return undefined;
  }

  private disconnect(member: VoiceMember) {
    if (member.peer) this.hub?.close(member.peer);
    member.peer = undefined;
    member.state = 'off';
    member.talking = false;
    member.slots.fill(null);
  }

  private tell(member: VoiceMember, error: unknown) {
    if (!this.members.has(member.id)) return;
    const message = error instanceof MarqueError ? error.message.split('\n')[0]! : 'voice: the voice connection failed on the server; try again';
    this.host.send(member.id, { kind: 'error', message });
  }
}
