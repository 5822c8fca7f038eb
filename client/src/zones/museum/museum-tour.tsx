import { useEffect, useId, useRef } from 'react';
import type { MuseumState } from './museum-store';
import { museum } from './museum-store';

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
  const titleId = useId();
  const start = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  const wasRunning = useRef(false);
  const running = state.step !== undefined;
  const stop = state.step === undefined ? undefined : state.stops[state.step];
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
        {stop && state.step !== undefined ? `Stop ${state.step + 1} of ${count}: ${stop.title}. ${stop.narration}` : ''}
      </p>
      {!stop || state.step === undefined ? (
        <button ref={start} type="button" className="museum-tour-start primary" disabled={count === 0} onClick={() => museum.startTour()}>
          Start the tour
        </button>
      ) : (
        <section className="museum-tour" aria-labelledby={titleId}>
          <p className="hung-panel-kicker">
            Guided tour · stop {state.step + 1} of {count}
          </p>
          <h2 id={titleId}>{stop.title}</h2>
          <p className="museum-tour-narration">{stop.narration}</p>
          <div className="museum-tour-actions">
            <button type="button" aria-disabled={first} onClick={() => !first && museum.step(-1)}>
              Previous
            </button>
            {stop.kind === 'car' && (
              <button type="button" onClick={() => museum.select(stop.carId)}>
                About this car
              </button>
            )}
            <button ref={next} type="button" className="primary" onClick={() => (last ? museum.leaveTour() : museum.step(1))}>
              {last ? 'End the tour' : 'Next'}
            </button>
            <button type="button" className="museum-tour-leave" aria-keyshortcuts="Escape" onClick={() => museum.leaveTour()}>
              Leave
            </button>
          </div>
        </section>
      )}
    </>
  );
}
