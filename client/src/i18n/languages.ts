import { PROFILE_LANGUAGES } from '../../../protocol/src/consent';

/**
 * The languages Marque speaks, and which one a visitor gets: the one they chose (on this device,
 * or in their profile once signed in), else the first of the browser's languages we speak, else
 * English. Plain TypeScript, no i18next: the check script and the tests read it too.
 */

/** Our languages' codes, in the switcher's order: the ones a profile may keep (protocol/src/consent.ts), one list for both. */
export const LANGUAGES = PROFILE_LANGUAGES;

/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** The language of the code, the texts every other language falls back to, and the default. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, as the switcher lists it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  zh: '简体中文',
  ja: '日本語',
};

/** Each language's short mark, for the switcher on a phone's narrow top bar. */
export const LANGUAGE_MARKS: Readonly<Record<Language, string>> = { en: 'EN', fr: 'FR', de: 'DE', it: 'IT', zh: '中文', ja: '日本' };

/** The BCP 47 tag for Intl formatting and the page's `lang` (Simplified Chinese as spoken in China). */
export const LOCALE_TAGS: Readonly<Record<Language, string>> = {
  en: 'en',
  fr: 'fr',
  de: 'de',
  it: 'it',
  zh: 'zh-CN',
  ja: 'ja',
};

/** Where the visitor's own choice is kept on this device. */
export const LANGUAGE_STORAGE_KEY = 'marque.language';

/** Whether `value` is one of our language codes. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Our language for a BCP 47 tag (`fr-CA` → `fr`, `zh-Hans-CN` → `zh`), or undefined for one we do
 * not speak. Traditional Chinese (`zh-TW`, `zh-HK`, `zh-Hant`) is not Simplified Chinese: it gets
 * undefined, and so the next preference or English.
 */
export function languageOf(tag: string | undefined | null): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  const [base] = lower.split(/[-_]/);
  if (base === 'zh' && /(^|[-_])(hant|tw|hk|mo)($|[-_])/.test(lower)) return undefined;
  return isLanguage(base) ? base : undefined;
}

/**
 * The language to start in: `?lang=` on the link, then the visitor's stored choice, then the first
 * of the browser's languages we speak, then English.
 */
export function initialLanguage(sources: { query?: string | null; stored?: string | null; browser?: readonly string[] }): Language {
  return languageOf(sources.query) ?? languageOf(sources.stored) ?? sources.browser?.map(languageOf).find((l) => l !== undefined) ?? DEFAULT_LANGUAGE;
}
