/**
 * The world's zones as a visitor reaches them, for the frame-budget test (e2e/zones.test.ts)
 * and bench:client.
 */
import type { ZoneId } from '../../protocol/src/zones';
import { type WorldManifest, zoneEntries } from '../../protocol/src/manifest';
import type { TargetName } from '../../protocol/src/targets';

/** A zone, its button in the page's zone switch, and whether its room is gated. */
export interface WorldZone {
  zone: ZoneId;
  /** The zone switch's button, and the start of the presence line once joined (`Factory line · 1 visitor here`). */
  label: string;
  /** Gated rooms (a twin's holder; an owner or a dealer) refuse a guest and send them back to the museum. */
  gated: boolean;
}

/** In the zone switch's order. Demo owner 1 (a delivered Astrale GT) may enter both gated zones. */
export const WORLD_ZONES: readonly WorldZone[] = [
  { zone: 'museum', label: 'Museum', gated: false },
  { zone: 'factory', label: 'Factory line', gated: false },
  { zone: 'launch', label: 'Launch arena', gated: false },
  { zone: 'garage', label: "Owners' garage", gated: true },
  { zone: 'lounge', label: 'Service lounge', gated: true },
];

/**
 * Cars a zone draws on a target, as its manifest lists them: the museum's line-up, the current
 * model elsewhere. Demo owner 1's garage and lounge show their one twin in its place, and
 * nothing of theirs is on the factory line, so the count holds for them too.
 */
export function zoneCarCount(manifest: WorldManifest, zone: ZoneId, target: TargetName): number {
  return zoneEntries(manifest, zone, target).filter((entry) => entry.kind === 'car').length;
}
