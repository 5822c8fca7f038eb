import type { Question, ShowState } from '../../../protocol/src/launch';
import { isNewerShow, type ShowFeed } from './show-feed';

/** This visitor's own flags at a launch, as the server holds them. */
export interface OwnLaunchFlags {
  /** Their hand is raised. */
  hand: boolean;
  /** The host brought them onto the stage. */
  stage: boolean;
}

/** What a {@link LaunchChannel} reports: each kind to its own listeners. */
export type LaunchChannelEvent = 'show' | 'questions' | 'muted' | 'own';

/** The part of a joined room the channel speaks through, so tests can hand it a fake. */
export interface LaunchRoomPort {
  onMessage(type: string, handler: (message: never) => void): unknown;
  /** Sends a message; the port drops it once the room is left. */
  send(type: string, message: unknown): void;
}

/**
 * The launch extras of a launch event's room, beside the world room's protocol: the show state
 * (a late, older one is dropped), the questions, the host's muting of this visitor, their raised
 * hand and place on stage; and the hand, question and vote this visitor sends. An embodied
 * attendee's page hears the show through it (it is then the page's {@link ShowFeed}). Plain
 * TypeScript, no React: components subscribe with {@link on}.
 */
export class LaunchChannel implements ShowFeed {
  /** The latest show state; undefined until the first one arrives. */
  show: ShowState | undefined;
  /** The questions, most votes first. */
  questions: readonly Question[] = [];
  /** Whether the host muted this visitor's chat. */
  muted = false;
  /** This visitor's raised hand and place on stage. */
  own: OwnLaunchFlags = { hand: false, stage: false };
  private readonly listeners = new Map<LaunchChannelEvent, Set<() => void>>();

  constructor(private readonly room: LaunchRoomPort) {
    room.onMessage('show', (show: ShowState) => {
      if (!isNewerShow(this.show, show)) return;
      this.show = show;
      this.emit('show');
    });
    room.onMessage('questions', (questions: Question[]) => {
      this.questions = questions;
      this.emit('questions');
    });
    room.onMessage('muted', ({ muted }: { muted: boolean }) => {
      this.muted = muted;
      this.emit('muted');
    });
  }

  /** The room's roster changed this visitor's own entry: takes its hand and stage flags. */
  updateOwn(flags: OwnLaunchFlags): void {
    if (this.own.hand === flags.hand && this.own.stage === flags.stage) return;
    this.own = { hand: flags.hand, stage: flags.stage };
    this.emit('own');
  }

  /** Raises or lowers this visitor's hand for the Q&A. */
  raiseHand(raised: boolean): void {
    this.room.send('hand', { raised });
  }

  /** Asks a written question; the server answers with the new `questions`, or a `notice` when it refuses. */
  ask(text: string): void {
    this.room.send('ask', { text });
  }

  /** Upvotes a question (the server counts one vote per attendee). */
  upvote(questionId: number): void {
    this.room.send('upvote', { id: questionId });
  }

  /** Calls `listener` when the show, the questions, the muting or this visitor's flags change; returns the unsubscribe function. */
  on(kind: LaunchChannelEvent, listener: () => void): () => void {
    let set = this.listeners.get(kind);
    if (!set) this.listeners.set(kind, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(kind: LaunchChannelEvent): void {
    for (const listener of this.listeners.get(kind) ?? []) listener();
  }
}
