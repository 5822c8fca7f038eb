import { lazy, Suspense, useEffect } from 'react';
import type { ZoneDefinition, ZoneOutletProps } from '../zone-definition';
import { LOUNGE_OWNER, loungeCars } from './lounge-owner';

// A dealer's console and an owner's passport, each in its own chunk.
const DealerConsole = lazy(() => import('./dealer-console').then((m) => ({ default: m.DealerConsole })));
const PassportPanel = lazy(() => import('./passport-panel').then((m) => ({ default: m.PassportPanel })));
// The car's manual (client/src/manual): hotspots on the car, its topics in 2D, in a headset and on the flat page.
const LoungeManual = lazy(() => import('../../manual/lounge-manual').then((m) => ({ default: m.LoungeManual })));
const LoungeCarExhibit = lazy(() => import('../../manual/lounge-manual').then((m) => ({ default: m.LoungeCarExhibit })));

/** The manual of the car in the lounge, hung on the right (or in the flat page's flow), once the lounge let the visitor in. */
function ManualPanels({ connection, view, inline }: ZoneOutletProps & { inline?: boolean }) {
  if (!connection) return null;
  return (
    <Suspense fallback={null}>
      <LoungeManual model={view.twin?.stage === 'Delivered' ? view.twin.model : undefined} inline={inline} />
    </Suspense>
  );
}

/** The lounge's panels and the manual beside them. */
function LoungeAndManualPanels(props: ZoneOutletProps) {
  return (
    <>
      <LoungePanels {...props} />
      <ManualPanels {...props} />
    </>
  );
}
// Sharing the passport with a buyer, and service appointments (client/src/journey).
const PassportShare = lazy(() => import('../../journey/passport-share').then((m) => ({ default: m.PassportShare })));
const OwnerAppointments = lazy(() => import('../../journey/owner-appointments').then((m) => ({ default: m.OwnerAppointments })));

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
      <PassportPanel token={session.token} twins={view.choices} twin={view.twin} onSelect={onPickTwin}>
        <PassportShare tokenId={view.twin.tokenId} token={session.token} />
        <OwnerAppointments tokenId={view.twin.tokenId} token={session.token} />
      </PassportPanel>
    </Suspense>
  );
}

/** The service lounge: a car's certified service passport, and a dealer's console to add to it. */
export const LOUNGE: ZoneDefinition = {
  id: 'lounge',
  label: 'zones.lounge',
  summary: 'zones.loungeSummary',
  mapAt: { x: 83, y: 46 },
  scene: { look: { background: '#100d0b', sky: '#ffeeda', ground: '#1c1612', ambient: 0.55, key: 0.7, strips: '#ffe9d0', stripIntensity: 6 }, Exhibit: LoungeCarExhibit },
  Panels: LoungeAndManualPanels,
  FlatPanels: (props) => <ManualPanels {...props} inline />,
  owner: LOUNGE_OWNER,
};
