import { getAddress, type Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import { CUES, type ShowState } from '../../../protocol/src/launch';
import { cueInput, moderationInput, type ModerationInput } from '../../../protocol/src/launch-input';
import { badInput } from './bad-input';
import type { EventStore } from './event-store';
import type { LaunchAudience } from './launch-audience';
import type { LaunchBus } from './launch-bus';

/** Options of {@link LaunchShow}. */
export interface LaunchShowOptions {
  store: EventStore;
  bus: LaunchBus;
  /** Whom a host's moderation may name: the attendees of every instance. */
  audience: LaunchAudience;
}

/**
 * What the hosts run: the show's cues, slow mode, who is on stage, and moderation of attendees.
 * Every change is persisted, then sent to every instance and overflow viewer through the bus.
 */
export class LaunchShow {
  constructor(private readonly options: LaunchShowOptions) {}

  /**
   * Fires the next cue: forward only, from the state the host's console last saw (`seq`), so a
   * stale console or a second host firing at once changes nothing. Persisted, then sent to every
   * instance and overflow viewer with the server time it happened at.
   */
  async cue(id: string, input: unknown, wallet: Address): Promise<ShowState> {
    const event = await this.options.store.requireHost(id, wallet);
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
    const event = await this.options.store.requireHost(id, wallet);
    const parsed = moderationInput.safeParse(input);
    if (!parsed.success) {
      throw badInput('the body must be JSON { action, sessionId }, { action: "slow-mode", seconds } or { action: "audience-voice", silent }', parsed.error);
    }
    const action: ModerationInput = parsed.data;
    if (action.action === 'slow-mode') {
      await this.saveShow({ ...event.show, slowModeSeconds: action.seconds, seq: event.show.seq + 1 }, event.show.seq);
      return;
    }
    if (action.action === 'audience-voice') {
      await this.saveShow({ ...event.show, audienceSilent: action.silent, seq: event.show.seq + 1 }, event.show.seq);
      return;
    }
    const attendee = (await this.options.audience.attendees(id)).find((a) => a.sessionId === action.sessionId);
    if (!attendee) {
      throw new MarqueError('events', `nobody at "${event.title}" has session ${action.sessionId} (they may have left)`, { status: 404, reason: 'not-found' });
    }
    if (action.action === 'stage' || action.action === 'unstage') {
      const onStage = event.show.onStage.filter((s) => s !== action.sessionId);
      if (action.action === 'stage') onStage.push(action.sessionId);
      await this.saveShow({ ...event.show, onStage, seq: event.show.seq + 1 }, event.show.seq);
      return;
    }
    await this.options.bus.publish(id, { kind: 'moderate', action: action.action, sessionId: action.sessionId, by: `wallet:${getAddress(wallet)}` });
  }

  private async saveShow(show: ShowState, expectedSeq: number): Promise<ShowState> {
    if (!(await this.options.store.saveShow(show, expectedSeq))) {
      throw new MarqueError('events', 'another host changed the show at the same moment; reload and try again', { status: 409, reason: 'stale' });
    }
    await this.options.bus.publish(show.eventId, { kind: 'show', show });
    return show;
  }
}
