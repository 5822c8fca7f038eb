import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MuseumState } from './museum-store';
import { museum } from './museum-store';
import { stopWords } from './tour-route';

/** Props of {@link MuseumTour}. */
export interface MuseumTourProps {
  /** The museum's state (the tour's stops and step). */
  state: MuseumState;
}

/**
 * The guided tour's controls: "Start the tour", then the stop's title and narration with
 * Previous, Next (End the tour at the last stop), "About this car" at a car's stop, and Leave.
 * Starting moves the focus to Next, so Enter walks the tour; each stop is announced to screen
 * readers through a live region that is always in the page.
 */
export function MuseumTour({ state }: MuseumTourProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const start = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  const wasRunning = useRef(false);
  const running = state.step !== undefined;
  const stop = state.step === undefined ? undefined : state.stops[state.step];
  const words = stop && stopWords(stop);
  const count = state.stops.length;
  const first = state.step === 0;
  const last = state.step === count - 1;

  useEffect(() => {
    if (running && !wasRunning.current) next.current?.focus();
    // Back to where the tour began, unless the visitor has moved on to something else.
    if (!running && wasRunning.current && (document.activeElement === document.body || document.activeElement === null)) start.current?.focus();
    wasRunning.current = running;
  }, [running]);

  return (
    <>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {words && state.step !== undefined ? t('museum.tourAnnounce', { step: state.step + 1, count, title: words.title, narration: words.narration }) : ''}
      </p>
      {!words || state.step === undefined ? (
        <button ref={start} type="button" className="museum-tour-start primary" disabled={count === 0} onClick={() => museum.startTour()}>
          {t('museum.startTour')}
        </button>
      ) : (
        <section className="museum-tour" aria-labelledby={titleId}>
          <p className="hung-panel-kicker">
            {t('museum.tourStop', { step: state.step + 1, count })}
          </p>
          <h2 id={titleId}>{words.title}</h2>
          <p className="museum-tour-narration">{words.narration}</p>
          <div className="museum-tour-actions">
            <button type="button" aria-disabled={first} onClick={() => !first && museum.step(-1)}>
              {t('museum.previous')}
            </button>
            {stop?.kind === 'car' && (
              <button type="button" onClick={() => museum.select(stop.carId)}>
                {t('museum.aboutCar')}
              </button>
            )}
            <button ref={next} type="button" className="primary" onClick={() => (last ? museum.leaveTour() : museum.step(1))}>
              {last ? t('museum.endTour') : t('museum.next')}
            </button>
            <button type="button" className="museum-tour-leave" aria-keyshortcuts="Escape" onClick={() => museum.leaveTour()}>
              {t('museum.leave')}
            </button>
          </div>
        </section>
      )}
    </>
  );
}
