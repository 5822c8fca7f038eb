import { useId, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from './i18n';
import './language-switcher.css';
import { isLanguage, LANGUAGE_MARKS, LANGUAGE_NAMES, LANGUAGES, LOCALE_TAGS } from './languages';

/** Props of {@link LanguageSwitcher}: a `<div>`'s, passed to its root. */
export type LanguageSwitcherProps = ComponentProps<'div'>;

/**
 * The language switcher: a labelled select listing each language in its own words; a choice
 * switches the page at once (its messages and, for Chinese and Japanese, its font fetched first)
 * and is remembered on this device, and in the profile of a signed-in person. On a phone it shows
 * only the language's short mark, the select laid over it, so the top bar keeps to one row.
 */
export function LanguageSwitcher({ className, ...props }: LanguageSwitcherProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className={['language-switcher', className].filter(Boolean).join(' ')} {...props}>
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <span className="language-mark" aria-hidden="true">
        {isLanguage(i18n.language) ? LANGUAGE_MARKS[i18n.language] : i18n.language}
      </span>
      <select
        id={id}
        data-testid="language-switcher"
        title={t('language.switcherTitle')}
        value={i18n.language}
        disabled={busy}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLanguage(next)) return;
          setBusy(true);
          void chooseLanguage(next).finally(() => setBusy(false));
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={LOCALE_TAGS[language]}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
