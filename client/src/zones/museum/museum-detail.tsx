import { use, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { carFacts } from './car-facts';
import { museum, type MuseumState } from './museum-store';
import { carText } from './tour';
import { listCars, loadManifest } from '../../world/shared/manifest';

/** Props of {@link MuseumDetail}. */
export interface MuseumDetailProps {
  /** The car whose panel this is (the manifest's id). */
  carId: string;
  /** The museum's state (lamps, doors, turntables, the story's open state). */
  state: MuseumState;
}

/**
 * A car's detail panel: its key specs and a short paragraph, with Lights, Doors and Turntable
 * (toggle buttons), "Read the story" (the long story in a modal dialog, scrollable) and
 * Close. It takes the focus when it opens and gives it back when it closes.
 */
export function MuseumDetail({ carId, state }: MuseumDetailProps) {
  const { t } = useTranslation();
  const manifest = use(loadManifest());
  const car = listCars(manifest).find((entry) => entry.id === carId);
  const text = carText(carId);
  const titleId = useId();
  const storyTitleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const storyButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    heading.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  // The story is a modal dialog: the page behind it is inert until it closes.
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (state.story && !d.open) d.showModal();
    if (!state.story && d.open) {
      d.close();
      storyButton.current?.focus();
    }
  }, [state.story]);

  if (!car) return null;
  const facts = carFacts(car, manifest.catalogue);
  const lit = state.lit.has(carId);
  const turning = state.turning.has(carId);
  const doorsOpen = state.open.has(carId);
  const title = car.year ? t('museum.carWithYear', { name: car.name, year: car.year }) : car.name;
  return (
    <section className="museum-detail" role="dialog" aria-modal="false" aria-labelledby={titleId} data-car={carId}>
      <header className="museum-detail-header">
        <div>
          <span className="hung-panel-kicker">{t('museum.kicker')}</span>
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {title}
          </h2>
        </div>
        <button type="button" className="museum-close" aria-label={t('museum.closePanel', { car: car.name })} aria-keyshortcuts="Escape" onClick={() => museum.closeDetail()}>
          ×
        </button>
      </header>
      <dl className="museum-facts">
        {facts.map(({ label, value }) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {text && <p className="museum-summary">{text.summary}</p>}
      <div className="museum-detail-actions">
        <button type="button" aria-pressed={lit} onClick={() => museum.toggleLights(carId)}>
          {t('museum.lights')}
        </button>
        <button type="button" aria-pressed={doorsOpen} onClick={() => museum.toggleDoors(carId)}>
          {t('museum.doors')}
        </button>
        <button type="button" aria-pressed={turning} onClick={() => museum.toggleTurntable(carId)}>
          {t('museum.turntable')}
        </button>
        {text && (
          <button ref={storyButton} type="button" className="primary" onClick={() => museum.setStory(true)}>
            {t('museum.readStory')}
          </button>
        )}
      </div>
      {text && (
        <dialog
          ref={dialog}
          className="museum-story"
          aria-labelledby={storyTitleId}
          // Escape is the overlay's (it closes one layer at a time); a close by the browser still counts.
          onCancel={(event) => event.preventDefault()}
          onClose={() => museum.setStory(false)}
        >
          <header className="museum-detail-header">
            <div>
              <span className="hung-panel-kicker">{t('museum.storyKicker')}</span>
              <h2 id={storyTitleId}>{title}</h2>
            </div>
            <button type="button" className="museum-close" aria-label={t('museum.closeStory')} aria-keyshortcuts="Escape" onClick={() => museum.setStory(false)}>
              ×
            </button>
          </header>
          <div className="museum-story-text" tabIndex={0} role="document">
            {text.story.map((paragraph) => (
              <p key={paragraph.slice(0, 32)}>{paragraph}</p>
            ))}
          </div>
        </dialog>
      )}
    </section>
  );
}
