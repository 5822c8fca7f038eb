import { useTranslation } from 'react-i18next';
import { useId, useState, type ReactNode } from 'react';
import type { OwnerTwin } from '../../../protocol/src/twin-api';
import './owner-panel.css';

/** Props of {@link OwnerPanel}. */
export interface OwnerPanelProps {
  /** Small capitals above the title: `Your garage`. */
  kicker: string;
  /** The panel's heading, read as the region's name with the kicker. */
  title: ReactNode;
  /** A line under the heading. */
  subtitle?: ReactNode;
  /** Whether the content shows at first (the heading's button folds it away). */
  defaultOpen?: boolean;
  className?: string;
  children: ReactNode;
}

/**
 * The frame of an owner's panel over the 3D view (garage, factory timeline, passport): a
 * labelled region hung below the top bar with a heading and a Hide/Show button. Keys pressed
 * inside it stay in it, so arrow keys move between its controls instead of walking the avatar.
 */
export function OwnerPanel({ kicker, title, subtitle, defaultOpen = true, className, children }: OwnerPanelProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  return (
    <section
      aria-labelledby={`${id}-title`}
      className={['hung-panel', 'owner-panel', className].filter(Boolean).join(' ')}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <header className="hung-panel-header">
        <div>
          <h2 id={`${id}-title`}>
            <span className="hung-panel-kicker">{kicker}</span> {title}
          </h2>
          {subtitle && <p className="hung-panel-note owner-panel-subtitle">{subtitle}</p>}
        </div>
        <button type="button" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          {open ? t('common.hide') : t('common.show')}
        </button>
      </header>
      <div id={`${id}-body`} className="owner-panel-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}

/** A twin as its owner reads it in a list: `Astrale GT · #1`. */
export function twinLabel(twin: Pick<OwnerTwin, 'modelName' | 'tokenId'>): string {
  return `${twin.modelName} · #${twin.tokenId}`;
}

/** Props of {@link TwinPicker}. */
export interface TwinPickerProps {
  twins: readonly OwnerTwin[];
  selected: OwnerTwin;
  onSelect: (tokenId: string) => void;
  /** The select's label. */
  label?: string;
}

/** Which of several twins a panel is about: a labelled select; nothing when there is one. */
export function TwinPicker({ twins, selected, onSelect, label }: TwinPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  if (twins.length < 2) return null;
  return (
    <div className="twin-picker">
      <label htmlFor={id}>{label ?? t('owner.yourCar')}</label>
      <select id={id} value={selected.tokenId} onChange={(event) => onSelect(event.target.value)}>
        {twins.map((twin) => (
          <option key={twin.tokenId} value={twin.tokenId}>
            {twinLabel(twin)}
          </option>
        ))}
      </select>
    </div>
  );
}
