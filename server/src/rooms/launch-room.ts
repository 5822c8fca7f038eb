import { ServerError, type AuthContext, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { Visitor } from '../access/evaluate';
import { MarqueError } from '../../../protocol/src/errors';
import { personOf, type ClientOrigin } from '../launch/attendance-ledger';
import { banKeys, type Roster } from '../launch/launch-audience';
import type { BusMessage } from '../launch/launch-bus';
import type { LaunchService } from '../launch/launch-service';
import { handMessage } from '../../../protocol/src/launch-input';
import type { ShowState } from '../../../protocol/src/launch';
import { clientNetwork, deviceIdOf } from './client-address';
import { ROOM_POLICIES } from './policies';
import { TokenBucket } from './rate-limit';
import { checkName, toServerError, type VisitorAuth } from './room-admission';
import type { RoomPolicy } from './room-policy';
import { WorldRoom, type RoomServices } from './world-room';

/** What a launch room needs beside the world room's services. */
export interface LaunchRoomServices extends RoomServices {
  launch: LaunchService;
}

/** A launch attendee as admitted: the world room's visitor plus who they are to the event. */
interface AttendeeAuth extends VisitorAuth {
  /** `wallet:0x…` or `guest:…`: what bans and votes follow. */
  subject: string;
  /** The client's network and device: per-address quotas, and a guest's ban holds on both. */
  origin: ClientOrigin;
  /** The seat the attendance ledger admitted, taken at join and given back at leave. */
  ticket: string;
}

const launchJoinOptions = z.object({ eventId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'an event id'), deviceId: z.unknown().optional() });

/** `upvote`: a question's id (a positive 32-bit integer, as the database keeps them). */
const upvoteMessage = z.strictObject({ id: z.number().int().min(1).max(2_147_483_647) });

/** Votes an attendee may send: a burst, then one a second. */
const VOTE_LIMIT = { perSecond: 1, burst: 10 };
/** How often an instance passes its reactions on to the event's other instances and viewers, ms. */
const REACTIONS_MS = 1_000;

/**
 * One instance of a live launch: the arena's world room (avatars, poses, chat, reactions) for at
 * most the event's capacity per instance, joined with `{ eventId }`. Every instance follows the
 * event's bus (the presence layer): the show's cues, questions and the hosts' moderation reach
 * all of them, on every process. A restarted server's instances start from the persisted show.
 */
export function createLaunchRoom(services: LaunchRoomServices) {
  const { launch } = services;
  return class LaunchRoom extends WorldRoom {
    protected readonly services = services;
    protected policy: RoomPolicy = ROOM_POLICIES.launch;
    private eventId = '';
    /** The event's hosts (lower-case addresses): in the arena, they speak from the stage. */
    private hosts = new Set<string>();
    private show!: ShowState;
    private readonly attendees = new Map<
      string,
      { subject: string; origin: ClientOrigin; ticket: string; visitId: string; muted: boolean; lastChat: number; votes: TokenBucket }
    >();
    private reactionCounts: Record<string, number> = {};
    private stopFollowing?: () => void;

    /**
     * Admits an attendee: a session (a wallet's, or a guest's from `POST /api/auth/guest`), not
     * removed or banned (a guest neither by its network nor its device), the event's access rule
     * met, and a seat the attendance ledger gives: under the event's embodied limit — past it, 409:
     * the client watches in the overflow tier instead — with the last seats kept for signed-in
     * attendees, a few guests per network, a few seats per session.
     */
    static override async onAuth(token: string, options: unknown, context: AuthContext): Promise<AttendeeAuth> {
      try {
        const parsed = launchJoinOptions.safeParse(options);
        if (!parsed.success) throw new MarqueError('events', 'join a launch with { eventId }', { status: 400, reason: 'bad-request' });
        const event = await launch.store.require(parsed.data.eventId);
        if (!token) {
          throw new MarqueError('events', 'a launch needs a session — sign in, or get a guest session (POST /api/auth/guest)', {
            status: 401,
            reason: 'session-required',
          });
        }
        const session = await services.tokens.verify(token);
        const visitor: Visitor = { address: session.address, inviteScopes: session.scopes };
        const origin: ClientOrigin = { network: clientNetwork(context.headers), device: deviceIdOf(parsed.data.deviceId) };
        await launch.audience.admit(event, session.subject, visitor, origin);
        const badge = session.address ? await services.access.badge(session.address).catch(() => '') : '';
        checkName('events', options, badge);
        // Last: the seat counts from here, and is given back if the client never takes it.
        const ticket = await launch.ledger.admitSeat(event, { subject: session.subject, ...origin });
        return { address: session.address, scopes: session.scopes, badge, subject: session.subject, origin, ticket };
      } catch (error) {
        throw toServerError(error);
      }
    }

    override async onCreate(options?: unknown) {
      const parsed = launchJoinOptions.safeParse(options);
      if (!parsed.success) throw new ServerError(400, 'events: join a launch with { eventId }');
      const event = await launch.store.require(parsed.data.eventId).catch((error: unknown) => {
        throw toServerError(error);
      });
      this.eventId = event.id;
      this.hosts = new Set(event.hosts);
      this.show = event.show;
      this.policy = { ...ROOM_POLICIES.launch, capacity: event.capacityPerInstance };
      super.onCreate();
      this.voice.silenceAudience(this.show.audienceSilent === true);
      await this.setMetadata({ eventId: event.id });
      this.stopFollowing = launch.bus.subscribe(event.id, (message) => this.onBus(message));
      this.onMessage('hand', (client, payload: unknown) => this.onHand(client, payload));
      this.onMessage('ask', (client, payload: unknown) => void this.onAsk(client, payload));
      this.onMessage('upvote', (client, payload: unknown) => void this.onUpvote(client, payload));
      this.clock.setInterval(() => this.passReactionsOn(), REACTIONS_MS);
    }

    override onJoin(client: Client<{ auth: AttendeeAuth }>, options: unknown) {
      // Set by onAuth, which every join passes.
      const auth = client.auth as AttendeeAuth;
      try {
        super.onJoin(client, options);
      } catch (error) {
        launch.ledger.left(auth.ticket);
        throw error;
      }
      launch.ledger.seated(auth.ticket);
      if (auth.address && this.hosts.has(auth.address.toLowerCase())) this.voice.setStage(client.sessionId, true);
      const { subject, origin } = auth;
      this.attendees.set(client.sessionId, {
        subject,
        origin,
        ticket: auth.ticket,
        visitId: launch.visits.joined(this.eventId, subject, 'embodied', Date.now(), personOf({ subject, device: origin.device })),
        muted: false,
        lastChat: 0,
        votes: new TokenBucket(VOTE_LIMIT.perSecond, VOTE_LIMIT.burst),
      });
      client.send('show', this.show);
      void launch.store.questions(this.eventId).then((questions) => client.send('questions', questions));
    }

    override onLeave(client: Client) {
      const attendee = this.attendees.get(client.sessionId);
      if (attendee) {
        launch.visits.left(attendee.visitId);
        launch.ledger.left(attendee.ticket);
      }
      this.attendees.delete(client.sessionId);
      super.onLeave(client);
    }

    override onDispose() {
      this.stopFollowing?.();
      this.passReactionsOn();
    }

    /** The instance's attendees for the host console (called through the matchmaker). */
    roster(): Roster {
      return [...this.state.avatars.entries()].map(([sessionId, avatar]) => ({
        sessionId,
        name: avatar.name,
        roomId: this.roomId,
        device: avatar.device,
        handRaised: avatar.hand,
        muted: this.attendees.get(sessionId)?.muted ?? false,
        onStage: avatar.stage,
        signedIn: this.attendees.get(sessionId)?.subject.startsWith('wallet:') ?? false,
      }));
    }

    protected override admitChat(sessionId: string): string | undefined {
      const attendee = this.attendees.get(sessionId);
      if (!attendee) return undefined;
      if (attendee.muted) return 'The host has muted your chat.';
      const now = Date.now();
      const wait = attendee.lastChat + this.show.slowModeSeconds * 1000 - now;
      if (wait > 0) return `Slow mode: one message every ${this.show.slowModeSeconds} s; wait ${Math.ceil(wait / 1000)} s.`;
      attendee.lastChat = now;
      return undefined;
    }

    protected override reacted(emote: string): void {
      this.reactionCounts[emote] = (this.reactionCounts[emote] ?? 0) + 1;
    }

    private onBus(message: BusMessage) {
      switch (message.kind) {
        case 'show':
          if (message.show.seq <= this.show.seq) return;
          this.show = message.show;
          for (const [sessionId, avatar] of this.state.avatars) {
            const onStage = this.show.onStage.includes(sessionId);
            if (avatar.stage === onStage) continue;
            // Walked up or down by the host: one free move, and the hand goes down.
            avatar.stage = onStage;
            avatar.hand = false;
            this.releasePose(sessionId);
            // On stage, their voice reaches the whole instance.
            this.voice.setStage(sessionId, onStage);
          }
          this.voice.silenceAudience(this.show.audienceSilent === true);
          this.broadcast('show', this.show);
          return;
        case 'questions':
          this.broadcast('questions', message.questions);
          return;
        case 'moderate':
          void this.onModerate(message);
          return;
        case 'reactions':
          return;
      }
    }

    private async onModerate(message: Extract<BusMessage, { kind: 'moderate' }>) {
      const attendee = this.attendees.get(message.sessionId);
      const client = this.clients.getById(message.sessionId);
      if (!attendee || !client) return;
      if (message.action === 'mute' || message.action === 'unmute') {
        attendee.muted = message.action === 'mute';
        client.send('muted', { muted: attendee.muted });
        // Their voice stops being forwarded now, not at the next tick.
        this.voice.silence(message.sessionId, attendee.muted, attendee.muted ? 'The host muted you: nobody hears your voice.' : 'The host unmuted you: people near you hear you again.');
        return;
      }
      // Kept out before being moved out, so an immediate rejoin is already refused; a guest also
      // by its network and device, so a fresh guest session does not walk back in.
      for (const key of banKeys(attendee.subject, attendee.origin)) {
        await launch.store.ban(this.eventId, key, message.action === 'ban' ? 'banned' : 'removed', message.by);
      }
      this.remove(
        message.sessionId,
        message.action === 'ban' ? 'banned' : 'removed',
        message.action === 'ban' ? 'The host banned you from this event.' : 'The host removed you from this event.',
      );
    }

    private onHand(client: Client, payload: unknown) {
      const parsed = handMessage.safeParse(payload);
      if (!parsed.success) return this.strike(client, 'hand: expected { raised: boolean }');
      const avatar = this.state.avatars.get(client.sessionId);
      if (avatar) avatar.hand = parsed.data.raised;
    }

    private async onAsk(client: Client, payload: unknown) {
      const attendee = this.attendees.get(client.sessionId);
      const avatar = this.state.avatars.get(client.sessionId);
      if (!attendee || !avatar) return;
      const author = { sessionId: client.sessionId, name: avatar.name, address: (client.auth as AttendeeAuth).address, room: this.roomName };
      await launch.questions.ask(this.eventId, attendee.subject, author, payload, attendee.origin).catch((error: unknown) => {
        if (!(error instanceof MarqueError)) {
          console.error(`launch: a question at ${this.eventId} failed: ${String(error)}`);
          return this.notify(client, { kind: 'invalid', message: 'events: your question was not sent (a fault on our side); try again shortly' });
        }
        if (error.reason === 'bad-request') return this.strike(client, `ask: ${error.details ?? `${error.unit}: ${error.shortMessage}`}`);
        // A moderation notice reads like chat's (`Your question was not sent: …`), without the unit.
        if (error.reason === 'moderated') return this.notify(client, { kind: 'moderated', message: error.shortMessage });
        this.notify(client, { kind: error.reason === 'rate-limited' ? 'rate-limited' : 'moderated', message: `${error.unit}: ${error.shortMessage}` });
      });
    }

    private async onUpvote(client: Client, payload: unknown) {
      const attendee = this.attendees.get(client.sessionId);
      if (!attendee) return;
      const parsed = upvoteMessage.safeParse(payload);
      if (!parsed.success) return this.strike(client, 'upvote: expected { id } with a question id');
      if (!attendee.votes.take()) return;
      await launch.questions.vote(this.eventId, parsed.data.id, attendee.subject).catch((error: unknown) => {
        if (error instanceof MarqueError) return this.notify(client, { kind: 'invalid', message: `${error.unit}: ${error.shortMessage}` });
        // The database's own words (its tables, its limits) stay in the log.
        console.error(`launch: a vote at ${this.eventId} for question ${parsed.data.id} failed: ${String(error)}`);
        this.notify(client, { kind: 'invalid', message: 'events: your vote was not counted (a fault on our side); try again shortly' });
      });
    }

    /** The reactions of the last second: counted for the report and sent to the overflow tier. */
    private passReactionsOn() {
      const counts = this.reactionCounts;
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      if (total === 0) return;
      this.reactionCounts = {};
      launch.visits.reacted(this.eventId, total);
      void launch.bus.publish(this.eventId, { kind: 'reactions', counts });
    }
  };
}
