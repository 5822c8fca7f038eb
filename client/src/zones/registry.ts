import { ZONE_IDS, type ZoneId } from '../../../protocol/src/zones';
import { FACTORY } from './factory/factory-zone';
import { GARAGE } from './garage/garage-zone';
import { LAUNCH } from './launch/launch-zone';
import { LOUNGE } from './lounge/lounge-zone';
import { MUSEUM } from './museum/museum-zone';
import { t } from '../i18n/i18n';
import type { ZoneDefinition } from './zone-definition';

/**
 * The world's zones, one line each; the page knows a zone only through its line here. Adding a
 * zone on the client means its folder (client/src/zones/<zone>/: a `<zone>-zone.tsx` with its
 * name, light, map place, scene parts and panels) and one line below; its id comes from
 * protocol/src/zones.ts, which the server's rooms and the assets' environments follow.
 */
export const ZONES: Readonly<Record<ZoneId, ZoneDefinition>> = {
  museum: MUSEUM,
  factory: FACTORY,
  launch: LAUNCH,
  garage: GARAGE,
  lounge: LOUNGE,
};

/** Where a visitor starts without a link, and where a refused one goes back to. */
export const ENTRANCE_ZONE: ZoneId = 'museum';

/** The zone a launch event's link opens. */
export const EVENT_ZONE: ZoneId = ZONE_IDS.find((id) => ZONES[id].launches) ?? ENTRANCE_ZONE;

/** The zones' names as the page shows them now, in its language and the world's order (the keys 1–5 follow it). */
export function zoneLabels(): Readonly<Record<ZoneId, string>> {
  return Object.fromEntries(ZONE_IDS.map((id) => [id, t(ZONES[id].label)])) as Readonly<Record<ZoneId, string>>;
}

/** A zone's one-sentence summary in the page's language. */
export function zoneSummary(id: ZoneId): string {
  return t(ZONES[id].summary);
}

/** Where each zone sits on the world map. */
export const MAP_PLAN = Object.fromEntries(ZONE_IDS.map((id) => [id, ZONES[id].mapAt])) as Readonly<Record<ZoneId, { x: number; y: number }>>;
