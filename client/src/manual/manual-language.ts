import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MANUAL_LANGUAGES, type ManualLanguage, type ManualTopicKind, type ManualView } from '../../../protocol/src/manual';
import { t } from '../i18n/i18n';

/**
 * The manual in the page's language: the topics' words from the manual's translation
 * (`<model>.<language>.json`, sent with it), the kinds' headings from the page's messages.
 * English, or a language the manual has no translation for, shows the manual as authored.
 */

const KIND_KEYS: Readonly<Record<ManualTopicKind, string>> = {
  controls: 'manual.kinds.controls',
  lights: 'manual.kinds.lights',
  charging: 'manual.kinds.charging',
  fuel: 'manual.kinds.fuel',
  tyres: 'manual.kinds.tyres',
  boot: 'manual.kinds.boot',
  maintenance: 'manual.kinds.maintenance',
};

/** A kind's heading in the page's language. */
export function kindLabel(kind: ManualTopicKind): string {
  return t(KIND_KEYS[kind]);
}

const isManualLanguage = (language: string): language is ManualLanguage => (MANUAL_LANGUAGES as readonly string[]).includes(language);

/**
 * `manual` with its title, topics' titles, summaries and steps in `language` where it has a
 * translation (the pictures, hotspots and ids stay); the English keywords are kept beside the
 * translated ones, so "trunk" still finds the boot on a French page.
 */
export function localizeManual(manual: ManualView, language: string): ManualView {
  const translation = isManualLanguage(language) ? manual.translations?.[language] : undefined;
  if (!translation) return manual;
  return {
    ...manual,
    title: translation.title,
    topics: manual.topics.map((topic) => {
      const words = translation.topics[topic.id];
      if (!words) return topic;
      return {
        ...topic,
        title: words.title,
        summary: words.summary,
        keywords: [...words.keywords, ...topic.keywords],
        steps: topic.steps.map((step, i) => ({ ...step, text: words.steps[i] ?? step.text })),
      };
    }),
  };
}

/** {@link localizeManual} in the page's language, again when it changes. */
export function useLocalizedManual(manual: ManualView | undefined): ManualView | undefined {
  const { i18n } = useTranslation();
  return useMemo(() => manual && localizeManual(manual, i18n.language), [manual, i18n.language]);
}
