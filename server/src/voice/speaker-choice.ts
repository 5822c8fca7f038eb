/**
 * The forwarding choice: which speakers each listener receives. Like poses' interest management,
 * it bounds a listener's downlink and the forwarder's work however full the room is: a listener
 * gets at most `maxSpeakers` voices, the stage's first (heard everywhere), then the nearest
 * talkers within `radius`. Nobody receives their own voice.
 */
export interface SpeakerChoiceOptions {
  /** Metres beyond which a talker is not forwarded. */
  radius: number;
  /** Most voices one listener receives. */
  maxSpeakers: number;
}

/** Someone whose voice may be forwarded: where their head is, and whether they speak from the stage. */
export interface Talker {
  id: string;
  x: number;
  y: number;
  z: number;
  /** Heard by every listener of the room whatever the distance (a launch's host or guest on stage). */
  stage?: boolean;
}

/** A listener's position. */
export interface ListenerAt {
  id: string;
  x: number;
  y: number;
  z: number;
}

/** The speakers `listener` should receive: the stage's first, then the nearest within the radius. */
export function chooseSpeakers(listener: ListenerAt, talkers: readonly Talker[], options: SpeakerChoiceOptions): string[] {
  const chosen: string[] = [];
  const near: { id: string; d2: number }[] = [];
  const r2 = options.radius * options.radius;
  for (const talker of talkers) {
    if (talker.id === listener.id) continue;
    if (talker.stage) {
      if (chosen.length < options.maxSpeakers) chosen.push(talker.id);
      continue;
    }
    const dx = talker.x - listener.x;
    const dy = talker.y - listener.y;
    const dz = talker.z - listener.z;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 <= r2) near.push({ id: talker.id, d2 });
  }
  near.sort((a, b) => a.d2 - b.d2 || (a.id < b.id ? -1 : 1));
  for (const { id } of near) {
    if (chosen.length >= options.maxSpeakers) break;
    chosen.push(id);
  }
  return chosen;
}

/**
 * Puts `chosen` speakers into a listener's slots, keeping every speaker who stays in the slot it
 * already had (so a voice never jumps between a listener's audio tracks), filling freed slots with
 * newcomers, and clearing the rest. Returns the new slots, or the same array when nothing changed.
 */
export function assignSlots(previous: readonly (string | null)[], chosen: readonly string[]): (string | null)[] {
  const wanted = new Set(chosen);
  const next = previous.map((id) => (id !== null && wanted.has(id) ? id : null));
  const placed = new Set(next.filter((id): id is string => id !== null));
  let free = 0;
  for (const id of chosen) {
    if (placed.has(id)) continue;
    while (free < next.length && next[free] !== null) free++;
    if (free >= next.length) break;
    next[free] = id;
    placed.add(id);
  }
  const same = next.every((id, i) => id === previous[i]);
  return same ? (previous as (string | null)[]) : next;
}
