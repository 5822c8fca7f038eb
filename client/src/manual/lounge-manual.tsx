import { use, type ReactNode } from 'react';
import { loadManifest, zoneAssets, type ManifestEntry } from '../world/shared/manifest';
import { ManualExhibit } from './manual-hotspots';
import { ManualPanel } from './manual-panel';

/** Props of {@link LoungeManual}. */
export interface LoungeManualProps {
  /** The model of the owner's car on the lift; the lounge's own car when absent. */
  model?: string;
  /** In the flat page's flow. */
  inline?: boolean;
}

/** The manual of the car the lounge shows: the owner's on the lift, else the lounge's own. */
export function LoungeManual({ model, inline = false }: LoungeManualProps) {
  const manifest = use(loadManifest());
  const shown = model ?? zoneAssets(manifest, 'lounge').find((entry) => entry.kind === 'car')?.id;
  if (!shown) return null;
  // Folded at first on a phone, where it would cover most of the car.
  return <ManualPanel model={shown} inline={inline} defaultOpen={inline || !matchMedia('(max-width: 640px)').matches} />;
}

/** A car in the lounge with its manual's hotspots (the zone's exhibit). */
export function LoungeCarExhibit({ car, children }: { car: ManifestEntry; children: ReactNode }) {
  return <ManualExhibit model={car.id}>{children}</ManualExhibit>;
}
