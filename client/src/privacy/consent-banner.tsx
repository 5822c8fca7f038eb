import { useState, useSyncExternalStore } from 'react';
import { CONSENT_PURPOSES, CONSENT_TEXT, type Consent } from '../../../protocol/src/privacy-api';
import { consent } from './consent-store';
import './privacy.css';

/** Props of {@link ConsentChoices}. */
export interface ConsentChoicesProps {
  /** Called after the choice was kept. */
  onSaved?: () => void;
  /** Shows "Save" only (the privacy page), instead of the banner's three buttons. */
  compact?: boolean;
}

/** The three purposes, each its own switch, and the buttons that keep the choice. */
export function ConsentChoices({ onSaved, compact = false }: ConsentChoicesProps) {
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
      (error: unknown) => setProblem((error as Error).message),
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
            <strong>{CONSENT_TEXT[purpose].title}</strong> {CONSENT_TEXT[purpose].text}
          </span>
        </label>
      ))}
      <div className="consent-buttons">
        {!compact && (
          <button type="button" onClick={() => save({ personalisation: false, analytics: false, dealerContact: false })}>
            Only what is needed
          </button>
        )}
        <button type="button" className={compact ? 'primary' : undefined} onClick={() => save(draft)}>
          Save my choices
        </button>
        {!compact && (
          <button type="button" className="primary" onClick={() => save({ personalisation: true, analytics: true, dealerContact: true })}>
            Agree to all
          </button>
        )}
      </div>
      {saved && compact && <p className="consent-saved" role="status">Saved.</p>}
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

/** Asks once: shown until the person (or this device, for a guest) has answered. Short, with the details a click away. */
export function ConsentBanner() {
  const current = useSyncExternalStore(consent.subscribe, consent.get);
  const [choosing, setChoosing] = useState(false);
  if (current.answered) return null;
  const answer = (all: boolean) => void consent.choose({ personalisation: all, analytics: all, dealerContact: all }).catch(() => {});
  return (
    <section className="consent-banner" role="dialog" aria-label="Your privacy choices">
      <p>
        <strong>Your privacy, your choice.</strong> Marque needs nothing of yours to show you around. May it remember your preferences, count your visit
        anonymously and let dealers contact you? <a href="?privacy">Privacy page</a>
      </p>
      {choosing ? (
        <ConsentChoices />
      ) : (
        <div className="consent-buttons">
          <button type="button" onClick={() => answer(false)}>
            Only what is needed
          </button>
          <button type="button" onClick={() => setChoosing(true)}>
            Choose
          </button>
          <button type="button" className="primary" onClick={() => answer(true)}>
            Agree to all
          </button>
        </div>
      )}
    </section>
  );
}
