import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANUAL_LANGUAGES, manualSchema, manualTranslationSchema, type ManualView } from '../../../protocol/src/manual';
import { setLanguage } from '../i18n/i18n';
import { kindLabel, localizeManual } from './manual-language';
import { searchManual } from './manual-search';

// The real manual and its translations, as the API sends them (pictures aside).
const folder = path.join(import.meta.dirname, '../../../assets/catalogue/manuals');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
const manual: ManualView = {
  ...manualSchema.parse(read('astrale-2025.json')),
  translations: Object.fromEntries(
    MANUAL_LANGUAGES.map((language) => {
      const { title, topics } = manualTranslationSchema.parse(read(`astrale-2025.${language}.json`));
      return [language, { title, topics }];
    }),
  ),
};
const ids = (language: string, query: string) => searchManual(localizeManual(manual, language).topics, query, kindLabel).map((t) => t.id);

describe('the manual in the page\'s language', () => {
  afterEach(() => setLanguage('en', { remember: false }));

  it('English, or a language without a translation, is the manual as authored', () => {
    expect(localizeManual(manual, 'en')).toBe(manual);
    expect(localizeManual(manual, 'pt')).toBe(manual);
  });

  it('a translated manual keeps ids, kinds, hotspots and pictures, with its words in the language', () => {
    const french = localizeManual(manual, 'fr');
    expect(french.title).toBe('Astrale GT — manuel du propriétaire');
    expect(french.topics.map((t) => [t.id, t.kind, t.hotspot])).toEqual(manual.topics.map((t) => [t.id, t.kind, t.hotspot]));
    const pressures = french.topics.find((t) => t.id === 'tyre-pressures')!;
    expect(pressures.title).toBe('Pression des pneus');
    expect(pressures.steps[1]!.text).toMatch(/2,5 bar \(36 psi\)/);
    expect(pressures.steps.map((s) => s.picture)).toEqual(manual.topics.find((t) => t.id === 'tyre-pressures')!.steps.map((s) => s.picture));
  });

  it('searches in the page\'s language, English keywords still finding their topic', async () => {
    await setLanguage('fr', { remember: false });
    expect(ids('fr', 'coffre')[0]).toBe('boot');
    expect(ids('fr', 'trunk')).toEqual(['boot']);
    expect(ids('fr', 'pression pneus')[0]).toBe('tyre-pressures');
    // A kind by its heading in the page's language.
    expect(ids('fr', 'éclairage')).toEqual(['headlamps', 'rear-lamps-hazard']);
    await setLanguage('de', { remember: false });
    expect(ids('de', 'reifendruck')[0]).toBe('tyre-pressures');
  });

  it('finds a Chinese or Japanese word inside a sentence written without spaces', async () => {
    await setLanguage('ja', { remember: false });
    expect(ids('ja', '空気圧')[0]).toBe('tyre-pressures');
    expect(ids('ja', 'ワイパー')).toContain('washer-and-wipers');
    await setLanguage('zh', { remember: false });
    expect(ids('zh', '充电')[0]).toBe('charging');
    expect(ids('zh', '后备箱')[0]).toBe('boot');
  });
});
