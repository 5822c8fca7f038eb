import type { Question, ShowState } from '../../../protocol/src/launch';

/**
 * Where an attendee's page hears the show from: the `launch` room (an embodied attendee's
 * launch channel) or the overflow tier's event stream. Both keep the latest show state and
 * questions and say when they change. Type imports only, so the world's first chunk can use it.
 */
export interface ShowFeed {
  /** The latest show state; undefined until the first one arrives. */
  readonly show: ShowState | undefined;
  /** The questions, most votes first. */
  readonly questions: readonly Question[];
  /** Calls `listener` when {@link show} (`show`) or {@link questions} (`questions`) changes; returns the unsubscribe function. */
  on(kind: 'show' | 'questions', listener: () => void): () => void;
}

/**
 * Whether `next` should replace `current`: states of one event carry an increasing `seq`, and
 * one that arrives late (a slow stream, a reconnect) must not move the show back.
 */
export function isNewerShow(current: ShowState | undefined, next: ShowState): boolean {
  return !current || current.eventId !== next.eventId || next.seq > current.seq;
}
