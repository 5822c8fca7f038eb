import { describe, expect, it } from 'vitest';
import { followProfileLanguage, type LanguageSource } from './profile-language';

function source(): LanguageSource & { set(language: string | undefined): void } {
  const listeners = new Set<() => void>();
  let language: string | undefined;
  return {
    get language() {
      return language;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      language = next;
      for (const listener of listeners) listener();
    },
  };
}

describe("the profile's language", () => {
  it('is applied when a signed-in person’s preferences are read or changed, once each, and ignored when unknown or cleared', async () => {
    const profile = source();
    const applied: string[] = [];
    const stop = followProfileLanguage(profile, async (language) => {
      applied.push(language);
    });
    expect(applied).toEqual([]);
    profile.set('ja');
    profile.set('ja');
    profile.set(undefined);
    profile.set('xx');
    profile.set('fr');
    expect(applied).toEqual(['ja', 'fr']);
    stop();
    profile.set('de');
    expect(applied).toEqual(['ja', 'fr']);
  });
});
