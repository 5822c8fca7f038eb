import { Suspense, use, type ComponentProps } from 'react';
import { AssetBoundary } from '../shared/asset-boundary';
import { CarModel } from '../shared/car-model';
import { loadManifest } from '../shared/manifest';
import { Placard } from '../shared/placard';
import { MuseumHall, Plinth } from './museum-hall';

/** Plinth positions down the hall: the newest car centre stage, heritage cars along the walls. */
const STANDS: Array<{ position: [number, number, number]; rotation: number }> = [
  { position: [0, 0, -2], rotation: Math.PI / 5 },
  { position: [-5.5, 0, -10], rotation: Math.PI / 3 },
  { position: [5.5, 0, -10], rotation: -Math.PI / 3 },
  { position: [-5.5, 0, 6], rotation: Math.PI / 2.5 },
  { position: [5.5, 0, 6], rotation: -Math.PI / 2.5 },
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
      {cars.slice(0, STANDS.length).map((car, i) => {
        const stand = STANDS[i]!;
        return (
          <Plinth key={car.id} position={stand.position}>
            <CarModel entry={car} rotation-y={stand.rotation} />
            <Placard title={car.name} subtitle={String(car.year)} position={[0, 0.55, 3.1]} rotation-x={-0.5} />
          </Plinth>
        );
      })}
    </>
  );
}
