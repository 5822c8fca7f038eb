/**
 * The world's zones and how they connect: what the environments (assets/) build, the pipeline
 * publishes per zone, and the client's map and doorways read. Plain data, no dependencies.
 */

/** The world's zones, in the world's order; each has one environment. */
export const ZONE_IDS = ['museum', 'factory', 'launch', 'garage', 'lounge'] as const;
export type ZoneId = (typeof ZONE_IDS)[number];

/**
 * Which zones each zone has a doorway to. The museum is the entrance hall and opens onto
 * every zone; the others link to the museum and to their neighbours in the world's order
 * (museum, factory, launch, garage, lounge), so a visitor can walk the world in a loop and a
 * doorway always has its way back. The environments build exactly these doorways, and the
 * client's world map draws them.
 */
export const PORTAL_LINKS: Readonly<Record<ZoneId, readonly ZoneId[]>> = {
  museum: ['factory', 'launch', 'garage', 'lounge'],
  factory: ['museum', 'launch'],
  launch: ['museum', 'factory', 'garage'],
  garage: ['museum', 'launch', 'lounge'],
  lounge: ['museum', 'garage'],
};
