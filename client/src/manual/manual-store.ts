/** What the manual shows: the topic open (from the list, the search or a hotspot) and the search. A new object on every change. */
export interface ManualState {
  /** The open topic's id; undefined shows the list. */
  topicId?: string;
  query: string;
}

/**
 * The manual's state outside React: the 2D panel, the flat page and the hotspots in the 3D scene
 * (a headset's panel too) open and read the same topic.
 */
export class ManualStore {
  private state: ManualState = { query: '' };
  private readonly listeners = new Set<() => void>();

  get = (): ManualState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Opens a topic (a hotspot pressed, a search result chosen). */
  open(topicId: string): void {
    this.set({ ...this.state, topicId });
  }

  /** Back to the list. */
  close(): void {
    if (this.state.topicId !== undefined) this.set({ ...this.state, topicId: undefined });
  }

  search(query: string): void {
    this.set({ ...this.state, query, topicId: undefined });
  }

  reset(): void {
    this.set({ query: '' });
  }

  private set(state: ManualState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** The page's manual. */
export const manualStore = new ManualStore();
