import { Suspense, use, type ComponentProps } from 'react';
import { AssetBoundary } from '../shared/asset-boundary';
import { CarModel } from '../shared/car-model';
import { loadManifest } from '../shared/manifest';
import { Placard } from '../shared/placard';
import { Lectern, MuseumHall, Plinth } from './museum-hall';

/** Plinth positions down the hall: the newest car centre stage, heritage cars along the walls. */
const STANDS: Array<{ position: [number, number, number]; rotation: number }> = [
  { position: [0, 0, 0], rotation: Math.PI / 5 },
  { position: [-5.2, 0, -7], rotation: Math.PI / 3 },
  { position: [5.2, 0, -7], rotation: -Math.PI / 3 },
  { position: [-5.2, 0, 7], rotation: Math.PI / 2.5 },
  { position: [5.2, 0, 7], rotation: -Math.PI / 2.5 },
];

/** The heritage hall with the marque's cars on their plinths. */
export function MuseumScene(props: ComponentProps<'group'>) {
  return (
    <group {...props}>
      <MuseumHall />
      <AssetBoundary>
        <Suspense fallback={null}>
          <Exhibits />
        </Suspense>
      </AssetBoundary>
    </group>
  );
}

function Exhibits() {
  const manifest = use(loadManifest());
  const cars = manifest.zones.museum ?? [];
  return (
    <>
      {/* Newest car centre stage; the heritage cars flank it. */}
      {[...cars]
        .reverse()
        .slice(0, STANDS.length)
        .map((car, i) => {
          const stand = STANDS[i]!;
          // The placard stands at the plinth's front corner, turned towards the entrance, clear of the view.
          const facing = Math.atan2(-stand.position[0], 12 - stand.position[2]);
          return (
            <group key={car.id} position={stand.position}>
              <Plinth>
                <CarModel entry={car} rotation-y={stand.rotation} />
              </Plinth>
              <group rotation-y={facing}>
                <Lectern position={[2.3, 0, 2.6]} rotation-y={-0.35}>
                  <Placard title={car.name} subtitle={String(car.year)} width={0.6} />
                </Lectern>
              </group>
            </group>
          );
        })}
    </>
  );
}
