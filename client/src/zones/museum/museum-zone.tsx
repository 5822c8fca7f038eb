import { lazy, Suspense, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ZoneDefinition, ZoneOutletProps, ZoneSceneRequest } from '../zone-definition';
import { museumConfigurator } from './configurator/museum-configurator-store';
import { museum } from './museum-store';
import { standBefore } from './tour-route';

// The guided tour and the car panels, and each car's label, lamps and turntable, load with the museum.
const MuseumOverlay = lazy(() => import('./museum-overlay'));
const MuseumExhibit = lazy(() => import('./museum-exhibit').then((m) => ({ default: m.MuseumExhibit })));
// The configurator for everyone (the current model: save, share, send to a dealer), in its own chunk.
const MuseumConfigurator = lazy(() => import('./configurator/museum-configurator').then((m) => ({ default: m.MuseumConfigurator })));

/**
 * The tour's overlay, and what the museum asks of its scene: the visitor stands at the tour's
 * current stop, or before the current model when its configurator opens; the configurator's
 * choices are on that car.
 */
function MuseumTourOverlay({ onScene }: ZoneOutletProps) {
  const [standAt, setStandAt] = useState<ZoneSceneRequest['standAt']>();
  // Stable: the overlay resets the tour when it changes.
  const stand = useCallback((at?: ZoneSceneRequest['standAt']) => setStandAt(at), []);
  const { open, carId, configuration } = useSyncExternalStore(museumConfigurator.subscribe, museumConfigurator.get);
  const placed = useSyncExternalStore(museum.subscribe, () => (carId ? museum.get().placements.get(carId) : undefined));
  useEffect(() => {
    if (open && placed) setStandAt(standBefore(placed));
  }, [open, placed]);
  useEffect(() => onScene({ standAt, ...(carId ? { configurations: { [carId]: configuration } } : {}) }), [onScene, standAt, carId, configuration]);
  return (
    <Suspense fallback={null}>
      <MuseumOverlay onStand={stand} />
    </Suspense>
  );
}

/** The configurator for everyone, hung under the top bar; a signed-in visitor's requests to dealers are theirs to erase. */
function MuseumPanels({ session }: ZoneOutletProps) {
  return (
    <Suspense fallback={null}>
      <MuseumConfigurator token={session?.token} />
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
  Panels: MuseumPanels,
  carsHeading: 'zones.museumCars',
  carStories: true,
};
