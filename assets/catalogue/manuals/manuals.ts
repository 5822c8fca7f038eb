import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MarqueError } from '../../../protocol/src/errors';
import { MANUAL_LANGUAGES, manualSchema, manualTranslationSchema, type Manual, type ManualView } from '../../../protocol/src/manual';
import { CAR_CHASSIS, CAR_DOORS, CAR_PARTS } from '../../src/cars/build-car';
import { CAR_MODELS } from '../../src/cars/models';

/** Where the manuals are authored: one `<model>.json` each, its translations as `<model>.<language>.json`, pictures in `pictures/`. */
export const MANUALS_DIR = import.meta.dirname;

/** Every node name a car of the line-up has (assets/src/cars/build-car.ts): what a hotspot may name. */
export const CAR_NODE_NAMES: readonly string[] = [...CAR_PARTS, CAR_CHASSIS, ...Object.values(CAR_DOORS)];

/** Most bytes of one picture: they are small drawings, inlined in the API's answer. */
const MAX_PICTURE_BYTES = 8 * 1024;

/**
 * Reads and checks one manual: its shape (protocol/src/manual.ts), its model (a car of the
 * line-up), each hotspot's part (a node the car has) and each picture (an SVG beside it, small,
 * with no script, event handler or outside reference), and its translations beside it
 * (`<model>.fr.json` …: every topic, no other, with as many steps). Throws a {@link MarqueError}
 * listing every problem with its place, so one run shows all of them.
 */
export function readManual(file: string): ManualView {
  const unit = 'assets/manuals';
  const name = path.relative(path.join(MANUALS_DIR, '..', '..', '..'), file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new MarqueError(unit, `${name} is not readable JSON`, { cause, details: (cause as Error).message });
  }
  const parsed = manualSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new MarqueError(unit, `${name} is not a valid manual (${problems.length} problem${problems.length > 1 ? 's' : ''})`, { details: problems.join('; ') });
  }
  const manual: Manual = parsed.data;
  const problems: string[] = [];
  if (path.basename(file, '.json') !== manual.model) problems.push(`model: "${manual.model}" must match the file's name`);
  if (!CAR_MODELS.some((car) => car.id === manual.model)) {
    problems.push(`model: "${manual.model}" is not a car of the line-up (${CAR_MODELS.map((c) => c.id).join(', ')})`);
  }
  const pictures = new Map<string, string>();
  manual.topics.forEach((topic, t) => {
    if (!CAR_NODE_NAMES.includes(topic.hotspot.part)) {
      problems.push(`topics.${t}.hotspot.part: "${topic.hotspot.part}" is not a part of the car (${CAR_NODE_NAMES.join(', ')})`);
    }
    topic.steps.forEach((step, s) => {
      if (!step.picture || pictures.has(step.picture)) return;
      const where = `topics.${t}.steps.${s}.picture`;
      const pictureFile = path.join(path.dirname(file), 'pictures', step.picture);
      if (!existsSync(pictureFile)) return void problems.push(`${where}: no file pictures/${step.picture}`);
      const svg = readFileSync(pictureFile, 'utf8');
      const unsafe = svgProblem(svg);
      if (unsafe) return void problems.push(`${where}: pictures/${step.picture} ${unsafe}`);
      pictures.set(step.picture, svg.trim());
    });
  });
  const translations = readTranslations(file, manual, problems);
  if (problems.length > 0) {
    throw new MarqueError(unit, `${name} has ${problems.length} problem${problems.length > 1 ? 's' : ''}`, {
      details: `${problems.join('; ')}. Fix the manual's JSON or add what it names.`,
    });
  }
  return {
    ...manual,
    topics: manual.topics.map((topic) => ({
      ...topic,
      steps: topic.steps.map((step) => (step.picture ? { ...step, svg: pictures.get(step.picture) } : step)),
    })),
    ...(Object.keys(translations).length > 0 ? { translations } : {}),
  };
}

/** The translations of `manual` beside its `file`, checked against it; each problem goes to `problems`, named by its file. */
function readTranslations(file: string, manual: Manual, problems: string[]): NonNullable<ManualView['translations']> {
  const translations: NonNullable<ManualView['translations']> = {};
  for (const language of MANUAL_LANGUAGES) {
    const translationFile = path.join(path.dirname(file), `${manual.model}.${language}.json`);
    if (!existsSync(translationFile)) continue;
    const where = path.basename(translationFile);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(translationFile, 'utf8'));
    } catch (cause) {
      problems.push(`${where}: not readable JSON (${(cause as Error).message})`);
      continue;
    }
    const parsed = manualTranslationSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${where} ${issue.path.join('.') || '(root)'}: ${issue.message}`));
      continue;
    }
    const translation = parsed.data;
    const before = problems.length;
    if (translation.model !== manual.model) problems.push(`${where} model: "${translation.model}" must be "${manual.model}"`);
    if (translation.language !== language) problems.push(`${where} language: "${translation.language}" must be "${language}", as its file's name says`);
    for (const topic of manual.topics) {
      const translated = translation.topics[topic.id];
      if (!translated) problems.push(`${where} topics.${topic.id}: missing (every topic of ${manual.model}.json is translated)`);
      else if (translated.steps.length !== topic.steps.length) {
        problems.push(`${where} topics.${topic.id}.steps: ${translated.steps.length} where ${manual.model}.json has ${topic.steps.length}`);
      }
    }
    for (const id of Object.keys(translation.topics)) {
      if (!manual.topics.some((topic) => topic.id === id)) problems.push(`${where} topics.${id}: no such topic in ${manual.model}.json`);
    }
    if (problems.length === before) translations[language] = { title: translation.title, topics: translation.topics };
  }
  return translations;
}

/** What makes an SVG unfit to inline in a page, or undefined when it is fit. */
export function svgProblem(svg: string): string | undefined {
  if (Buffer.byteLength(svg) > MAX_PICTURE_BYTES) return `is over ${MAX_PICTURE_BYTES} bytes`;
  if (!/^\s*<svg[\s>]/.test(svg)) return 'does not start with <svg';
  if (/<script|<foreignObject|\son[a-z]+\s*=|(?:xlink:)?href\s*=|url\s*\(\s*['"]?(?!#)/i.test(svg)) {
    return 'has a script, an event handler or an outside reference';
  }
  return undefined;
}

/** Every manual in {@link MANUALS_DIR}, by model, checked (see {@link readManual}). */
export function readManuals(dir = MANUALS_DIR): Map<string, ManualView> {
  const manuals = new Map<string, ManualView>();
  // `<model>.json`; its translations (`<model>.fr.json`) are read with it.
  for (const file of readdirSync(dir).filter((f) => /^[a-z0-9-]+\.json$/.test(f)).sort()) {
    const manual = readManual(path.join(dir, file));
    manuals.set(manual.model, manual);
  }
  return manuals;
}
