import { lazy } from 'react';

/** The zone's doorways ({@link import('./zone-portals').ZonePortals}), in their own chunk: the world starts without them. */
export const ZonePortals = lazy(() => import('./zone-portals').then((m) => ({ default: m.ZonePortals })));
