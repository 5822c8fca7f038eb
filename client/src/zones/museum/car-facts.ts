import type { ManifestEntry, WorldManifest } from '../../world/shared/manifest';
import { carText } from './tour';

/** One line of a car's key specs: a label and its value, as the detail panel lists them. */
export interface CarFact {
  label: string;
  value: string;
}

const metres = (value: number) => `${value.toFixed(2)} m`;

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
    car.year !== undefined ? { label: 'Year', value: String(car.year) } : undefined,
    text && { label: 'Body', value: text.body },
    text && { label: 'Engine', value: text.engine },
    text && { label: 'Power', value: text.power },
    text && {
      label: 'Size',
      value: `${metres(text.dimensions.length)} long, ${metres(text.dimensions.width)} wide, ${metres(text.dimensions.height)} high; wheelbase ${metres(text.dimensions.wheelbase)}`,
    },
    fact('Paint', named('paint')),
    fact('Wheels', named('wheel')),
    fact('Interior', named('interior')),
  ];
  return facts.filter((f): f is CarFact => f !== undefined);
}

function fact(label: string, value: string | undefined): CarFact | undefined {
  return value ? { label, value } : undefined;
}
