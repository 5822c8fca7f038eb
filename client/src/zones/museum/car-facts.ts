import type { ManifestEntry, WorldManifest } from '../../world/shared/manifest';
import { t } from '../../i18n/i18n';
import { formatMetres } from '../../i18n/format';
import { carText } from './tour';

/** One line of a car's key specs: a label and its value, as the detail panel lists them (in the page's language). */
export interface CarFact {
  label: string;
  value: string;
}

/**
 * A car's key specs for its detail panel: year, body, engine and power and its size (the
 * museum's words), and the paint, wheels and interior it wears in the hall (its defaults, named
 * as the published catalogue names them).
 */
export function carFacts(car: ManifestEntry, catalogue: WorldManifest['catalogue'] | undefined): CarFact[] {
  const text = carText(car.id);
  const named = (category: 'paint' | 'wheel' | 'interior'): string | undefined => {
    const code = car.variants?.[category]?.[0];
    return code ? (catalogue?.[category]?.[code]?.name ?? code) : undefined;
  };
  const facts: (CarFact | undefined)[] = [
    car.year !== undefined ? { label: t('museum.facts.year'), value: String(car.year) } : undefined,
    text && { label: t('museum.facts.body'), value: text.body },
    text && { label: t('museum.facts.engine'), value: text.engine },
    text && { label: t('museum.facts.power'), value: text.power },
    text && {
      label: t('museum.facts.size'),
      value: t('museum.facts.sizeValue', {
        length: formatMetres(text.dimensions.length),
        width: formatMetres(text.dimensions.width),
        height: formatMetres(text.dimensions.height),
        wheelbase: formatMetres(text.dimensions.wheelbase),
      }),
    },
    fact(t('museum.facts.paint'), named('paint')),
    fact(t('museum.facts.wheels'), named('wheel')),
    fact(t('museum.facts.interior'), named('interior')),
  ];
  return facts.filter((f): f is CarFact => f !== undefined);
}

function fact(label: string, value: string | undefined): CarFact | undefined {
  return value ? { label, value } : undefined;
}
