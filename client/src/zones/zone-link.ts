import { ZONE_IDS, type ZoneId } from '../../../protocol/src/zones';

/**
 * Names that links used for a zone before it got its one name: the launch zone was `arena` in
 * rooms and URLs, and links shared then still open it.
 */
const OLD_ZONE_NAMES: Readonly<Record<string, ZoneId>> = { arena: 'launch' };

/** The zone a link's `?zone=` names, by its id or an old name; undefined for anything else. */
export function zoneNamed(name: string | null | undefined): ZoneId | undefined {
  if (!name) return undefined;
  if ((ZONE_IDS as readonly string[]).includes(name)) return name as ZoneId;
  return Object.hasOwn(OLD_ZONE_NAMES, name) ? OLD_ZONE_NAMES[name] : undefined;
}
