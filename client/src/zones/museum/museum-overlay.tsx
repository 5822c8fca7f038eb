import { Suspense, useEffect, useRef, useSyncExternalStore } from 'react';
import { museum } from './museum-store';
import { standForStop, type Stand } from './tour-route';
import { loadManifest, zoneAssets } from '../../world/shared/manifest';
import { MuseumDetail } from './museum-detail';
import { MuseumTour } from './museum-tour';
import { orderByInterests } from '../../profile/interests';
import { profilePreferences } from '../../profile/preferences';
import './museum-overlay.css';

/** Props of {@link MuseumOverlay}. */
export interface MuseumOverlayProps {
  /**
   * Puts the local visitor somewhere (a stop of the tour), on the floor; called with a new
   * object only when the place changes, and with undefined when the overlay goes (the next
   * visit starts at the spawn).
   */
  onStand: (stand: Stand | undefined) => void;
}

/**
 * The museum's 2D layer over the canvas: the guided tour and each car's detail panel and long
 * story. Escape closes the topmost of them (the story, the panel, then the tour). Leaving the
 * museum puts it back as found: no tour, no panel, lamps off, turntables still.
 */
export default function MuseumOverlay({ onStand }: MuseumOverlayProps) {
  const state = useSyncExternalStore(museum.subscribe, museum.get);
  const standing = useRef<string>(undefined);
  const interests = useSyncExternalStore(profilePreferences.subscribe, () => profilePreferences.get().interests);

  // The line-up the tour walks: the museum's cars in the manifest, oldest first.
  useEffect(() => {
    let cancelled = false;
    loadManifest().then(
      (manifest) => {
        if (cancelled) return;
        const cars = zoneAssets(manifest, 'museum').filter((entry) => entry.kind === 'car');
        // The person's interests first (their profile's models, then eras), each part oldest first.
        museum.setLineUp(orderByInterests(cars.sort((a, b) => (a.year ?? 0) - (b.year ?? 0)), interests));
      },
      // The hall shows why the assets are missing; the tour simply has no cars then.
      (error: unknown) => console.warn(`museum: the tour has no line-up (${String(error)})`),
    );
    return () => {
      cancelled = true;
    };
  }, [interests]);

  useEffect(
    () => () => {
      museum.reset();
      onStand(undefined);
    },
    [onStand],
  );

  // Each stop puts the visitor before its car (once the car is in the hall).
  const stop = state.step === undefined ? undefined : state.stops[state.step];
  const stand = stop && standForStop(stop, state.placements);
  const key = stand && `${state.step}:${stand.position.join(',')}:${stand.yaw}`;
  useEffect(() => {
    // A tour started again goes back to its opening stop, even one it last left from.
    if (state.step === undefined) standing.current = undefined;
    if (!stand || key === standing.current) return;
    standing.current = key;
    onStand(stand);
    // `key` stands for `stand`, a new object on every render.
  }, [key, onStand, state.step]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (museum.escape()) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="museum-overlay">
      <MuseumTour state={state} />
      {state.selected && (
        <Suspense fallback={null}>
          <MuseumDetail key={state.selected} carId={state.selected} state={state} />
        </Suspense>
      )}
    </div>
  );
}
