/**
 * What the museum says: the guided tour's opening and closing words, and for each car of the
 * line-up its narration at its stop, the detail panel's facts and paragraph, and its long
 * story, in the page's language. The words are content in the locale files
 * (client/src/i18n/locales/<language>.json, under `museumText`), written in each of the six
 * languages; the cars are the marque's own (fictional, see assets/LICENSES.md), and the
 * dimensions below are those of the cars as assets/src/cars/models.ts builds them (its unit test
 * holds them to it).
 */
import { t } from '../../i18n/i18n';

/** A stop of the tour that stands before no car: the welcome and the farewell. */
export interface HallStopText {
  title: string;
  /** What the guide says there, a short paragraph. */
  narration: string;
}

/** Everything the museum tells about one car. */
export interface CarText {
  /** What the guide says at the car's stop: two to four sentences, spoken to the visitor. */
  narration: string;
  /** Body style, as a catalogue would name it. */
  body: string;
  /** Engine, as the detail panel lists it. */
  engine: string;
  /** Output, as the detail panel lists it. */
  power: string;
  /** Length, width, height and wheelbase in metres, as built. */
  dimensions: { length: number; width: number; height: number; wheelbase: number };
  /** The detail panel's short paragraph. */
  summary: string;
  /** The long story, paragraph by paragraph. */
  story: readonly string[];
}

/** The words of one car in the locale files: everything but its dimensions. */
type CarWords = Omit<CarText, 'dimensions'>;

/** Each car of the line-up's length, width, height and wheelbase in metres, as built, by car id (the manifest's and assets/src/cars/models.ts's). */
const DIMENSIONS: Readonly<Record<string, CarText['dimensions']>> = {
  'mistral-1957': { length: 4.2, width: 1.68, height: 1.2, wheelbase: 2.36 },
  'aurore-1964': { length: 4.45, width: 1.72, height: 1.27, wheelbase: 2.5 },
  'orage-1974': { length: 4.25, width: 1.9, height: 1.08, wheelbase: 2.5 },
  'celeste-1988': { length: 4.5, width: 1.88, height: 1.24, wheelbase: 2.6 },
  'sillage-2009': { length: 4.95, width: 1.95, height: 1.4, wheelbase: 2.95 },
  'astrale-2025': { length: 4.6, width: 1.94, height: 1.29, wheelbase: 2.76 },
};

/** The tour's welcome, in the page's language. */
export function tourOpening(): HallStopText {
  return t('museumText.opening', { returnObjects: true }) as unknown as HallStopText;
}

/** The tour's farewell, in the page's language. */
export function tourClosing(): HallStopText {
  return t('museumText.closing', { returnObjects: true }) as unknown as HallStopText;
}

/** The line-up's words in English, by car id: which cars the museum describes. */
export const CAR_TEXTS: Readonly<Record<string, CarText>> = Object.fromEntries(Object.keys(DIMENSIONS).map((id) => [id, carText(id)!]));

/** The museum's words for a car, or undefined for a car this module does not describe yet. */
export function carText(carId: string): CarText | undefined {
  if (!Object.hasOwn(DIMENSIONS, carId)) return undefined;
  const cars = t('museumText.cars', { returnObjects: true }) as unknown as Record<string, CarWords>;
  const words = Object.hasOwn(cars, carId) ? cars[carId] : undefined;
  return words && { ...words, dimensions: DIMENSIONS[carId]! };
}

/**
 * What is missing or wrong in the museum's words for the given cars, one sentence each (empty
 * when all is well): a car without text, an empty field, a story of fewer than three
 * paragraphs, a narration too long to read at a stop.
 */
export function checkTourContent(carIds: readonly string[]): string[] {
  const problems: string[] = [];
  const hall = { opening: tourOpening(), closing: tourClosing() };
  for (const [name, stop] of Object.entries(hall)) {
    if (!stop.title.trim() || !stop.narration.trim()) problems.push(`the tour's ${name} stop has an empty title or narration`);
  }
  for (const id of carIds) {
    const text = carText(id);
    if (!text) {
      problems.push(`the car "${id}" has no text; add its words to museumText.cars in client/src/i18n/locales/*.json and its dimensions to DIMENSIONS in client/src/zones/museum/tour.ts`);
      continue;
    }
    for (const field of ['narration', 'body', 'engine', 'power', 'summary'] as const) {
      if (!text[field].trim()) problems.push(`the car "${id}" has an empty ${field}`);
    }
    if (text.narration.length > 420) problems.push(`the car "${id}"'s narration is ${text.narration.length} characters; keep it under 420 to read at a stop`);
    if (text.story.length < 3 || text.story.some((paragraph) => paragraph.trim().length < 80)) {
      problems.push(`the car "${id}"'s story needs at least three paragraphs of some length`);
    }
  }
  return problems;
}
