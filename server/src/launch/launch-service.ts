import { matchMaker, type Presence } from '@colyseus/core';
import { getAddress, type Address } from 'viem';
import type { AccessControl } from '../access/access-control';
import type { Visitor } from '../access/evaluate';
import type { EventPassChain } from '../chain/event-pass-chain';
import { MarqueError } from '../errors';
import type { ChatAuthor, ChatModerator } from '../rooms/chat';
import { TokenBucket } from '../rooms/rate-limit';
import {
  CUES,
  LAUNCH_ROOM,
  type Attendee,
  type BadgeClaimGrant,
  type LaunchEvent,
  type LiveFigures,
  type ModerationInput,
  type Question,
  type ShowState,
} from '../protocol/launch';
import { checkModelConfiguration } from '../twins/configurations';
import type { EventDefinition, EventStore } from './event-store';
import { cueInput, launchEventInput, moderationInput, questionInput } from './launch-input';
import type { VisitLog } from './visit-log';

/** Questions an attendee may ask: a few at once, then one every ten seconds. */
const QUESTION_LIMIT = { perSecond: 0.1, burst: 3 };

/** What goes over the presence layer between the processes and instances of one event. */
export type BusMessage =
  | { kind: 'show'; show: ShowState }
  | { kind: 'questions'; questions: Question[] }
  | { kind: 'moderate'; action: 'mute' | 'unmute' | 'remove' | 'ban'; sessionId: string; by: string }
  | { kind: 'reactions'; counts: Record<string, number> };

/** What a launch room answers to `roster` (called through the matchmaker, on any process). */
export type Roster = Attendee[];

const topic = (eventId: string) => `launch:${eventId}`;
const OVERFLOW_KEY = 'launch:overflow';

/** A launch room's listing, as the matchmaker keeps it. */
interface LaunchListing {
  roomId: string;
  clients: number;
  metadata?: { eventId?: string };
}

/**
 * Live launch events: definitions and their checks, hosts' cues and moderation, the show's state
 * persisted and sent to every instance of the event through the presence layer (Redis when
 * scaled out), live figures, the report, and attendance badges.
 */
export class LaunchService {
  /** This process's followers of each event's bus, and the one presence callback that feeds them. */
  private readonly listeners = new Map<string, Set<(message: BusMessage) => void>>();
  private readonly relays = new Map<string, (message: BusMessage) => void>();

  constructor(
    private readonly options: {
      store: EventStore;
      visits: VisitLog;
      access: AccessControl;
      presence: Presence;
      /** Questions pass the chat's moderation. */
      moderator: ChatModerator;
      /** Badges are signed with the server's relayer; absent without MarqueEventPass or a relayer. */
      eventPass?: EventPassChain;
    },
  ) {}

  /** Each asker's allowance of questions, by event and subject. */
  private readonly askers = new Map<string, TokenBucket>();

  get store(): EventStore {
    return this.options.store;
  }

  get visits(): VisitLog {
    return this.options.visits;
  }

  /**
   * A new event from the brand team (the route checks the role).
   * @throws MarqueError 400 naming what is wrong: fields, a start in the past, a car not offered.
   */
  async create(input: unknown, creator: Address, now = Date.now()): Promise<LaunchEvent> {
    const definition = this.validate(input, creator);
    if (Date.parse(definition.startsAt) <= now) {
      throw new MarqueError(`events: the start time ${definition.startsAt} is in the past; choose a time to come`, {
        status: 400,
        reason: 'bad-request',
      });
    }
    return this.options.store.create(definition, `wallet:${getAddress(creator)}`);
  }

  /** Changes an event's definition; its hosts only. A start time may stay where it was, even if past. */
  async update(id: string, input: unknown, wallet: Address, now = Date.now()): Promise<LaunchEvent> {
    const event = await this.requireHost(id, wallet);
    const definition = this.validate(input, getAddress(event.hosts[0]!));
    if (definition.startsAt !== event.startsAt && Date.parse(definition.startsAt) <= now) {
      throw new MarqueError(`events: the new start time ${definition.startsAt} is in the past`, { status: 400, reason: 'bad-request' });
    }
    return this.options.store.update(id, definition);
  }

  /** The event, if `wallet` is one of its hosts. @throws MarqueError 404, 403. */
  async requireHost(id: string, wallet: Address): Promise<LaunchEvent> {
    const event = await this.options.store.require(id);
    if (!event.hosts.includes(wallet.toLowerCase())) {
      throw new MarqueError(`events: ${wallet} is not a host of "${event.title}"`, { status: 403, reason: 'not-host' });
    }
    return event;
  }

  /**
   * Fires the next cue: forward only, from the state the host's console last saw (`seq`), so a
   * stale console or a second host firing at once changes nothing. Persisted, then sent to every
   * instance and overflow viewer with the server time it happened at.
   */
  async cue(id: string, input: unknown, wallet: Address): Promise<ShowState> {
    const event = await this.requireHost(id, wallet);
    const parsed = cueInput.safeParse(input);
    if (!parsed.success) throw badInput('events: the body must be JSON { cue, seq }', parsed.error);
    const { cue, seq } = parsed.data;
    const show = event.show;
    if (seq !== show.seq) {
      throw new MarqueError(`events: the show has moved on (it is at "${show.cue}", change ${show.seq}); reload and fire again`, {
        status: 409,
        reason: 'stale',
      });
    }
    if (CUES.indexOf(cue) <= CUES.indexOf(show.cue)) {
      throw new MarqueError(`events: "${cue}" does not come after "${show.cue}"; the show only moves forward`, {
        status: 400,
        reason: 'bad-cue',
        details: `next cues: ${CUES.slice(CUES.indexOf(show.cue) + 1).join(', ') || 'none (closed)'}`,
      });
    }
    return this.saveShow({ ...show, cue, cueAt: Date.now(), seq: show.seq + 1 }, show.seq);
  }

  /** What a host does to an attendee, or slow mode. @throws MarqueError 404 when nobody has that session. */
  async moderate(id: string, input: unknown, wallet: Address): Promise<void> {
    const event = await this.requireHost(id, wallet);
    const parsed = moderationInput.safeParse(input);
    if (!parsed.success) throw badInput('events: the body must be JSON { action, sessionId } or { action: "slow-mode", seconds }', parsed.error);
    const action: ModerationInput = parsed.data;
    if (action.action === 'slow-mode') {
      await this.saveShow({ ...event.show, slowModeSeconds: action.seconds, seq: event.show.seq + 1 }, event.show.seq);
      return;
    }
    const attendee = (await this.attendees(id)).find((a) => a.sessionId === action.sessionId);
    if (!attendee) {
      throw new MarqueError(`events: nobody at "${event.title}" has session ${action.sessionId} (they may have left)`, { status: 404, reason: 'not-found' });
    }
    if (action.action === 'stage' || action.action === 'unstage') {
      const onStage = event.show.onStage.filter((s) => s !== action.sessionId);
      if (action.action === 'stage') onStage.push(action.sessionId);
      await this.saveShow({ ...event.show, onStage, seq: event.show.seq + 1 }, event.show.seq);
      return;
    }
    await this.publish(id, { kind: 'moderate', action: action.action, sessionId: action.sessionId, by: `wallet:${getAddress(wallet)}` });
  }

  /** Every attendee in every instance of the event, on whichever process it runs. */
  async attendees(id: string): Promise<Attendee[]> {
    const rosters = await Promise.all(
      (await this.instances(id)).map((room) => matchMaker.remoteRoomCall(room.roomId, 'roster', [], 5_000).catch(() => [] as Roster)),
    );
    return (rosters as Roster[]).flat();
  }

  /** The event's instances as the matchmaker lists them. */
  async instances(id: string): Promise<LaunchListing[]> {
    const rooms = (await matchMaker.query({ name: LAUNCH_ROOM })) as LaunchListing[];
    return rooms.filter((room) => room.metadata?.eventId === id);
  }

  /** Embodied attendees in all instances, and overflow viewers on all processes. */
  async counts(id: string): Promise<{ instances: { roomId: string; attendees: number }[]; embodied: number; overflow: number }> {
    const [instances, overflow] = await Promise.all([this.instances(id), this.options.presence.hget(OVERFLOW_KEY, id)]);
    const list = instances.map((room) => ({ roomId: room.roomId, attendees: room.clients }));
    return { instances: list, embodied: list.reduce((sum, r) => sum + r.attendees, 0), overflow: Math.max(0, Number(overflow ?? 0)) };
  }

  /** Counts a viewer arriving in (+1) or leaving (−1) the overflow tier, across processes. */
  async overflowChanged(id: string, delta: 1 | -1): Promise<void> {
    await this.options.presence.hincrby(OVERFLOW_KEY, id, delta);
  }

  /** The console's live figures. */
  async live(id: string, wallet: Address): Promise<LiveFigures> {
    await this.requireHost(id, wallet);
    const [counts, lastMinute] = await Promise.all([this.counts(id), this.options.visits.lastMinute(id)]);
    return {
      at: Date.now(),
      ...counts,
      total: counts.embodied + counts.overflow,
      joinsPerMinute: lastMinute.joins,
      reactionsPerMinute: lastMinute.reactions,
    };
  }

  /**
   * Lets a visitor into the event: not banned or removed, and the event's access rule met.
   * @throws MarqueError 403 (banned, removed, the rule), 401 (the rule needs a wallet), 404.
   */
  async admit(event: LaunchEvent, subject: string, visitor: Visitor): Promise<void> {
    const ban = await this.options.store.banOf(event.id, subject);
    if (ban) {
      throw new MarqueError(
        ban === 'banned' ? `events: you are banned from "${event.title}"` : `events: the host removed you from "${event.title}"; you cannot rejoin it`,
        { status: 403, reason: ban },
      );
    }
    await this.options.access.admitByRule(event.access, visitor, { unit: 'events', title: `the launch "${event.title}"` });
  }

  /**
   * A question from an attendee (`subject`; `author` as the moderation hook sees them, its name
   * shown with the question), from a room or the overflow tier: rate-limited per attendee,
   * moderated like chat, then kept and sent to every instance.
   * @throws MarqueError 400 (invalid or refused by moderation, with the reason), 429 (too fast).
   */
  async ask(id: string, subject: string, author: ChatAuthor, input: unknown): Promise<void> {
    const parsed = questionInput.safeParse(input);
    if (!parsed.success) throw badInput('events: a question is JSON { text } of 3 to 280 characters', parsed.error);
    const key = `${id}\n${subject}`;
    let bucket = this.askers.get(key);
    if (!bucket) this.askers.set(key, (bucket = new TokenBucket(QUESTION_LIMIT.perSecond, QUESTION_LIMIT.burst)));
    if (!bucket.take()) {
      throw new MarqueError(`events: you are asking too fast; wait ${Math.ceil(bucket.waitSeconds())} s`, { status: 429, reason: 'rate-limited' });
    }
    const verdict = await Promise.resolve(this.options.moderator(parsed.data.text, author)).catch(() => ({
      action: 'reject' as const,
      reason: 'moderation is unavailable; try again shortly',
    }));
    if (verdict.action === 'reject') {
      throw new MarqueError(`Your question was not sent: ${verdict.reason}.`, { status: 400, reason: 'moderated' });
    }
    await this.options.store.ask(id, subject, author.name, verdict.text);
    await this.questionsChanged(id);
  }

  async vote(id: string, questionId: number, subject: string): Promise<void> {
    await this.options.store.vote(id, questionId, subject);
    await this.questionsChanged(id);
  }

  async markAnswered(id: string, questionId: number, wallet: Address): Promise<Question[]> {
    await this.requireHost(id, wallet);
    await this.options.store.markAnswered(id, questionId);
    return this.questionsChanged(id);
  }

  /**
   * A signed claim to the event's attendance badge for a wallet that stayed at least the event's
   * minimum; the event is created on MarqueEventPass the first time a badge is claimed.
   * @throws MarqueError 403 `stay-too-short` saying how long they stayed, 503 without a signer.
   */
  async badge(id: string, wallet: Address): Promise<BadgeClaimGrant> {
    const event = await this.options.store.require(id);
    const eventPass = this.options.eventPass;
    if (!eventPass) {
      throw new MarqueError('events: badges are not configured on this server (EVENT_PASS_ADDRESS and a relayer with BRAND_TEAM_ROLE)', {
        status: 503,
        reason: 'badge-unavailable',
      });
    }
    const stayed = Math.floor(await this.options.visits.stayedSeconds(id, `wallet:${getAddress(wallet)}`));
    if (stayed < event.minimumStaySeconds) {
      throw new MarqueError(
        `events: the badge of "${event.title}" is for attendees who stayed ${formatSeconds(event.minimumStaySeconds)}; you have stayed ${formatSeconds(stayed)}`,
        { status: 403, reason: 'stay-too-short' },
      );
    }
    let chainEventId = event.chainEventId;
    if (!chainEventId) {
      chainEventId = (await eventPass.createEvent(event.minimumStaySeconds)).toString();
      await this.options.store.setChainEventId(id, chainEventId);
    }
    const { claim, signature } = await eventPass.signClaim(BigInt(chainEventId), wallet);
    return {
      claim: { eventId: claim.eventId.toString(), attendee: claim.attendee, issuer: claim.issuer, deadline: claim.deadline.toString() },
      signature,
      eventPassAddress: eventPass.address,
      stayedSeconds: stayed,
    };
  }

  /**
   * Follows one event's bus; returns the function that stops following. The process subscribes
   * to the presence layer once per event and hands each message to its instances and streams.
   */
  subscribe(id: string, listener: (message: BusMessage) => void): () => void {
    let listeners = this.listeners.get(id);
    if (!listeners) {
      const set = new Set<(message: BusMessage) => void>();
      listeners = set;
      this.listeners.set(id, set);
      this.relays.set(id, (message: BusMessage) => {
        for (const each of set) each(message);
      });
      void this.options.presence.subscribe(topic(id), this.relays.get(id)!);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.listeners.get(id) !== listeners) return;
      this.listeners.delete(id);
      void this.options.presence.unsubscribe(topic(id), this.relays.get(id));
      this.relays.delete(id);
    };
  }

  publish(id: string, message: BusMessage): Promise<void> {
    return Promise.resolve(this.options.presence.publish(topic(id), message));
  }

  private async questionsChanged(id: string): Promise<Question[]> {
    const questions = await this.options.store.questions(id);
    await this.publish(id, { kind: 'questions', questions });
    return questions;
  }

  private async saveShow(show: ShowState, expectedSeq: number): Promise<ShowState> {
    if (!(await this.options.store.saveShow(show, expectedSeq))) {
      throw new MarqueError('events: another host changed the show at the same moment; reload and try again', { status: 409, reason: 'stale' });
    }
    await this.publish(show.eventId, { kind: 'show', show });
    return show;
  }

  private validate(input: unknown, creator: Address): EventDefinition {
    const parsed = launchEventInput.safeParse(input);
    if (!parsed.success) throw badInput('events: the event is not valid', parsed.error);
    const { car } = parsed.data;
    checkModelConfiguration(car.model, car.configuration, 'events');
    const hosts = [...new Set([creator.toLowerCase(), ...parsed.data.hosts.map((h: string) => h.toLowerCase())])];
    return { ...parsed.data, startsAt: new Date(parsed.data.startsAt).toISOString(), hosts, car: { model: car.model, configuration: { ...car.configuration } } };
  }
}

function badInput(message: string, error: { issues: { path: PropertyKey[]; message: string }[] }): MarqueError {
  return new MarqueError(message, {
    status: 400,
    reason: 'bad-request',
    details: error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; '),
  });
}

/** `10 min 5 s`, `45 s`. */
function formatSeconds(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes === 0 ? `${rest} s` : rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
