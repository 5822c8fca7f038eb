/**
 * The page's translations: one i18next instance, English bundled (the default, and what every
 * other language falls back to for a key it lacks), the other five loaded as chunks of their own
 * when chosen. Plain TypeScript, so logic outside React (notices, canvas labels, errors) calls
 * {@link t} as components call `useTranslation().t`; react-i18next re-renders them on a change.
 */
import i18next, { type TOptions } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { ensureGlyphs, loadCjkStylesheet } from './fonts';
import { DEFAULT_LANGUAGE, initialLanguage, isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, LOCALE_TAGS, type Language } from './languages';

/** The messages of one language: nested objects of strings (and the stories' lists of paragraphs), i18next's JSON v4 (plurals as `_one`, `_other`…). */
export type Messages = { [key: string]: string | readonly string[] | Messages };

// Each language but English in its own chunk, fetched when it is chosen.
const LOADERS: Readonly<Record<Exclude<Language, 'en'>, () => Promise<{ default: Messages }>>> = {
  fr: () => import('./locales/fr.json'),
  de: () => import('./locales/de.json'),
  it: () => import('./locales/it.json'),
  zh: () => import('./locales/zh.json'),
  ja: () => import('./locales/ja.json'),
};

/** The one i18next instance of the page. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  resources: { en: { translation: en } },
  // Synchronous: English is here, so `t` answers from the first line on.
  initAsync: false,
  // React escapes what it renders; canvas text is not HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The page's language now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** The BCP 47 tag of the page's language, for Intl. */
export function currentLocale(): string {
  return LOCALE_TAGS[currentLanguage()];
}

/** Translates a key in the page's language (English where the language lacks it). */
export function t(key: string, options?: TOptions): string {
  return i18n.t(key, options) as string;
}

const loaded = new Set<Language>(['en']);

async function loadMessages(language: Language): Promise<void> {
  if (language === 'en' || loaded.has(language)) return;
  const messages = (await LOADERS[language]()).default;
  i18n.addResourceBundle(language, 'translation', messages, true, true);
  loaded.add(language);
}

/** Options of {@link setLanguage}. */
export interface SetLanguageOptions {
  /** Keep the choice on this device (the switcher does; a profile's language applied at sign-in too). Default true. */
  remember?: boolean;
}

const changeListeners = new Set<(language: Language) => void>();

/**
 * Switches the page to `language`: fetches its messages (and its CJK font's stylesheet for Chinese
 * and Japanese) first, so no half-translated frame shows, then sets the page's `lang` and tells
 * every translated view. The profile calls it with the stored language once a person signs in,
 * and may listen with {@link onLanguageChosen} to store a choice made in the switcher.
 */
export async function setLanguage(language: Language, { remember = true }: SetLanguageOptions = {}): Promise<void> {
  await Promise.all([loadMessages(language), language === 'zh' || language === 'ja' ? loadCjkStylesheet(language) : undefined]);
  if (remember) {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Storage refused (private mode): the choice lasts for this page.
    }
  }
  if (typeof document !== 'undefined') document.documentElement.lang = LOCALE_TAGS[language];
  if (i18n.language !== language) await i18n.changeLanguage(language);
  if (language === 'zh' || language === 'ja') void ensureGlyphs(language === 'zh' ? '中文' : '日本語', language).catch(() => undefined);
}

/**
 * Calls `listener` when the visitor picks a language in the switcher (not when the page starts
 * in one, nor when a profile's is applied): where a signed-in person's profile keeps it.
 * Returns the unsubscribe.
 */
export function onLanguageChosen(listener: (language: Language) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** The switcher's choice: switches, remembers on this device, and tells {@link onLanguageChosen}'s listeners. */
export async function chooseLanguage(language: Language): Promise<void> {
  await setLanguage(language);
  for (const listener of [...changeListeners]) listener(language);
}

/**
 * Starts the page in its language (`?lang=`, the visitor's stored choice, the browser's
 * languages, English), before the first render. A language whose messages cannot be fetched
 * leaves the page in English rather than not starting it.
 */
export async function startI18n(): Promise<Language> {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    stored = null;
  }
  const language = initialLanguage({ query: new URLSearchParams(location.search).get('lang'), stored, browser: navigator.languages ?? [navigator.language] });
  try {
    await setLanguage(language, { remember: false });
  } catch {
    await setLanguage(DEFAULT_LANGUAGE, { remember: false });
  }
  return currentLanguage();
}
