import { lazy, Suspense, useCallback } from 'react';
import type { ZoneDefinition, ZoneOutletProps } from '../zone-definition';

// The guided tour and the car panels, and each car's label, lamps and turntable, load with the museum.
const MuseumOverlay = lazy(() => import('./museum-overlay'));
const MuseumExhibit = lazy(() => import('./museum-exhibit').then((m) => ({ default: m.MuseumExhibit })));

/** The tour's overlay; the visitor stands at the tour's current stop. */
function MuseumTourOverlay({ onScene }: ZoneOutletProps) {
  // Stable: the overlay resets the tour when it changes.
  const stand = useCallback((standAt?: { position: [number, number, number]; yaw: number }) => onScene({ standAt }), [onScene]);
  return (
    <Suspense fallback={null}>
      <MuseumOverlay onStand={stand} />
    </Suspense>
  );
}

/** The heritage hall: the entrance, with every doorway, the marque's cars across the eras as exhibits, and a guided tour. */
export const MUSEUM: ZoneDefinition = {
  id: 'museum',
  label: 'zones.museum',
  summary: 'zones.museumSummary',
  mapAt: { x: 50, y: 80 },
  scene: {
    look: { background: '#0d0c0b', sky: '#fff4e2', ground: '#1a1613', ambient: 0.45, key: 0.8, strips: '#fff1dc', stripIntensity: 8 },
    Exhibit: MuseumExhibit,
  },
  Overlay: MuseumTourOverlay,
  carsHeading: 'zones.museumCars',
  carStories: true,
};
