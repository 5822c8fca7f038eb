import { useTranslation } from 'react-i18next';
import { useId, useMemo, useState, type ComponentProps, type ReactNode } from 'react';
import type { ManifestEntry, WorldManifest } from '../world/shared/manifest';
import type { Configuration } from '../world/shared/variants';
import { configuratorCategories, resolveConfiguration } from './configurator-options';
import './configurator-panel.css';

/** Props of {@link ConfiguratorPanel}. */
export type ConfiguratorPanelProps = Omit<ComponentProps<'section'>, 'onChange'> & {
  /** The car to configure, from the manifest: its `variants` are what it offers. */
  car: ManifestEntry;
  /** The manifest's catalogue: display names and colours of the codes. */
  catalogue: WorldManifest['catalogue'];
  /** Codes chosen so far, per category; the car's defaults where left out. */
  configuration?: Configuration;
  /** Called with the whole new configuration when a code is chosen. */
  onChange: (configuration: Configuration) => void;
  /** Whether the choices show at first (the heading's button folds them away). */
  defaultOpen?: boolean;
  /** A line under the heading (why the garage shows the model instead of the owner's car). */
  note?: ReactNode;
  /** Inside another panel that names the car: no frame, the heading only for screen readers, no fold. */
  embedded?: boolean;
};

/**
 * A car configurator over the 3D view: one radio group per category the car offers (paint,
 * wheels, brake calipers, interior, trim), a swatch per code named by the catalogue. It holds
 * no configuration of its own (the caller does), so several can sit side by side, one per car.
 * The shown configuration is also in `data-configuration` (JSON) for tests.
 */
export function ConfiguratorPanel({ car, catalogue, configuration, onChange, defaultOpen = true, note, embedded = false, className, ...props }: ConfiguratorPanelProps) {
  const { t, i18n } = useTranslation();
  const [unfolded, setOpen] = useState(defaultOpen);
  const open = embedded || unfolded;
  const id = useId();
  const categories = useMemo(() => configuratorCategories(car, catalogue), [car, catalogue, i18n.language]);
  const shown = resolveConfiguration(car, configuration);
  return (
    <section
      aria-labelledby={`${id}-title`}
      className={['configurator', !embedded && 'hung-panel', embedded && 'configurator-embedded', className].filter(Boolean).join(' ')}
      data-car={car.id}
      data-configuration={JSON.stringify(shown)}
      {...props}
    >
      <header className={embedded ? 'visually-hidden' : 'hung-panel-header'}>
        <h2 id={`${id}-title`}>
          <span className="hung-panel-kicker">{t('garage.tabs.configure')}</span> {car.name}
        </h2>
        {!embedded && (
          <button type="button" aria-expanded={open} aria-controls={`${id}-choices`} onClick={() => setOpen(!open)}>
            {open ? t('common.hide') : t('common.show')}
          </button>
        )}
      </header>
      {note && <p className="hung-panel-note configurator-note">{note}</p>}
      <div id={`${id}-choices`} className="configurator-choices" hidden={!open}>
        {categories.map(({ category, label, options }) => {
          const chosen = options.find((option) => option.code === shown[category]);
          return (
            <fieldset key={category} className="configurator-category">
              <legend>
                <span>{label}</span>
                {/* Seen beside the heading; heard from the checked radio instead. */}
                <span className="configurator-chosen" aria-hidden="true">
                  {chosen?.name}
                </span>
              </legend>
              <div className="configurator-swatches">
                {options.map((option) => (
                  <label key={option.code} className="configurator-swatch" title={option.name}>
                    <input
                      type="radio"
                      name={`${id}-${category}`}
                      value={option.code}
                      checked={option.code === shown[category]}
                      onChange={() => onChange({ ...configuration, [category]: option.code })}
                    />
                    <span className="configurator-chip" style={{ background: option.colour }} aria-hidden="true" />
                    <span className="visually-hidden">{option.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
