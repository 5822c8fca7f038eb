import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import type { Question } from '../../../protocol/src/launch';
import { questionInput } from '../../../protocol/src/launch-input';
import type { ChatAuthor, ChatModerator } from '../rooms/chat';
import { KeyedBuckets } from '../rooms/rate-limit';
import type { ClientOrigin } from './attendance-ledger';
import { badInput } from './bad-input';
import type { EventStore } from './event-store';
import type { LaunchBus } from './launch-bus';

/** Questions an attendee may ask: a few at once, then one every ten seconds. */
const QUESTION_LIMIT = { perSecond: 0.1, burst: 3 };
/**
 * Questions from one network, whoever asks (throwaway guest sessions share it): ten at once, then
 * one every six seconds — a venue's whole audience asking through one address still gets ten a
 * minute in.
 */
const QUESTIONS_PER_NETWORK = { perSecond: 1 / 6, burst: 10 };

/** Options of {@link LaunchQuestions}. */
export interface LaunchQuestionsOptions {
  store: EventStore;
  bus: LaunchBus;
  /** Questions pass the chat's moderation. */
  moderator: ChatModerator;
}

/** The audience's questions: asked (rate-limited, moderated), voted on, answered by a host. */
export class LaunchQuestions {
  /** Each asker's allowance of questions, by event and subject, and each network's. */
  private readonly askers = new KeyedBuckets(QUESTION_LIMIT.perSecond, QUESTION_LIMIT.burst);
  private readonly askingNetworks = new KeyedBuckets(QUESTIONS_PER_NETWORK.perSecond, QUESTIONS_PER_NETWORK.burst);

  constructor(private readonly options: LaunchQuestionsOptions) {}

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
    await this.changed(id);
  }

  async vote(id: string, questionId: number, subject: string): Promise<void> {
    await this.options.store.vote(id, questionId, subject);
    await this.changed(id);
  }

  /** A host marks a question answered; returns the event's questions. */
  async markAnswered(id: string, questionId: number, wallet: Address): Promise<Question[]> {
    await this.options.store.requireHost(id, wallet);
    await this.options.store.markAnswered(id, questionId);
    return this.changed(id);
  }

  private async changed(id: string): Promise<Question[]> {
    const questions = await this.options.store.questions(id);
    await this.options.bus.publish(id, { kind: 'questions', questions });
    return questions;
  }
}
