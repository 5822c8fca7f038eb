import type { ZoneId } from '../world';

/**
 * Which zones each zone has a doorway to. The museum is the entrance hall and opens onto
 * every zone; the others link to the museum and to their neighbours in the world's order
 * (museum, factory, arena, garage, lounge), so a visitor can walk the world in a loop and a
 * doorway always has its way back. The environments build exactly these doorways, and the
 * client's world map draws them.
 */
export const PORTAL_LINKS: Readonly<Record<ZoneId, readonly ZoneId[]>> = {
  museum: ['factory', 'arena', 'garage', 'lounge'],
  factory: ['museum', 'arena'],
  arena: ['museum', 'factory', 'garage'],
  garage: ['museum', 'arena', 'lounge'],
  lounge: ['museum', 'garage'],
};
