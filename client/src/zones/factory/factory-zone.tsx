import { lazy, Suspense, useEffect } from 'react';
import type { ZoneDefinition, ZoneOutletProps } from '../zone-definition';
import { FACTORY_OWNER, factoryCars } from './factory-owner';

// The robots, belt and tool effects load with the factory, not before; so does an owner's timeline.
const FactoryLife = lazy(() => import('./factory-life').then((m) => ({ default: m.FactoryLife })));
const FactoryTimeline = lazy(() => import('./factory-timeline').then((m) => ({ default: m.FactoryTimeline })));

/** An owner's cars being built, each at the station its twin has reached, and the picked one's timeline. */
function FactoryPanels({ connection, view, onPickTwin, onScene }: ZoneOutletProps) {
  const cars = factoryCars(view);
  // `key` stands for `cars`, a new array on every render.
  const key = JSON.stringify(cars);
  useEffect(() => onScene({ cars }), [key, onScene]);
  if (!connection || !view.twin) return null;
  return (
    <Suspense fallback={null}>
      <FactoryTimeline twins={view.choices} twin={view.twin} onSelect={onPickTwin} />
    </Suspense>
  );
}

/** The factory line: body shop, paint, assembly, quality and delivery, with its robots at work; owners follow their car here. */
export const FACTORY: ZoneDefinition = {
  id: 'factory',
  label: 'zones.factory',
  summary: 'zones.factorySummary',
  mapAt: { x: 17, y: 46 },
  scene: {
    look: { background: '#0e1013', sky: '#eef4ff', ground: '#15171a', ambient: 0.6, key: 1.0, strips: '#f4f8ff', stripIntensity: 7 },
    Extras: FactoryLife,
  },
  Panels: FactoryPanels,
  owner: FACTORY_OWNER,
};
