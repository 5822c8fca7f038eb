import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { garageConfiguration } from '../../owner/owner-journey';
import type { ZoneDefinition, ZoneOutletProps } from '../zone-definition';
import { garageChoices } from './garage-choices';
import { GARAGE_OWNER, garageCars } from './garage-owner';

// An owner's panel and the configurator load when the garage needs them, each in its own chunk.
const GaragePanel = lazy(() => import('./garage-panel').then((m) => ({ default: m.GaragePanel })));
const ZoneConfigurator = lazy(() => import('./zone-configurator').then((m) => ({ default: m.ZoneConfigurator })));

/**
 * The owner's picked twin as the garage shows it (with what they preview on it) and its panel;
 * without a twin, the current model and the configurator.
 */
function GaragePanels({ world, session, connection, owner, view, onPickTwin, onScene }: ZoneOutletProps) {
  const { configurations, preview: stored } = useSyncExternalStore(garageChoices.subscribe, garageChoices.get);
  const twin = view.twin;
  const preview = twin && stored?.tokenId === twin.tokenId ? stored : undefined;
  const shown = twin ? garageConfiguration(twin, preview?.picked, preview?.trying) : undefined;
  const cars = garageCars(view, shown);
  // `key` stands for `cars`, a new array on every render.
  const key = JSON.stringify(cars);
  useEffect(() => onScene(cars ? { cars } : { configurations }), [key, configurations, onScene]);
  if (!connection) return null;
  if (session && twin && shown) {
    return (
      <Suspense fallback={null}>
        <GaragePanel
          world={world}
          session={session}
          twins={view.choices}
          twin={twin}
          onSelect={onPickTwin}
          shown={shown}
          previewing={preview !== undefined && (preview.trying !== undefined || Object.keys(preview.picked).length > 0)}
          onPick={(picked) => garageChoices.preview({ tokenId: twin.tokenId, picked })}
          trying={preview?.trying}
          onTry={(addOn) => garageChoices.preview({ tokenId: twin.tokenId, picked: preview?.picked ?? {}, trying: addOn })}
          onReset={() => garageChoices.preview(undefined)}
          refreshTwins={owner.refresh}
        />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={null}>
      <ZoneConfigurator
        zone="garage"
        configurations={configurations}
        onChange={(carId, configuration) => garageChoices.configure(carId, configuration)}
        note={
          owner.error ? `Your cars could not be loaded (${owner.error}); this is the current model.`
          : owner.twins?.length === 0 ? 'This wallet holds no twin: this is the current model.'
          : undefined
        }
      />
    </Suspense>
  );
}

/** The owners' garage: an owner's digital twins, their configuration and add-ons; the current model and its configurator for others. */
export const GARAGE: ZoneDefinition = {
  id: 'garage',
  label: 'zones.garage',
  summary: 'zones.garageSummary',
  mapAt: { x: 68, y: 15 },
  scene: { look: { background: '#0b0c0e', sky: '#e8eef8', ground: '#141414', ambient: 0.45, key: 0.7, strips: '#eef3ff', stripIntensity: 7 } },
  Panels: GaragePanels,
  owner: GARAGE_OWNER,
};
