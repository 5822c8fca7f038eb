import { lazy, Suspense, useEffect } from 'react';
import type { ZoneDefinition, ZoneOutletProps } from '../zone-definition';
import { LOUNGE_OWNER, loungeCars } from './lounge-owner';

// A dealer's console and an owner's passport, each in its own chunk.
const DealerConsole = lazy(() => import('./dealer-console').then((m) => ({ default: m.DealerConsole })));
const PassportPanel = lazy(() => import('./passport-panel').then((m) => ({ default: m.PassportPanel })));

/** A dealer's console; for an owner, the picked car's passport, and the car on the lift once delivered. */
function LoungePanels({ world, session, connection, roles, view, onPickTwin, onScene }: ZoneOutletProps) {
  const cars = loungeCars(view);
  // `key` stands for `cars`, a new array on every render.
  const key = JSON.stringify(cars);
  useEffect(() => onScene({ cars }), [key, onScene]);
  if (!connection || !session) return null;
  if (roles.includes('dealer')) {
    return (
      <Suspense fallback={null}>
        <DealerConsole world={world} dealer={session.address} token={session.token} />
      </Suspense>
    );
  }
  if (!view.twin) return null;
  return (
    <Suspense fallback={null}>
      <PassportPanel token={session.token} twins={view.choices} twin={view.twin} onSelect={onPickTwin} />
    </Suspense>
  );
}

/** The service lounge: a car's certified service passport, and a dealer's console to add to it. */
export const LOUNGE: ZoneDefinition = {
  id: 'lounge',
  label: 'zones.lounge',
  summary: 'zones.loungeSummary',
  mapAt: { x: 83, y: 46 },
  scene: { look: { background: '#100d0b', sky: '#ffeeda', ground: '#1c1612', ambient: 0.55, key: 0.7, strips: '#ffe9d0', stripIntensity: 6 } },
  Panels: LoungePanels,
  owner: LOUNGE_OWNER,
};
