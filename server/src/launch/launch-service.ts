import { matchMaker, type Presence } from '@colyseus/core';
import { getAddress, type Address } from 'viem';
import type { AccessControl } from '../access/access-control';
import type { Visitor } from '../access/evaluate';
import type { EventPassChain } from '../chain/event-pass-chain';
import { MarqueError } from '../../../protocol/src/errors';
import type { ChatAuthor, ChatModerator } from '../rooms/chat';
import { KeyedBuckets } from '../rooms/rate-limit';
import { CUES, LAUNCH_ROOM, type Attendee, type BadgeClaimGrant, type LaunchEvent, type LiveFigures, type Question, type ShowState } from '../../../protocol/src/launch';
import { type ModerationInput } from '../../../protocol/src/launch-input';
import { checkModelConfiguration } from '../twins/configurations';
import type { AttendanceLedger, ClientOrigin } from './attendance-ledger';
import type { EventDefinition, EventStore } from './event-store';
import { cueInput, launchEventInput, moderationInput, questionInput } from '../../../protocol/src/launch-input';
import type { VisitLog } from './visit-log';

/** Questions an attendee may ask: a few at once, then one every ten seconds. */
const QUESTION_LIMIT = { perSecond: 0.1, burst: 3 };
/**
 * Questions from one network, whoever asks (throwaway guest sessions share it): ten at once, then
 * one every six seconds — a venue's whole audience asking through one address still gets ten a
 * minute in.
 */
const QUESTIONS_PER_NETWORK = { perSecond: 1 / 6, burst: 10 };

/**
 * The fields of an event a co-host (a host without the brand team's role) may change; the brand
 * team may change every field. Who may attend, the keynote's video, the hosts, the capacities,
 * the start, the car and the badge's stay are the brand's decisions. Every host may run the show
 * (cues), answer questions and moderate.
 */
export const CO_HOST_FIELDS: readonly (keyof EventDefinition)[] = ['title'];

/** What goes over the presence layer between the processes and instances of one event. */
export type BusMessage =
  | { kind: 'show'; show: ShowState }
  | { kind: 'questions'; questions: Question[] }
  | { kind: 'moderate'; action: 'mute' | 'unmute' | 'remove' | 'ban'; sessionId: string; by: string }
  | { kind: 'reactions'; counts: Record<string, number> };

/**
 * What keeps someone out of an event once a host removed or banned them: a wallet's session; a
 * guest's session, and also its network and device, so a new guest session from the same place
 * stays out (a wallet's ban follows the wallet only).
 */
export function banKeys(subject: string, origin?: ClientOrigin): string[] {
  if (subject.startsWith('wallet:') || !origin) return [subject];
  return [subject, ...(origin.network !== 'unknown' ? [`network:${origin.network}`] : []), ...(origin.device ? [`device:${origin.device}`] : [])];
}

/** What a launch room answers to `roster` (called through the matchmaker, on any process). */
export type Roster = Attendee[];

const topic = (eventId: string) => `launch:${eventId}`;

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
      /** Who is at each event now, on every process: quotas, seats kept for signed-in attendees, live figures. */
      ledger: AttendanceLedger;
    },
  ) {}

  /** Each asker's allowance of questions, by event and subject, and each network's. */
  private readonly askers = new KeyedBuckets(QUESTION_LIMIT.perSecond, QUESTION_LIMIT.burst);
  private readonly askingNetworks = new KeyedBuckets(QUESTIONS_PER_NETWORK.perSecond, QUESTIONS_PER_NETWORK.burst);
  /** Badge events being created, by launch: one creation at a time per launch. */
  private readonly creatingChainEvents = new Map<string, Promise<string>>();

  get ledger(): AttendanceLedger {
    return this.options.ledger;
  }

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
      throw new MarqueError('events', `the start time ${definition.startsAt} is in the past; choose a time to come`, {
        status: 400,
        reason: 'bad-request',
      });
    }
    return this.options.store.create(definition, `wallet:${getAddress(creator)}`);
  }

  /**
   * Changes an event's definition; its hosts only. A host of the brand team (BRAND_TEAM_ROLE)
   * may change every field, a co-host only {@link CO_HOST_FIELDS}. A start time may stay where it
   * was, even if past.
   * @throws MarqueError 403 `not-host`, 403 `not-brand-team` naming the fields a co-host may not change, 400.
   */
  async update(id: string, input: unknown, wallet: Address, now = Date.now()): Promise<LaunchEvent> {
    const event = await this.requireHost(id, wallet);
    const definition = this.validate(input, getAddress(event.hosts[0]!));
    const refused = changedFields(event, definition).filter((field) => !CO_HOST_FIELDS.includes(field));
    if (refused.length > 0 && !(await this.options.access.hasRole('brand-team', wallet))) {
      throw new MarqueError(
        'events',
        `a co-host may change only the ${CO_HOST_FIELDS.join(', ')} of "${event.title}"; ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} for the brand team to change`,
        { status: 403, reason: 'not-brand-team', details: `fields refused: ${refused.join(', ')}; ${wallet} does not hold BRAND_TEAM_ROLE` },
      );
    }
    if (definition.startsAt !== event.startsAt && Date.parse(definition.startsAt) <= now) {
      throw new MarqueError('events', `the new start time ${definition.startsAt} is in the past`, { status: 400, reason: 'bad-request' });
    }
    return this.options.store.update(id, definition);
  }

  /** The event, if `wallet` is one of its hosts. @throws MarqueError 404, 403. */
  async requireHost(id: string, wallet: Address): Promise<LaunchEvent> {
    const event = await this.options.store.require(id);
    if (!event.hosts.includes(wallet.toLowerCase())) {
      throw new MarqueError('events', `${wallet} is not a host of "${event.title}"`, { status: 403, reason: 'not-host' });
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
    if (!parsed.success) throw badInput('the body must be JSON { cue, seq }', parsed.error);
    const { cue, seq } = parsed.data;
    const show = event.show;
    if (seq !== show.seq) {
      throw new MarqueError('events', `the show has moved on (it is at "${show.cue}", change ${show.seq}); reload and fire again`, {
        status: 409,
        reason: 'stale',
      });
    }
    if (CUES.indexOf(cue) <= CUES.indexOf(show.cue)) {
      throw new MarqueError('events', `"${cue}" does not come after "${show.cue}"; the show only moves forward`, {
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
    if (!parsed.success) throw badInput('the body must be JSON { action, sessionId } or { action: "slow-mode", seconds }', parsed.error);
    const action: ModerationInput = parsed.data;
    if (action.action === 'slow-mode') {
      await this.saveShow({ ...event.show, slowModeSeconds: action.seconds, seq: event.show.seq + 1 }, event.show.seq);
      return;
    }
    const attendee = (await this.attendees(id)).find((a) => a.sessionId === action.sessionId);
    if (!attendee) {
      throw new MarqueError('events', `nobody at "${event.title}" has session ${action.sessionId} (they may have left)`, { status: 404, reason: 'not-found' });
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

  /**
   * People at the event now, each once however many tabs, streams or guest sessions they use:
   * `embodied` with an avatar, `overflow` only watching, on every process; and each instance's seats.
   */
  async counts(id: string): Promise<{ instances: { roomId: string; attendees: number }[]; embodied: number; overflow: number; total: number }> {
    const [instances, people] = await Promise.all([this.instances(id), this.options.ledger.figures(id)]);
    return { instances: instances.map((room) => ({ roomId: room.roomId, attendees: room.clients })), ...people };
  }

  /** The console's live figures. */
  async live(id: string, wallet: Address): Promise<LiveFigures> {
    await this.requireHost(id, wallet);
    const [counts, lastMinute] = await Promise.all([this.counts(id), this.options.visits.lastMinute(id)]);
    return {
      at: Date.now(),
      ...counts,
      joinsPerMinute: lastMinute.joins,
      reactionsPerMinute: lastMinute.reactions,
    };
  }

  /**
   * Lets a visitor into the event: not banned or removed (a guest also by its network and
   * device, see {@link banKeys}), and the event's access rule met.
   * @throws MarqueError 403 (banned, removed, the rule), 401 (the rule needs a wallet), 404.
   */
  async admit(event: LaunchEvent, subject: string, visitor: Visitor, origin?: ClientOrigin): Promise<void> {
    const ban = await this.options.store.banOf(event.id, banKeys(subject, origin));
    if (ban) {
      throw new MarqueError(
        'events',
        ban === 'banned' ? `you are banned from "${event.title}"` : `the host removed you from "${event.title}"; you cannot rejoin it`,
        { status: 403, reason: ban },
      );
    }
    await this.options.access.admitByRule(event.access, visitor, { unit: 'events', title: `the launch "${event.title}"` });
  }

  /**
   * A question from an attendee (`subject`; `author` as the moderation hook sees them, its name
   * shown with the question), from a room or the overflow tier: rate-limited per attendee and per
   * network (`origin`), moderated like chat, then kept and sent to every instance.
   * @throws MarqueError 400 (invalid or refused by moderation, with the reason), 429 (too fast).
   */
  async ask(id: string, subject: string, author: ChatAuthor, input: unknown, origin?: ClientOrigin): Promise<void> {
    const parsed = questionInput.safeParse(input);
    if (!parsed.success) throw badInput('a question is JSON { text } of 3 to 280 characters', parsed.error);
    const bucket = this.askers.get(`${id}\n${subject}`);
    if (!bucket.take()) {
      throw new MarqueError('events', `you are asking too fast; wait ${Math.ceil(bucket.waitSeconds())} s`, { status: 429, reason: 'rate-limited' });
    }
    const network = origin ? this.askingNetworks.get(`${id}\n${origin.network}`) : undefined;
    if (network && !network.take()) {
      throw new MarqueError('events', `too many questions come from your network; wait ${Math.ceil(network.waitSeconds())} s`, {
        status: 429,
        reason: 'rate-limited',
      });
    }
    const verdict = await Promise.resolve(this.options.moderator(parsed.data.text, author)).catch(() => ({
      action: 'reject' as const,
      reason: 'moderation is unavailable; try again shortly',
    }));
    if (verdict.action === 'reject') {
      throw new MarqueError('events', `Your question was not sent: ${verdict.reason}.`, { status: 400, reason: 'moderated' });
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
      throw new MarqueError('events', 'badges are not configured on this server (EVENT_PASS_ADDRESS and a relayer with BRAND_TEAM_ROLE)', {
        status: 503,
        reason: 'badge-unavailable',
      });
    }
    const stayed = Math.floor(await this.options.visits.stayedSeconds(id, `wallet:${getAddress(wallet)}`));
    if (stayed < event.minimumStaySeconds) {
      throw new MarqueError(
        'events',
        `the badge of "${event.title}" is for attendees who stayed ${formatSeconds(event.minimumStaySeconds)}; you have stayed ${formatSeconds(stayed)}`,
        { status: 403, reason: 'stay-too-short' },
      );
    }
    const chainEventId = await this.chainEventOf(event, eventPass);
    const { claim, signature } = await eventPass.signClaim(BigInt(chainEventId), wallet);
    return {
      claim: { eventId: claim.eventId.toString(), attendee: claim.attendee, issuer: claim.issuer, deadline: claim.deadline.toString() },
      signature,
      eventPassAddress: eventPass.address,
      stayedSeconds: stayed,
    };
  }

  /**
   * The launch's badge event on chain: the stored one if the chain still has it as this launch's
   * (the transaction that created it is still there), else a new one, stored. A chain that lost
   * its last blocks may have given the stored id to another launch since; ids stay unique to a
   * launch (see EventStore.setChainEvent). One creation at a time per launch.
   */
  private chainEventOf(event: LaunchEvent, eventPass: EventPassChain): Promise<string> {
    const running = this.creatingChainEvents.get(event.id);
    if (running) return running;
    const work = (async () => {
      const stored = await this.options.store.chainEventOf(event.id);
      if (stored) {
        const held = await eventPass.holdsEvent(BigInt(stored.chainEventId), stored.transactionHash).catch((cause: unknown) => {
          throw new MarqueError('events', 'the chain did not answer whether the badge\'s event exists; try again shortly', {
            status: 503,
            reason: 'badge-unavailable',
            cause,
          });
        });
        if (held) return stored.chainEventId;
        console.warn(`launch: the chain no longer has event ${stored.chainEventId}, the badge of "${event.title}" (${event.id}); it lost its last blocks. Creating it again`);
        await this.options.store.clearChainEvent(event.id, stored.chainEventId);
      }
      const created = await eventPass.createEvent(event.minimumStaySeconds);
      const chainEventId = created.eventId.toString();
      const cleared = await this.options.store.setChainEvent(event.id, chainEventId, created.transactionHash);
      for (const other of cleared) {
        console.warn(`launch: the chain gave event ${chainEventId} to "${event.title}" (${event.id}); launch ${other} held that id from before a chain rollback and will create its own at its next claim`);
      }
      return chainEventId;
    })().finally(() => this.creatingChainEvents.delete(event.id));
    this.creatingChainEvents.set(event.id, work);
    return work;
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
      throw new MarqueError('events', 'another host changed the show at the same moment; reload and try again', { status: 409, reason: 'stale' });
    }
    await this.publish(show.eventId, { kind: 'show', show });
    return show;
  }

  private validate(input: unknown, creator: Address): EventDefinition {
    const parsed = launchEventInput.safeParse(input);
    if (!parsed.success) throw badInput('the event is not valid', parsed.error);
    const { car } = parsed.data;
    checkModelConfiguration(car.model, car.configuration, 'events');
    const hosts = [...new Set([creator.toLowerCase(), ...parsed.data.hosts.map((h: string) => h.toLowerCase())])];
    return { ...parsed.data, startsAt: new Date(parsed.data.startsAt).toISOString(), hosts, car: { model: car.model, configuration: { ...car.configuration } } };
  }
}

/** The fields of `event` that `definition` changes, in the definition's order. */
function changedFields(event: LaunchEvent, definition: EventDefinition): (keyof EventDefinition)[] {
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    );
  const fields = Object.keys(definition) as (keyof EventDefinition)[];
  return fields.filter((field) => {
    if (field === 'hosts') return [...event.hosts].sort().join() !== [...definition.hosts].sort().join();
    if (field === 'startsAt') return Date.parse(event.startsAt) !== Date.parse(definition.startsAt);
    return canonical(event[field]) !== canonical(definition[field]);
  });
}

function badInput(message: string, error: { issues: { path: PropertyKey[]; message: string }[] }): MarqueError {
  return new MarqueError('events', message, {
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
