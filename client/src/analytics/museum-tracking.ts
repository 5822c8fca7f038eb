import type { AnalyticsEvent } from '../../../protocol/src/analytics-api';

/** The museum's state as tracking needs it (client/src/zones/museum/museum-store.ts). */
export interface MuseumLike {
  get(): { stops: readonly { kind: string }[]; step?: number; selected?: string };
  subscribe(listener: () => void): () => void;
}

/**
 * Turns the museum's changes into analytics events: a car's panel opened (car looked at), the
 * guided tour started, and completed (its closing stop reached). Returns the unsubscribe.
 */
export function trackMuseum(museum: MuseumLike, track: (event: AnalyticsEvent) => void): () => void {
  let last = museum.get();
  let completed = false;
  return museum.subscribe(() => {
    const now = museum.get();
    if (now.selected && now.selected !== last.selected) track({ kind: 'car-viewed', zone: 'museum', subject: now.selected });
    if (now.step !== undefined && last.step === undefined) {
      completed = false;
      track({ kind: 'tour-started', zone: 'museum' });
    }
    if (now.step !== undefined && now.stops[now.step]?.kind === 'closing' && !completed) {
      completed = true;
      track({ kind: 'tour-completed', zone: 'museum' });
    }
    last = now;
  });
}
