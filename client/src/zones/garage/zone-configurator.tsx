import { use } from 'react';
import { loadManifest, zoneAssets, type ZoneId } from '../../world/shared/manifest';
import type { Configuration } from '../../world/shared/variants';
import { ConfiguratorPanel } from '../../ui/configurator-panel';

/** Props of {@link ZoneConfigurator}. */
export interface ZoneConfiguratorProps {
  /** The zone whose car is configured (the owners' garage). */
  zone: ZoneId;
  /** Configurations by car id, as the zone's scene shows them. */
  configurations: Readonly<Record<string, Configuration>>;
  /** Called with a car's id and its whole new configuration. */
  onChange: (carId: string, configuration: Configuration) => void;
  /** A line under the heading. */
  note?: string;
}

/**
 * The configurator of the car a zone shows (the first, where it shows several), fed from the
 * published manifest: the car's offered codes and the catalogue's names. Suspends until the
 * manifest is loaded; shows nothing for a zone without a configurable car.
 */
export function ZoneConfigurator({ zone, configurations, onChange, note }: ZoneConfiguratorProps) {
  const manifest = use(loadManifest());
  const car = zoneAssets(manifest, zone).find((entry) => entry.kind === 'car' && entry.variants);
  if (!car) return null;
  return (
    <ConfiguratorPanel
      // Folded at first on a phone, where it would cover most of the car.
      defaultOpen={!matchMedia('(max-width: 640px)').matches}
      car={car}
      note={note}
      catalogue={manifest.catalogue}
      configuration={configurations[car.id]}
      onChange={(configuration) => onChange(car.id, configuration)}
    />
  );
}
