import { isLanguage } from './languages';
import { setLanguage } from './i18n';

/** What the profile gives: its stored language once a signed-in person's preferences are read. */
export interface LanguageSource {
  readonly language: string | undefined;
  subscribe(listener: () => void): () => void;
}

/**
 * Applies the profile's language whenever it is read or saved (sign-in, a change on the profile
 * page): the page switches to it and remembers it on this device. Signing out leaves the page
 * as it is. Returns the unsubscribe.
 */
export function followProfileLanguage(source: LanguageSource, apply: (language: string) => Promise<void> = (l) => (isLanguage(l) ? setLanguage(l) : Promise.resolve())): () => void {
  let applied: string | undefined;
  const follow = () => {
    const language = source.language;
    if (!language || language === applied || !isLanguage(language)) return;
    applied = language;
    void apply(language).catch(() => {
      // Its messages could not be fetched: the page stays as it is, and a later change tries again.
      applied = undefined;
    });
  };
  follow();
  return source.subscribe(follow);
}
