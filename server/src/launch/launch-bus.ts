import type { Presence } from '@colyseus/core';
import type { Question, ShowState } from '../../../protocol/src/launch';

/** What goes over the presence layer between the processes and instances of one event. */
export type BusMessage =
  | { kind: 'show'; show: ShowState }
  | { kind: 'questions'; questions: Question[] }
  | { kind: 'moderate'; action: 'mute' | 'unmute' | 'remove' | 'ban'; sessionId: string; by: string }
  | { kind: 'reactions'; counts: Record<string, number> };

const topic = (eventId: string) => `launch:${eventId}`;

/**
 * Each event's bus on the presence layer (Redis when scaled out): the show, questions, the hosts'
 * moderation and reactions reach every instance and overflow stream of the event, on every process.
 */
export class LaunchBus {
  /** This process's followers of each event's bus, and the one presence callback that feeds them. */
  private readonly listeners = new Map<string, Set<(message: BusMessage) => void>>();
  private readonly relays = new Map<string, (message: BusMessage) => void>();

  constructor(private readonly presence: Presence) {}

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
      void this.presence.subscribe(topic(id), this.relays.get(id)!);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.listeners.get(id) !== listeners) return;
      this.listeners.delete(id);
      void this.presence.unsubscribe(topic(id), this.relays.get(id));
      this.relays.delete(id);
    };
  }

  publish(id: string, message: BusMessage): Promise<void> {
    return Promise.resolve(this.presence.publish(topic(id), message));
  }
}
