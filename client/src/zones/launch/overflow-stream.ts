import type { Question, ShowState, StreamEvent } from '../../../../protocol/src/launch';
import { isNewerShow, type ShowFeed } from '../../net/show-feed';

/** The overflow stream's `figures`: the audience in aggregate, about once a second. */
export interface AudienceFigures {
  /** Attendees with an avatar, in all instances. */
  embodied: number;
  /** Attendees watching without one. */
  overflow: number;
  /** Reactions since the show began, by emote. */
  reactions: Record<string, number>;
}

/** Where the stream stands: `open`; `reconnecting` after a drop (the browser retries); `closed` when the server refused it. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

type Kind = 'show' | 'questions' | 'figures' | 'state';

/** The part of the browser's EventSource the stream uses, so tests can hand it a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

/**
 * The overflow tier's view of a launch: the server-sent event stream of the show, the
 * questions and the audience's figures, for attendees watching without an avatar (the arena
 * was full, or `?watch`). Keeps the latest of each; plain TypeScript, no React.
 */
export class OverflowStream implements ShowFeed {
  show: ShowState | undefined;
  questions: readonly Question[] = [];
  figures: AudienceFigures | undefined;
  state: StreamState = 'connecting';
  private readonly listeners = new Map<Kind, Set<() => void>>();
  private readonly source: EventSourceLike;

  /** Opens the stream at `url` (see `streamUrl`). */
  constructor(url: string, open: (url: string) => EventSourceLike = (at) => new EventSource(at)) {
    this.source = open(url);
    this.source.onopen = () => this.setState('open');
    // The browser retries a dropped stream by itself; a refused one (an HTTP error) is closed for good.
    this.source.onerror = () => this.setState(this.source.readyState === 2 ? 'closed' : 'reconnecting');
    this.listen('show', (show: ShowState) => {
      if (!isNewerShow(this.show, show)) return false;
      this.show = show;
      return true;
    });
    this.listen('questions', (questions: Question[]) => {
      this.questions = questions;
      return true;
    });
    this.listen('figures', (figures: AudienceFigures) => {
      this.figures = figures;
      return true;
    });
  }

  /** Calls `listener` when the show, the questions, the figures or the stream's state change; returns the unsubscribe function. */
  on(kind: Kind, listener: () => void): () => void {
    let set = this.listeners.get(kind);
    if (!set) this.listeners.set(kind, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.source.close();
    this.setState('closed');
  }

  private listen<T>(event: StreamEvent, apply: (data: T) => boolean): void {
    this.source.addEventListener(event, (message) => {
      let data: T;
      try {
        data = JSON.parse(message.data) as T;
      } catch {
        console.warn(`launch: the stream sent a ${event} event that is not JSON; ignored`);
        return;
      }
      if (apply(data)) this.emit(event);
    });
  }

  private setState(state: StreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state');
  }

  private emit(kind: Kind): void {
    for (const listener of this.listeners.get(kind) ?? []) listener();
  }
}
