import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_LINKS } from '../../../protocol/src/zones';
import type { RoomName } from '../net/world-connection';
import { MAP_PLAN } from '../zones/registry';
import './world-map.css';

/** Props of {@link WorldMap}. */
export interface WorldMapProps {
  /** The dialog's id (the buttons that open it point at it). */
  id?: string;
  /** The zones' names, in the world's order. */
  labels: Readonly<Record<RoomName, string>>;
  /** Where the visitor is. */
  zone: RoomName;
  /** The visitor picked a zone on the map. */
  onZone: (zone: RoomName) => void;
  /** The visitor asked for the controls. */
  onHelp: () => void;
  onClose: () => void;
}

/** Each doorway pair once, as the plan draws them: [from, to] with from before to in the world's order. */
export function mapPassages(zones: readonly RoomName[]): [RoomName, RoomName][] {
  const order = (z: RoomName) => zones.indexOf(z);
  return zones.flatMap((from) => PORTAL_LINKS[from].filter((to) => order(to) > order(from)).map((to): [RoomName, RoomName] => [from, to]));
}

/**
 * The world map: a small plan of the five zones joined by their doorways, where the visitor
 * is marked, and each zone a labelled button that takes them there. A dialog the keyboard and
 * screen readers use like any (it opens on the current zone, Escape closes it); it fits a phone
 * held upright.
 */
export function WorldMap({ id, labels, zone, onZone, onHelp, onClose }: WorldMapProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const here = useRef<HTMLButtonElement>(null);
  const zones = Object.keys(labels) as RoomName[];
  useEffect(() => here.current?.focus(), []);
  return (
    <div id={id} className="world-map" role="dialog" aria-labelledby={titleId}>
      <div className="world-map-head">
        <h2 id={titleId}>{t('map.title')}</h2>
        <button type="button" className="world-map-close" aria-label={t('map.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="world-map-plan">
        <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
          {mapPassages(zones).map(([from, to]) => (
            <line key={`${from}-${to}`} x1={MAP_PLAN[from].x} y1={MAP_PLAN[from].y} x2={MAP_PLAN[to].x} y2={MAP_PLAN[to].y} vectorEffect="non-scaling-stroke" />
          ))}
        </svg>
        <ul aria-label={t('map.onMap')}>
          {zones.map((name, i) => (
            <li key={name} style={{ left: `${MAP_PLAN[name].x}%`, top: `${MAP_PLAN[name].y}%` }}>
              <button
                ref={name === zone ? here : undefined}
                type="button"
                aria-current={name === zone ? 'location' : undefined}
                aria-keyshortcuts={String(i + 1)}
                onClick={() => onZone(name)}
              >
                <span className="world-map-key" aria-hidden="true">
                  {i + 1}
                </span>
                {labels[name]}
                {name === zone && <span className="world-map-here">{t('map.here')}</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <p className="world-map-note">{t('map.note')}</p>
      <button type="button" className="world-map-help" onClick={onHelp}>
        {t('map.help')}
      </button>
    </div>
  );
}
