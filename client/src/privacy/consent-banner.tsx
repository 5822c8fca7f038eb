import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_PURPOSES, type Consent, type ConsentPurpose } from '../../../protocol/src/consent';
import { errorMessage } from '../i18n/server-error';
import { consent } from './consent-store';
import './privacy.css';

/** Props of {@link ConsentChoices}. */
export interface ConsentChoicesProps {
  /** Called after the choice was kept. */
  onSaved?: () => void;
  /** Shows "Save" only (the privacy page), instead of the banner's three buttons. */
  compact?: boolean;
}

/**
 * Each purpose's name and sentence in the page's language (English: `CONSENT_TEXT` of
 * protocol/src/privacy-api.ts says the same, for the server and the record).
 */
const PURPOSE_KEYS: Readonly<Record<ConsentPurpose, { title: string; text: string }>> = {
  personalisation: { title: 'privacy.purposes.personalisation.title', text: 'privacy.purposes.personalisation.text' },
  analytics: { title: 'privacy.purposes.analytics.title', text: 'privacy.purposes.analytics.text' },
  dealerContact: { title: 'privacy.purposes.dealerContact.title', text: 'privacy.purposes.dealerContact.text' },
};

/** The three purposes, each its own switch, and the buttons that keep the choice. */
export function ConsentChoices({ onSaved, compact = false }: ConsentChoicesProps) {
  const { t } = useTranslation();
  const current = useSyncExternalStore(consent.subscribe, consent.get);
  const [draft, setDraft] = useState<Consent>({ personalisation: current.personalisation, analytics: current.analytics, dealerContact: current.dealerContact });
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = (choice: Consent) => {
    setProblem(undefined);
    setSaved(false);
    setDraft(choice);
    consent.choose(choice).then(
      () => {
        setSaved(true);
        onSaved?.();
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  };
  return (
    <div className="consent-choices">
      {CONSENT_PURPOSES.map((purpose) => (
        <label key={purpose} className="consent-purpose">
          <input
            type="checkbox"
            name={purpose}
            checked={draft[purpose]}
            onChange={(event) => {
              setSaved(false);
              setDraft({ ...draft, [purpose]: event.target.checked });
            }}
          />
          <span>
            <strong>{t(PURPOSE_KEYS[purpose].title)}</strong> {t(PURPOSE_KEYS[purpose].text)}
          </span>
        </label>
      ))}
      <div className="consent-buttons">
        {!compact && (
          <button type="button" onClick={() => save({ personalisation: false, analytics: false, dealerContact: false })}>
            {t('privacy.choices.onlyNeeded')}
          </button>
        )}
        <button type="button" className={compact ? 'primary' : undefined} onClick={() => save(draft)}>
          {t('privacy.choices.save')}
        </button>
        {!compact && (
          <button type="button" className="primary" onClick={() => save({ personalisation: true, analytics: true, dealerContact: true })}>
            {t('privacy.choices.agreeAll')}
          </button>
        )}
      </div>
      {saved && compact && <p className="consent-saved" role="status">{t('privacy.choices.saved')}</p>}
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

/** Asks once: shown until the person (or this device, for a guest) has answered. Short, with the details a click away. */
export function ConsentBanner() {
  const { t } = useTranslation();
  const current = useSyncExternalStore(consent.subscribe, consent.get);
  const [choosing, setChoosing] = useState(false);
  if (current.answered) return null;
  const answer = (all: boolean) => void consent.choose({ personalisation: all, analytics: all, dealerContact: all }).catch(() => {});
  return (
    <section className="consent-banner" role="dialog" aria-label={t('privacy.banner.label')}>
      <p>
        <strong>{t('privacy.banner.title')}</strong> {t('privacy.banner.text')} <a href="?privacy">{t('privacy.banner.pageLink')}</a>
      </p>
      {choosing ? (
        <ConsentChoices />
      ) : (
        <div className="consent-buttons">
          <button type="button" onClick={() => answer(false)}>
            {t('privacy.choices.onlyNeeded')}
          </button>
          <button type="button" onClick={() => setChoosing(true)}>
            {t('privacy.choices.choose')}
          </button>
          <button type="button" className="primary" onClick={() => answer(true)}>
            {t('privacy.choices.agreeAll')}
          </button>
        </div>
      )}
    </section>
  );
}
